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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function best(fn: () => void, repeat = REPEAT): number {
  let min = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

/** Both layers forward and backward, dout given (numpy's side gets its ones up front too). */
function layersOnce(x: Tensor, ones: Tensor): void {
  const relu = new Relu();
  const sig = new Sigmoid();
  relu.forward(x);
  sig.forward(x);
  relu.backward(ones);
  sig.backward(ones);
}

// argv: mode ('parse' times np.array(json.loads(text)); 'layers' times the book's layers on x.npy), path, repeat
const NUMPY_SCRIPT = `
import sys, json, time, numpy as np
mode, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
def best(fn):
    m = 1e9
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); m = min(m, time.perf_counter() - t0)
    return m * 1000
if mode == 'parse':
    text = open(path).read()
    print(json.dumps({'parse': best(lambda: np.array(json.loads(text)))}))
    sys.exit(0)
x = np.load(path[:-5] + '.npy')
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
print(json.dumps({'forward': fwd, 'backward': bwd}))
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
      const npy = JSON.stringify(file.replace(/\.json$/, '.npy'));
      spawnSync(python, ['-c', `import numpy as np, json; np.random.seed(0); x = np.random.randn(${ROWS}, 1000); np.save(${npy}, x); open(${JSON.stringify(file)}, 'w').write(json.dumps(x.tolist()))`]);
    } else {
      const rows: string[] = [];
      for (let r = 0; r < ROWS; r++) rows.push('[' + Array.from({ length: 1000 }, () => String(Math.random() * 4 - 2)).join(', ') + ']');
      fs.writeFileSync(file, '[' + rows.join(', ') + ']');
    }
    const text = fs.readFileSync(file, 'utf8');
    const mb = text.length / 1e6;
    console.log(`input: ${ROWS}x1000 random normals, ${fmt(mb)} MB (${file})`);

    // The machine may be busy: engine and numpy are timed in alternating rounds, best of all rounds.
    const numpy = (mode: string): Record<string, number> =>
      python ? (JSON.parse(spawnSync(python, ['-c', NUMPY_SCRIPT, mode, file, String(REPEAT)], { encoding: 'utf8' }).stdout) as Record<string, number>) : {};
    let parseMs = Infinity;
    let jsonMs = Infinity;
    let npParse = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      parseMs = Math.min(parseMs, best(() => parseArray(text)));
      jsonMs = Math.min(jsonMs, best(() => JSON.parse(text)));
      if (python) npParse = Math.min(npParse, numpy('parse').parse);
    }
    const x = parseArray(text).tensor;
    const ones: Tensor = { shape: x.shape, data: new Float64Array(x.data.length).fill(1) };
    let fwdMs = Infinity;
    let layersMs = Infinity;
    let npForward = Infinity;
    let npBackward = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      fwdMs = Math.min(
        fwdMs,
        best(() => {
          new Relu().forward(x);
          new Sigmoid().forward(x);
        }),
      );
      layersMs = Math.min(layersMs, best(() => layersOnce(x, ones)));
      if (python) {
        const r = numpy('layers');
        npForward = Math.min(npForward, r.forward);
        npBackward = Math.min(npBackward, r.backward);
      }
    }
    console.log(`engine: parse ${fmt(parseMs)} ms (${fmt(mb / (parseMs / 1000), 0)} MB/s; JSON.parse alone ${fmt(mb / (jsonMs / 1000), 0)} MB/s)`);
    console.log(`engine: ReLU+Sigmoid forward ${fmt(fwdMs)} ms, forward+backward ${fmt(layersMs)} ms`);
    if (!python) {
      console.log('numpy: not found (install python3-numpy) - no ratios');
      return;
    }
    const npLayers = npForward + npBackward;
    console.log(`numpy:  parse ${fmt(npParse)} ms (${fmt(mb / (npParse / 1000), 0)} MB/s), layers forward ${fmt(npForward)} ms + backward ${fmt(npBackward)} ms`);
    console.log(`ratio parse throughput engine/numpy: ${fmt(npParse / parseMs, 2)}x   (target >= 2)`);
    console.log(`ratio layers time engine/numpy:      ${fmt(layersMs / npLayers, 2)}x   (target <= 1.5)`);

    const cli = ['dist/cli.js', 'out/src/cli.js']
      .map((p) => path.resolve(__dirname, '../..', p))
      .filter((p) => fs.existsSync(p))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
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
