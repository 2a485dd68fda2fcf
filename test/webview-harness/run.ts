// The trace webview alone in Debian's Chromium, without VS Code: the real bundle (dist/webview.js)
// and the real HTML and CSP of src/extension/html.ts, served from 127.0.0.1, with a stub of
// acquireVsCodeApi. It posts `init` and `trace` messages with the fixture graphs at the panel
// sizes of a 1400×900 and a 1000×800 window, and checks the webview's own geometry report:
// every node and label inside the graph area, no text under 12 px, no two boxes overlapping,
// each accessible item over its element; then a resize re-lays out, and the SVG export matches.
// Screenshots go to test-results/harness/ (look at them).
//   npm run test:harness        (BPT_HARNESS_ONLY=seed,apple to run some fixtures)
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { chromium, type Page } from 'playwright-core';
import { FIXTURES } from '../fixtures/graphs';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'test-results', 'harness');
const CHROMIUM = process.env.BPT_CHROMIUM ?? '/usr/bin/chromium';
/** The panel beside the editor: about half the window, less VS Code's title and tab bars. */
const SIZES = [
  { name: '1400x900', width: 700, height: 860 },
  { name: '1000x800', width: 500, height: 760 },
];
const MUST_FIT = ['seed', 'chain', 'expandedSigmoid', 'expandedRelu', 'apple', 'big'];

/** English UI strings, read from the host's list (the webview gets them in `init`). */
function strings(): Record<string, string> {
  const src = fs.readFileSync(path.join(ROOT, 'src/extension/webviewStrings.ts'), 'utf8');
  const out: Record<string, string> = {};
  for (const m of src.matchAll(/(\w+): vscode\.l10n\.t\((['"])((?:\\.|(?!\2).)*)\2/g)) out[m[1]] = m[3].replace(/\\(.)/g, '$1');
  return out;
}

/** The panel's HTML as the host makes it, with the harness's origin as the webview's source. */
function html(origin: string): string {
  const src = fs.readFileSync(path.join(ROOT, 'src/extension/html.ts'), 'utf8');
  const csp = src.slice(src.indexOf('const csp = ['), src.indexOf("].join('; ')"));
  const directives = [...csp.matchAll(/[`"]([^`"]+)[`"]/g)].map((m) => m[1]);
  const page = src.slice(src.indexOf('return `<!DOCTYPE html>') + 8, src.lastIndexOf('</html>`') + 7);
  const nonce = 'harnessnonce0123456789';
  const fill = (s: string) =>
    s
      .replace(/\$\{webview\.cspSource\}/g, origin)
      .replace(/\$\{nonce\}/g, nonce)
      .replace(/\$\{vscode\.env\.language\}/g, 'en')
      .replace(/\$\{style\}/g, `${origin}/media/webview.css`)
      .replace(/\$\{script\}/g, `${origin}/dist/webview.js`);
  const head = `<link href="${origin}/harness/theme.css" rel="stylesheet"><script nonce="${nonce}" src="${origin}/harness/stub.js"></script>`;
  return fill(page.replace('${csp}', directives.join('; ')))
    .replace('</head>', `${head}</head>`)
    .replace('<body>', '<body class="vscode-dark" data-vscode-theme-id="harness-dark">');
}

const THEME = `body {
  --vscode-editor-foreground: #d4d4d4; --vscode-foreground: #cccccc; --vscode-editor-background: #1e1e1e;
  --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-editorWidget-background: #252526;
  --vscode-focusBorder: #007fd4; --vscode-editor-font-family: 'Droid Sans Mono', 'monospace', monospace;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-button-background: #0e639c;
  --vscode-button-foreground: #ffffff; --vscode-panel-border: #444444;
}`;

/** A stub of the VS Code webview API: posted messages are kept for the harness to read. */
const STUB = `window.__posted = []; window.__state = undefined;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
// Typed arrays cross page.evaluate as tagged plain arrays.
window.__revive = (v) => {
  if (Array.isArray(v)) return v.map(window.__revive);
  if (v && typeof v === 'object') {
    if (v.__f64) return Float64Array.from(v.__f64);
    if (v.__u8) return Uint8Array.from(v.__u8);
    const o = {};
    for (const k of Object.keys(v)) o[k] = window.__revive(v[k]);
    return o;
  }
  return v;
};`;

function tag(v: unknown): unknown {
  if (v instanceof Float64Array) return { __f64: Array.from(v) };
  if (v instanceof Uint8Array) return { __u8: Array.from(v) };
  if (Array.isArray(v)) return v.map(tag);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
  return v;
}

function serve(): Promise<{ server: http.Server; origin: string }> {
  return new Promise((resolve) => {
    let origin = '';
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      const send = (type: string, body: string | Buffer) => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      };
      if (url.pathname === '/') return send('text/html', html(origin));
      if (url.pathname === '/harness/stub.js') return send('text/javascript', STUB);
      if (url.pathname === '/harness/theme.css') return send('text/css', THEME);
      const file = path.join(ROOT, path.normalize(url.pathname));
      if ((url.pathname.startsWith('/dist/') || url.pathname.startsWith('/media/')) && fs.existsSync(file)) {
        return send(file.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(file));
      }
      res.writeHead(404);
      res.end();
    });
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      resolve({ server, origin });
    });
  });
}

