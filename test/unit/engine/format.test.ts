// numpy's str(arr), checked by hand against numpy 2.x and 1.24 (numpy.test.ts compares generated cases).
import * as assert from 'node:assert/strict';
import { formatArray, pyFloatRepr, tensor } from '../../../src/engine';

const f = (shape: number[], ...v: number[]) => formatArray(tensor(shape, Float64Array.from(v)));

describe('formatArray (numpy str)', () => {
  it('the notebook outputs', () => {
    assert.equal(f([2, 2], 1, 0, 2, 0), '[[1. 0.]\n [2. 0.]]');
    assert.equal(f([2], 1, -0.5), '[ 1.  -0.5]');
    assert.equal(f([2, 2], 1, -0.5, -2, 3), '[[ 1.  -0.5]\n [-2.   3. ]]');
  });

  it('an int64 array past 2**53 prints every digit of its float64 (numpy: np.array([7, 2**60]) is [                  7 1152921504606846976])', () => {
    assert.equal(formatArray({ shape: [2], data: Float64Array.of(7, 2 ** 60), dtype: 'int64' }), '[                  7 1152921504606846976]');
  });

  it('scientific notation, non-finite values and ties', () => {
    assert.equal(f([3], 1000, -0, 0.001), '[ 1.e+03 -0.e+00  1.e-03]');
    assert.equal(f([4], NaN, Infinity, -Infinity, 1.5), '[ nan  inf -inf  1.5]');
    assert.equal(f([2], NaN, Infinity), '[nan inf]');
    assert.equal(f([1], 1 / 512), '[0.00195312]', 'ties round to even, like Dragon4');
    assert.equal(f([1], 3 / 512), '[0.00585938]');
    assert.equal(f([2], 1e-5, 1), '[1.e-05 1.e+00]');
    assert.equal(f([1], 123456789), '[1.23456789e+08]');
  });

  it('0-d arrays print as the Python float, empty arrays as []', () => {
    assert.equal(f([], 0.7310585786300049), '0.7310585786300049');
    assert.equal(f([], 1), '1.0');
    assert.equal(f([], 1e-5), '1e-05');
    assert.equal(f([], -0), '-0.0');
    assert.equal(f([0]), '[]');
    assert.equal(pyFloatRepr(1e16), '1e+16');
    assert.equal(pyFloatRepr(123.25), '123.25');
  });

  it('summarises past 1000 elements with 3 edge items, wraps at 75 columns', () => {
    const n = 1001;
    const s = formatArray(tensor([n], Float64Array.from({ length: n }, (_, i) => i)));
    assert.equal(s, '[   0.    1.    2. ...  998.  999. 1000.]');
    const wrapped = formatArray(tensor([20], Float64Array.from({ length: 20 }, (_, i) => i / 3)));
    assert.equal(wrapped.split('\n')[0], '[0.         0.33333333 0.66666667 1.         1.33333333 1.66666667');
    const big = formatArray(tensor([40, 40], new Float64Array(1600)));
    assert.equal(big.split('\n').length, 7);
    assert.equal(big.split('\n')[3], ' ...');
  });

  it('options: precision and threshold', () => {
    assert.equal(formatArray(tensor([1], Float64Array.of(Math.PI)), { precision: 3 }), '[3.142]');
    assert.equal(formatArray(tensor([8], new Float64Array(8)), { threshold: 5, edgeitems: 1 }), '[0. ... 0.]');
  });
});
