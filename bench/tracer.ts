// npm run bench:tracer: run mode's cost, side by side with the plain program in one run (#20):
//   1. CPU time (user + sys of the whole process tree, GNU time's rusage of the waited-for child)
//      of examples/train_loop.py (10,000 iterations) and the book's train_neuralnet.py (test/fixtures/book,
//      its stand-in MNIST; BENCH_BOOK_ITERS iterations, 2,000 by default) and gradient_check.py, both
//      seeded (the traced run must print the plain run's bytes), plain and traced (the record stream
//      the host reads, the gradient checks included), interleaved so the load hits both alike; medians.
//   2. Peak memory (GNU time's max RSS), plain and traced, of the same runs and of a layer holding
//      an 8 MB table it never changes (the gradient check's snapshots share it).
//   3. "Trace this file's layers" on examples/mnist_batch.py as the extension host does it, panel
//      closed, a fresh Python each time: spawn → the "ran" record read (the code ended; the checks
//      run after it) → checked and built into pass 1's graph → the panel's message serialised (v8's
//      structured clone, what postMessage copies): command → graph; and command → all verdicts
//      (the process closed, every check in), each beside the plain run's wall time.
// The machine's load (os.loadavg) is printed with each part: on a shared machine wall times mean
// little, CPU ratios more. BENCH_RUNS (default 5), BENCH_BOOK_RUNS (default 3 pairs of each book program),
// BENCH_ONLY=start|cpu|memory|graph|book|gradcheck picks one part, or several with commas (book,gradcheck) (start: print(1), apple.py and two_layer_net.py, the tracer's start) (gradcheck: the book's gradient_check.py, whose
// forward-only flood after the cap the wrapped methods count and watch: aftercap.py).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { parseRecorded, recordedToGraph } from '../src/engine/recorded';
import { runTracer } from '../src/python/tracer';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
// BENCH_TRACER: another tracer's bpt_trace.py (e.g. main's, checked out elsewhere) for a before/after
const TRACER = process.env.BENCH_TRACER ?? path.join(ROOT, 'src', 'tracer', 'bpt_trace.py');
// BENCH_BEFORE: an older tracer's bpt_trace.py, run interleaved with plain and traced by sideBySide (one load for all three)
const BEFORE = process.env.BENCH_BEFORE;
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 5));
const BOOK_RUNS = Math.max(1, Number(process.env.BENCH_BOOK_RUNS ?? 3));
// train_neuralnet.py's iterations (the book's 10,000: ~85 s of CPU a run; BENCH_BOOK_ITERS to change)
const BOOK_ITERS = Math.max(1, Number(process.env.BENCH_BOOK_ITERS ?? 2000));
const ONLY = process.env.BENCH_ONLY?.split(',');
// One BLAS thread for plain and traced runs alike: with OpenBLAS's own threads (which spin while
// they wait) plain runs of the book's program took 82 to 90 s of CPU at load 14-17 here
// (BENCH_BLAS_THREADS to change it).
const BLAS_THREADS = process.env.BENCH_BLAS_THREADS ?? '1';
const BLAS = { OPENBLAS_NUM_THREADS: BLAS_THREADS, OMP_NUM_THREADS: BLAS_THREADS, MKL_NUM_THREADS: BLAS_THREADS };

const load = (): string => `load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1 / 5 / 15 min, ${os.cpus().length} cores)`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;

interface Measured { cpuMs: number; wallMs: number; rssKb: number; stdout: string }

/** `python args...` under GNU time: CPU (user + sys) and peak RSS of the process and what it waited for. */
function measured(args: string[], cwd: string): Measured {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'BPT_TIME %U %S %M', PYTHON, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...BLAS } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const m = /BPT_TIME (\S+) (\S+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { cpuMs: (Number(m[1]) + Number(m[2])) * 1000, wallMs, rssKb: Number(m[3]), stdout: r.stdout };
}

interface Side { cpu: number[]; wall: number[]; rss: number[] }
const side = (): Side => ({ cpu: [], wall: [], rss: [] });
const add = (to: Side, m: Measured): void => {
  to.cpu.push(m.cpuMs);
  to.wall.push(m.wallMs);
  to.rss.push(m.rssKb);
};

/** A program plain and traced, `runs` times each, interleaved; the traced run must print what the plain one
 *  prints (`seeded`), or as many lines (the book's program draws its batches unseeded). */
