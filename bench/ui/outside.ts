// npm run bench:outside — the first trace against VS Code's Markdown preview as a user gets them,
// driven from outside (no code of ours in the extension host): code-server with the extension as
// under development, Debian's Chromium through playwright-core, the keyboard and the command
// palette. Both files are opened first (both extensions active); then run by run, alternating, the
// palette's command (Enter) opens a new panel — first each the first panel of a fresh window
// (driveFresh), then new panels in one window (drive) — timed until its content is visible, measured two
// ways in the same run: in the screen's pixels (a CDP screencast, the first painted frame in which
// the new panel's area holds at least half the ink it ends with) and from inside the webview's
// frame (frames.ts, as bench:ui). Run mode's progress page is timed from inside its frame, from the
// palette's "Trace this file's layers" on a program that sleeps, with a screenshot at the moment
// its text is first seen, at 1400×900 and 1000×800. The WebSocket's messages split VS Code's part
// before the frame (wire.ts). Options: --runs N (default 5), --no-pixels, --fresh-only, --verbose.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CDPSession, Page } from 'playwright-core';
import { launch, ROOT } from './codeServer';
import { frameTimes, postedAt, watchFrames, type FrameTimes } from './frames';
import { inkFraction, type Rect, type Shot } from './pixels';
import { median, table, type Row } from './stats';
import { watchWire, wireTimes, type WireTimes } from './wire';

const MD_MARK = 'BENCH-MARKDOWN-PREVIEW-MARK';
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5) || 5;
/** --no-pixels: no screencast (its JPEG encoding shares the 2 cores with the page), timed from inside the frames only. */
const PIXELS = !process.argv.includes('--no-pixels');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SLOW = 'import time\n\nclass MulLayer:\n    def forward(self, x, y):\n        self.x, self.y = x, y\n        return x * y\n\n    def backward(self, dout):\n        return dout * self.y, dout * self.x\n\nMulLayer().forward(3.0, 4.0)\ntime.sleep(10)\n';

function workspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-outside-ws-'));
  fs.copyFileSync(path.join(ROOT, 'examples', 'seed.py'), path.join(ws, 'seed.py'));
  fs.writeFileSync(path.join(ws, 'preview.md'), `# Bench preview\n\n${MD_MARK}: a small file with a heading, a list and some code.\n\n- ReLU\n- Sigmoid\n\n\`\`\`python\nx = np.array([[1.0, -0.5], [2.0, 0]])\n\`\`\`\n`);
  fs.writeFileSync(path.join(ws, 'slow_layers.py'), SLOW);
  return ws;
}

/** The keyboard's way through a quick input: open it, type, wait for the first row to be `label`, and leave it open. */
async function quick(page: Page, keys: string, text: string, label: RegExp): Promise<void> {
  await page.keyboard.press(keys);
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15_000 });
  await page.keyboard.type(text, { delay: 10 });
  const focused = () => page.evaluate(() => document.querySelector('.quick-input-list .monaco-list-row.focused')?.getAttribute('aria-label') ?? '');
  // The row may come late (a file search still running): wait for it among the rows.
  await page.waitForFunction((src) => Array.from(document.querySelectorAll('.quick-input-list .monaco-list-row')).some((r) => new RegExp(src).test(r.getAttribute('aria-label') ?? '')), label.source, { timeout: 15_000 })
    .catch((e: Error) => Promise.reject(new Error(`no row ${label} in the quick input: ${e.message}`)));
  await sleep(300); // the list settles as the filter runs
  // The row the label names (another may rank first, e.g. "Open Locked Preview to the Side").
  for (let k = 0; k < 12 && !label.test(await focused()); k++) await page.keyboard.press('ArrowDown');
  if (!label.test(await focused())) throw new Error(`no row ${label} in the quick input (focused: "${await focused()}")`);
  await sleep(300);
}

async function openFile(page: Page, name: string, at?: string): Promise<void> {
  await quick(page, 'Control+P', name, new RegExp(name.replace('.', '\\.')));
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name}"]`, { timeout: 15_000 });
  if (at) {
    await page.keyboard.press('Control+G');
    await page.keyboard.type(at);
    await page.keyboard.press('Enter');
  }
}

