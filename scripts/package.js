#!/usr/bin/env node
// Builds backprop-trace-<version>.vsix with @vscode/vsce (`npm run package`: the
// vscode:prepublish script makes the production bundles first).
//   node scripts/package.js             always build
//   node scripts/package.js --if-stale  build only when a shipped input is newer than the VSIX
// The tests that read the VSIX (test/unit/package.test.ts, npm run test:install) use
// --if-stale, so `npm test` packages at most once and never tests an old VSIX.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function vsixPath() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
}

/** Newest modification time among the files that end up in (or produce) the VSIX. */
function newestInput() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'media', 'l10n', 'package.json', 'package.nls.json', 'package.nls.ko.json',
    'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'webpack.config.js']) visit(path.join(ROOT, p));
  return newest;
}

function isStale(vsix = vsixPath()) {
  if (!fs.existsSync(vsix)) return true;
  return fs.statSync(vsix).mtimeMs < newestInput();
}

/** Builds the VSIX (when asked only if stale) and returns its path. */
function ensureVsix({ ifStale = false } = {}) {
  const vsix = vsixPath();
  if (ifStale && !isStale(vsix)) {
    console.log(`[package] ${path.basename(vsix)} is up to date`);
    return vsix;
  }
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const start = Date.now();
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status})`);
  console.log(`[package] built ${path.basename(vsix)} (${fs.statSync(vsix).size} bytes) in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return vsix;
}

module.exports = { ensureVsix, vsixPath, isStale };

if (require.main === module) {
  try {
    ensureVsix({ ifStale: process.argv.includes('--if-stale') });
  } catch (e) {
    console.error(`[package] ${e.message}`);
    process.exit(1);
  }
}
