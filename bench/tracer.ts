// npm run bench:tracer: the tracer's overhead on a 10,000-iteration training loop of the
// two-layer net (examples/train_loop.py), as a ratio to the same program without it. Runs are
// interleaved (plain, traced, plain, ...) so the machine's load hits both alike; min and median
// of BENCH_RUNS (default 5) each, of wall time and of CPU time (user + sys, from bash's `time`,
// steadier on a shared machine). The traced run must print exactly what the plain run prints.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(ROOT, 'examples', 'train_loop.py');
const TRACER = path.join(ROOT, 'src', 'tracer', 'bpt_trace.py');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 5));

function timed(args: string[], cwd = path.dirname(SCRIPT)): { ms: number; cpuMs: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="BPT_CPU %3U %3S"; time "$@"', 'bash', PYTHON, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const cpu = /BPT_CPU (\S+) (\S+)\s*$/.exec(r.stderr);
  if (!cpu) throw new Error(`no CPU time in: ${r.stderr}`);
  return { ms, cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000, stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-'));
  const out = path.join(dir, 'result.json');
  const plain: number[] = [];
  const traced: number[] = [];
  const plainCpu: number[] = [];
  const tracedCpu: number[] = [];
  let info = '';
  try {
    for (let i = 0; i < RUNS; i++) {
      const p = timed([SCRIPT]);
      plain.push(p.ms);
      plainCpu.push(p.cpuMs);
      const t = timed([TRACER, '--out', out, '--file', SCRIPT]);
      traced.push(t.ms);
      tracedCpu.push(t.cpuMs);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { stdout: string; calls: unknown[]; passes: number; capped: boolean; gradcheck: unknown[] };
      // the program's stdout is the process's own (#24): what the traced process printed
      if (t.stdout !== p.stdout) throw new Error('the traced run printed something else than the plain run');
      info = `${result.calls.length} calls in ${result.passes} passes recorded (capped: ${result.capped}), ${result.gradcheck.length} layer calls checked, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB of JSON`;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const f = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`train_loop.py, 10,000 iterations, ${RUNS} runs each (${PYTHON})`);
  const row = (name: string, xs: number[], cpu: number[]): string =>
    `  ${name} wall min ${f(Math.min(...xs))} median ${f(median(xs))}   cpu min ${f(Math.min(...cpu))} median ${f(median(cpu))}`;
  const ratio = (a: number[], b: number[]): string => `min ${(Math.min(...a) / Math.min(...b)).toFixed(2)}x median ${(median(a) / median(b)).toFixed(2)}x`;
  console.log(row('plain: ', plain, plainCpu));
  console.log(row('traced:', traced, tracedCpu));
  console.log(`  ${info}`);
  console.log(`  ratio traced/plain: wall ${ratio(traced, plain)}   cpu ${ratio(tracedCpu, plainCpu)}   (goal <= 1.3x)`);
}

/** Peak resident memory (KB, GNU time's %M) of `python3 args...`. */
function peakKb(args: string[], cwd: string): number {
  const r = spawnSync('/usr/bin/time', ['-f', 'BPT_RSS %M', PYTHON, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /BPT_RSS (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(m[1]);
}

/** #20 item 4: a layer holding an 8 MB table, forward and backward 40 times (40 passes recorded):
 *  its snapshots for the gradient check share the unchanged table. Goal: traced <= plain + 64 MB. */
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
    const plain = Math.min(...[0, 1, 2].map(() => peakKb([file], dir)));
    const traced = Math.min(...[0, 1, 2].map(() => peakKb([TRACER, '--stream', path.join(dir, 's.jsonl'), '--max-passes', '40', '--file', file], dir)));
    const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;
    console.log('8 MB table held by a layer, 40 passes recorded, peak RSS (min of 3)');
    console.log(`  plain ${mb(plain)}   traced ${mb(traced)}   traced - plain ${mb(traced - plain)} (goal <= 64 MB)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}


/**
 * The gradient check's cost (issue #19) on the book's train_neuralnet.py (test/fixtures/book, its
 * stand-in MNIST: 6,000 + 1,000 random images of MNIST's shapes), 10,000 iterations of batch 100,
 * 784 -> 50 -> 10: the plain run, the traced run, and the time the checks took inside it (the
 * tracer's timing.checks), as ratios to the plain run. BENCH_CHECK_RUNS runs each (default 1:
 * one run is about a minute).
 */
function checksBench(): void {
  const script = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05', 'train_neuralnet.py');
  const runs = Math.max(1, Number(process.env.BENCH_CHECK_RUNS ?? 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-check-'));
  const out = path.join(dir, 'result.json');
  const plain: number[] = [];
  const traced: number[] = [];
  const checks: number[] = [];
  let verdicts = '';
  try {
    for (let i = 0; i < runs; i++) {
      plain.push(timed([script], path.dirname(script)).ms);
      traced.push(timed([TRACER, '--out', out, '--file', script], path.dirname(script)).ms);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { timing: { checks: number }; gradcheck: { class: string; status: string }[] };
      checks.push(result.timing.checks);
      verdicts = result.gradcheck.map((g) => `${g.class} ${g.status}`).join(', ');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const f = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nbook train_neuralnet.py (stand-in MNIST), 10,000 iterations, ${runs} run(s) each: the gradient check's cost`);
  console.log(`  plain ${f(median(plain))}   traced ${f(median(traced))}   checks inside the traced run ${f(median(checks))}`);
  console.log(`  verdicts: ${verdicts}`);
  console.log(`  ratio traced/plain ${(median(traced) / median(plain)).toFixed(2)}x   checks/plain ${(median(checks) / median(plain)).toFixed(3)}x   (goal: traced <= 1.3x)`);
}

if (process.env.BENCH_ONLY !== 'checks') { // BENCH_ONLY=checks: the gradient check's figure alone
  main();
  memory();
}
checksBench();
