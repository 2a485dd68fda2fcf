// The trace panel outside VS Code: the real HTML (src/extension/html.ts, with its CSP) and the
// real webview bundle served from 127.0.0.1, a VS Code theme's variables from a stylesheet,
// acquireVsCodeApi stubbed so every posted message is kept, driven by Debian's chromium through
// playwright-core. Graph messages are built in the page (typed arrays do not cross as JSON).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { vscodeMock } from '../unit/reliability/vscodeMock';
import { getHtml, tracePaint } from '../../src/extension/html';
import { pageFilesOf, type PageFiles } from '../../src/extension/pageFiles';
import { DEFAULT_LOOK, hostFrame } from '../../src/scene/firstFrame';
import { webviewStrings } from '../../src/extension/panel/webviewStrings';
import { isToWebviewMessage, type RenderReport } from '../../src/protocol';
import { encodePageData } from '../../src/pageData';
import { FIXTURES } from '../fixtures/graphs';
import type { TraceGraph } from '../../src/engine/graph/graph';
import { THEMES } from '../unit/webview/vscodeThemes';
import type * as vscode from 'vscode';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'out', 'browser');
export const SHOTS = path.join(ROOT, 'test-results', 'browser');

/** Typed arrays as tagged plain arrays, so a graph survives page.evaluate's JSON. */
export function toJson(v: unknown): unknown {
  if (v instanceof Float64Array) return { $f64: Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x)) };
  if (v instanceof Uint8Array) return { $u8: Array.from(v) };
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** Builds the bundle, after checking the host's own guard accepts the fixture graphs as sent. */
export function buildBundle(graphs: TraceGraph[]): void {
  graphs.forEach((graph, i) => {
    if (!isToWebviewMessage({ type: 'trace', graph })) throw new Error(`fixture graph ${i} (${graph.title}) is refused by protocol.ts`);
  });
  const r = spawnSync('npx', ['webpack', '--config', path.join(ROOT, 'test/browser/webpack.config.js')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`webpack failed:\n${r.stdout}\n${r.stderr}`);
}

export type ThemeName = keyof typeof THEMES;

export interface Panel {
  page: Page;
  /** Uncaught errors and console errors of the page (cytoscape's refused inline style aside). */
  errors: string[];
  close(): Promise<void>;
}

let server: http.Server | undefined;
let origin = '';
let browser: Browser | undefined;

/** The page's files as the host reads them at activation (the stylesheet, the bundle built above). */
let files: PageFiles = {};

export async function start(): Promise<void> {
  const read = (...p: string[]) => fs.readFileSync(path.join(...p), 'utf8');
  files = await pageFilesOf(read(ROOT, 'media', 'webview.css'), read(OUT, 'webview.cytoscape.js'), read(OUT, 'webview.js'));
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (url.pathname === '/panel.html') {
      const webview = { cspSource: origin, asWebviewUri: (u: { path: string }) => ({ toString: () => `${origin}${u.path}` }) };
      // ?page=fixture: the first trace in the page, as the host writes it; the theme's variables
      // linked in its head, as VS Code puts them there before the page's scripts run.
      // With it, the host's first frame for a graph area of ?area=WxH (default 520×640: the graph area of a 526×808 page),
      // and its plan in the page's data as the host puts it there (?plan=none: without, as from an older host;
      // ?advance=A: measured with another font advance than the default look's).
      const fixture = url.searchParams.get('page');
      const [aw, ah] = (url.searchParams.get('area') ?? '520x640').split('x').map(Number);
      const init = { type: 'init', strings: hostStrings(), settings: SETTINGS } as const;
      const trace = fixture && fixture in FIXTURES ? ({ type: 'trace', graph: FIXTURES[fixture]() } as const) : undefined;
      const advance = Number(url.searchParams.get('advance') ?? DEFAULT_LOOK.advance);
      const frame = trace && hostFrame(trace.graph, aw, ah, { ...DEFAULT_LOOK, advance });
      const data = trace && encodePageData({ init, trace, plan: url.searchParams.get('plan') === 'none' ? undefined : frame?.plan });
      const first = trace && data ? tracePaint(data, init, trace, frame?.svg) : undefined;
      // The stylesheet inline and the code awaited (asVsCode posts it), as the host writes every page
      // once it has read them at activation (?code=linked: the code linked, as in a page written before).
      const linked = url.searchParams.get('code') === 'linked';
      const html = getHtml(webview as unknown as vscode.Webview, vscodeMock.Uri.file('') as unknown as vscode.Uri, first, linked ? { style: files.style } : files);
      const theme = url.searchParams.get('theme');
      return send('text/html', theme ? html.replace('</head>', `<link href="${origin}/media/theme-${theme}.css" rel="stylesheet">\n</head>`) : html);
    }
    const theme = /^\/media\/theme-(\w+)\.css$/.exec(url.pathname);
    if (theme && theme[1] in THEMES) {
      const vars = Object.entries(THEMES[theme[1] as ThemeName]).map(([k, v]) => `--vscode-${k}: ${v};`).join('\n');
      return send('text/css', `body { ${vars}\n--vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; }`);
    }
    const file = url.pathname.startsWith('/dist/') ? path.join(OUT, url.pathname.slice(6)) : url.pathname.startsWith('/media/') ? path.join(ROOT, url.pathname) : '';
    if (file && fs.existsSync(file)) return send(file.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(file));
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => (server as http.Server).listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.BPT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function stop(): Promise<void> {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
}

/** A panel of width × height CSS px in a theme, after `ready`, with the strings and settings sent; `setup` runs first. */
/**
 * What VS Code gives a webview's page: acquireVsCodeApi (what the page posts is kept in `posted`)
 * and, for a page that awaits its code (not LINKED), the code's message at the page's load event,
 * as VS Code hands a page the messages posted to it before it loaded.
 */
async function asVsCode(page: Page, query: string): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { posted: unknown[]; acquireVsCodeApi: () => unknown };
    w.posted = [];
    let state: unknown;
    w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m), getState: () => state, setState: (s: unknown) => (state = s) });
  });
  if (query.includes(LINKED) || query.includes(UNSENT) || !files.code) return;
  const bytes = (b: Uint8Array) => `Uint8Array.from(atob(${JSON.stringify(Buffer.from(b).toString('base64'))}), (c) => c.charCodeAt(0))`;
  await page.addInitScript({
    content: `addEventListener('load', () => postMessage({ type: 'code', chunk: ${bytes(files.code.chunk)}, script: ${bytes(files.code.script)} }, location.origin), { once: true });`,
  });
}

