// The trace worker gives what the host's in-thread sliced path gives, bit for bit (x, the graph
// and its wire form), and the same errors at the same places; a cancel ends its thread; a worker
// that crashes or cannot start becomes a clear WorkerCrashed, never a hang. It runs the compiled
// worker (out/src/extension/worker/traceWorker.js) in a real worker thread.
import './vscodeMock';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DoutError, ParseError, refusedLayers, type Tensor } from '../../../src/engine';
import { say } from '../../../src/engine/graph/sayings';
import type { RunOptions } from '../../../src/engine';
import { TooManyElements } from '../../../src/extension/literal/reader';
import { Cancelled, Slicer } from '../../../src/extension/literal/slicer';
import { inThreadRunner, useWorker, workerRunner, type TraceRunner } from '../../../src/extension/literal/pipeline';
import { WORKER_CHARS } from '../../../src/extension/literal/worker/client';
import { startWorkerTrace, traceTensorInWorker } from '../../../src/extension/literal/worker/client';
import { WorkerCrashed } from '../../../src/extension/literal/worker/errors';
import { buffersOf } from '../../../src/extension/literal/worker/job';
import { traceJson } from '../../../src/extension/panel/export';
import type { TraceGraph } from '../../../src/protocol';


const SCRIPT = path.resolve(__dirname, '../../../src/extension/literal/worker/traceWorker.js');

function matrix(rows: number, cols: number, f = (k: number) => (Math.sin(k) * 2).toFixed(6)): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`[${Array.from({ length: cols }, (_, j) => f(i * cols + j)).join(', ')}]`);
  return `[${lines.join(',\n ')}]`;
}

/** The value with every typed array replaced by its type and bytes: equal means equal bit for bit. */
function bits(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return { [v.constructor.name]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (v instanceof Set) return { Set: [...v].map(bits) };
  if (Array.isArray(v)) return v.map(bits);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bits(x)]));
  return v;
}

const never = () => new Slicer(() => false, 50);

/** The worker runner on a string, read in pieces as the host reads a document. */
const inWorker = (text: string, limit: number) => workerRunner(SCRIPT, text.length, (a, b) => text.slice(a, b), limit, never(), () => undefined);

/** A worker fed `text` in pieces of `piece` characters (small ones: a parse error may fall across them). */
function fed(text: string, limit: number, stop: () => boolean, onProgress?: (f: number) => void, piece = 10_007) {
  const job = startWorkerTrace(SCRIPT, text.length, limit, stop, onProgress);
  for (let at = 0; at < text.length && job.feed(text.slice(at, at + piece)); at += piece);
  return job;
}

async function run(r: TraceRunner, opts: RunOptions, expanded: string[] = []) {
  try {
    const info = await r.parse();
    const out = await r.trace(opts, 'x, t.py:1:1', { expanded: new Set(expanded), doutSource: 'ones' });
    return { info, ...out };
  } finally {
    r.stop();
  }
}

const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a failure'), (e: unknown) => e);