/** Every painted frame of the page, with its paint time (CDP screencast), while it runs. */
async function screencast(page: Page): Promise<{ shots: Shot[]; session: CDPSession }> {
  const session = await page.context().newCDPSession(page);
  const shots: Shot[] = [];
  session.on('Page.screencastFrame', (f: { data: string; sessionId: number; metadata: { timestamp?: number } }) => {
    shots.push({ at: (f.metadata.timestamp ?? Date.now() / 1000) * 1000, jpeg: f.data });
    if (shots.length > 400) shots.splice(0, 100);
    void session.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => undefined);
  });
  const vp = page.viewportSize() ?? { width: 1400, height: 900 };
  await session.send('Page.startScreencast', { format: 'jpeg', quality: 70, maxWidth: vp.width, maxHeight: vp.height, everyNthFrame: 1 });
  return { shots, session };
}

/** The new webview's area on the page (the visible outer frame VS Code puts over the editor group). */
async function webviewRect(page: Page): Promise<Rect | undefined> {
  return page.evaluate(() => {
    const frames = Array.from(document.querySelectorAll<HTMLElement>('iframe.webview')).filter((f) => f.getClientRects().length && getComputedStyle(f).visibility !== 'hidden');
    const r = frames[frames.length - 1]?.getBoundingClientRect();
    return r && r.width > 50 ? { x: r.x, y: r.y, width: r.width, height: r.height } : undefined;
  });
}

interface Run { what: 'trace' | 'md' | 'progress'; run: number; start: number; pixels: number; inside: number; f?: FrameTimes; wire?: WireTimes; load: string;
  /** Our panel's canvas drawn (its `rendered` report, posted from the frame), ms from Enter; NaN for the others. */
  interactive: number;
  /** The trace's frame read again once the canvas is drawn (its script, chunk and marks), if read. */
  late?: FrameTimes }

/** What each run's command and panel are called on the wire (wire.ts). */
const WIRE = { trace: ['backpropTrace.trace', 'backpropTrace.graph'], md: ['markdown.showPreviewToSide', 'markdown.preview'], progress: ['backpropTrace.traceFile', 'backpropTrace.graph'] } as const;

/** From the palette's Enter to content visible in the new panel, in pixels and from inside its frame. */
async function timed(page: Page, shots: Shot[], what: Run['what'], run: number, command: string, label: RegExp, shoot?: string): Promise<Run> {
  const baseline = shots[shots.length - 1];
  await quick(page, 'F1', command, label);
  const start = Date.now();
  await page.keyboard.press('Enter');
  let f: FrameTimes | undefined;
  for (let k = 0; k < 60 && !(f && f.timeOrigin >= start - 5); k++) {
    await sleep(150);
    f = await frameTimes(page, what);
  }
  if (shoot && f) await page.screenshot({ path: shoot });
  await sleep(what === 'progress' ? 500 : 4000);
  const rect = await webviewRect(page);
  const after = shots.filter((s) => s.at >= start);
  const final = after[after.length - 1];
  // BPT_BENCH_SHOTS=dir: every painted frame of the first 3 s after Enter, named by its ms from Enter (to look at what the pixels held).
  const dump = process.env.BPT_BENCH_SHOTS;
  if (dump) {
    fs.mkdirSync(dump, { recursive: true });
    for (const s of after.filter((x) => x.at - start < 3000)) fs.writeFileSync(path.join(dump, `${what}-${run}-${String(Math.round(s.at - start)).padStart(4, '0')}.jpg`), Buffer.from(s.jpeg, 'base64'));
  }
  let pixels = NaN;
  // The progress page has too little ink (three short lines) to tell from the editor's text re-laid
  // out in the new group: it is timed from inside its frame only.
  if (rect && final && baseline && what !== 'progress') {
    // Content: at least half the ink the panel ends with, in an area that has changed since before the command.
    const want = Math.max(0.002, inkFraction(final, rect) / 2);
    const hit = after.find((s) => inkFraction(s, rect, baseline) >= want);
    pixels = hit ? hit.at - start : NaN;
  }
  const wire = await wireTimes(page, start, WIRE[what][0], WIRE[what][1]);
  const rendered = what === 'trace' ? await postedAt(page, 'rendered', start) : undefined;
  const interactive = rendered === undefined ? NaN : rendered - start;
  const late = what === 'trace' ? await frameTimes(page, 'trace') : undefined;
  return { what, run, start, pixels, inside: f && f.timeOrigin >= start - 5 ? f.seen - start : NaN, f, wire, load: load(), interactive, late };
}

async function closeBeside(page: Page): Promise<void> {
  await page.keyboard.press('Control+1'); // the source's group, whichever the new panel took focus from
  await sleep(300);
  await quick(page, 'F1', 'Close Editors in Other Groups', /Close Editors in Other Groups/);
  await page.keyboard.press('Enter');
  await sleep(800);
}

