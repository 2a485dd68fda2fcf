// Installs the test-only debugpy adapter extension (test/debugAdapter/extension) into a fresh
// extensions folder for the code-server launcher (BPT_EXTENSIONS_DIR): packaged with vsce and
// installed with --install-extension, the Marketplace path. Never part of the shipped VSIX.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const entry = path.join(root, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** The extensions folder holding the adapter, in a temp folder the caller removes (`tmp`). */
export function installDebugAdapter(): { extensionsDir: string; tmp: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-debugpy-'));
  const vsix = path.join(tmp, 'debugpy-adapter.vsix');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: path.join(root, 'test', 'debugAdapter', 'extension'), encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`packaging the test debugpy adapter failed:\n${pack.stdout}${pack.stderr}`);
  const extensionsDir = path.join(tmp, 'extensions');
  const install = spawnSync(process.execPath, [entry, '--install-extension', vsix, '--extensions-dir', extensionsDir,
    '--user-data-dir', path.join(tmp, 'user-data'), '--config', path.join(tmp, 'config.yaml')], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing the test debugpy adapter failed:\n${install.stdout}${install.stderr}`);
  return { extensionsDir, tmp };
}
