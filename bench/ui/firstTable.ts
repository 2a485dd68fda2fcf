// The driver's side of bench:ui's `first` scenario (likeForLike.ts runs in the host): for each
// command the host reports, the times read inside the webview frame that shows the content, and
// the table: the same start (the command), the same end (content seen from inside its frame, at
// the start of the frame after the one it was found in), run by run in one window.
import type { Page } from 'playwright-core';
import { frameTimes, type FrameTimes } from './frames';
import { table, median, type Row } from './stats';

export type Rec = Record<string, unknown> & { kind: string };
export interface FirstRun { r: Rec; f?: FrameTimes }

const num = (r: Rec | undefined, k: string) => (r && typeof r[k] === 'number' ? (r[k] as number) : NaN);

/** Polls the page's frames until the content `r` asked for is seen in one (the host waits 6 s). */
export async function collectFirst(r: Rec, page: Page): Promise<FirstRun> {
  const what = r.what === 'md' ? 'md' : 'trace';
  for (let k = 0; k < 30; k++) {
    const f = await frameTimes(page, what);
    // A frame created after the command: the new panel's, not one of an earlier run. The trace's
    // is read again once its canvas is drawn, for the breakdown after the first frame.
    if (f && f.timeOrigin >= num(r, 'start') - 5) return what === 'trace' ? { r, f: await afterCanvas(page, f) } : { r, f };
    await new Promise((ok) => setTimeout(ok, 200));
  }
  return { r };
}

/** The trace's frame once its canvas is drawn (render.ts's mark), or as it is after ~3 s. */
async function afterCanvas(page: Page, f: FrameTimes): Promise<FrameTimes> {
  for (let k = 0; k < 15 && f.marks['bpt-canvas-drawn'] === undefined; k++) {
    await new Promise((ok) => setTimeout(ok, 200));
    f = (await frameTimes(page, 'trace')) ?? f;
  }
  return f;
}

/** From the first frame seen to the canvas: cytoscape's chunk fetched (started by chunks.ts), asked for after the load event, run, drawn; the long tasks in that span. */
function canvasRows(runs: FirstRun[], live: number[]): Row[] {
  const at = (f: FrameTimes | undefined, k: string) => f?.marks[k] ?? NaN;
  const busy = (f: FrameTimes | undefined, from: number, to: number) => (f ? f.longTasks.filter((t) => t.at >= from && t.at < to).reduce((s, t) => s + t.ms, 0) : NaN);
  return [
    { label: '    HTML written → cytoscape\'s chunk fetched', values: runs.map(({ f }) => (f ? f.chunk.end - Number(f.written) : NaN)) },
    { label: '    HTML written → chunk asked (after the load event)', values: runs.map(({ f }) => at(f, 'bpt-canvas-asked') - Number(f?.written)) },
    { label: '    chunk asked → chunk ran', values: runs.map(({ f }) => at(f, 'bpt-canvas-ran') - at(f, 'bpt-canvas-asked')) },
    { label: '    chunk ran → canvas drawn', values: runs.map(({ f }) => at(f, 'bpt-canvas-drawn') - at(f, 'bpt-canvas-ran')) },
    { label: '    canvas drawn → interactive (next frame painted)', values: runs.map(({ r, f }, i) => live[i] + num(r, 'start') - at(f, 'bpt-canvas-drawn')) },
    { label: '    long tasks between graph seen and interactive', values: runs.map(({ r, f }, i) => busy(f, f?.seen ?? NaN, live[i] + num(r, 'start'))) },
  ];
}

