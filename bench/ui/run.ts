// npm run bench:ui — a benchmark (not a test) of what a user feels, in code-server + Chromium:
//   first trace, like for like (one window, both extensions active first; firstTable.ts): the
//     seed trace against VS Code's own Markdown preview of a small file, run by run;
//   fresh window (--only fresh; a new user-data-dir and browser per run): activation, and the
//     first trace of a new window (its Markdown figure includes the preview's own first-use work);
//   panel already open (one window): seed trace, expand/collapse, layers change, Step, 100×100;
//   a 1000×1000 literal opened and traced at once (one window, a new file per run): command →
//     graph, whether progress was visible all along, the longest extension-host block;
//   the webview's script size.
//   run mode (--only run): the two-layer example and an MNIST-sized batch traced from the CodeLens.
// Options: --runs N (default 5), --only first,fresh,panel,big,run (default all but fresh), --verbose. Raw records go to
// test-results/bench-ui.json. See README "Performance" for how to read the figures.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { CODE_SERVER, launch, ROOT } from './codeServer';
import { frameTimes, readyAt, watchFrames, type FrameTimes } from './frames';
import { bundleMakeup } from './bundle';
import type { Longest, Stretch } from './hostProfile';
import { collectFirst, firstReport, type FirstRun } from './firstTable';
import { runModeReport } from './runModeTable';
import { median, table, type Row } from './stats';

const MD_MARK = 'BENCH-MARKDOWN-PREVIEW-MARK'; // the same as bench/ui/inHost.ts (not imported: that one needs vscode)
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const RUNS = Number(arg('runs') ?? 5);
const ONLY = (arg('only') ?? 'first,panel,big,run').split(',');
const VERBOSE = process.argv.includes('--verbose');
type Rec = Record<string, unknown> & { kind: string };
const num = (r: Rec | undefined, k: string) => (r && typeof r[k] === 'number' ? (r[k] as number) : NaN);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function prepareWorkspace(big: number): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-ws-'));
  for (const f of ['seed.py', 'two_layer_net.py', 'mnist_batch.py']) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(ws, f));
  fs.writeFileSync(path.join(ws, 'preview.md'), `# Bench preview\n\n${MD_MARK}: a small file with a heading, a list and some code.\n\n- ReLU\n- Sigmoid\n\n\`\`\`python\nx = np.array([[1.0, -0.5], [2.0, 0]])\n\`\`\`\n`);
  for (let k = 1; k <= big; k++) {
    const rows: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const row: string[] = [];
      for (let j = 0; j < 1000; j++) row.push((Math.sin(i * 1000 + j + k) * 2).toFixed(6));
      rows.push(`[${row.join(', ')}]`);
    }
    fs.writeFileSync(path.join(ws, `big${k}.py`), `import numpy as np\n\nx = np.array([${rows.join(',\n ')}])\n`);
  }
  return ws;
}

interface Result { ready?: number; activation?: string; why?: string; records: Rec[]; trace?: FrameTimes; md?: FrameTimes; samples: Sample[]; longTasks: { at: number; ms: number }[] }
interface Sample { at: number; progress: boolean; toast: boolean }

/** The workbench's notifications: is a toast with a running progress bar visible? */
function sampleProgress(): Sample {
  const toasts = Array.from(document.querySelectorAll<HTMLElement>('.notification-toast')).filter((t) => t.offsetParent !== null || t.getClientRects().length > 0);
  const progress = toasts.some((t) => {
    const p = t.querySelector('.monaco-progress-container');
    return !!p && p.classList.contains('active') && !p.classList.contains('done');
  });
  return { at: Date.now(), progress, toast: toasts.length > 0 };
}

/** The workbench's own long tasks (its UI thread also hands our messages to the webview). */
function observeLongTasks(): void {
  const w = window as unknown as { __bptLong?: { at: number; ms: number }[] };
  if (w.__bptLong) return;
  const list: { at: number; ms: number }[] = (w.__bptLong = []);
  new PerformanceObserver((l) => l.getEntries().forEach((e) => list.push({ at: performance.timeOrigin + e.startTime, ms: e.duration }))).observe({ type: 'longtask', buffered: true });
}

