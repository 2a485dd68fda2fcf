// The notebook's printed vectors (Deep Learning from Scratch 5.5), reproduced exactly.
import * as assert from 'node:assert/strict';
import { createLayer, formatArray, parseArray, Relu, Sigmoid, tensor, Tensor } from '../../../src/engine';
import { runLayers } from './steps';

const t = (rows: number[][]): Tensor => tensor([rows.length, rows[0].length], Float64Array.from(rows.flat()));

function assertClose(actual: Tensor, expected: number[][], tol = 1e-8): void {
  assert.deepEqual(actual.shape, [expected.length, expected[0].length]);
  expected.flat().forEach((e, i) => assert.ok(Math.abs(actual.data[i] - e) <= tol, `element ${i}: ${actual.data[i]} vs ${e}`));
}

describe('seed notebook vectors', () => {
  it('ReLU forward and backward of [[1.0, -0.5], [2.0, 0]]', () => {
    const x = t([[1.0, -0.5], [2.0, 0]]);
    const before = x.data.slice();
    const relu = new Relu();
    const out = relu.forward(x);
    assert.equal(formatArray(out), '[[1. 0.]\n [2. 0.]]');
    assert.deepEqual(Array.from(relu.mask ?? []), [0, 1, 0, 1]);
    // the notebook passes x itself as dout
    const dx = relu.backward(x);
    assert.equal(formatArray(dx), '[[1. 0.]\n [2. 0.]]');
    assert.deepEqual(x.data, before, 'x must not be written to');
  });

  it('prints x the way the notebook does', () => {
    assert.equal(formatArray(t([[1.0, -0.5], [-2.0, 3.0]])), '[[ 1.  -0.5]\n [-2.   3. ]]');
  });

  it('Sigmoid forward and backward of [[1, 2], [3, 4]]', () => {
    const x = t([[1, 2], [3, 4]]);
    const dout = t([[1, 2], [3, 4]]);
    const sig = new Sigmoid();
    const out = sig.forward(x);
    assert.equal(formatArray(out), '[[0.73105858 0.88079708]\n [0.95257413 0.98201379]]');
    assertClose(out, [[0.7310585786300049, 0.8807970779778823], [0.9525741268224334, 0.9820137900379085]], 1e-15);
    const dx = sig.backward(dout);
    assert.equal(formatArray(dx), '[[0.19661193 0.20998717]\n [0.13552998 0.07065082]]');
    assertClose(dx, [[0.19661193, 0.20998717], [0.13552998, 0.07065082]]);
    assert.deepEqual(Array.from(x.data), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(dout.data), [1, 2, 3, 4], 'dout must not be written to');
  });

  it('1 / (1 + np.exp(-1.0)) prints as 0.7310585786300049', () => {
    const sig = createLayer('sigmoid');
    assert.equal(formatArray(sig.forward(tensor([], Float64Array.of(1)))), '0.7310585786300049');
  });

  it('runLayers with dout "same" reproduces the notebook side by side', () => {
    const relu = runLayers(parseArray('np.array([[1.0, -0.5], [2.0, 0]])').tensor, { layers: ['relu'], mode: 'parallel', dout: 'same' });
    assert.equal(formatArray(relu.steps[0].dx), '[[1. 0.]\n [2. 0.]]');
    const sig = runLayers(parseArray('[[1.0, 2.0],[3.0, 4.0]]').tensor, { layers: ['sigmoid'], mode: 'parallel', dout: 'same' });
    assert.equal(formatArray(sig.steps[0].dx), '[[0.19661193 0.20998717]\n [0.13552998 0.07065082]]');
  });
});
