// One fresh window for the UI benchmark: code-server with a new user-data-dir and extensions dir,
// Debian's Chromium (a new browser per launch), the extension under development and the bench's
// host index given by the `payload` URL. The same recipe as scripts/code-server-launcher (see
// shared docs/offline-vscode-tests.md); here the driver keeps the page, so it can watch the
// webview frames and the workbench's notifications while the host runs its scenario.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const CODE_SERVER = path.join(ROOT, '.vscode-test', 'code-server', 'node_modules', 'code-server');

export interface Window {
  page: Page;
  /** Every `@@bench` record the host printed, in order. */
  records: Record<string, unknown>[];
  /** The extension host log's line on activating our extension (why and when it was activated). */
  activationLine(): string | undefined;
  /** Resolves when the host's run() finished (0 = no error). */
  exited: Promise<number>;
  /** Another fresh window on the same server: a new browser context (no service worker or storage of an
   *  earlier window), the workbench loaded with the same folder and payload; the caller closes its context. */
  newWindow(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  workspace: string;
  env: Record<string, string>;
  verbose?: boolean;
  onRecord?: (r: Record<string, unknown>, page: Page) => void;
  /** false: no extensionTestsPath, the workbench as a user gets it (the outside client drives it). */
  hostScenario?: boolean;
  viewport?: { width: number; height: number };
  /** More user settings (e.g. the interpreter run mode uses). */
  settings?: Record<string, unknown>;
  /** Runs on the new page before the workbench loads (e.g. an init script that must see its WebSocket). */
  beforeLoad?: (page: Page) => Promise<void>;
}

function startServer(tmp: string, env: Record<string, string>, verbose: boolean, settings: Record<string, unknown> = {}): Promise<{ server: ChildProcess; port: number }> {
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'window.restoreWindows': 'none',
    'git.openRepositoryInParentFolders': 'never',
    ...settings,
  }));
  const server = spawn(process.execPath, [
    path.join(CODE_SERVER, 'out', 'node', 'entry.js'),
    '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'), '--config', path.join(tmp, 'config.yaml'),
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, BPT_TEST_API: '1' } }); // the extension's test API (testApi.ts)
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      if (verbose) process.stdout.write(`[code-server] ${d}`);
      buf += d;
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(buf);
      if (m) resolve({ server, port: Number(m[1]) });
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.on('exit', (code) => reject(new Error(`code-server exited early (${code}): ${buf.slice(-500)}`)));
  });
}

function kill(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || !server.pid) return Promise.resolve();
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
  return new Promise((r) => setTimeout(() => {
    try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* gone */ }
    r();
  }, 500));
}

export async function launch(o: LaunchOptions): Promise<Window> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-'));
  const { server, port } = await startServer(tmp, o.env, !!o.verbose, o.settings);
  let browser: Browser | undefined;
  // BPT_BENCH_TRACE=file.json: a Chromium trace of every process (the webviews' too), for diagnosis.
  const tracePath = process.env.BPT_BENCH_TRACE;
  const close = async () => {
    if (tracePath) await browser?.stopTracing().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await kill(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({
      executablePath: process.env.BPT_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await (await browser.newContext({ viewport: o.viewport ?? { width: 1400, height: 900 } })).newPage();
    if (tracePath) await browser.startTracing(undefined, { path: tracePath, categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'toplevel', 'v8', 'disabled-by-default-v8.cpu_profiler'] });
    const records: Record<string, unknown>[] = [];
    let exit!: (code: number) => void;
    const exited = new Promise<number>((r) => (exit = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith('@@bench ')) {
        const r = JSON.parse(text.slice(8)) as Record<string, unknown>;
        records.push(r);
        o.onRecord?.(r, page);
      } else if (o.verbose || (type === 'error' && !/open-vsx\.org|ENOTFOUND/.test(text))) console.log(`  [host ${type}] ${text.slice(0, 400)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await o.beforeLoad?.(page);
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ...(o.hostScenario === false ? [] : [['extensionTestsPath', remote(path.join(ROOT, 'out', 'bench', 'ui', 'index.js'))]]),
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(o.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const b = browser;
    const newWindow = async () => {
      const p = await (await b.newContext({ viewport: o.viewport ?? { width: 1400, height: 900 } })).newPage();
      await o.beforeLoad?.(p);
      await p.goto(url);
      return p;
    };
    const activationLine = () => {
      const logs = path.join(tmp, 'user-data', 'logs');
      const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /exthost\.log$/.test(f));
      for (const f of files) {
        const hit = fs.readFileSync(path.join(logs, f), 'utf8').split('\n').find((l) => /_doActivateExtension backprop-trace\.backprop-trace/.test(l));
        if (hit) return hit.trim();
      }
      return undefined;
    };
    return { page, records, exited, close, activationLine, newWindow };
  } catch (e) {
    await close();
    throw e;
  }
}
