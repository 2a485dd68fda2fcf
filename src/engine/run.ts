import { DoutError, shapeText } from './errors';
import { createLayer, LayerName, Relu, Sigmoid } from './layers';
import { full, sameShape, sizeOf, Tensor } from './tensor';

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
    return { shape: [...shape], data: x.data.slice() };
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
 * Runs the layers forward then backward, as the book does by hand in 5.5. In a chain the
 * backward pass starts from the last layer with the given dout and each layer's dx becomes the
 * previous layer's dout; side by side, each layer gets its own dout.
 */
export function runLayers(x: Tensor, opts: RunOptions): RunResult {
  if (sizeOf(x.shape) !== x.data.length) throw new RangeError(`x has ${x.data.length} values for shape ${shapeText(x.shape)}`);
  const layers = opts.layers.map((name) => ({ name, layer: createLayer(name) }));
  const forwardSteps = layers.map(() => ({ input: x, out: x }));
  if (opts.mode === 'chain') {
    let h = x;
    layers.forEach(({ layer }, i) => {
      const out = layer.forward(h);
      forwardSteps[i] = { input: h, out };
      h = out;
    });
  } else {
    layers.forEach(({ layer }, i) => (forwardSteps[i] = { input: x, out: layer.forward(x) }));
  }
  const steps: RunStep[] = new Array(layers.length);
  if (opts.mode === 'chain') {
    let dout: Tensor | undefined;
    for (let i = layers.length - 1; i >= 0; i--) {
      const { out, input } = forwardSteps[i];
      const d = dout ?? resolveDout(opts.dout, out.shape, x);
      const dx = layers[i].layer.backward(d);
      steps[i] = step(layers[i].name, layers[i].layer, input, out, d, dx);
      dout = dx;
    }
  } else {
    layers.forEach(({ name, layer }, i) => {
      const { out, input } = forwardSteps[i];
      const d = resolveDout(opts.dout, out.shape, x);
      steps[i] = step(name, layer, input, out, d, layer.backward(d));
    });
  }
  return { x, mode: opts.mode, steps };
}

function step(name: LayerName, layer: Relu | Sigmoid, input: Tensor, out: Tensor, dout: Tensor, dx: Tensor): RunStep {
  const s: RunStep = { name, input, out, dout, dx };
  if (layer instanceof Relu && layer.mask) s.mask = layer.mask;
  return s;
}