async function runWindow(scenario: string, ws: string, timeoutMs: number, onRecord?: (r: Rec, page: Page) => void): Promise<Result> {
  const samples: Sample[] = [];
  let sampling = false;
  const sampleLoop = async (page: Page) => {
    while (sampling) {
      const s = await page.evaluate(sampleProgress).catch(() => undefined);
      if (s) samples.push(s);
      await new Promise((r) => setTimeout(r, 40));
    }
  };
  const t0 = Date.now();
  const win = await launch({
    workspace: ws, verbose: VERBOSE,
    env: { BPT_BENCH_SCENARIO: scenario, BPT_BENCH_RUNS: String(RUNS) },
    onRecord: (r, page) => {
      if (VERBOSE) console.log(`  ${JSON.stringify(r).slice(0, 300)}`);
      onRecord?.(r as Rec, page);
      if (r.kind === 'big-begin') {
        void page.evaluate(observeLongTasks).catch(() => undefined);
        sampling = true;
        void sampleLoop(page);
      } else if (r.kind === 'big-end') sampling = false;
    },
  });
  try {
    const unwatch = watchFrames(win.page, MD_MARK);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([win.exited, new Promise<number>((r) => (timer = setTimeout(() => r(124), timeoutMs)))]);
    clearTimeout(timer);
    sampling = false;
    unwatch();
    const records = win.records as Rec[];
    if (VERBOSE) console.log(`  ${scenario}: window ${Date.now() - t0} ms from launch to the host's exit`);
    const err = records.find((r) => r.kind === 'error');
    if (code !== 0 || err) throw new Error(`${scenario}: ${code === 124 ? 'timed out' : `exit ${code}`} ${err ? String(err.message) : ''}`);
    const longTasks = (await win.page.evaluate(() => (window as unknown as { __bptLong?: { at: number; ms: number }[] }).__bptLong ?? []).catch(() => [])) as { at: number; ms: number }[];
    const activation = await win.page.evaluate(() => {
      const row = Array.from(document.querySelectorAll('.runtime-extensions-editor .extension')).find((e) => /backprop/i.test(e.textContent ?? ''));
      return row?.querySelector('.activation-time')?.textContent ?? undefined;
    }).catch(() => undefined);
    let why: string | undefined;
    try {
      why = win.activationLine();
    } catch {
      why = undefined;
    }
    return { ready: await readyAt(win.page), activation, why, records, trace: await frameTimes(win.page, 'trace'), md: await frameTimes(win.page, 'md'), samples, longTasks };
  } finally {
    await win.close();
  }
}

const longest = (f?: FrameTimes) => (f ? Math.max(0, ...f.longTasks.filter((t) => t.at < f.seen).map((t) => t.ms)) : NaN);

