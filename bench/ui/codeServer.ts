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
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

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
  close(): Promise<void>;
}

export interface LaunchOptions {
  workspace: string;
  env: Record<string, string>;
  verbose?: boolean;
  onRecord?: (r: Record<string, unknown>, page: Page) => void;
}

function startServer(tmp: string, env: Record<string, string>, verbose: boolean): Promise<{ server: ChildProcess; port: number }> {
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
  const { server, port } = await startServer(tmp, o.env, !!o.verbose);
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await kill(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({
      executablePath: process.env.BPT_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
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
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(ROOT, 'out', 'bench', 'ui', 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(o.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const activationLine = () => {
      const logs = path.join(tmp, 'user-data', 'logs');
      const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /exthost\.log$/.test(f));
      for (const f of files) {
        const hit = fs.readFileSync(path.join(logs, f), 'utf8').split('\n').find((l) => /_doActivateExtension backprop-trace\.backprop-trace/.test(l));
        if (hit) return hit.trim();
      }
      return undefined;
    };
    return { page, records, exited, close, activationLine };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * In a webview frame: on every animation frame, note the first one at which it shows our graph
 * drawn (body.has-trace) or the Markdown preview's text, in the frame's own clock (the machine's),
 * and only once the frame itself is visible: VS Code keeps a new webview's frame hidden
 * (visibility: hidden) until its load event, or 200 ms after writing its HTML. Installed by the
 * driver before the frame's document runs (an init script) and again every 100 ms (CDP evaluation
 * is not subject to the webview's CSP); VS Code writes the HTML with document.open/write/close,
 * which can drop animation frame callbacks, so a close() starts the loop again.
 */
function installSeen(mark: string): void {
  const w = window as unknown as { __bptSeen?: Record<string, number>; __bptBeat?: number; __bptHidden?: number };
  const d = document as Document & { __bptHooked?: boolean };
  if (!d.__bptHooked) {
    d.__bptHooked = true;
    const close = d.close.bind(d);
    d.close = () => {
      close();
      w.__bptBeat = 0;
      installSeen(mark);
    };
  }
  // A loop is alive if it ticked lately.
  if (w.__bptBeat && performance.now() - w.__bptBeat < 200) return;
  const seen = (w.__bptSeen ??= {});
  /** Whether the frame is shown (its <iframe> element, when this same-origin frame may read it). */
  const visible = () => {
    try {
      const fe = window.frameElement as HTMLElement | null;
      if (!fe) return true;
      return getComputedStyle(fe).visibility !== 'hidden';
    } catch {
      return true;
    }
  };
  // Content found in frame N is on screen once frame N is painted, after every callback of N
  // (cytoscape draws its canvas in one): so the time is taken at the start of frame N + 1.
  const found: Record<string, boolean> = {};
  const tick = () => {
    const now = Date.now();
    w.__bptBeat = performance.now();
    for (const k of ['trace', 'md']) if (found[k] && !seen[k]) seen[k] = now;
    const b = document.body;
    const shown = visible();
    if (!shown) w.__bptHidden = now;
    // Our graph: drawn text in the graph area (the first frame's SVG, the host's or the script's) or the canvas.
    if (b && shown && b.classList.contains('has-trace') && document.querySelector('#graph svg text, #graph canvas')) found.trace = true;
    if (b && shown && (b.textContent ?? '').includes(mark)) found.md = true;
    if (!seen.trace || !seen.md) requestAnimationFrame(tick);
  };
  w.__bptBeat = performance.now();
  requestAnimationFrame(tick);
}

/**
 * In a webview's outer frame (VS Code's pre/index.html): note when the inner page posted each
 * message type (our webview's `ready`), by wrapping the function its acquireVsCodeApi() binds.
 */
function installPostSpy(): void {
  const w = window as unknown as Record<string, unknown> & { __bptPosts?: { type: string; at: number }[] };
  const name = '__vscode_post_message__';
  const posts = (w.__bptPosts ??= []);
  const wrap = (f: unknown) => {
    if (typeof f !== 'function' || (f as { __bpt?: boolean }).__bpt) return f;
    const g = (command: string, data: { message?: { type?: unknown } } | undefined) => {
      if (command === 'onmessage' && typeof data?.message?.type === 'string') posts.push({ type: data.message.type, at: Date.now() });
      return (f as (c: string, d: unknown) => unknown)(command, data);
    };
    (g as { __bpt?: boolean }).__bpt = true;
    return g;
  };
  const d = Object.getOwnPropertyDescriptor(w, name);
  if (d && !d.configurable) return;
  let current = wrap(w[name]);
  // A setter too, for when the page assigns the function after this ran.
  Object.defineProperty(w, name, { configurable: true, get: () => current, set: (f) => (current = wrap(f)) });
}

/** When our webview first posted `ready` (from the spy in the outer frames), if seen. */
export async function readyAt(page: Page): Promise<number | undefined> {
  let first: number | undefined;
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const at = await f.evaluate(() => (window as unknown as { __bptPosts?: { type: string; at: number }[] }).__bptPosts?.find((p) => p.type === 'ready')?.at).catch(() => undefined);
    if (at !== undefined && (first === undefined || at < first)) first = at;
  }
  return first;
}

/** Puts the watcher into every webview frame as it appears or navigates (and re-checks often). */
export function watchFrames(page: Page, mark: string): () => void {
  const watch = (f: Frame) => {
    if (f === page.mainFrame() || f.isDetached()) return;
    f.evaluate(installPostSpy).catch(() => undefined);
    f.evaluate(installSeen, mark).catch(() => undefined);
  };
  void page.addInitScript(installSeen, mark).catch(() => undefined);
  page.on('frameattached', watch);
  page.on('framenavigated', watch);
  const timer = setInterval(() => page.frames().forEach(watch), 100);
  return () => clearInterval(timer);
}

export interface FrameTimes {
  /** When the frame showing it was created, its scripts had loaded, and it was first seen drawn. */
  timeOrigin: number;
  scriptsLoaded: number;
  seen: number;
  scripts: { name: string; bytes: number; end: number }[];
  /** The last time the frame was seen hidden by VS Code (before it showed its content), if it was. */
  hiddenUntil?: number;
  /** Whether the page carried its first trace (src/pageData.ts). */
  pageData?: boolean;
  longTasks: { at: number; ms: number }[];
}

/** After the fact: in the frame that shows `what`, when it started, loaded its scripts and drew. */
export async function frameTimes(page: Page, what: 'trace' | 'md'): Promise<FrameTimes | undefined> {
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const r = await f.evaluate(async (w) => {
      const seen = (window as unknown as { __bptSeen?: Record<string, number> }).__bptSeen?.[w];
      if (!seen) return undefined;
      // Long tasks (script evaluation, drawing) the frame ran, if Chromium kept them for us.
      const longTasks: { at: number; ms: number }[] = [];
      await new Promise<void>((done) => {
        const o = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration })));
        o.observe({ type: 'longtask', buffered: true });
        setTimeout(() => (o.disconnect(), done()), 100);
      });
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => /\.js(\?|$)/.test(e.name))
        .map((e) => ({ name: e.name.replace(/^.*\//, ''), bytes: e.decodedBodySize, end: performance.timeOrigin + e.responseEnd }));
      // The scripts the page starts with: our cytoscape chunk is asked for by the first one and
      // loads beside the first frame, so it is not part of "scripts loaded".
      const first = scripts.filter((e) => !/\.cytoscape\.js$/.test(e.name));
      const hiddenUntil = (window as unknown as { __bptHidden?: number }).__bptHidden;
      const pageData = !!document.getElementById('page-data');
      return { timeOrigin: performance.timeOrigin, scriptsLoaded: Math.max(0, ...first.map((e) => e.end)), seen, scripts, longTasks, hiddenUntil, pageData };
    }, what).catch(() => undefined);
    if (r) return r;
  }
  return undefined;
}
