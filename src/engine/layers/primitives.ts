// The Sigmoid layer taken apart into the book's primitive nodes (figs 5-19 to 5-21):
//   x --×(−1)--> −x --exp--> exp(−x) --+1--> 1 + exp(−x) --/--> y = 1 / (1 + exp(−x))
// Forward values are the intermediate results; backward values are what each primitive's local
// derivative makes of dout on its way back to x. Collapsing them again gives fig 5-22's
// dx = dout · y² · exp(−x) = dout · y · (1 − y).
import { exp } from './exp';
import type { Tensor } from '../tensor';

export type PrimitiveOp = 'neg' | 'exp' | 'add1' | 'div';

export interface PrimitiveEdge {
  /** The primitive this edge feeds, or 'out' for the edge leaving the last one. */
  into: PrimitiveOp | 'out';
  /** The value flowing forward on this edge, and the book's name for it. */
  forward: Tensor;
  forwardName: string;
  /** The gradient flowing back on this edge, and its formula in the book's terms. */
  backward: Tensor;
  backwardName: string;
}

/** Node labels as the book draws them. */
export const PRIMITIVE_LABEL: Record<PrimitiveOp, string> = { neg: '×(−1)', exp: 'exp', add1: '+1', div: '/' };

export const PRIMITIVE_OPS: readonly PrimitiveOp[] = ['neg', 'exp', 'add1', 'div'];

function map(n: number, f: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}

/**
 * The five edges of the expanded Sigmoid, from x to y, for input `x` and upstream gradient
 * `dout` (same shape). Each backward value applies one local derivative, right to left:
 * `/` gives −1/(1+e)² = −y², `+1` passes it, `exp` multiplies by exp(−x), `×(−1)` by −1.
 */
export function sigmoidPrimitives(x: Tensor, dout: Tensor): PrimitiveEdge[] {
  const n = x.data.length;
  if (dout.data.length !== n) throw new RangeError(`dout has ${dout.data.length} values, x has ${n}`);
  const xd = x.data;
  const d = dout.data;
  const shape = [...x.shape];
  const t = (data: Float64Array): Tensor => ({ shape, data });

  const negX = map(n, (i) => -xd[i]);
  const expNegX = map(n, (i) => exp(negX[i])); // the layer's own exp, so y matches Sigmoid's out
  const onePlus = map(n, (i) => 1 + expNegX[i]);
  const y = map(n, (i) => 1 / onePlus[i]);

  // Right to left, as the backward pass runs.
  const atDiv = map(n, (i) => -d[i] * y[i] * y[i]); // ∂(1/u)/∂u = −1/u² = −y²
  const atAdd = atDiv; // ∂(u + 1)/∂u = 1: passes through unchanged
  const atExp = map(n, (i) => atAdd[i] * expNegX[i]); // ∂exp(v)/∂v = exp(v)
  const atNeg = map(n, (i) => -atExp[i]); // ∂(−x)/∂x = −1

  return [
    { into: 'neg', forward: x, forwardName: 'x', backward: t(atNeg), backwardName: 'dx = dout·y²·exp(−x)' },
    { into: 'exp', forward: t(negX), forwardName: '−x', backward: t(atExp), backwardName: '−dout·y²·exp(−x)' },
    { into: 'add1', forward: t(expNegX), forwardName: 'exp(−x)', backward: t(atAdd), backwardName: '−dout·y²' },
    { into: 'div', forward: t(onePlus), forwardName: '1+exp(−x)', backward: t(atDiv), backwardName: '−dout·y²' },
    { into: 'out', forward: t(y), forwardName: 'y', backward: dout, backwardName: 'dout' },
  ];
}
