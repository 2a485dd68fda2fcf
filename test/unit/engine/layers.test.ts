import * as assert from 'node:assert/strict';
import { createLayer, DoutError, full, gradcheck, numericalGradient, Relu, Sigmoid, tensor, Tensor } from '../../../src/engine';
import { runLayers } from './steps';

const vec = (...v: number[]): Tensor => tensor([v.length], Float64Array.from(v));

describe('layers', () => {
  it('ReLU: mask = x <= 0, NaN passes through like numpy, -0 becomes +0', () => {
    const relu = new Relu();
    const out = relu.forward(vec(NaN, Infinity, -Infinity, -0, 0, 2, -3));
    assert.deepEqual(Array.from(relu.mask ?? []), [0, 0, 1, 1, 1, 0, 1]);
    assert.deepEqual(Array.from(out.data), [NaN, Infinity, 0, 0, 0, 2, 0]);
    assert.ok(Object.is(out.data[3], 0));
    const dx = relu.backward(vec(1, 2, 3, 4, 5, 6, 7));
    assert.deepEqual(Array.from(dx.data), [1, 2, 0, 0, 0, 6, 0]);
  });

  it('ReLU backward passes dout exactly (-0, infinities, NaN) and writes +0 where masked, like numpy', () => {
    const relu = new Relu();
    relu.forward(vec(1, -1, 2, -2, NaN, -0, 0, 3));
    const dx = relu.backward(vec(-0, -0, Infinity, -Infinity, NaN, NaN, 5, -0));
    const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
    assert.deepEqual(Array.from(dx.data, show), ['-0', '0', 'Infinity', '0', 'NaN', '0', '0', '-0']);
  });

  it('Sigmoid: sigmoid(+inf) = 1, sigmoid(-inf) = 0, NaN stays NaN; dx = dout * out * (1 - out)', () => {
    const sig = new Sigmoid();
    const out = sig.forward(vec(Infinity, -Infinity, NaN, 0, -800, 800));
    assert.deepEqual(Array.from(out.data), [1, 0, NaN, 0.5, 0, 1]);
    const dx = sig.backward(vec(1, 1, 1, 2, 1, 1));
    assert.deepEqual(Array.from(dx.data), [0, 0, NaN, 0.5, 0, 0]);
  });

  it('never writes into x or dout', () => {
    const x = vec(-1, 0, 1, NaN);
    const dout = vec(5, 6, 7, 8);
    for (const name of ['relu', 'sigmoid'] as const) {
      const layer = createLayer(name);
      layer.forward(x);
      layer.backward(dout);
    }
    assert.deepEqual(Array.from(x.data), [-1, 0, 1, NaN]);
    assert.deepEqual(Array.from(dout.data), [5, 6, 7, 8]);
  });

  it('backward with a dout of the wrong shape throws DoutError', () => {
    const relu = new Relu();
    relu.forward(vec(1, 2));
    assert.throws(() => relu.backward(vec(1, 2, 3)), (e: unknown) => e instanceof DoutError && /shape \(3,\) but ReLU's output has shape \(2,\)/.test(e.message));
  });
});

describe('runLayers', () => {
  const x = tensor([2, 2], Float64Array.of(1, -0.5, 2, 0));

  it('side by side (the notebook default): each layer on x with its own dout', () => {
    const run = runLayers(x, { layers: ['relu', 'sigmoid'], mode: 'parallel' });
    assert.equal(run.steps.length, 2);
    assert.equal(run.steps[0].input, x);
    assert.equal(run.steps[1].input, x);
    assert.deepEqual(Array.from(run.steps[0].dout.data), [1, 1, 1, 1]);
    assert.deepEqual(Array.from(run.steps[0].dx.data), [1, 0, 1, 0]);
    assert.deepEqual(Array.from(run.steps[0].mask ?? []), [0, 1, 0, 1]);
    assert.equal(run.steps[1].mask, undefined);
  });

  it('chain: backward runs from the last layer; each dout is the next dx', () => {
    const run = runLayers(x, { layers: ['relu', 'sigmoid'], mode: 'chain', dout: 'same' });
    const [relu, sig] = run.steps;
    assert.equal(sig.input, relu.out);
    assert.deepEqual(Array.from(sig.dout.data), Array.from(x.data));
    assert.equal(relu.dout, sig.dx);
    const s = 1 / (1 + Math.exp(-1));
    assert.equal(relu.dx.data[0], 1 * s * (1 - s));
    assert.equal(relu.dx.data[1], 0);
  });

  it('dout: a scalar broadcasts, a wrong shape throws DoutError, values are used as given', () => {
    const run = runLayers(x, { layers: ['relu'], mode: 'parallel', dout: tensor([], Float64Array.of(3)) });
    assert.deepEqual(Array.from(run.steps[0].dx.data), [3, 0, 3, 0]);
    const given = runLayers(x, { layers: ['relu'], mode: 'parallel', dout: tensor([2, 2], Float64Array.of(1, 2, 3, 4)) });
    assert.deepEqual(Array.from(given.steps[0].dx.data), [1, 0, 3, 0]);
    assert.throws(() => runLayers(x, { layers: ['relu'], mode: 'chain', dout: full([3], 1) }), DoutError);
  });
});

describe('gradient check', () => {
  it('analytic dx agrees with central differences', () => {
    const x = vec(-2, -0.3, 0.4, 1.5, 3);
    assert.ok(gradcheck('sigmoid', x).maxAbsDiff < 1e-9);
    assert.ok(gradcheck('relu', x, 'same').maxAbsDiff < 1e-9);
    assert.ok(gradcheck(['relu', 'sigmoid'], x, vec(1, 2, 3, 4, 5)).maxAbsDiff < 1e-9);
    assert.ok(gradcheck(['sigmoid', 'relu'], x).maxAbsDiff < 1e-9);
  });

  it('reports the kink of ReLU at 0, where the two disagree', () => {
    const check = gradcheck('relu', vec(1, 0, 2));
    assert.equal(check.index, 1);
    assert.ok(Math.abs(check.maxAbsDiff - 0.5) < 1e-9, String(check.maxAbsDiff));
    assert.deepEqual(numericalGradient('relu', vec(2), 'ones').shape, [1]);
  });
});
