// The book's gradient check (5.7.3), per layer call: the layer's backward against central
// differences of its own forward, (f(x + h) - f(x - h)) / 2h, weighted by the dout it received.
import type { CallRun } from './dag';
import type { GradCheckResult } from './graph';
import { createLayer, layerSpec, type LayerName } from '../layers';
import { resolveDout, runLiteral, type DoutSpec } from './literal';
import type { Tensor } from '../tensor';
import { GRADCHECK, H, judge, sampleIndices } from './checkRule';

export interface GradCheck {
  /** Largest |analytic dx - numerical dx| over all elements. */
  maxAbsDiff: number;
  /** Where it occurs (flat index), -1 for an empty array. */
  index: number;
  analytic: Tensor;
  numerical: Tensor;
}

/** Elements a check looks at per port (checkRule.ts: a fixed-seed sample of bigger ports). */
export const GRADCHECK_MAX = GRADCHECK.sample;

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

/** A step float64 keeps to within 0.1% of h (|x| up to ~1e9): ports.py's STEP_SLACK, the same rule. */
const STEP_SLACK = 1e-3;

/**
 * The first input port with sampled elements float64 cannot move by h (2**53 + 1 + h is 2**53 + 1):
 * central differences there would be 0, a false FAILED, so the call is not checked (the tracer's
 * ports.py says the same, reason_unmovable). undefined when every sampled element moves.
 */
export function unmovable(run: CallRun): { port: number; count: number; max: number } | undefined {
  for (const [port, x] of run.inputs.entries()) {
    if (!run.dinputs[port]) continue;
    const far = sampleIndices(x.data.length).map((i) => x.data[i]).filter((v) => Math.abs(v + H - v - H) > STEP_SLACK * H || Math.abs(v - (v - H) - H) > STEP_SLACK * H);
    if (far.length) return { port, count: far.length, max: Math.max(...far.map(Math.abs)) };
  }
  return undefined;
}

/**
 * Checks one call of the graph on every input port that got a gradient, by the one rule of
 * checkRule.ts (the tracer's too): the sampled elements' one-sided differences of
 * f = sum(forward(inputs) * dout), a kink (ReLU at 0) accepted between its two slopes.
 */
export function checkCall(run: CallRun): (GradCheckResult | undefined)[] {
  const spec = run.spec;
  const f = (inputs: Tensor[]): Float64Array => layerSpec(spec.name).create().forward(inputs, run.params).data;
  const d = run.dout.data;
  // sum((a - b) * dout): untouched elements cancel exactly, so rounding does not drown the change
  const change = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) * d[i % d.length];
    return s;
  };
  const base = f(run.inputs);
  const doutMax = d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return run.inputs.map((x, port) => {
    const analytic = run.dinputs[port];
    if (!analytic) return undefined;
    const picks = sampleIndices(x.data.length);
    const shifted = (delta: number): Float64Array[] => {
      // element-wise layers: every picked element moves at once (each output sees its own input)
      const data = Float64Array.from(x.data);
      for (const i of picks) data[i] += delta;
      return [data];
    };
    if (spec.elementwise) {
      const [up, down] = [f([{ shape: x.shape, data: shifted(H)[0] }]), f([{ shape: x.shape, data: shifted(-H)[0] }])];
      return judge(picks.map((i) => ({ index: i, analytic: analytic.data[i], right: ((up[i] - base[i]) * d[i % d.length]) / H, left: ((base[i] - down[i]) * d[i % d.length]) / H })), doutMax);
    }
    const moved = (i: number, delta: number) => run.inputs.map((t, p) => (p === port ? { shape: t.shape, data: t.data.map((v, j) => (j === i ? v + delta : v)) } : t));
    return judge(picks.map((i) => ({ index: i, analytic: analytic.data[i], right: change(f(moved(i, H)), base) / H, left: change(base, f(moved(i, -H))) / H })), doutMax);
  });
}
