#!/usr/bin/env node
// `npm start`: try the extension in a browser. Desktop VS Code can't be downloaded
// offline, so this serves code-server (VS Code 1.100) on 127.0.0.1 with the extension
// loaded from this working tree, and opens examples/.
//   PORT=8080 (default)   BPT_SKIP_BUILD=1 to reuse dist/ as it is
// Profile lives in .vscode-test/start/ (git-ignored); delete it for a fresh one.
'use strict';
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const pkg = require(path.join(ROOT, 'package.json'));
const ENTRY = path.join(ROOT, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const STATE = path.join(ROOT, '.vscode-test', 'start');
// Outside the repo: a link back to the repo from inside it would make a directory cycle
// for anything that follows symlinks (packagers, file watchers).
const EXT_DIR = path.join(os.tmpdir(), 'backprop-trace-start-extensions');
const USER_DATA = path.join(STATE, 'user-data');
const PORT = Number(process.env.PORT || 8080);
const FOLDER = path.join(ROOT, 'examples');

const log = (m) => console.log(`[start] ${m}`);
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`[start] failed: ${cmd} ${args.join(' ')}`); process.exit(r.status || 1); }
}

if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'webpack'))) run('npm', ['ci']);
run('bash', [path.join(__dirname, 'setup.sh')]); // about a second when already done
if (process.env.BPT_SKIP_BUILD !== '1') run('npm', ['run', 'build']);

// Development install: a symlink named the way an installed extension's folder is
// (publisher.name-version), so edits + `npm run build` + a window reload show up.
const id = `${pkg.publisher}.${pkg.name}`;
fs.mkdirSync(EXT_DIR, { recursive: true });
for (const e of fs.readdirSync(EXT_DIR)) { // drop links left by older versions
  if (e.startsWith(`${id}-`)) fs.rmSync(path.join(EXT_DIR, e), { recursive: true, force: true });
}
// code-server records installed extensions in extensions.json; rebuild it by rescanning.
fs.rmSync(path.join(EXT_DIR, 'extensions.json'), { force: true });
fs.symlinkSync(ROOT, path.join(EXT_DIR, `${id}-${pkg.version}`), 'dir');

const settings = path.join(USER_DATA, 'User', 'settings.json');
if (!fs.existsSync(settings)) {
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'git.openRepositoryInParentFolders': 'never',
  }, null, 2));
}

const common = ['--extensions-dir', EXT_DIR, '--user-data-dir', USER_DATA, '--config', path.join(STATE, 'config.yaml')];
// Fail early and clearly if code-server does not see the extension (e.g. engines.vscode
// asking for more than 1.100 makes it skip the extension silently).
const list = spawnSync(process.execPath, [ENTRY, ...common, '--list-extensions', '--show-versions'], { encoding: 'utf8' });
if (!list.stdout.toLowerCase().includes(`${id}@${pkg.version}`)) {
  console.error(`[start] code-server does not list ${id}@${pkg.version}:\n${list.stdout}${list.stderr}`);
  process.exit(1);
}
log(`extension ${id}@${pkg.version} linked from ${ROOT}`);

const server = spawn(process.execPath, [ENTRY, ...common,
  '--auth', 'none', '--bind-addr', `127.0.0.1:${PORT}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  '--disable-getting-started-override',
], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
server.stdout.on('data', (d) => {
  process.stdout.write(d);
  if (/HTTP server listening/.test(String(d))) {
    log(`open http://127.0.0.1:${PORT}/?folder=${FOLDER}`);
    log('after `npm run build`, reload the browser window to pick up changes; Ctrl+C stops');
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
