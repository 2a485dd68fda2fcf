import { createLayer, LayerName } from './layers';
import { resolveDout, DoutSpec } from './run';
import { Tensor } from './tensor';

export interface GradCheck {
  /** Largest |analytic dx - numerical dx| over all elements. */
  maxAbsDiff: number;
  /** Where it occurs (flat index), -1 for an empty array. */
  index: number;
  analytic: Tensor;
  numerical: Tensor;
}

function forwardChain(names: readonly LayerName[], x: Tensor): Tensor {
  let h = x;
  for (const name of names) h = createLayer(name).forward(h);
  return h;
}

/**
 * Numerical dx by central differences, (f(x + h) - f(x - h)) / 2h * dout. ReLU and Sigmoid act
 * element by element, so shifting every element at once gives every partial derivative in two
 * forward passes instead of 2n.
 */
export function numericalGradient(layers: LayerName | readonly LayerName[], x: Tensor, dout: DoutSpec = 'ones', h = 1e-5): Tensor {
  const names = typeof layers === 'string' ? [layers] : layers;
  const plus = forwardChain(names, { shape: x.shape, data: x.data.map((v) => v + h) });
  const minus = forwardChain(names, { shape: x.shape, data: x.data.map((v) => v - h) });
  const d = resolveDout(dout, plus.shape, x).data;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = ((plus.data[i] - minus.data[i]) / (2 * h)) * d[i];
  return { shape: [...x.shape], data: out };
}

/** Analytic dx (backward) against the numerical one; a layer list is a chain applied in order. */
export function gradcheck(layers: LayerName | readonly LayerName[], x: Tensor, dout: DoutSpec = 'ones', h = 1e-5): GradCheck {
  const names = typeof layers === 'string' ? [layers] : layers;
  const chain = names.map((n) => createLayer(n));
  let out = x;
  for (const l of chain) out = l.forward(out);
  let grad = resolveDout(dout, out.shape, x);
  for (let i = chain.length - 1; i >= 0; i--) grad = chain[i].backward(grad);
  const numerical = numericalGradient(names, x, dout, h);
  let maxAbsDiff = 0;
  let index = -1;
  for (let i = 0; i < grad.data.length; i++) {
    const diff = Math.abs(grad.data[i] - numerical.data[i]);
    if (index < 0 || diff > maxAbsDiff || (diff !== diff && maxAbsDiff === maxAbsDiff)) {
      maxAbsDiff = diff;
      index = i;
    }
  }
  return { maxAbsDiff, index, analytic: grad, numerical };
}
