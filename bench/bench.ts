// npm run bench: the engine against numpy on a 1000x1000 literal of random normals (~17-20 MB),
// written by numpy into a temp dir at bench time. Prints each ratio; not a test, so no thresholds fail.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArray, Relu, Sigmoid, Tensor } from '../src/engine';
import { findNumpyPython } from '../test/unit/engine/pythonNumpy';

const ROWS = Number(process.env.BENCH_ROWS ?? 1000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

function best(fn: () => void, repeat = REPEAT): number {
  let min = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

function layersOnce(x: Tensor): void {
  const relu = new Relu();
  const sig = new Sigmoid();
  const ones: Tensor = { shape: x.shape, data: new Float64Array(x.data.length).fill(1) };
  relu.forward(x);
  sig.forward(x);
  relu.backward(ones);
  sig.backward(ones);
}

const NUMPY_SCRIPT = `
import sys, json, time, numpy as np
path, repeat = sys.argv[1], int(sys.argv[2])
text = open(path).read()
def best(fn):
    m = 1e9
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); m = min(m, time.perf_counter() - t0)
    return m * 1000
parse = best(lambda: np.array(json.loads(text)))
x = np.array(json.loads(text))
dout = np.ones_like(x)
def forward():
    global mask, out
    mask = x <= 0; r = x.copy(); r[mask] = 0
    out = 1 / (1 + np.exp(-x))
def backward():
    d = dout.copy(); d[mask] = 0
    dout * out * (1 - out)
fwd = best(forward)
bwd = best(backward)
print(json.dumps({'parse': parse, 'forward': fwd, 'backward': bwd}))
`;

const SUMMARY_SCRIPT = `
import sys, json, numpy as np
x = np.array(json.loads(open(sys.argv[1]).read()))
print(x.shape)
for name, out, dx in [('relu', np.where(x > 0, x, 0), (x > 0) * 1.0), ('sigmoid', 1 / (1 + np.exp(-x)), None)]:
    if dx is None: dx = out * (1 - out)
    print(name, out.min(), out.max(), out.mean(), dx.min(), dx.max(), dx.mean())
`;

function runProcess(cmd: string, args: string[]): { ms: number; maxRssKb: number; ok: boolean } {
  // /usr/bin/time gives peak RSS; fall back to wall time alone when it is missing.
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const t0 = process.hrtime.bigint();
  const r = timeBin ? spawnSync(timeBin, ['-f', '%M', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = timeBin ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, maxRssKb: rss, ok: r.status === 0 };
}

function bestProcess(cmd: string, args: string[], repeat = 3): { ms: number; maxRssKb: number } {
  let ms = Infinity;
  let rss = Infinity;
  for (let i = 0; i < repeat; i++) {
    const r = runProcess(cmd, args);
    if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed`);
    ms = Math.min(ms, r.ms);
    rss = Math.min(rss, r.maxRssKb);
  }
  return { ms, maxRssKb: rss };
}

const fmt = (v: number, d = 1) => v.toFixed(d);

function main(): void {
  const python = findNumpyPython();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-bench-'));
  const file = path.join(dir, 'x.json');
  try {
    if (python) {
      spawnSync(python, ['-c', `import numpy as np, json; np.random.seed(0); open(${JSON.stringify(file)}, 'w').write(json.dumps(np.random.randn(${ROWS}, 1000).tolist()))`]);
    } else {
      const rows: string[] = [];
      for (let r = 0; r < ROWS; r++) rows.push('[' + Array.from({ length: 1000 }, () => String(Math.random() * 4 - 2)).join(', ') + ']');
      fs.writeFileSync(file, '[' + rows.join(', ') + ']');
    }
    const text = fs.readFileSync(file, 'utf8');
    const mb = text.length / 1e6;
    console.log(`input: ${ROWS}x1000 random normals, ${fmt(mb)} MB (${file})`);

    const parseMs = best(() => parseArray(text));
    const jsonMs = best(() => JSON.parse(text));
    const x = parseArray(text).tensor;
    const fwdMs = best(() => {
      new Relu().forward(x);
      new Sigmoid().forward(x);
    });
    const layersMs = best(() => layersOnce(x));
    console.log(`engine: parse ${fmt(parseMs)} ms (${fmt(mb / (parseMs / 1000), 0)} MB/s; JSON.parse alone ${fmt(mb / (jsonMs / 1000), 0)} MB/s)`);
    console.log(`engine: ReLU+Sigmoid forward ${fmt(fwdMs)} ms, forward+backward ${fmt(layersMs)} ms`);

    if (!python) {
      console.log('numpy: not found (install python3-numpy) - no ratios');
      return;
    }
    const np = JSON.parse(spawnSync(python, ['-c', NUMPY_SCRIPT, file, String(REPEAT)], { encoding: 'utf8' }).stdout) as { parse: number; forward: number; backward: number };
    const npLayers = np.forward + np.backward;
    console.log(`numpy:  parse ${fmt(np.parse)} ms (${fmt(mb / (np.parse / 1000), 0)} MB/s), layers forward ${fmt(np.forward)} ms + backward ${fmt(np.backward)} ms`);
    console.log(`ratio parse throughput engine/numpy: ${fmt(np.parse / parseMs, 2)}x   (target >= 2)`);
    console.log(`ratio layers time engine/numpy:      ${fmt(layersMs / npLayers, 2)}x   (target <= 1.5)`);

    const cli = ['dist/cli.js', 'out/src/cli.js'].map((p) => path.resolve(__dirname, '../..', p)).find((p) => fs.existsSync(p));
    if (!cli) return;
    const nodeBase = bestProcess(process.execPath, ['-e', '0']);
    const cliRun = bestProcess(process.execPath, [cli, '--summary', file]);
    const pyRun = bestProcess(python, ['-c', SUMMARY_SCRIPT, file]);
    const rawMb = (ROWS * 1000 * 8) / 1e6;
    const extraMb = (cliRun.maxRssKb - nodeBase.maxRssKb) / 1000;
    console.log(`process: backprop-trace --summary ${fmt(cliRun.ms, 0)} ms, numpy script ${fmt(pyRun.ms, 0)} ms -> ratio ${fmt(cliRun.ms / pyRun.ms, 2)}x (target <= 1)  [${path.relative(process.cwd(), cli)}]`);
    console.log(`memory: peak RSS ${fmt(cliRun.maxRssKb / 1000)} MB, node baseline ${fmt(nodeBase.maxRssKb / 1000)} MB -> ${fmt(extraMb)} MB beyond baseline = ${fmt(extraMb / rawMb, 2)}x the raw array bytes (target <= 4)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