interface Box { id: string; kind: 'node' | 'label'; x: number; y: number; width: number; height: number }
interface Geometry { viewport: { width: number; height: number }; zoom: number; orientation: 'LR' | 'TB'; minFontPx: number; boxes: Box[] }
interface Report { nodes: { id: string; label: string; state?: string }[]; edges: { id: string; forward: string; backward: string }[]; geometry?: Geometry }

type Posted = { type: string; report?: Report; format?: string; data?: unknown; message?: string };
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);

/** Polls the posted messages (functions, not strings: the panel's CSP forbids eval). */
async function waitFor<T>(page: Page, pick: (m: Posted[]) => T | undefined, what: string): Promise<T> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const v = pick(await posted(page));
    if (v !== undefined) return v;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ready = (page: Page) => waitFor(page, (m) => (m.some((x) => x.type === 'ready') ? true : undefined), 'ready');

/** Posts a trace and returns the report of the next `rendered`. */
async function trace(page: Page, name: string): Promise<Report> {
  const before = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length);
  await page.evaluate((g) => {
    const w = window as unknown as { __revive(v: unknown): unknown };
    window.postMessage({ type: 'trace', graph: w.__revive(g) }, '*');
  }, tag(FIXTURES[name]()));
  return rendered(page, before);
}

async function rendered(page: Page, before: number): Promise<Report> {
  return waitFor(page, (m) => {
    const r = m.filter((x) => x.type === 'rendered');
    return r.length > before ? r[r.length - 1].report : undefined;
  }, 'rendered');
}

const inside = (b: Box, v: { width: number; height: number }) => b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

function checkGeometry(g: Geometry, what: string, mustFit: boolean): void {
  assert.ok(g.boxes.length > 0, `${what}: boxes reported`);
  if (mustFit) {
    for (const b of g.boxes) assert.ok(inside(b, g.viewport), `${what}: ${b.id} ${JSON.stringify(b)} outside ${JSON.stringify(g.viewport)}`);
  }
  assert.ok(g.minFontPx >= 12, `${what}: smallest text ${g.minFontPx} px`);
  for (let i = 0; i < g.boxes.length; i++) {
    for (let j = i + 1; j < g.boxes.length; j++) {
      assert.ok(!overlaps(g.boxes[i], g.boxes[j]), `${what}: ${g.boxes[i].id} overlaps ${g.boxes[j].id}: ${JSON.stringify([g.boxes[i], g.boxes[j]])}`);
    }
  }
}

