// A literal trace of a big x, a block of elements at a time. Literal layers act element by
// element (the registry's `elementwise`), so the run of x is the runs of its blocks laid end to
// end: each block goes through the one forward-then-backward loop (dag.ts), and the blocks' arrays
// are joined into the run of the whole x, value for value what one run would give. The caller
// decides how to drive the generators: the host yields its thread between blocks, a worker and
// the CLI run them in one go.
import type { Layer } from '../layers';
import { sameShape, type Tensor } from '../tensor';
import type { CallRun, DagRun } from './dag';
import { literalSpec, runLiteral, type DoutSpec, type RunOptions } from './literal';

/** Elements per block: a few milliseconds of forward and backward work. */
export const BLOCK_ELEMENTS = 64 * 1024;

/** One block's run: elements [at, end) of x. */
export interface BlockRun {
  run: DagRun;
  at: number;
  end: number;
}

/** The dout of elements [a, b), or undefined when dout cannot be cut with x (a wrong shape: the whole run words the error). */
function doutPart(dout: DoutSpec | undefined, x: Tensor, a: number, b: number): DoutSpec | undefined | false {
  if (dout === undefined || dout === 'ones' || dout === 'same') return dout;
  if (dout.data.length === 1) return dout;
  if (!sameShape(dout.shape, x.shape)) return false;
  return { shape: [b - a], data: dout.data.subarray(a, b), dtype: dout.dtype };
}

/** The runs of x's blocks, in order; one run of the whole x when it is small or dout cannot be cut. */
export function* literalBlocks(x: Tensor, opts: RunOptions, block = BLOCK_ELEMENTS): Generator<BlockRun, void> {
  const n = x.data.length;
  if (n <= block || doutPart(opts.dout, x, 0, 0) === false) {
    yield { run: runLiteral(x, opts), at: 0, end: n };
    return;
  }
  for (let a = 0; a < n; a += block) {
    const b = Math.min(n, a + block);
    const dout = doutPart(opts.dout, x, a, b) as DoutSpec | undefined;
    yield { run: runLiteral({ shape: [b - a], data: x.data.subarray(a, b), dtype: x.dtype }, { ...opts, dout }), at: a, end: b };
  }
}

/** Runs x's literal trace block by block; yields the fraction done (0..1) between steps, returns the whole run. */
export function* runLiteralInBlocks(x: Tensor, opts: RunOptions, block = BLOCK_ELEMENTS): Generator<number, DagRun> {
  const parts: DagRun[] = [];
  for (const { run, end } of literalBlocks(x, opts, block)) {
    parts.push(run);
    yield (0.8 * end) / Math.max(1, x.data.length);
  }
  if (parts.length === 1) return parts[0];
  return yield* join(parts, x, opts);
}

type Cached = ReturnType<Layer['cache']>[string];

/** The blocks' runs as the run of the whole x; the joined arrays are filled one per step. */
function* join(parts: DagRun[], x: Tensor, opts: RunOptions): Generator<number, DagRun> {
  const spec = literalSpec(x, opts);
  const joins: (() => void)[] = [];
  const concat = (pieces: Tensor[]): Tensor => {
    const data = new Float64Array(x.data.length);
    joins.push(() => pieces.reduce((at, p) => (data.set(p.data, at), at + p.data.length), 0));
    return 'dtype' in pieces[0] ? { shape: [...x.shape], data, dtype: pieces[0].dtype } : { shape: [...x.shape], data };
  };
  const values = new Map<string, Tensor>([['x', x]]);
  for (const c of spec.calls) values.set(c.id, concat(parts.map((p) => p.values.get(c.id) as Tensor)));
  const calls = spec.calls.map((call, k): CallRun => {
    const runs = parts.map((p) => p.calls[k]);
    const out = values.get(call.id) as Tensor;
    return {
      call,
      spec: runs[0].spec,
      layer: joinedLayer(runs, values, concat),
      inputs: call.args.map((a) => values.get(a) as Tensor),
      params: [],
      out,
      dout: concat(runs.map((r) => r.dout)),
      dinputs: [concat(runs.map((r) => r.dinputs[0] as Tensor))],
      dparams: [],
    };
  });
  const grads = new Map<string, Tensor>();
  for (const id of parts[0].grads.keys()) grads.set(id, concat(parts.map((p) => p.grads.get(id) as Tensor)));
  const douts = new Map<string, Tensor>();
  for (const id of parts[0].douts.keys()) douts.set(id, concat(parts.map((p) => p.douts.get(id) as Tensor)));
  for (let i = 0; i < joins.length; i++) {
    joins[i]();
    yield 0.8 + (0.2 * (i + 1)) / joins.length;
  }
  return { spec, values, calls, grads, douts };
}

/**
 * The blocks' layers as one: each cached field joined (ReLU's mask), or, when every block cached
 * one of its values (Sigmoid's out), that value of the whole run, so it is still one array.
 */
function joinedLayer(runs: CallRun[], values: Map<string, Tensor>, concat: (pieces: Tensor[]) => Tensor): Layer {
  const caches = runs.map((r) => r.layer.cache());
  const joined: Record<string, Cached> = {};
  for (const name of Object.keys(caches[0])) {
    const pieces = caches.map((c) => c[name]);
    const first = pieces[0];
    if ('mask' in first) {
      const mask = new Uint8Array(values.get('x')?.data.length ?? 0);
      pieces.reduce((at, p) => (mask.set((p as { mask: Uint8Array }).mask, at), at + (p as { mask: Uint8Array }).mask.length), 0);
      joined[name] = { shape: [...(values.get('x') as Tensor).shape], mask };
      continue;
    }
    const same = runs.every((r, i) => (pieces[i] as Tensor).data === r.out.data);
    joined[name] = same ? (values.get(runs[0].call.id) as Tensor) : concat(pieces as Tensor[]);
  }
  return {
    forward: () => {
      throw new Error('a joined layer is a record of its blocks: it does not run');
    },
    backward: () => {
      throw new Error('a joined layer is a record of its blocks: it does not run');
    },
    cache: () => joined,
  };
}

/** Drives a stepwise job to its end in one go (a worker, the CLI, a small x). */
export function runToEnd<T>(steps: Generator<number, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