function sideBySide(title: string, script: string, runs: number, seeded = true, goal = 1.1, cwd = path.dirname(script)): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-'));
  const stream = path.join(dir, 'records.jsonl');
  const plain = side();
  const traced = side();
  const before1 = side();
  const own: number[] = [];
  let info = '';
  const before = load();
  const fixed = startupCost();
  try {
    for (let i = 0; i < runs; i++) {
      const p = measured([script], cwd);
      add(plain, p);
      const t = measured([TRACER, '--stream', stream, '--file', script], cwd);
      add(traced, t);
      if (BEFORE) add(before1, measured([BEFORE, '--stream', stream + '.before', '--file', script], cwd));
      const lines = (x: string): number => x.split('\n').length;
      if (seeded ? t.stdout !== p.stdout : lines(t.stdout) !== lines(p.stdout)) throw new Error(`traced ${title} printed something else than the plain run`);
      const records = fs.readFileSync(stream, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: string; timing?: { checks?: number; tracerCpu?: number } });
      const end = records.find((l) => l.t === 'end');
      own.push(end?.timing?.tracerCpu ?? NaN);
      info = `${records.filter((l) => l.t === 'call').length} calls recorded, ${records.filter((l) => l.t === 'check').length} layers checked in ${(end?.timing?.checks ?? NaN).toFixed(0)} ms, ${(fs.statSync(stream).size / 1e6).toFixed(1)} MB of records`;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${title}, ${runs} run(s) each, interleaved (${PYTHON}, ${BLAS_THREADS} BLAS thread(s)); ${before} before, ${load()} after`);
  const row = (name: string, x: Side): string => `  ${name} cpu median ${s(median(x.cpu))} (min ${s(Math.min(...x.cpu))})   wall median ${s(median(x.wall))}   peak RSS ${mb(median(x.rss))}`;
  console.log(row('plain: ', plain));
  console.log(row('traced:', traced));
  if (BEFORE) console.log(`${row('before:', before1)}   before / plain: CPU ${(median(before1.cpu) / median(plain.cpu)).toFixed(3)}x (min/min ${(Math.min(...before1.cpu) / Math.min(...plain.cpu)).toFixed(3)}x) (${BEFORE})`);
  console.log(`  ${info}`);
  console.log(`  traced / plain: CPU ${(median(traced.cpu) / median(plain.cpu)).toFixed(3)}x (goal <= ${goal.toFixed(2)}x; min/min ${(Math.min(...traced.cpu) / Math.min(...plain.cpu)).toFixed(3)}x)   ` +
    `wall ${(median(traced.wall) / median(plain.wall)).toFixed(2)}x   peak memory +${mb(median(traced.rss) - median(plain.rss))}`);
  // CPU times swing with the load (other jobs share the cores and caches); what the tracer adds
  // itself is steadier: its start (an empty program traced vs plain) and its callbacks' own CPU
  console.log(`  the tracer's own share: start ${fixed.toFixed(0)} ms + its callbacks (recording and checks, their thread's CPU) ${median(own).toFixed(0)} ms ` +
    `= ${(1 + (fixed + median(own)) / median(plain.cpu)).toFixed(3)}x of the plain median, ${(1 + (fixed + median(own)) / Math.min(...plain.cpu)).toFixed(3)}x of its min`);
}

/** The tracer's start, beside the plain program's, interleaved: print(1) (no numpy, no layer), the
 *  book's apple.py (layers on numbers, no numpy) and examples/two_layer_net.py (numpy). numpy is
 *  the program's to import: a numpy-free program does not pay for it (~230 ms of CPU here). */
function starts(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-starts-'));
  try {
    fs.writeFileSync(path.join(dir, 'print1.py'), 'print(1)\n');
    const programs = [path.join(dir, 'print1.py'), path.join(ROOT, 'examples', 'apple.py'), path.join(ROOT, 'examples', 'two_layer_net.py')];
    const cpu = programs.map(() => ({ plain: [] as number[], traced: [] as number[] }));
    const before = load();
    for (let i = 0; i < RUNS * 2; i++) {
      programs.forEach((file, k) => {
        cpu[k].plain.push(measured([file], path.dirname(file)).cpuMs);
        cpu[k].traced.push(measured([TRACER, '--stream', path.join(dir, 's.jsonl'), '--file', file], path.dirname(file)).cpuMs);
      });
    }
    console.log(`\nThe tracer's start: CPU (user + sys), plain and traced interleaved, ${RUNS * 2} runs each (${PYTHON}); ${before} before, ${load()} after`);
    programs.forEach((file, k) => {
      const p = median(cpu[k].plain);
      const t = median(cpu[k].traced);
      console.log(`  ${path.basename(file).padEnd(18)} plain ${p.toFixed(0)} ms   traced ${t.toFixed(0)} ms   traced / plain ${(t / p).toFixed(2)}x   (+${(t - p).toFixed(0)} ms)`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let startup: number | undefined;
/** CPU ms the tracer adds to a program that records nothing (`import numpy`): its own start. */
function startupCost(): number {
  if (startup !== undefined) return startup;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-start-'));
  try {
    const file = path.join(dir, 'empty.py');
    fs.writeFileSync(file, 'import numpy\n');
    const plain: number[] = [];
    const traced: number[] = [];
    for (let i = 0; i < 7; i++) {
      plain.push(measured([file], dir).cpuMs);
      traced.push(measured([TRACER, '--stream', path.join(dir, 's.jsonl'), '--file', file], dir).cpuMs);
    }
    startup = Math.max(0, median(traced) - median(plain));
    return startup;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A layer holding an 8 MB table, forward and backward 40 times (40 passes recorded). Goal: traced <= plain + 64 MB. */
function memory(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-mem-'));
  try {
    const file = path.join(dir, 'table.py');
    fs.writeFileSync(file, [
      'import numpy as np',
      'class Lookup:',
      '    def __init__(self):',
      '        self.table = np.random.default_rng(0).standard_normal(1_000_000)  # 8 MB, read, never learned',
      '    def forward(self, idx):',
      '        self.idx = idx',
      '        return self.table[idx]',
      '    def backward(self, dout):',
      '        return None',
      'layer = Lookup()',
      'for i in range(40):',
      '    layer.forward(np.arange(10) + i)',
      '    layer.backward(np.ones(10))',
      '',
    ].join('\n'));
    const plain = Math.min(...[0, 1, 2].map(() => measured([file], dir).rssKb));
    const traced = Math.min(...[0, 1, 2].map(() => measured([TRACER, '--stream', path.join(dir, 's.jsonl'), '--max-passes', '40', '--file', file], dir).rssKb));
    console.log(`\n8 MB table held by a layer, 40 passes recorded, peak RSS (min of 3); ${load()}`);
    console.log(`  plain ${mb(plain)}   traced ${mb(traced)}   traced - plain +${mb(traced - plain)} (goal <= +64 MB)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Pass 1's graph of a recording, and its panel message serialised (v8's structured clone, what postMessage copies). */
function graphMessage(result: unknown): { bytes: number; parsed: number; built: number } {
  const parsed = parseRecorded(result);
  if ('error' in parsed) throw new Error(parsed.error);
  const parsedAt = Date.now();
  const graph = recordedToGraph(parsed.result, 0);
  const builtAt = Date.now();
  return { bytes: v8.serialize({ type: 'trace', graph }).length, parsed: parsedAt, built: builtAt };
}

/** "Trace this file's layers" on mnist_batch.py, the host's pipeline without VS Code (panel closed):
 *  the graph drawn at the tracer's "ran" record (its layers checking…), the verdicts when it closes. */
async function commandToGraph(): Promise<void> {
  const file = path.join(ROOT, 'examples', 'mnist_batch.py');
  const cwd = path.dirname(file);
  const rows: Record<string, number>[] = [];
  const plainMs: number[] = [];
  const before = load();
  for (let i = 0; i < RUNS; i++) {
    plainMs.push(measured([file], cwd).wallMs);
    const t0 = Date.now();
    let graphAt = NaN;
    let ranRead = NaN;
    const early: { bytes?: number; parse?: number; build?: number; checking?: number } = {};
    const o = await runTracer({
      python: PYTHON, tracer: TRACER, file, cwd, timeoutMs: 60_000,
      live: {
        onRan: (r) => {
          ranRead = Date.now();
          const m = graphMessage(r);
          graphAt = Date.now();
          Object.assign(early, { bytes: m.bytes, parse: m.parsed - ranRead, build: m.built - m.parsed, checking: (r.checking as unknown[] | undefined)?.length ?? 0 });
        },
      },
    });
    const m = graphMessage(o.result);
    const allAt = Date.now();
    const tm = (o.result as { timing?: Record<string, number> }).timing ?? {};
    if (Number.isNaN(graphAt)) throw new Error('the tracer wrote no "ran" record');
    rows.push({
      graph: graphAt - t0, all: allAt - t0, start: tm.start - o.timing.spawned, numpy: tm.numpy - tm.start, traced: tm.ran - tm.numpy,
      checks: tm.checks ?? NaN, exit: o.timing.closed - tm.checked, seen: ranRead - tm.ran, parse: early.parse ?? NaN, build: early.build ?? NaN,
      serialise: graphAt - ranRead - (early.parse ?? 0) - (early.build ?? 0), transfer: graphAt - tm.ran, bytes: early.bytes ?? NaN, checking: early.checking ?? NaN,
      finalBytes: m.bytes,
    });
  }
  const med = (k: string): number => median(rows.map((r) => r[k]));
  const m = (k: string): string => med(k).toFixed(0);
  const range = (k: string): string => `${Math.min(...rows.map((r) => r[k])).toFixed(0)}–${Math.max(...rows.map((r) => r[k])).toFixed(0)}`;
  const plain = median(plainMs);
  console.log(`\nexamples/mnist_batch.py, "Trace this file's layers" as the host runs it (no VS Code, panel closed), a fresh Python each, ${RUNS} runs; ${before} before, ${load()} after`);
  console.log(`  python3 mnist_batch.py alone (wall, plain): median ${plain.toFixed(0)} ms`);
  console.log(`  command → graph (drawn at the "ran" record, ${m('checking')} layers checking…): median ${m('graph')} ms (${range('graph')}) = ${(med('graph') / plain).toFixed(2)}x plain (goal <= 1000 ms)`);
  console.log(`  command → all verdicts (the process closed, every check in): median ${m('all')} ms (${range('all')}) = ${(med('all') / plain).toFixed(2)}x plain`);
  console.log(`  of which: Python start ${m('start')} / import numpy (when your file names it) ${m('numpy')} / your code traced ${m('traced')} ms → graph; then gradient checks ${m('checks')} / exit ${m('exit')} ms`);
  console.log(`  transfer at "ran" (seen ${m('seen')} + checked ${m('parse')} + pass 1's graph ${m('build')} + message serialised ${m('serialise')}): median ${m('transfer')} ms (${range('transfer')}) (goal <= 100 ms); the message ${(med('bytes') / 1024).toFixed(0)} KB`);
}

/** A book program run seeded (numpy's global generator at 0, so the traced run must print the same
 *  bytes as the plain one), from its own folder, its `iters_num = 10000` set to `iters` if given:
 *  a file of ours in a temp folder that compiles the book's file under its own name (the tracer
 *  sees the book's lines and classes) and runs it as __main__. */
function seededCopy(file: string, iters?: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-seeded-'));
  const copy = path.join(dir, `seeded_${path.basename(file)}`);
  fs.writeFileSync(copy, [
    'import sys',
    'import numpy as np',
    'np.random.seed(0)',
    `FILE = ${JSON.stringify(file)}`,
    'sys.path.insert(0, __import__("os").path.dirname(FILE))',
    'with open(FILE, encoding="utf-8") as fh:',
    '    text = fh.read()',
    iters === undefined ? '' : `text = text.replace("iters_num = 10000", "iters_num = ${iters}")`,
    'exec(compile(text, FILE, "exec"), {"__name__": "__main__", "__file__": FILE, "__builtins__": __builtins__})',
    '',
  ].join('\n'));
  return copy;
}

/** sideBySide on a seeded copy run from the book program's folder (its `os.pardir` imports). */
function book(title: string, file: string, runs: number, goal: number, iters?: number): void {
  const copy = seededCopy(file, iters);
  try {
    sideBySide(title, copy, runs, true, goal, path.dirname(file));
  } finally {
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!ONLY || ONLY.includes('start')) starts();
  if (!ONLY || ONLY.includes('cpu')) sideBySide('examples/train_loop.py (10,000 iterations, batch 100, 20 -> 50 -> 3)', path.join(ROOT, 'examples', 'train_loop.py'), RUNS);
  const ch05 = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05');
  if (!ONLY || ONLY.includes('book')) {
    book(`book ch05/train_neuralnet.py, seeded (stand-in MNIST: 6,000 + 1,000 random images; ${BOOK_ITERS.toLocaleString('en')} iterations, 784 -> 50 -> 10)`,
      path.join(ch05, 'train_neuralnet.py'), BOOK_RUNS, 1.1, BOOK_ITERS);
  }
  if (!ONLY || ONLY.includes('gradcheck')) {
    // ~318,000 forward-only calls of numerical_gradient after the recording's cap (counted by the
    // wrapped methods, no profile hook: aftercap.py), then one backprop whose layers are checked
    book("book ch05/gradient_check.py, seeded (stand-in MNIST; numerical_gradient's ~318,000 forward calls past the cap, then the layers' checks)",
      path.join(ch05, 'gradient_check.py'), BOOK_RUNS, 1.3);
  }
  if (!ONLY || ONLY.includes('memory')) memory();
  if (!ONLY || ONLY.includes('graph')) await commandToGraph();
}

void main();
