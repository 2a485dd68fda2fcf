// npm run bench:tracer: the tracer's overhead on a 10,000-iteration training loop of the
// two-layer net (examples/train_loop.py), as a ratio to the same program without it. Runs are
// interleaved (plain, traced, plain, ...) so the machine's load hits both alike; min and median
// of BENCH_RUNS (default 5) each. The traced run must print exactly what the plain run prints.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(ROOT, 'examples', 'train_loop.py');
const TRACER = path.join(ROOT, 'src', 'tracer', 'bpt_trace.py');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 5));

function timed(args: string[]): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(PYTHON, args, { cwd: path.dirname(SCRIPT), encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-bench-'));
  const out = path.join(dir, 'result.json');
  const plain: number[] = [];
  const traced: number[] = [];
  let info = '';
  try {
    for (let i = 0; i < RUNS; i++) {
      const p = timed([SCRIPT]);
      plain.push(p.ms);
      const t = timed([TRACER, '--out', out, '--file', SCRIPT]);
      traced.push(t.ms);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { stdout: string; calls: unknown[]; passes: number; capped: boolean; gradcheck: unknown[] };
      if (result.stdout !== p.stdout) throw new Error('the traced run printed something else than the plain run');
      info = `${result.calls.length} calls in ${result.passes} passes recorded (capped: ${result.capped}), ${result.gradcheck.length} layer calls checked, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB of JSON`;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const f = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`train_loop.py, 10,000 iterations, ${RUNS} runs each (${PYTHON})`);
  console.log(`  plain:  min ${f(Math.min(...plain))}  median ${f(median(plain))}`);
  console.log(`  traced: min ${f(Math.min(...traced))}  median ${f(median(traced))}   ${info}`);
  const ratio = Math.min(...traced) / Math.min(...plain);
  console.log(`  ratio:  min ${ratio.toFixed(2)}x  median ${(median(traced) / median(plain)).toFixed(2)}x  (goal <= 1.3x)`);
}

main();
