// Integration-test entry (npm run test:integration, after build + compile-tests).
// By default VS Code is code-server driven by headless Chromium through our own
// launcher, because desktop VS Code cannot be downloaded offline. BPT_DESKTOP=1 restores
// @vscode/test-electron's usual download of desktop VS Code (needs a network and a display).
// `--window=1000x800 --grep=geometry:` (npm run test:integration:small) runs just the geometry
// tests again in a smaller window: one launcher run has one window size. BPT_LOCALE=ko with a
// paused grep runs VS Code in Korean (the paused program's sentences in the reader's language).
import * as path from 'path';
import * as fs from 'fs';
import { runTests } from '@vscode/test-electron';
import { installDebugAdapter } from './debugAdapter/install';
import { installLanguagePack } from './install/languagePack';

async function main(): Promise<void> {
  // Compiled to out/test/runTest.js, so the repo root is two levels up.
  const root = path.resolve(__dirname, '../..');
  const desktop = process.env.BPT_DESKTOP === '1';
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  // Read by the launcher (BPT_WINDOW) and by the test runner in the extension host (BPT_GREP).
  const extensionTestsEnv: Record<string, string> = {};
  if (arg('window')) extensionTestsEnv.BPT_WINDOW = arg('window')!;
  if (arg('grep')) extensionTestsEnv.BPT_GREP = arg('grep')!;
  // The `debugpy` debug type for the paused-program tests (a test-only extension, never shipped).
  let adapter: { extensionsDir: string; tmp: string } | undefined;
  if (!desktop && !process.env.BPT_EXTENSIONS_DIR && (!arg('grep') || /paused|debug/i.test(arg('grep')!))) {
    adapter = installDebugAdapter();
    extensionTestsEnv.BPT_EXTENSIONS_DIR = adapter.extensionsDir;
    // BPT_LOCALE=ko: VS Code's display language, with an empty test language pack beside the adapter
    if (process.env.BPT_LOCALE && process.env.BPT_LOCALE !== 'en') {
      installLanguagePack(process.env.BPT_LOCALE, adapter.tmp, adapter.extensionsDir);
      Object.assign(extensionTestsEnv, { BPT_LOCALE: process.env.BPT_LOCALE, BPT_USER_DATA_DIR: path.join(adapter.tmp, 'user-data') });
    }
  }
  try {
    const code = await runTests({
      vscodeExecutablePath: desktop ? undefined : path.join(root, 'scripts', 'code-server-launcher'),
      // BPT_EXTENSION_PATH: lets the harness be proven against a throwaway extension.
      extensionDevelopmentPath: process.env.BPT_EXTENSION_PATH ?? root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
      // First argument = the folder opened as the workspace.
      launchArgs: [process.env.BPT_WORKSPACE ?? path.join(root, 'examples')],
      extensionTestsEnv,
    });
    if (adapter) fs.rmSync(adapter.tmp, { recursive: true, force: true });
    process.exit(code);
  } catch (err) {
    // runTests rejects on a non-zero exit of the launcher / VS Code.
    console.error('Integration tests failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

void main();
