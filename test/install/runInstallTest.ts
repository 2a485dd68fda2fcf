// `npm run test:install`: install the built VSIX into a fresh code-server with
// --install-extension (the same path as a Marketplace install), then run a smoke test
// there. Nothing is loaded from this working tree but the test code itself: the
// development extension of the window is an empty runner (test/install/runner), because
// VS Code runs extension tests only in a development window.
//   BPT_LOCALE=ko (default): Korean as display language (with an empty test language pack),
//   so the installed VSIX's Korean bundle is checked too. BPT_LOCALE=en: English.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '../../..');
const entry = path.join(root, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(m: string): void {
  console.log(`[install-test] ${m}`);
}

/** Runs code-server's --install-extension (the Marketplace path) into `extensionsDir`. */
function installExtension(what: string, tmp: string, extensionsDir: string): void {
  const install = spawnSync(process.execPath, [entry,
    '--install-extension', what,
    '--extensions-dir', extensionsDir,
    '--user-data-dir', path.join(tmp, 'user-data'),
    '--config', path.join(tmp, 'config.yaml'),
  ], { encoding: 'utf8' });
  const out = `${install.stdout}${install.stderr}`.trim();
  log(out.split('\n').filter((l) => !/open-vsx\.org|ENOTFOUND|Wrote default config/.test(l)).join('\n'));
  if (install.status !== 0) throw new Error(`--install-extension ${path.basename(what)} failed (exit ${install.status})`);
}

/**
 * VS Code shows a display language only when a language pack for it is installed, and the
 * real Korean pack (MS-CEINTL.vscode-language-pack-ko) comes from the Marketplace. An empty
 * pack (no translations: VS Code's own UI stays English) is enough to make `ko` the display
 * language, which is what decides which l10n bundle of Backprop Trace is loaded.
 */
function installLanguagePack(locale: string, tmp: string, extensionsDir: string): void {
  const dir = path.join(tmp, `language-pack-${locale}`);
  fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(dir, 'README.md'), `Test-only empty language pack for ${locale}.\n`);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: `bpt-test-language-pack-${locale}`,
    displayName: `Empty ${locale} language pack (Backprop Trace tests)`,
    description: 'Test only: makes the locale a display language; translates nothing.',
    publisher: 'backprop-trace-tests',
    version: '0.0.1',
    license: 'MIT',
    repository: { type: 'git', url: 'https://github.com/backprop-trace/backprop-trace.git' },
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{
        languageId: locale,
        languageName: locale,
        localizedLanguageName: locale,
        translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
      }],
    },
  }, null, 2));
  const vsix = path.join(tmp, `language-pack-${locale}.vsix`);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the ${locale} language pack failed:\n${r.stdout}${r.stderr}`);
  installExtension(vsix, tmp, extensionsDir);
  // The running server resolves --locale from <user-data>/languagepacks.json, a cache VS Code
  // keeps of the installed packs (written lazily by the server, so too late for the first
  // page). Write the entry it would write, pointing at the pack just installed.
  const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith(`backprop-trace-tests.bpt-test-language-pack-${locale}-`));
  if (!installed) throw new Error(`the ${locale} language pack is not in ${extensionsDir}`);
  const userData = path.join(tmp, 'user-data');
  fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify({
    [locale]: {
      hash: 'bpt0000000000000000000000000000',
      extensions: [{ extensionIdentifier: { id: `backprop-trace-tests.bpt-test-language-pack-${locale}` }, version: '0.0.1' }],
      translations: { vscode: path.join(extensionsDir, installed, 'translations', 'main.i18n.json') },
      label: locale,
    },
  }));
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
    installExtension(vsix, tmp, extensionsDir);
    const folder = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
    if (!fs.existsSync(path.join(extensionsDir, folder, 'package.json'))) {
      throw new Error(`${folder} not found in ${extensionsDir}: ${fs.readdirSync(extensionsDir).join(', ')}`);
    }
    log(`installed ${path.basename(vsix)} into ${folder}/ in ${Date.now() - started} ms`);

    const locale = process.env.BPT_LOCALE ?? 'ko';
    if (locale !== 'en') installLanguagePack(locale, tmp, extensionsDir);
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
