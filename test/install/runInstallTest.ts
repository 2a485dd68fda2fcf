// `npm run test:install`: install the built VSIX into a fresh code-server with
// --install-extension (the same path as a Marketplace install), then run a smoke test
// there. Nothing is loaded from this working tree but the test code itself: the
// development extension of the window is an empty runner (test/install/runner), because
// VS Code runs extension tests only in a development window.
//   BPT_LOCALE=ko (default): Korean as display language (with an empty test language pack),
//   so the installed VSIX's Korean bundle is checked too. BPT_LOCALE=en: English.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { installExtension, installLanguagePack } from './languagePack';

const root = path.resolve(__dirname, '../../..');
const entry = path.join(root, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(m: string): void {
  console.log(`[install-test] ${m}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureVsix } = require(path.join(root, 'scripts', 'package.js')) as { ensureVsix(o: { ifStale: boolean }): string };
  const vsix = ensureVsix({ ifStale: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!fs.existsSync(entry)) throw new Error('code-server is not installed: run "npm run setup" first');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-install-'));
  try {
    const extensionsDir = path.join(tmp, 'extensions');
    installExtension(vsix, tmp, extensionsDir, log);
    const folder = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
    if (!fs.existsSync(path.join(extensionsDir, folder, 'package.json'))) {
      throw new Error(`${folder} not found in ${extensionsDir}: ${fs.readdirSync(extensionsDir).join(', ')}`);
    }
    log(`installed ${path.basename(vsix)} into ${folder}/ in ${Date.now() - started} ms`);

    const locale = process.env.BPT_LOCALE ?? 'ko';
    if (locale !== 'en') installLanguagePack(locale, tmp, extensionsDir, log);
    const code = await runTests({
      vscodeExecutablePath: path.join(root, 'scripts', 'code-server-launcher'),
      extensionDevelopmentPath: path.join(root, 'test', 'install', 'runner'),
      extensionTestsPath: path.join(root, 'out', 'test', 'install', 'index.js'),
      launchArgs: [path.join(root, 'examples')],
      extensionTestsEnv: {
        BPT_EXTENSIONS_DIR: extensionsDir,
        BPT_INSTALLED_EXTENSIONS_DIR: extensionsDir,
        BPT_EXPECTED_VERSION: pkg.version,
        BPT_LOCALE: locale,
        BPT_USER_DATA_DIR: path.join(tmp, 'user-data'),
      },
    });
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error('[install-test] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
