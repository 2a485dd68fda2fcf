// The book's gradient check (5.7.3), per layer call: the layer's backward against central
// differences of its own forward, (f(x + h) - f(x - h)) / 2h, weighted by the dout it received.
import type { CallRun } from './dag';
import type { GradCheckResult } from './graph';
import { createLayer, layerSpec, type LayerName } from '../layers';
import { resolveDout, runLiteral, type DoutSpec } from './literal';
import type { Tensor } from '../tensor';

export interface GradCheck {
  /** Largest |analytic dx - numerical dx| over all elements. */
  maxAbsDiff: number;
  /** Where it occurs (flat index), -1 for an empty array. */
  index: number;
  analytic: Tensor;
  numerical: Tensor;
}

/** Elements a check looks at per port: element-wise layers do all of them at once in two passes. */
export const GRADCHECK_MAX = 1 << 12;
/** Other layers need two forward passes per element checked: a sample of this many. */
export const GRADCHECK_SAMPLE = 256;

const H = 1e-5;

function forwardChain(names: readonly LayerName[], x: Tensor): Tensor {
  let h = x;
  for (const name of names) h = createLayer(name).forward(h);
  return h;
}

/**
 * Numerical dx of element-wise layers: each output depends on its own input only, so shifting
 * every element at once gives every partial derivative in two forward passes instead of 2n.
 */
export function numericalGradient(layers: LayerName | readonly LayerName[], x: Tensor, dout: DoutSpec = 'ones', h = H): Tensor {
  const names = typeof layers === 'string' ? [layers] : layers;
  const plus = forwardChain(names, { shape: x.shape, data: x.data.map((v) => v + h) });
  const minus = forwardChain(names, { shape: x.shape, data: x.data.map((v) => v - h) });
  const d = resolveDout(dout, plus.shape, x).data;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = ((plus.data[i] - minus.data[i]) / (2 * h)) * d[i];
  return { shape: [...x.shape], data: out };
}

function largest(a: Float64Array, b: Float64Array, skip?: (i: number) => boolean): { maxAbsDiff: number; index: number; checked: number } {
  let maxAbsDiff = 0;
  let index = -1;
  let checked = 0;
  for (let i = 0; i < a.length; i++) {
    if (skip?.(i)) continue;
    checked++;
    const diff = Math.abs(a[i] - b[i]);
    if (index < 0 || diff > maxAbsDiff || (diff !== diff && maxAbsDiff === maxAbsDiff)) {
      maxAbsDiff = diff;
      index = i;
    }
  }
  return { maxAbsDiff, index, checked };
}

/** Analytic dx (backward) against the numerical one; a layer list is a chain applied in order. */
export function gradcheck(layers: LayerName | readonly LayerName[], x: Tensor, dout: DoutSpec = 'ones', h = H): GradCheck {
  const names = typeof layers === 'string' ? [layers] : layers;
  // The analytic side is the one forward-then-backward loop's (literal.ts -> dag.ts).
  const grad = runLiteral(x, { layers: [...names], mode: 'chain', dout }).calls[0].dinputs[0] as Tensor;
  const numerical = numericalGradient(names, x, dout, h);
  return { ...largest(grad.data, numerical.data), analytic: grad, numerical };
}

/** Within tolerance: float64 central differences are good to about 1e-7 relative for smooth layers. */
export function withinTolerance(maxAbsDiff: number, scale: number): boolean {
  return maxAbsDiff <= 1e-6 + 1e-5 * scale;
}

function result(r: { maxAbsDiff: number; index: number; checked: number }, analytic: Float64Array): GradCheckResult {
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) if (Math.abs(analytic[i]) > scale) scale = Math.abs(analytic[i]);
  const nan = Number.isNaN(r.maxAbsDiff);
  return { maxAbsDiff: nan ? null : r.maxAbsDiff, index: r.index, checked: r.checked, ok: !nan && withinTolerance(r.maxAbsDiff, scale) };
}

/**
 * Checks one call of the graph on every input port that got a gradient. ReLU's kink (|x| < h) is
 * skipped: the derivative is not defined there and central differences give 0.5.
 */
export function checkCall(run: CallRun, max = GRADCHECK_MAX): (GradCheckResult | undefined)[] {
  const spec = run.spec;
  if (spec.elementwise) {
    const x = run.inputs[0];
    const n = Math.min(x.data.length, max);
    const prefix = (t: Tensor): Tensor => ({ shape: [n], data: t.data.subarray(0, n) });
    const num = numericalGradient(spec.name as LayerName, prefix(x), prefix(run.dout));
    const analytic = (run.dinputs[0] as Tensor).data.subarray(0, n);
    const kink = spec.kink;
    const skip = kink !== undefined ? (i: number) => Math.abs(x.data[i] - kink) < H : undefined;
    return [result(largest(analytic, num.data, skip), analytic)];
  }
  // f(inputs) = sum(forward(inputs) * dout): its partial derivatives are exactly what backward returns.
  const f = (inputs: Tensor[]): number => {
    const out = layerSpec(spec.name).create().forward(inputs, run.params).data;
    let s = 0;
    for (let i = 0; i < out.length; i++) s += out[i] * run.dout.data[i % run.dout.data.length];
    return s;
  };
  return run.inputs.map((x, port) => {
    const analytic = run.dinputs[port];
    if (!analytic) return undefined;
    const n = x.data.length;
    const count = Math.min(n, GRADCHECK_SAMPLE);
    const numerical = new Float64Array(count);
    const picked = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const i = Math.floor((k * n) / count);
      const shifted = (delta: number) => run.inputs.map((t, p) => (p === port ? { shape: t.shape, data: t.data.map((v, j) => (j === i ? v + delta : v)) } : t));
      numerical[k] = (f(shifted(H)) - f(shifted(-H))) / (2 * H);
      picked[k] = analytic.data[i];
    }
    const r = largest(picked, numerical);
    return result({ ...r, index: r.index < 0 ? -1 : Math.floor((r.index * n) / count) }, picked);
  });
}
