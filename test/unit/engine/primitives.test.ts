// The Sigmoid's primitive graph (book figs 5-19 to 5-22): every edge against its formula, and the
// collapsed result against the layer's own backward.
import * as assert from 'assert';
import { Sigmoid, sigmoidPrimitives, tensor, PRIMITIVE_OPS } from '../../../src/engine';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('sigmoidPrimitives', () => {
  const x = tensor([2, 2], new Float64Array([1.0, -0.5, 2.0, 0]));
  const dout = tensor([2, 2], new Float64Array([1, 2, -1, 0.5]));
  const edges = sigmoidPrimitives(x, dout);

  it('runs x → ×(−1) → exp → +1 → / → y in order', () => {
    assert.deepStrictEqual(edges.map((e) => e.into), [...PRIMITIVE_OPS, 'out']);
    assert.deepStrictEqual(edges.map((e) => e.forwardName), ['x', '−x', 'exp(−x)', '1+exp(−x)', 'y']);
    for (const e of edges) {
      assert.deepStrictEqual(e.forward.shape, [2, 2]);
      assert.deepStrictEqual(e.backward.shape, [2, 2]);
    }
  });

  it('carries the forward values of fig 5-19', () => {
    x.data.forEach((v, i) => {
      close(edges[1].forward.data[i], -v);
      close(edges[2].forward.data[i], Math.exp(-v));
      close(edges[3].forward.data[i], 1 + Math.exp(-v));
      close(edges[4].forward.data[i], 1 / (1 + Math.exp(-v)));
    });
  });

  it('carries the backward values of figs 5-20 and 5-21: −dout·y², then ·exp(−x), then ·(−1)', () => {
    x.data.forEach((v, i) => {
      const y = 1 / (1 + Math.exp(-v));
      const d = dout.data[i];
      close(edges[4].backward.data[i], d);
      close(edges[3].backward.data[i], -d * y * y);
      close(edges[2].backward.data[i], -d * y * y);
      close(edges[1].backward.data[i], -d * y * y * Math.exp(-v));
      close(edges[0].backward.data[i], d * y * y * Math.exp(-v));
    });
  });

  it('collapses to the Sigmoid layer (fig 5-22): dout·y²·exp(−x) = dout·y·(1 − y)', () => {
    const layer = new Sigmoid();
    const y = layer.forward(x);
    const dx = layer.backward(dout);
    dx.data.forEach((v, i) => close(edges[0].backward.data[i], v));
    y.data.forEach((v, i) => close(edges[4].forward.data[i], v));
  });

  it('handles extremes like numpy: exp(−x) overflows to inf, y to 0, gradient to 0 or NaN', () => {
    const big = sigmoidPrimitives(tensor([3], new Float64Array([-1000, 1000, 0])), tensor([3], new Float64Array([1, 1, 1])));
    assert.strictEqual(big[2].forward.data[0], Infinity);
    assert.strictEqual(big[4].forward.data[0], 0);
    assert.strictEqual(big[4].forward.data[1], 1);
    close(big[0].backward.data[2], 0.25);
    // y² · exp(−x) = 0 · inf: NaN, as numpy would compute the primitive chain.
    assert.ok(Number.isNaN(big[0].backward.data[0]));
  });

  it('rejects a dout of another size', () => {
    assert.throws(() => sigmoidPrimitives(x, tensor([1], new Float64Array([1]))), RangeError);
  });
});