/** Each accessible item lies over the element it names (nodes: the same box within 2 px). */
async function checkOverlay(page: Page, g: Geometry, what: string): Promise<void> {
  const items = await page.evaluate(() => {
    const graph = document.getElementById('graph')!.getBoundingClientRect();
    return Array.from(document.querySelectorAll<HTMLElement>('#graph-text li[data-target]')).map((li) => {
      const r = li.getBoundingClientRect();
      return { target: li.dataset.target ?? '', x: r.left - graph.left, y: r.top - graph.top, width: r.width, height: r.height };
    });
  });
  for (const b of g.boxes.filter((x) => x.kind === 'node')) {
    const it = items.find((i) => i.target === `node:${b.id}`);
    assert.ok(it, `${what}: an item for node ${b.id}`);
    // The geometry box includes the node's border and text; the item the node's body.
    assert.ok(Math.abs(it.x + it.width / 2 - (b.x + b.width / 2)) < 3 && Math.abs(it.y + it.height / 2 - (b.y + b.height / 2)) < 3, `${what}: item over ${b.id}: ${JSON.stringify([it, b])}`);
  }
  for (const it of items.filter((i) => i.target.startsWith('edge:'))) {
    const id = it.target.slice(5);
    const labels = g.boxes.filter((b) => b.id === `${id}__fl` || b.id === `${id}__bl`);
    const c = { x: it.x + it.width / 2, y: it.y + it.height / 2 };
    const x1 = Math.min(...labels.map((b) => b.x));
    const x2 = Math.max(...labels.map((b) => b.x + b.width));
    const y1 = Math.min(...labels.map((b) => b.y));
    const y2 = Math.max(...labels.map((b) => b.y + b.height));
    assert.ok(c.x >= x1 && c.x <= x2 && c.y >= y1 && c.y <= y2, `${what}: item over edge ${id}`);
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  assert.ok(fs.existsSync(path.join(ROOT, 'dist/webview.js')), 'build the webview first (npm run build:dev)');
  const only = process.env.BPT_HARNESS_ONLY?.split(',');
  const names = Object.keys(FIXTURES).filter((n) => !only || only.includes(n));
  const { server, origin } = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const failures: string[] = [];
  const summary: string[] = [];
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // cytoscape's injected <style> is refused by the CSP on purpose (webview.css has its rules).
      if (process.env.BPT_HARNESS_DEBUG) page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
      page.on('console', (m) => m.type() === 'error' && !/inline style|favicon|404/.test(m.text()) && errors.push(m.text()));
      await page.goto(origin);
      await ready(page);
      await page.evaluate((s) => window.postMessage({ type: 'init', strings: s, settings: { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } }, '*'), strings());
      for (const name of names) {
        const what = `${name} @ ${size.name}`;
        try {
          const report = await trace(page, name);
          await page.waitForTimeout(300);
          await page.screenshot({ path: path.join(OUT, `${name}-${size.name}.png`) });
          if (process.env.BPT_HARNESS_DEBUG) {
            console.log(await page.evaluate(() => {
              const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: { edges(): { map<T>(f: (e: { id(): string; style(k: string): string; data(k: string): unknown }) => T): T[] } } } })._cyreg.cy;
              return JSON.stringify(cy.edges().map((e) => [e.id(), e.style('curve-style'), e.style('segment-weights'), e.style('segment-distances'), e.style('edge-distances'), e.data('pts')]));
            }));
          }
          const g = report.geometry;
          assert.ok(g, `${what}: geometry in the report`);
          summary.push(`${what}: ${g.orientation} zoom ${g.zoom.toFixed(2)} min font ${g.minFontPx} px, area ${g.viewport.width}×${g.viewport.height}`);
          checkGeometry(g, what, MUST_FIT.includes(name));
          await checkOverlay(page, g, what);
          if (name === 'big') {
            // Hover on a glyph label: the tooltip holds numpy's whole print of both values.
            const b = g.boxes.find((x) => x.id === 'e_x_relu0__fl')!;
            const graphBox = await page.evaluate(() => document.getElementById('graph')!.getBoundingClientRect().toJSON() as { left: number; top: number });
            await page.mouse.move(graphBox.left + b.x + b.width / 2, graphBox.top + b.y + b.height / 2);
            await page.waitForTimeout(200);
            const tipText = await page.evaluate(() => {
              const t = document.querySelector<HTMLElement>('.graph-tip');
              return t && !t.hidden ? t.textContent : null;
            });
            assert.ok(tipText && /^x\n\[\[ ?-?\d/.test(tipText) && /\n\ndx\n\[\[/.test(tipText), `${what}: hover shows both full values: ${tipText?.slice(0, 80)}`);
            await page.screenshot({ path: path.join(OUT, `${name}-hover-${size.name}.png`) });
            await page.mouse.move(1, 1);
          }
          const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string; message?: string }[] }).__posted.filter((m) => m.type === 'error'));
          assert.deepStrictEqual(posted, [], `${what}: no error posted`);
        } catch (e) {
          failures.push(e instanceof Error ? e.message : String(e));
        }
      }
      if (errors.length) failures.push(`${size.name}: page errors: ${errors.join(' | ')}`);
      await page.close();
    }
    // Re-layout on resize: the expanded Sigmoid is TB in a narrow panel, LR in a wide short one.
    try {
      const page = await browser.newPage({ viewport: { width: 500, height: 760 } });
      await page.goto(origin);
      await ready(page);
      await page.evaluate((s) => window.postMessage({ type: 'init', strings: s, settings: { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } }, '*'), strings());
      const tall = await trace(page, 'expandedSigmoid');
      assert.strictEqual(tall.geometry?.orientation, 'TB', 'narrow panel: top to bottom');
      const before = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length);
      await page.setViewportSize({ width: 1400, height: 520 });
      const wide = await rendered(page, before);
      assert.strictEqual(wide.geometry?.orientation, 'LR', 'wide panel: left to right');
      checkGeometry(wide.geometry, 'expandedSigmoid resized to 1400×520', true);
      await checkOverlay(page, wide.geometry, 'expandedSigmoid resized');
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, 'expandedSigmoid-resized-1400x520.png') });
      // Zoom in (the + key) and pan: every node's item follows its node.
      await page.keyboard.press('+');
      await page.mouse.move(700, 300);
      await page.mouse.down();
      await page.mouse.move(640, 260, { steps: 5 });
      await page.mouse.up();
      await page.waitForTimeout(300);
      const drift = await page.evaluate(() => {
        const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: { zoom(): number; nodes(): { forEach(f: (n: { id(): string; hasClass(c: string): boolean; renderedBoundingBox(o: object): { x1: number; y1: number; w: number; h: number } }) => void): void } } } })._cyreg.cy;
        const graph = document.getElementById('graph')!.getBoundingClientRect();
        let worst = 0;
        cy.nodes().forEach((n) => {
          if (n.hasClass('label') || n.hasClass('pulse')) return;
          const li = document.querySelector<HTMLElement>(`#graph-text li[data-target="node:${n.id()}"]`);
          if (!li) return void (worst = Infinity);
          const r = li.getBoundingClientRect();
          const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
          worst = Math.max(worst, Math.abs(r.left - graph.left - b.x1), Math.abs(r.top - graph.top - b.y1), Math.abs(r.width - b.w), Math.abs(r.height - b.h));
        });
        return { worst, zoom: cy.zoom() };
      });
      assert.ok(drift.worst < 1.5, `items follow their nodes after zoom and pan (worst ${drift.worst} px at zoom ${drift.zoom})`);
      summary.push(`overlay after zoom in and pan: items within ${drift.worst.toFixed(2)} px of their nodes (zoom ${drift.zoom.toFixed(2)})`);
      // SVG export next to the canvas: saved to compare by eye (arrowheads, borders, glyphs).
      for (const name of ['apple', 'affine']) {
        await trace(page, name);
        await page.evaluate(() => window.postMessage({ type: 'exportImage', format: 'svg', requestId: 7 }, '*'));
        const svg = await waitFor(page, (m) => m.find((x) => x.type === 'exported' && x.format === 'svg' && (x as { inReplyTo?: number }).inReplyTo === 7)?.data as string | undefined, 'svg');
        assert.ok(svg.startsWith('<svg') && svg.includes('marker-end'), 'svg with arrowheads');
        fs.writeFileSync(path.join(OUT, `${name}.svg`), svg);
        await page.screenshot({ path: path.join(OUT, `${name}-canvas-1400x520.png`) });
        const svgPage = await browser.newPage({ viewport: { width: 1400, height: 520 } });
        await svgPage.setContent(`<body style="margin:0;background:#1e1e1e">${svg}</body>`);
        await svgPage.screenshot({ path: path.join(OUT, `${name}-svg.png`) });
        await svgPage.close();
        await page.evaluate(() => {
          const w = window as unknown as { __posted: { type: string }[] };
          w.__posted = w.__posted.filter((m) => m.type !== 'exported');
        });
      }
      await page.close();
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(summary.join('\n'));
  if (failures.length) {
    console.error(`\n${failures.length} failure(s):\n${failures.join('\n')}`);
    process.exit(1);
  }
  console.log(`\nall harness checks passed; screenshots in ${path.relative(ROOT, OUT)}`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