async function fresh(ws: string, out: Record<string, unknown>): Promise<string> {
  const traces: { r: Rec; f?: FrameTimes }[] = [];
  const mds: { r: Rec; f?: FrameTimes }[] = [];
  for (let i = 1; i <= RUNS; i++) {
    for (const s of i % 2 ? ['fresh-trace', 'fresh-md'] : ['fresh-md', 'fresh-trace']) {
      let res: Result;
      try {
        res = await runWindow(s, ws, 180_000);
      } catch (e) {
        console.log(`  run ${i} ${s} failed, left out: ${e instanceof Error ? e.message : e}`);
        (s === 'fresh-trace' ? traces : mds).push({ r: { kind: s } }); // NaN figures keep the runs paired
        continue;
      }
      const r = res.records.find((x) => x.kind === s)!;
      if (s === 'fresh-trace') traces.push({ r: { ...r, ready: res.ready ?? NaN, why: res.why, vscodeActivation: Number(/(\d+)\s*ms/.exec(res.activation ?? '')?.[1] ?? NaN) }, f: res.trace });
      else mds.push({ r, f: res.md });
      console.log(`  run ${i} ${s}: ${Math.round((s === 'fresh-trace' ? res.trace?.seen ?? NaN : res.md?.seen ?? NaN) - num(r, 'start'))} ms (load ${load()})`);
    }
  }
  out.fresh = { traces, mds };
  // If the webview stops marking <body class="has-trace">, its own report still dates the draw.
  const drawnAt = ({ r, f }: { r: Rec; f?: FrameTimes }) => f?.seen ?? num(r, 'receivedAt') + num(r, 'drawMs');
  const tTotal = traces.map((t) => drawnAt(t) - num(t.r, 'start'));
  const mTotal = mds.map(({ r, f }) => (f?.seen ?? NaN) - num(r, 'start'));
  // Interactive: cytoscape's canvas drawn and reported (`rendered`), after the first frame's SVG.
  const tLive = traces.map(({ r }) => num(r, 'receivedAt') + num(r, 'drawMs') - num(r, 'start'));
  const rows: Row[] = [
    { label: 'Trace backprop, seed.py: command → graph drawn (first frame)', values: tTotal },
    { label: 'Trace backprop, seed.py: command → interactive (canvas, `rendered`)', values: tLive },
    { label: '  host (command → trace posted, panel created)', values: traces.map(({ r }) => num(r, 'resolved') - num(r, 'start')) },
    { label: '  transfer (posted → received; webview start-up)', values: traces.map(({ r }) => num(r, 'receivedAt') - num(r, 'resolved')) },
    { label: '    of which: → webview frame created', values: traces.map(({ r, f }) => (f?.timeOrigin ?? NaN) - num(r, 'resolved')) },
    { label: '    of which: frame → its scripts loaded', values: traces.map(({ f }) => (f ? f.scriptsLoaded - f.timeOrigin : NaN)) },
    { label: '    of which: scripts loaded → trace received', values: traces.map(({ r, f }) => num(r, 'receivedAt') - (f?.scriptsLoaded ?? NaN)) },
    { label: '      script runs: loaded → `ready` posted', values: traces.map(({ r, f }) => num(r, 'ready') - (f?.scriptsLoaded ?? NaN)) },
    { label: '      handshake: `ready` → host → trace received', values: traces.map(({ r }) => num(r, 'receivedAt') - num(r, 'ready')) },
    { label: '  draw (received → first frame painted with it)', values: traces.map((t) => drawnAt(t) - num(t.r, 'receivedAt')) },
    { label: '    of which: received → first frame (RenderReport.firstFrameMs; none when the chunk came first)', values: traces.map(({ r }) => num(r, 'firstFrameMs')) },
    { label: '  received → interactive (RenderReport.drawMs, chunk wait included)', values: traces.map(({ r }) => num(r, 'drawMs')) },
    { label: '  longest task in the webview until drawn', values: traces.map(({ f }) => longest(f)) },
    { label: 'Markdown preview (showPreviewToSide): command → text drawn', values: mTotal },
    { label: '  host (command → returned)', values: mds.map(({ r }) => num(r, 'resolved') - num(r, 'start')) },
    { label: '  → webview frame created', values: mds.map(({ r, f }) => (f?.timeOrigin ?? NaN) - num(r, 'start')) },
    { label: '  frame → its scripts loaded', values: mds.map(({ f }) => (f ? f.scriptsLoaded - f.timeOrigin : NaN)) },
    { label: '  scripts loaded → text drawn', values: mds.map(({ f }) => (f ? f.seen - f.scriptsLoaded : NaN)) },
    { label: '  longest task in the webview until drawn', values: mds.map(({ f }) => longest(f)) },
    { label: 'ratio trace / Markdown, run by run', values: tTotal.map((t, i) => t / mTotal[i]), unit: '×' },
    { label: 'ratio interactive / Markdown, run by run', values: tLive.map((t, i) => t / mTotal[i]), unit: '×' },
    { label: 'activation (VS Code\'s Running Extensions figure)', values: traces.map(({ r }) => num(r, 'vscodeActivation')) },
    { label: 'activation: ext.activate() awaited by the bench', values: traces.map(({ r }) => num(r, 'activationMs')) },
  ];
  const early = traces.filter(({ r }) => r.wasActive).length;
  const scripts = traces[0]?.f?.scripts.map((s) => `${s.name} ${s.bytes} B`).join(', ');
  return `${table('FRESH WINDOW (new code-server user-data-dir and browser per run; times from the command, ms)', rows)}\n` +
    `  ratio of the medians: ${(median(tTotal) / median(mTotal)).toFixed(2)}× drawn, ${(median(tLive) / median(mTotal)).toFixed(2)}× interactive   (target ≤ 1.0)\n  scripts the trace webview loaded: ${scripts ?? '?'}\n  (the extension was already active before the bench asked in ${early} of ${traces.length} runs)` +
    `\n  exthost.log: ${String(traces[0]?.r.why ?? '?').replace(/^.*_doActivateExtension /, '')}`;
}

async function first(ws: string, out: Record<string, unknown>): Promise<string> {
  const pending: Promise<FirstRun>[] = [];
  const loads: string[] = [];
  await runWindow('first', ws, 600_000, (r, page) => {
    if (r.kind !== 'first') return;
    loads.push(load());
    pending.push(collectFirst(r, page));
  });
  const runs = await Promise.all(pending);
  out.first = runs;
  return firstReport(runs, loads.filter((_, i) => i % 2 === 0));
}