describe('reliability: the trace worker', function () {
  this.timeout(120_000);

  it('gives the in-thread results bit for bit: x and wire form, and the whole graph when an export asks', async () => {
    const cases: { text: string; opts: RunOptions; expanded?: string[] }[] = [
      // Over 64K elements: the in-thread path traces in slices and joins them; the worker in one go.
      { text: `np.array(${matrix(300, 300)})`, opts: { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' } },
      { text: `np.array(${matrix(300, 300, (k) => String((k % 7) - 3))}, dtype=np.float32)`, opts: { layers: ['relu', 'sigmoid'], mode: 'chain', dout: 'same' }, expanded: ['sigmoid1'] },
      { text: matrix(2, 3), opts: { layers: ['sigmoid', 'relu'], mode: 'parallel', dout: { shape: [2, 3], data: new Float64Array([1, -2, 0.5, 0, 3, -0.25]) } }, expanded: ['sigmoid0'] },
      { text: `torch.tensor(${matrix(70, 1000, (k) => (k % 11 === 0 ? '-0.0' : (k / 997).toExponential(4)))})`, opts: { layers: ['relu'], mode: 'parallel' } },
    ];
    for (const c of cases) {
      const inThread = await run(inThreadRunner(c.text, 2_000_000, never(), () => undefined), c.opts, c.expanded);
      const worker = await run(inWorker(c.text, 2_000_000), c.opts, c.expanded);
      assert.ok(worker.x.data instanceof Float64Array && worker.x.data.length === inThread.x.data.length);
      // Only x and the wire form come to the host: the whole graph's arrays stay in the worker.
      assert.equal(worker.graph, undefined);
      assert.deepEqual(bits(worker), bits({ ...inThread, graph: undefined }), c.text.slice(0, 40));
      // A re-trace of the x the host holds (expand, a layers change) gives the same wire form again; x stays the host's.
      const view = { expanded: new Set(c.expanded ?? []), doutSource: 'ones' as const };
      const req = { opts: c.opts, title: 'x, t.py:1:1', view };
      const again = await traceTensorInWorker(SCRIPT, inThread.x, req, () => false);
      assert.deepEqual(bits(again), bits({ graph: undefined, wire: inThread.wire }));
      // An export's re-trace: the whole graph, bit for bit the in-thread one, and the same JSON.
      const whole = await traceTensorInWorker(SCRIPT, inThread.x, { ...req, full: true }, () => false);
      assert.deepEqual(bits(whole), bits({ graph: inThread.graph, wire: inThread.wire }));
      assert.ok(whole.graph && traceJson(whole.graph) === traceJson(inThread.graph as TraceGraph), 'the JSON export is the in-thread one');
      // The export of a big trace is written in the worker: the same bytes, and no graph comes over.
      const written = await traceTensorInWorker(SCRIPT, inThread.x, { ...req, json: true }, () => false);
      assert.equal(written.graph, undefined);
      assert.ok(written.json && Buffer.from(written.json).equals(Buffer.from(new TextEncoder().encode(traceJson(inThread.graph as TraceGraph)))), 'the worker wrote the in-thread JSON');
      const [wireBytes, wholeBytes] = [worker.wire, whole.graph].map((g) => buffersOf(g).reduce((sum, b) => sum + b.byteLength, 0));
      assert.ok(wireBytes <= Math.max(64 * 1024, wholeBytes / 4), `the wire form holds ${wireBytes} bytes, the whole graph ${wholeBytes}`);
      assert.ok(inThread.x.data.length > 0, 'the host keeps its x');
    }
  });

  it('a bool literal of over 1 MB (a ReLU mask pasted in): the worker leaves Sigmoid out and says why, as the in-thread path and refusedLayers do', async () => {
    const text = `np.array(${matrix(400, 500, (k) => (k % 3 ? 'False' : 'True'))})`;
    assert.ok(text.length >= WORKER_CHARS && useWorker({ chars: text.length }, 'file'), `${text.length} characters go to the worker`);
    const opts: RunOptions = { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' };
    const worker = await run(inWorker(text, 2_000_000), opts);
    const inThread = await run(inThreadRunner(text, 2_000_000, never(), () => undefined), opts);
    assert.equal(worker.x.dtype, 'bool');
    assert.deepEqual(worker.wire.nodes.filter((n) => n.kind === 'layer').map((n) => n.layer), ['relu']);
    const said = refusedLayers(worker.x, opts).map((e) => say(`refused_${e.code}`, 'Sigmoid'));
    assert.ok(said.length === 1 && said[0].startsWith('Sigmoid is left out: numpy refuses -x on a bool array'), JSON.stringify(said));
    assert.deepEqual(worker.wire.notes, said);
    assert.deepEqual(bits(worker.wire), bits(inThread.wire));
  });

  it('reports progress while parsing and ends its thread when done', async () => {
    const seen: number[] = [];
    const job = fed(matrix(400, 500), 2_000_000, () => false, (f) => seen.push(f));
    assert.deepEqual((await job.parsed()).shape, [400, 500]);
    const out = await job.trace({ opts: { layers: ['relu'], mode: 'parallel' }, title: 't', view: {} });
    assert.equal(out.x.data.length, 200_000);
    await job.exited;
    assert.ok(seen.length > 3 && seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f > seen[i - 1])), `progress ${seen.join(',')}`);
  });

  it('sends back the same errors as the in-thread path, positions included', async () => {
    const m = matrix(200, 100);
    const bad = m.slice(0, 150_000) + m.slice(150_000).replace('.', '.x'); // far past the first piece
    for (const [text, limit] of [[bad, 2_000_000], [`[${'[1, 2, 3],\n'.repeat(10_000)}[1, 2, 3]]`, 1000]] as const) {
      const a = await failure(inThreadRunner(text, limit, never(), () => undefined).parse());
      // Fed in small pieces (an error may fall across two), and as the host feeds it.
      for (const b of [await failure(fed(text, limit, () => false).parsed()), await failure(inWorker(text, limit).parse())]) {
        assert.equal(b?.constructor, a?.constructor);
        if (a instanceof ParseError && b instanceof ParseError) assert.deepEqual([b.code, b.args, b.offset, b.line, b.column, b.message], [a.code, a.args, a.offset, a.line, a.column, a.message]);
        else assert.ok(a instanceof TooManyElements && b instanceof TooManyElements && b.limit === 1000 && b.found > 1000);
      }
    }
    // A dout whose shape does not fit: the engine's own DoutError, its sentence intact.
    const dout: Tensor = { shape: [2], data: new Float64Array([1, 2]) };
    const opts: RunOptions = { layers: ['relu'], mode: 'parallel', dout };
    const a = await failure(run(inThreadRunner(matrix(3, 3), 10, never(), () => undefined), opts));
    const b = await failure(run(inWorker(matrix(3, 3), 10), opts));
    assert.ok(a instanceof DoutError && b instanceof DoutError);
    assert.equal(b.message, a.message);
  });

  it('a cancel ends the worker thread at once and rejects with Cancelled', async () => {
    let stop = false;
    const job = fed(matrix(1000, 1000), 2_000_000, () => stop, undefined, 1 << 20);
    setTimeout(() => (stop = true), 30);
    const t0 = Date.now();
    assert.ok((await failure(job.parsed())) instanceof Cancelled);
    await job.exited;
    assert.ok(Date.now() - t0 < 5000, 'the thread ended');
    // And stop() from the caller, between parse and trace.
    const again = fed(matrix(3, 3), 100, () => false);
    await again.parsed();
    again.stop();
    await again.exited;
    assert.ok((await failure(again.trace({ opts: { layers: ['relu'], mode: 'parallel' }, title: 't', view: {} }))) instanceof Cancelled);
  });

  it('a worker that crashes, exits or cannot start gives a WorkerCrashed message, not a hang', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-worker-'));
    const scripts = {
      throws: "throw new Error('boom in the worker');",
      exits: "require('worker_threads').parentPort.on('message', () => process.exit(3));",
      missing: undefined,
    };
    const expect = { throws: /boom in the worker/, exits: /exit code 3/, missing: /./ };
    for (const [name, body] of Object.entries(scripts)) {
      const file = path.join(dir, `${name}.js`);
      if (body !== undefined) fs.writeFileSync(file, body);
      const job = startWorkerTrace(file, 3, 10, () => false);
      job.feed('[1]');
      const e = await failure(job.parsed());
      assert.ok(e instanceof WorkerCrashed, `${name}: ${String(e)}`);
      assert.match(e.detail, expect[name as keyof typeof expect]);
      assert.ok(!/\n\s+at /.test(e.detail), `${name}: no stack trace in ${e.detail}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is used for big selections of a file-based extension only', () => {
    assert.equal(useWorker({ chars: WORKER_CHARS }, 'file'), true);
    assert.equal(useWorker({ chars: WORKER_CHARS - 1 }, 'file'), false); // the seed and 100x100 stay in-thread
    assert.equal(useWorker({ chars: WORKER_CHARS * 10 }, 'vscode-remote'), false);
  });
});