/** `query` (e.g. LINKED) goes to the page's URL. */
export async function openPanel(width: number, height: number, theme: ThemeName = 'dark', reducedMotion = false, setup?: (page: Page) => Promise<void>, query = ''): Promise<Panel> {
  const page = await (browser as Browser).newPage({ viewport: { width, height }, reducedMotion: reducedMotion ? 'reduce' : 'no-preference' });
  // Before the panel loads (routes that hold a script back, listeners for CSP violations).
  await setup?.(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !/favicon|404/.test(m.text()) && errors.push(m.text()));
  await asVsCode(page, query);
  // Not until `load`: that waits for cytoscape's chunk too, which a test may be holding back.
  await page.goto(`${origin}/panel.html?${query}`, { waitUntil: 'domcontentloaded' });
  await page.addStyleTag({ url: `${origin}/media/theme-${theme}.css` });
  await page.evaluate((kind) => document.body.classList.add(kind), theme === 'light' ? 'vscode-light' : theme.startsWith('hc') ? 'vscode-high-contrast' : 'vscode-dark');
  await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'));
  await page.evaluate(([s, settings]) => window.postMessage({ type: 'init', strings: s, settings }, '*'), [hostStrings(), SETTINGS] as const);
  return { page, errors, close: () => page.close() };
}

/**
 * The page with its code linked, as a page written before the host has read its files: what a
 * test holds back with a route (our script, cytoscape's chunk) is fetched only then.
 */
export const LINKED = '&code=linked';
/** The page awaits its code, but no message brings it (a frame VS Code made again on its own). */
export const UNSENT = '&code=unsent';

const SETTINGS = { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } as const;

/** The strings as the host sends them: placeholders ({0}) left for the webview to fill. */
function hostStrings(): Record<string, string> {
  const t = vscodeMock.l10n.t;
  vscodeMock.l10n.t = (message: string) => message;
  const strings = webviewStrings();
  vscodeMock.l10n.t = t;
  return strings;
}

/**
 * A panel whose HTML carries the first trace (`fixture`), as a new panel's does: loaded until its
 * load event (when VS Code shows a webview's frame), with no message posted to it.
 */
export async function openPanelWithPage(width: number, height: number, fixture: string, setup?: (page: Page) => Promise<void>, area?: string, waitUntil: 'load' | 'commit' = 'load', query = ''): Promise<Panel> {
  const page = await (browser as Browser).newPage({ viewport: { width, height } });
  await setup?.(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !/favicon|404/.test(m.text()) && errors.push(m.text()));
  await asVsCode(page, query);
  await page.goto(`${origin}/panel.html?page=${fixture}&theme=dark${area ? `&area=${area}` : ''}${query}`, { waitUntil });
  return { page, errors, close: () => page.close() };
}

/** Posts a trace and returns the `rendered` report that follows. */
export async function showGraph(page: Page, graph: TraceGraph): Promise<RenderReport> {
  await postGraph(page, graph);
  return nextReport(page);
}

/** Posts a trace as the host would (the old `rendered` reports cleared), without waiting. */
export async function postGraph(page: Page, graph: TraceGraph): Promise<void> {
  await page.evaluate((g) => {
    const w = window as unknown as { posted: { type: string }[] };
    w.posted = w.posted.filter((m) => m.type !== 'rendered');
    const revive = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(revive);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if ('$f64' in o) return Float64Array.from(o.$f64 as (number | string)[], Number);
        if ('$u8' in o) return Uint8Array.from(o.$u8 as number[]);
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
      }
      return v;
    };
    window.postMessage({ type: 'trace', graph: revive(g) }, '*');
  }, toJson(graph) as never);
}

/** The report of the next `rendered` message (after the caller cleared the old ones, or a resize). */
export async function nextReport(page: Page): Promise<RenderReport> {
  await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 10_000 });
  return page.evaluate(() => {
    const w = window as unknown as { posted: { type: string; report: unknown }[] };
    const r = w.posted.filter((m) => m.type === 'rendered');
    w.posted = w.posted.filter((m) => m.type !== 'rendered');
    return r[r.length - 1].report;
  }) as Promise<RenderReport>;
}

export function shotPath(name: string): string {
  fs.mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}.png`);
}

/** A plain page of the suite's browser (to look at an exported SVG beside the panel). */
export async function blankPage(): Promise<Page> {
  return (browser as Browser).newPage();
}