async function panel(ws: string, out: Record<string, unknown>): Promise<string> {
  const res = await runWindow('panel', ws, 300_000);
  const recs = res.records.filter((r) => r.kind === 'panel');
  out.panel = recs;
  const names = [...new Set(recs.map((r) => String(r.name)))];
  const rows: Row[] = names.flatMap((name) => {
    const rs = recs.filter((r) => r.name === name);
    if (!rs.some((r) => typeof r.receivedAt === 'number')) return [{ label: `${name}: command → stepped report in host`, values: rs.map((r) => num(r, 'back') - num(r, 'start')) }];
    return [
      { label: `${name}: start → drawn (receivedAt + drawMs)`, values: rs.map((r) => num(r, 'receivedAt') + num(r, 'drawMs') - num(r, 'start')) },
      { label: '  host (start → posted)', values: rs.map((r) => num(r, 'resolved') - num(r, 'start')) },
      { label: '  transfer (posted → received)', values: rs.map((r) => num(r, 'receivedAt') - num(r, 'resolved')) },
      { label: '  draw (drawMs)', values: rs.map((r) => num(r, 'drawMs')) },
      { label: '  report back in the host (start → host has it)', values: rs.map((r) => num(r, 'back') - num(r, 'start')) },
    ];
  });
  const wire = res.records.filter((r) => r.kind === 'wire').map((r) => `\n  ${String(r.name)}: the message to the webview carries ${num(r, 'bytes').toLocaleString('en')} bytes`).join('');
  return table('PANEL ALREADY OPEN (one window, after a warm-up trace; ms)', rows) + wire;
}

async function big(ws: string, out: Record<string, unknown>): Promise<string> {
  const res = await runWindow('big', ws, 1_200_000);
  const recs = res.records.filter((r) => r.kind === 'big');
  const opens = res.records.filter((r) => r.kind === 'big-open');
  const gaps = recs.map((r) => {
    // Progress is "visible" while a notification's bar runs, or once the graph is drawn.
    const drawn = num(r, 'receivedAt') + num(r, 'drawMs');
    const s = res.samples.filter((x) => x.at >= num(r, 'start') && x.at <= drawn);
    let worst = 0;
    let since = num(r, 'start');
    for (const x of s) {
      if (x.progress) since = x.at;
      worst = Math.max(worst, x.at - since);
    }
    const stall = s.reduce((m, x, k) => Math.max(m, k ? x.at - s[k - 1].at : x.at - num(r, 'start')), 0);
    return { shown: Math.max(worst, drawn - since), stall, samples: s.length };
  });
  const ui = recs.map((r) => Math.max(0, ...res.longTasks.filter((t) => t.at >= num(r, 'start') && t.at <= num(r, 'back')).map((t) => t.ms)));
  out.big = { recs, opens, gaps, ui };
  const held = (r: Record<string, unknown>) => r.held as Longest;
  const rows: Row[] = [
    { label: 'command → graph drawn (receivedAt + drawMs)', values: recs.map((r) => num(r, 'receivedAt') + num(r, 'drawMs') - num(r, 'start')) },
    { label: '  host (command → posted: parse, layers, previews)', values: recs.map((r) => num(r, 'resolved') - num(r, 'start')) },
    { label: '  transfer (posted → received)', values: recs.map((r) => num(r, 'receivedAt') - num(r, 'resolved')) },
    { label: '  draw (drawMs)', values: recs.map((r) => num(r, 'drawMs')) },
    { label: 'the same with the panel open and the editor settled: → drawn', values: opens.map((r) => num(r, 'receivedAt') + num(r, 'drawMs') - num(r, 'start')) },
    { label: '  host (command → posted)', values: opens.map((r) => num(r, 'resolved') - num(r, 'start')) },
    { label: '  transfer (posted → received)', values: opens.map((r) => num(r, 'receivedAt') - num(r, 'resolved')) },
    { label: 'file open → command (openTextDocument + show)', values: recs.map((r) => num(r, 'start') - num(r, 'opened')) },
    { label: 'longest time with no progress bar and no graph', values: gaps.map((g) => g.shown) },
    { label: 'longest gap between workbench samples (UI frozen)', values: gaps.map((g) => g.stall) },
    { label: 'ext host: longest event-loop block after the command', values: recs.map((r) => (r.worstSinceCommand as { ms: number }).ms) },
    { label: '  CPU the host used during that block', values: recs.map((r) => (r.worstSinceCommand as { cpuMs: number }).cpuMs) },
    { label: 'ext host: most CPU used in one block after the command', values: recs.map((r) => num(r, 'maxCpuSinceCommand')) },
    { label: '  its thread running (event-loop active) in one block, at most', values: recs.map((r) => num(r, 'maxActiveSinceCommand')) },
    { label: 'ext host: longest block since the file was opened', values: recs.map((r) => (r.worstSinceOpen as { ms: number }).ms) },
    // From a CPU profile of the host's thread: who held it, in the longest unbroken stretch each.
    { label: 'ext host thread held by our code, longest stretch (profile)', values: recs.map((r) => held(r).ours.ms) },
    { label: '  by VS Code\'s own work (e.g. its link detection on the new file)', values: recs.map((r) => held(r).vscode.ms) },
    { label: '  by the garbage collector', values: recs.map((r) => held(r).gc.ms) },
    { label: 'workbench UI thread: longest task after the command', values: ui },
  ];
  const stretch = (s: Stretch) => `${s.ms.toFixed(0)} ms ${s.top}@${s.at}`;
  const holders = recs.map((r) => `run ${r.run}: ours ${stretch(held(r).ours)}, VS Code ${stretch(held(r).vscode)}, GC ${stretch(held(r).gc)}`);
  const blocks = recs.map((r) => `run ${r.run}: ${(r.over50 as { ms: number; cpuMs: number; activeMs?: number; at: number }[]).map((b) => `${b.ms}/${b.cpuMs}/${b.activeMs ?? '?'}@${b.at}`).join(' ') || 'none'}`);
  return `${table('1000×1000 LITERAL OPENED AND TRACED AT ONCE (one window, a new 11 MB file per run; ms)', rows)}\n` +
    `  the message to the webview carries ${num(recs[0], 'wireBytes').toLocaleString('en')} bytes (big arrays as previews)\n` +
    `  progress visible the whole time (no gap > 250 ms): ${gaps.map((g) => (g.shown <= 250 ? 'yes' : 'no')).join(', ')}\n` +
    `  ext-host blocks > 50 ms (wall / process CPU incl. the worker / this thread running, ms @ ms after the command):\n    ${blocks.join('\n    ')}\n` +
    `  longest stretch on the host's thread by holder (ms, the function on top when it began @ ms after the command):\n    ${holders.join('\n    ')}`;
}

