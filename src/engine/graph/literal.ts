// Literal mode's DAG: an array from the editor run through registry layers, side by side on the
// same x (the notebook) or as a chain, and the dout a literal trace starts from. The run itself
// is the one forward-then-backward loop (dag.ts); the drawing is build.ts's.
import { fitDout } from '../layers/check';
import { layerSpec, type LayerName } from '../layers';
import { DoutError, LayerError, shapeText } from '../read/errors';
import { say } from './sayings';
import { full, sameShape, sizeOf, type Tensor } from '../tensor';
import { runDag, type DagRun, type DagSpec } from './dag';

/** How dout is chosen: all ones (default), "same as x" (the notebook passes x itself), or given values. */
export type DoutSpec = 'ones' | 'same' | Tensor;

export interface RunOptions {
  layers: LayerName[];
  /** 'chain': x -> L1 -> L2 -> ...; 'parallel': every layer on the same x (the notebook's default). */
  mode: 'chain' | 'parallel';
  dout?: DoutSpec;
}

/**
 * The dout for an output of `shape`: ones, a copy of x, or the given tensor (a single value
 * broadcasts to every element, as numpy would).
 */
export function resolveDout(spec: DoutSpec | undefined, shape: readonly number[], x: Tensor): Tensor {
  if (spec === undefined || spec === 'ones') return full(shape, 1);
  if (spec === 'same') {
    if (!sameShape(x.shape, shape)) {
      throw new DoutError(`dout "same as x" needs x's shape ${shapeText(x.shape)} to match the output's ${shapeText(shape)}`, shape, x.shape);
    }
    return { shape: [...shape], data: x.data.slice(), dtype: x.dtype };
  }
  if (typeof spec !== 'object' || !(spec.data instanceof Float64Array)) {
    throw new DoutError(`dout must be 'ones', 'same' or an array, got ${String(spec)}`, shape);
  }
  return fitDout(spec, shape);
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
export const subscript = (n: number) => String(n).replace(/\d/g, (d) => SUB[Number(d)]);

/** Ones are left to the loop (np.ones_like of each output, in its dtype); else the given or same-as-x dout. */
const doutOf = (x: Tensor, opts: RunOptions): Tensor | undefined => (opts.dout === undefined || opts.dout === 'ones' ? undefined : resolveDout(opts.dout, x.shape, x));

/**
 * The layers numpy itself refuses for x's dtype (Sigmoid's -x on a bool array raises TypeError),
 * found by running each on one value of x (through the chain, or each on x): the one home of the
 * rule that such a layer is left out of a trace, the graph, the hover and the CLI saying why.
 */
export function refusedLayers(x: Tensor, opts: RunOptions): LayerError[] {
  const one: Tensor = { shape: [1], data: Float64Array.of(x.data.length ? x.data[0] : 0), dtype: x.dtype };
  const refused: LayerError[] = [];
  let h = one;
  for (const name of opts.layers) {
    try {
      const out = layerSpec(name).create().forward([opts.mode === 'chain' ? h : one], []);
      if (opts.mode === 'chain') h = out;
    } catch (e) {
      // Anything else a one-value run throws is left for the real run to say.
      if (e instanceof LayerError) refused.push(e);
    }
  }
  return refused;
}

/** The options without the layers numpy refuses for x's dtype, and what the graph says of each. */
export function usableOptions(x: Tensor, opts: RunOptions): { opts: RunOptions; notes: string[] } {
  const refused = refusedLayers(x, opts);
  if (!refused.length) return { opts, notes: [] };
  const left = new Set(refused.map((e) => e.layer));
  return {
    opts: { ...opts, layers: opts.layers.filter((n) => !left.has(n)) },
    notes: refused.map((e) => say(`refused_${e.code}`, layerSpec(e.layer).className)),
  };
}

/** The DAG of a literal trace: ids x, relu0, sigmoid1…, y0, y1… as the panel and tests know them. */
export function literalSpec(x: Tensor, asked: RunOptions): DagSpec {
  const { opts, notes } = usableOptions(x, asked);
  const spec = literalCalls(x, opts);
  return notes.length ? { ...spec, notes } : spec;
}

function literalCalls(x: Tensor, opts: RunOptions): DagSpec {
  const ids = opts.layers.map((name, i) => `${name}${i}`);
  if (opts.mode === 'chain') {
    const last = ids.length - 1;
    const calls = ids.map((id, i) => ({ id, layer: opts.layers[i], args: [i ? ids[i - 1] : 'x'], out: i === last ? 'y' : `h${subscript(i + 1)}` }));
    const y = last >= 0 ? [{ id: 'y0', label: 'y', of: ids[last], dout: doutOf(x, opts) }] : [];
    return { inputs: [{ id: 'x', label: 'x', value: x }], calls, outputs: y };
  }
  const suffix = (i: number) => (ids.length > 1 ? subscript(i + 1) : '');
  return {
    inputs: [{ id: 'x', label: 'x', value: x }],
    calls: ids.map((id, i) => ({ id, layer: opts.layers[i], args: ['x'], out: `y${suffix(i)}` })),
    outputs: ids.map((id, i) => ({ id: `y${i}`, label: `y${suffix(i)}`, of: id, dout: doutOf(x, opts) })),
  };
}

/** x through the layers forward then backward, whole (the book's 5.5 by hand): calls[i].out, calls[i].dinputs[0]. */
export function runLiteral(x: Tensor, opts: RunOptions): DagRun {
  if (sizeOf(x.shape) !== x.data.length) throw new RangeError(`x has ${x.data.length} values for shape ${shapeText(x.shape)}`);
  return runDag(literalSpec(x, opts));
}
