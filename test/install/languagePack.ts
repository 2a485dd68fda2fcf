// An empty language pack and code-server's --install-extension, for the tests that run VS Code in
// another display language: the VSIX install test (runInstallTest.ts) and the integration tests
// with BPT_LOCALE (runTest.ts: the paused program's sentences in Korean).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const entry = path.join(root, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Runs code-server's --install-extension (the Marketplace path) into `extensionsDir`. */
export function installExtension(what: string, tmp: string, extensionsDir: string, log: (m: string) => void = () => undefined): void {
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
export function installLanguagePack(locale: string, tmp: string, extensionsDir: string, log: (m: string) => void = () => undefined): void {
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
  installExtension(vsix, tmp, extensionsDir, log);
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