/** The phases inside a new webview's frame, the same for both: VS Code's blank page, our HTML, its resources, its load event, shown, seen. */
function frameRows(runs: FirstRun[], what: string): Row[] {
  const since = (a: keyof FrameTimes, b: keyof FrameTimes) => runs.map(({ f }) => (f ? Number(f[b]) - Number(f[a]) : NaN));
  return [
    { label: '  → webview (content) frame created', values: runs.map(({ r, f }) => (f?.timeOrigin ?? NaN) - num(r, 'start')) },
    { label: '  frame created → VS Code\'s blank page (fake.html) loaded', values: since('timeOrigin', 'fakeReady') },
    { label: '    frame created → its service worker started (NaN: none)', values: since('timeOrigin', 'fakeWorker') },
    { label: '    frame created → fake.html asked', values: since('timeOrigin', 'fakeAsked') },
    { label: '    asked → first byte', values: since('fakeAsked', 'fakeFirstByte') },
    { label: '    first byte → DOMContentLoaded', values: since('fakeFirstByte', 'fakeReady') },
    { label: '  frame created → the page\'s HTML written into it', values: since('timeOrigin', 'written') },
    { label: '    HTML written → its stylesheets in (NaN: none)', values: since('written', 'stylesLoaded') },
    { label: '    HTML written → its scripts in', values: since('written', 'scriptsLoaded') },
    { label: '    HTML written → its load event', values: since('written', 'load') },
    { label: '    HTML written → frame shown (at load, or 200 ms after the write)', values: since('written', 'shown') },
    { label: `    HTML written → ${what} seen`, values: since('written', 'seen') },
  ];
}

/** The ratios run by run: each trace against the Markdown run of the same round. */
export function firstReport(runs: FirstRun[], loads: string[]): string {
  const of = (what: string) => runs.filter(({ r }) => r.what === what).sort((a, b) => num(a.r, 'run') - num(b.r, 'run'));
  const [tr, md] = [of('trace'), of('md')];
  const seen = (x: FirstRun) => (x.f?.seen ?? NaN) - num(x.r, 'start');
  const tSeen = tr.map(seen);
  const mSeen = md.map(seen);
  const tLive = tr.map(({ r }) => num(r, 'receivedAt') + num(r, 'drawMs') - num(r, 'start'));
  const host = (x: FirstRun, k: string) => num(x.r.host as Rec | undefined, k);
  const pair = (a: number[]) => a.map((t, i) => t / mSeen[i]);
  const rows: Row[] = [
    { label: 'Trace backprop, seed.py: command → graph seen in its frame', values: tSeen },
    { label: '  command → panel made (host)', values: tr.map((x) => host(x, 'created') - num(x.r, 'start')) },
    { label: '  command → HTML set (host)', values: tr.map((x) => host(x, 'written') - num(x.r, 'start')) },
    { label: '    of which the first frame\'s layout in the host', values: tr.map((x) => host(x, 'firstFrameMs')) },
    ...frameRows(tr, 'graph'),
    { label: '  webview: page data received → its first frame (RenderReport.firstFrameMs; 0: the host\'s, kept as it came)', values: tr.map(({ r }) => num(r, 'firstFrameMs')) },
    { label: 'Trace backprop: command → interactive (canvas, `rendered`)', values: tLive },
    ...canvasRows(tr, tLive),
    { label: 'Markdown preview (showPreviewToSide): command → text seen in its frame', values: mSeen },
    ...frameRows(md, 'text'),
    { label: 'ratio graph seen / Markdown text seen, run by run', values: pair(tSeen), unit: '×' },
    { label: 'ratio interactive / Markdown text seen, run by run', values: pair(tLive), unit: '×' },
  ];
  const byRun = tSeen.map((t, i) => `run ${i + 1}: ${Math.round(t)} / ${Math.round(mSeen[i])} ms = ${(t / mSeen[i]).toFixed(2)}× (interactive ${(tLive[i] / mSeen[i]).toFixed(2)}×)`);
  const chars = tr.map((x) => host(x, 'chars')).filter((c) => c > 0);
  return `${table('FIRST TRACE, LIKE FOR LIKE (one window; seed.py and preview.md opened first, both extensions active; each run a new panel; ms from the command)', rows)}\n` +
    `  ratio of the medians: ${(median(tSeen) / median(mSeen)).toFixed(2)}× seen, ${(median(tLive) / median(mSeen)).toFixed(2)}× interactive   (targets ≤ 1.0 and ≤ 1.3, run by run)\n` +
    `  the first trace travelled in the panel's page in ${tr.filter(({ f }) => f?.pageData).length} of ${tr.length} runs (its HTML: ${chars.length ? Math.max(...chars).toLocaleString('en') : '?'} characters)\n` +
    `  run by run (trace / Markdown): ${byRun.join('; ')}\n  load average at each round: ${loads.join('; ')}`;
}
