#!/usr/bin/env node
// Builds backprop-trace-<version>.vsix with @vscode/vsce (`npm run package`): production
// bundles into a staging folder (.vscode-test/package/), then vsce packs that folder.
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

/** What ships, besides the bundles (.vscodeignore still decides inside these). */
const SHIPPED = ['package.json', 'package.nls.json', 'package.nls.ko.json', 'README.md', 'CHANGELOG.md',
  'LICENSE', '.vscodeignore', 'media', 'l10n'];

function run(cmd, args, cwd) {
  const r = spawnSync(process.execPath, [cmd, ...args], { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args[0]} failed (exit ${r.status})`);
}

/**
 * Builds the VSIX (when asked, only if stale) and returns its path. The production bundles
 * are built into a staging folder together with copies of the shipped files, and vsce packs
 * that folder: the VSIX never depends on what happens to be in dist/ (a development build,
 * a concurrent `npm run watch`).
 */
function ensureVsix({ ifStale = false } = {}) {
  const vsix = vsixPath();
  if (ifStale && !isStale(vsix)) {
    console.log(`[package] ${path.basename(vsix)} is up to date`);
    return vsix;
  }
  const start = Date.now();
  // a folder of this run's own: worktrees sharing one .vscode-test must not pack each other's stage
  const stage = fs.mkdtempSync(path.join(require('os').tmpdir(), 'bpt-package-'));
  for (const f of SHIPPED) {
    if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(stage, f), { recursive: true });
  }
  // The bundles are built just below, so vsce must not run the prepublish build again.
  const pkg = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));
  delete pkg.scripts?.['vscode:prepublish'];
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

  run(path.join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'),
    ['--mode', 'production', '--env', `outDir=${path.join(stage, 'dist')}`], ROOT);
  const built = path.join(stage, 'out.vsix');
  run(path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ['package', '--no-dependencies', '--out', built], stage);
  fs.copyFileSync(built, vsix + '.part');
  fs.renameSync(vsix + '.part', vsix); // only a complete VSIX ever has the final name
  fs.rmSync(stage, { recursive: true, force: true });
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