/** The workbench up, both files opened (Python and Markdown activate both extensions), settled. */
async function prepare(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await sleep(3000);
  await openFile(page, 'preview.md');
  await openFile(page, 'seed.py', '6:18');
  await sleep(4000);
}

const COMMANDS = {
  trace: ['Backprop: Trace backprop', /^Backprop: Trace backprop\b(?! at| this)/],
  md: ['Markdown: Open Preview to the Side', /^Markdown: Open Preview to the Side\b/],
} as const;
const order = (i: number) => (i % 2 ? (['trace', 'md'] as const) : (['md', 'trace'] as const));

/** One timed command from its source file, which is made the active editor first. */
async function one(page: Page, shots: Shot[], what: 'trace' | 'md', run: number): Promise<Run> {
  if (what === 'trace') await openFile(page, 'seed.py', '6:18');
  else await openFile(page, 'preview.md');
  await sleep(700);
  return timed(page, shots, what, run, COMMANDS[what][0], COMMANDS[what][1]);
}

/** New panels in one window, run by run; then run mode's progress page, with screenshots. */
async function drive(size: { width: number; height: number }, runs: number, ws: string): Promise<Run[]> {
  const win = await launch({ workspace: ws, env: {}, hostScenario: false, viewport: size, settings: { 'backpropTrace.python.path': '/usr/bin/python3' }, beforeLoad: watchWire });
  const out: Run[] = [];
  try {
    const { page } = win;
    const unwatch = watchFrames(page, MD_MARK);
    await prepare(page);
    const { shots, session } = PIXELS ? await screencast(page) : { shots: [] as Shot[], session: undefined };
    const tag = `${size.width}x${size.height}`;
    for (let i = 1; i <= runs; i++) {
      for (const what of order(i)) {
        out.push(await one(page, shots, what, i));
        await closeBeside(page);
      }
    }
    await openFile(page, 'slow_layers.py');
    await sleep(1500);
    out.push(await timed(page, shots, 'progress', 1, "Backprop: Trace this file's layers", /Trace this file's layers/, path.join(ROOT, 'test-results', `outside-progress-${tag}.png`)));
    await sleep(11_000); // the program ends and the graph replaces the page
    await page.screenshot({ path: path.join(ROOT, 'test-results', `outside-after-run-${tag}.png`) });
    await session?.send('Page.stopScreencast').catch(() => undefined);
    unwatch();
  } finally {
    await win.close();
  }
  return out;
}

/**
 * The first trace of a fresh window, as the issue puts it: each command is the first panel of its
 * own window (a new browser context on the same server: no service worker or storage from an
 * earlier window), both files opened first. From a window's second webview on, VS Code's blank
 * page waits for its service worker, re-registered for every new webview, for up to ~1 s (both
 * panels alike; drive() above measures that case).
 */
async function driveFresh(size: { width: number; height: number }, runs: number, ws: string): Promise<Run[]> {
  const win = await launch({ workspace: ws, env: {}, hostScenario: false, viewport: size, settings: { 'backpropTrace.python.path': '/usr/bin/python3' }, beforeLoad: watchWire });
  const out: Run[] = [];
  try {
    await win.page.context().close();
    for (let i = 1; i <= runs; i++) {
      for (const what of order(i)) {
        const page = await win.newWindow();
        const unwatch = watchFrames(page, MD_MARK);
        try {
          await prepare(page);
          const { shots, session } = PIXELS ? await screencast(page) : { shots: [] as Shot[], session: undefined };
          out.push(await one(page, shots, what, i));
          await session?.send('Page.stopScreencast').catch(() => undefined);
        } finally {
          unwatch();
          await page.context().close();
        }
      }
    }
  } finally {
    await win.close();
  }
  return out;
}

/** A phase of the run inside the frame (frames.ts), in ms from Enter; NaN if the frame did not report it. */
const at = (r: Run, k: 'timeOrigin' | 'written' | 'seen'): number => (r.f?.[k] ?? NaN) - r.start;
/** A moment seen on the WebSocket (wire.ts), in ms from Enter; NaN if not seen. */
const wireAt = (r: Run, k: keyof WireTimes): number => (r.wire?.[k] ?? NaN) - r.start;

/** From the page's load event to the canvas, in the trace's frame: our script, cytoscape's chunk, the webview's marks (render.ts), the report. */
function interactiveRows(tr: Run[]): Row[] {
  const load = (r: Run) => r.late?.load ?? NaN;
  const script = (r: Run) => r.late?.scripts.find((s) => s.name.startsWith('webview.js'));
  const mark = (r: Run, k: string) => r.late?.marks[k] ?? NaN;
  return [
    // Fetched only by a page that links its code (extension/pageFiles.ts): a page awaiting it gets it posted, "–" here.
    { label: '  … load event → our script asked → arrived (linked)', values: tr.map((r) => (script(r)?.start ?? NaN) - load(r)) },
    { label: '      … arrived', values: tr.map((r) => (script(r)?.end ?? NaN) - load(r)) },
    { label: '  … load event → cytoscape\'s chunk asked → arrived (linked)', values: tr.map((r) => (r.late?.chunk.start ?? NaN) - load(r)) },
    { label: '      … arrived', values: tr.map((r) => (r.late?.chunk.end ?? NaN) - load(r)) },
    { label: '  … load event → our script ran → the page\'s trace handled', values: tr.map((r) => mark(r, 'bpt-script-ran') - load(r)) },
    { label: '      … handled', values: tr.map((r) => mark(r, 'bpt-page-handled') - load(r)) },
    { label: '  … load event → the canvas asked → chunk ran → canvas drawn', values: tr.map((r) => mark(r, 'bpt-canvas-asked') - load(r)) },
    { label: '      … chunk ran', values: tr.map((r) => mark(r, 'bpt-canvas-ran') - load(r)) },
    { label: '      … canvas drawn', values: tr.map((r) => mark(r, 'bpt-canvas-drawn') - load(r)) },
    { label: '  … canvas drawn → reported', values: tr.map((r) => r.interactive + r.start - mark(r, 'bpt-canvas-drawn')) },
    { label: '  … Enter → the page\'s load event', values: tr.map((r) => load(r) - r.start) },
  ];
}

function report(runs: Run[], title: string): string {
  const of = (w: Run['what']) => runs.filter((r) => r.what === w).sort((a, b) => a.run - b.run);
  const [tr, md, pr] = [of('trace'), of('md'), of('progress')];
  const ratio = (k: 'pixels' | 'inside', a: Run[]) => a.map((r, i) => r[k] / md[i][k]);
  const rows: Row[] = [
    { label: 'Trace backprop (palette, Enter) → graph visible in the screen\'s pixels', values: tr.map((r) => r.pixels) },
    { label: '  … → graph seen from inside its frame', values: tr.map((r) => r.inside) },
    { label: '  … seen inside → visible in the pixels', values: tr.map((r) => r.pixels - r.inside) },
    { label: 'Markdown: Open Preview to the Side → text visible in the pixels', values: md.map((r) => r.pixels) },
    { label: '  … → text seen from inside its frame', values: md.map((r) => r.inside) },
    { label: '  … seen inside → visible in the pixels', values: md.map((r) => r.pixels - r.inside) },
    { label: 'ratio trace / Markdown, pixels, run by run', values: ratio('pixels', tr), unit: '×' },
    { label: 'ratio trace / Markdown, inside the frame, run by run', values: ratio('inside', tr), unit: '×' },
    { label: 'Trace: Enter → interactive (its canvas drawn: the panel\'s `rendered` report, from its frame)', values: tr.map((r) => r.interactive) },
    { label: 'ratio interactive / Markdown text visible in the pixels, run by run', values: tr.map((r, i) => r.interactive / md[i].pixels), unit: '×' },
    ...interactiveRows(tr),
    { label: 'Trace: Enter → its webview frame created (VS Code)', values: tr.map((r) => at(r, 'timeOrigin')) },
    { label: 'Markdown: Enter → its webview frame created (VS Code)', values: md.map((r) => at(r, 'timeOrigin')) },
    { label: 'Trace: Enter → its command left the page (the palette)', values: tr.map((r) => wireAt(r, 'commandSent')) },
    { label: 'Markdown: Enter → its command left the page (the palette)', values: md.map((r) => wireAt(r, 'commandSent')) },
    { label: 'Trace: command left → create panel arrived (extension host)', values: tr.map((r) => wireAt(r, 'createArrived') - wireAt(r, 'commandSent')) },
    { label: 'Markdown: command left → create panel arrived (extension host)', values: md.map((r) => wireAt(r, 'createArrived') - wireAt(r, 'commandSent')) },
    { label: 'Trace: create arrived → its HTML arrived (extension host)', values: tr.map((r) => wireAt(r, 'htmlArrived') - wireAt(r, 'createArrived')) },
    { label: 'Markdown: create arrived → its HTML arrived (extension host)', values: md.map((r) => wireAt(r, 'htmlArrived') - wireAt(r, 'createArrived')) },
    { label: 'Trace: create arrived → VS Code\'s outer frame created → its DOMContentLoaded', values: tr.map((r) => (r.f?.outerOrigin ?? NaN) - r.start - wireAt(r, 'createArrived')) },
    { label: '    … outer frame\'s DOMContentLoaded', values: tr.map((r) => (r.f?.outerReady ?? NaN) - r.start - wireAt(r, 'createArrived')) },
    { label: 'Markdown: create arrived → VS Code\'s outer frame created', values: md.map((r) => (r.f?.outerOrigin ?? NaN) - r.start - wireAt(r, 'createArrived')) },
    { label: '    … outer frame\'s DOMContentLoaded', values: md.map((r) => (r.f?.outerReady ?? NaN) - r.start - wireAt(r, 'createArrived')) },
    { label: 'Trace: create arrived → frame created (workbench)', values: tr.map((r) => at(r, 'timeOrigin') - wireAt(r, 'createArrived')) },
    { label: 'Markdown: create arrived → frame created (workbench)', values: md.map((r) => at(r, 'timeOrigin') - wireAt(r, 'createArrived')) },
    { label: 'Trace: frame created → its blank page\'s service worker started', values: tr.map((r) => (r.f ? r.f.fakeWorker - r.f.timeOrigin : NaN)) },
    { label: 'Markdown: frame created → its blank page\'s service worker started', values: md.map((r) => (r.f ? r.f.fakeWorker - r.f.timeOrigin : NaN)) },
    { label: 'Trace: frame created → HTML written into it', values: tr.map((r) => at(r, 'written') - at(r, 'timeOrigin')) },
    { label: 'Markdown: frame created → HTML written into it', values: md.map((r) => at(r, 'written') - at(r, 'timeOrigin')) },
    { label: 'Trace: HTML written → graph seen', values: tr.map((r) => at(r, 'seen') - at(r, 'written')) },
    { label: 'Markdown: HTML written → text seen', values: md.map((r) => at(r, 'seen') - at(r, 'written')) },
    { label: 'ratio trace / Markdown, frame created → seen (after VS Code made the frame), run by run', values: tr.map((r, i) => (at(r, 'seen') - at(r, 'timeOrigin')) / (at(md[i], 'seen') - at(md[i], 'timeOrigin'))), unit: '×' },
    { label: 'Run mode (palette) → progress page\'s text seen from inside its frame', values: pr.map((r) => r.inside) },
  ];
  const byRun = tr.map((r, i) => `run ${r.run}: ${Math.round(r.pixels)} / ${Math.round(md[i]?.pixels)} ms = ${(r.pixels / md[i]?.pixels).toFixed(2)}× (inside ${(r.inside / md[i]?.inside).toFixed(2)}×)`);
  return `${table(title, rows)}\n` +
    `  ratio of the medians (pixels): ${(median(tr.map((r) => r.pixels)) / median(md.map((r) => r.pixels))).toFixed(2)}×\n  run by run (trace / Markdown, pixels): ${byRun.join('; ')}\n  load average at each run: ${runs.map((r) => `${r.what} ${r.run}: ${r.load}`).join('; ')}`;
}

async function main(): Promise<void> {
  console.log(`Backprop Trace outside-client benchmark: ${RUNS} runs; load average ${load()}`);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const ws = workspace();
  try {
    const fresh = await driveFresh({ width: 1400, height: 900 }, RUNS, ws);
    console.log(report(fresh, 'OUTSIDE CLIENT, FIRST TRACE OF A FRESH WINDOW, LIKE FOR LIKE (keyboard and palette; each command the first panel of its own window, both files opened first; ms from Enter)'));
    const out = path.join(ROOT, 'test-results', 'bench-outside.json');
    const write = (o: object) => fs.writeFileSync(out, JSON.stringify(o, (k, v: unknown) => (k === 'scripts' || k === 'longTasks' ? undefined : v), 1));
    write({ fresh });
    if (process.argv.includes('--fresh-only')) return;
    const big = await drive({ width: 1400, height: 900 }, RUNS, ws);
    console.log(`\n${report(big, 'OUTSIDE CLIENT, A NEW PANEL IN THE SAME WINDOW, RUN BY RUN (keyboard and palette; both files opened first; each panel closed before the next command; ms from Enter)')}`);
    const small = await drive({ width: 1000, height: 800 }, 1, ws);
    console.log(`\nAt 1000×800 (1 run): trace ${Math.round(small[0].pixels)} / Markdown ${Math.round(small[1].pixels)} ms in pixels; progress page's text seen inside its frame ${Math.round(small[2].inside)} ms`);
    write({ fresh, big, small });
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
  console.log(`load average after: ${load()}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
