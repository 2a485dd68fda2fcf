import * as assert from 'node:assert/strict';
import { exp } from '../../../src/engine/exp';

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('exp (the Sigmoid layer)', () => {
  it('special values', () => {
    assert.equal(exp(0), 1);
    assert.equal(exp(-0), 1);
    assert.equal(exp(1), Math.E);
    assert.ok(Number.isNaN(exp(NaN)));
    assert.equal(exp(Infinity), Infinity);
    assert.equal(exp(-Infinity), 0);
    assert.equal(exp(800), Infinity);
    assert.equal(exp(-800), 0);
  });

  it('within 1 ulp of Math.exp everywhere it is used', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 40000; i++) {
      const x = (random() - 0.5) * [2, 40, 1399.9, 1e-6][i % 4];
      const d = ulps(exp(x), Math.exp(x));
      assert.ok(d <= 1, `exp(${x}) = ${exp(x)}, Math.exp gives ${Math.exp(x)}`);
    }
  });
});
