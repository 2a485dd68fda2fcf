import { DoutError, shapeText } from '../read/errors';
import { runDag } from './dag';
import type { LayerName } from '../layers';
import { literalSpec } from './trace';
import { full, sameShape, sizeOf, Tensor } from '../tensor';

/** How dout is chosen: all ones (default), "same as x" (the notebook passes x itself), or given values. */
export type DoutSpec = 'ones' | 'same' | Tensor;

export interface RunOptions {
  layers: LayerName[];
  /** 'chain': x -> L1 -> L2 -> ...; 'parallel': every layer on the same x (the notebook's default). */
  mode: 'chain' | 'parallel';
  dout?: DoutSpec;
}

export interface RunStep {
  name: LayerName;
  input: Tensor;
  out: Tensor;
  /** The gradient arriving at this layer's output. */
  dout: Tensor;
  /** The gradient with respect to this layer's input. */
  dx: Tensor;
  /** ReLU only: 1 where x <= 0 blocked the signal. */
  mask?: Uint8Array;
}

export interface RunResult {
  x: Tensor;
  mode: 'chain' | 'parallel';
  steps: RunStep[];
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
  if (sameShape(spec.shape, shape)) return spec;
  if (spec.data.length === 1) return full(shape, spec.data[0]);
  throw new DoutError(
    `dout has shape ${shapeText(spec.shape)} but the output has shape ${shapeText(shape)} (give an array of that shape, or one number)`,
    shape,
    spec.shape,
  );
}

/**
 * Runs the layers forward then backward, as the book does by hand in 5.5: the literal trace's DAG
 * (trace.ts) through the one forward-then-backward loop (dag.ts), reported per layer.
 */
export function runLayers(x: Tensor, opts: RunOptions): RunResult {
  if (sizeOf(x.shape) !== x.data.length) throw new RangeError(`x has ${x.data.length} values for shape ${shapeText(x.shape)}`);
  const run = runDag(literalSpec(x, opts));
  const steps = run.calls.map((r): RunStep => {
    const s: RunStep = { name: r.spec.name as LayerName, input: r.inputs[0], out: r.out, dout: r.dout, dx: r.dinputs[0] as Tensor };
    const mask = r.layer.cache().mask;
    if (mask && 'mask' in mask) s.mask = mask.mask;
    return s;
  });
  return { x, mode: opts.mode, steps };
}