function bundle(): string {
  const dist = path.join(ROOT, 'dist');
  // webview.js first (the page's script), then the chunks it loads (cytoscape's).
  const files = fs.readdirSync(dist).filter((f) => /^webview.*\.js$/.test(f)).sort((a, b) => Number(b === 'webview.js') - Number(a === 'webview.js'));
  const role = (f: string) => (f === 'webview.js' ? 'first script' : 'chunk, loaded after');
  const makeup = files
    .filter((f) => fs.existsSync(path.join(dist, `${f}.map`)))
    .map((f) => `\n  ${f} by origin (its source map):` + bundleMakeup(path.join(dist, f)).map((m) => `\n    ${m.owner.padEnd(28)}${m.bytes.toLocaleString('en').padStart(12)} bytes`).join(''))
    .join('');
  return `WEBVIEW SCRIPTS (dist/webview*.js; target ≤ 300 KB for the first)\n${files.map((f) => `  ${f.padEnd(30)}${fs.statSync(path.join(dist, f)).size.toLocaleString('en').padStart(12)} bytes  (${role(f)})`).join('\n')}` + makeup;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(CODE_SERVER, 'out', 'node', 'entry.js'))) throw new Error('code-server is not installed: run "npm run setup"');
  const csVersion = (JSON.parse(fs.readFileSync(path.join(CODE_SERVER, 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`Backprop Trace UI benchmark: code-server ${csVersion}, /usr/bin/chromium headless, ${os.cpus().length} cores, ${RUNS} runs; load average ${load()}`);
  const ws = prepareWorkspace(ONLY.includes('big') ? RUNS : 0);
  const out: Record<string, unknown> = { runs: RUNS, loadBefore: os.loadavg() };
  const parts: string[] = [];
  try {
    if (ONLY.includes('first')) parts.push(await first(ws, out));
    if (ONLY.includes('fresh')) parts.push(await fresh(ws, out));
    if (ONLY.includes('panel')) parts.push(await panel(ws, out));
    if (ONLY.includes('big')) parts.push(await big(ws, out));
    if (ONLY.includes('run')) {
      const res = await runWindow('run', ws, 600_000);
      out.run = res.records.filter((r) => r.kind === 'run');
      parts.push(runModeReport(res.records));
    }
    parts.push(bundle());
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
  out.loadAfter = os.loadavg();
  console.log(`\n${parts.join('\n\n')}\n\nload average after: ${load()}`);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-results', 'bench-ui.json'), JSON.stringify(out, null, 1));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
