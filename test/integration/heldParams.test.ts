// A layer in the dlcourse.ai style keeps its parameters as objects (`self.W = Param(w)`: W.value,
// W.grad). In the real panel they are drawn beside their layer as W, B with dW, dB, and a doubled
// dW is FAILED on dW (it was neither checked nor drawn). Screenshot at the launcher's window.
import * as assert from 'assert';
import { screenshot } from './index';
import { runSettled, withProgram } from './util';

const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const PROGRAM = [
  'import numpy as np', '', '',
  'class Param:', '    def __init__(self, value):', '        self.value = value', '        self.grad = np.zeros_like(value)', '', '',
  'class FullyConnectedLayer:',
  '    def __init__(self, n_input, n_output):',
  '        self.W = Param(0.001 * np.random.randn(n_input, n_output))',
  '        self.B = Param(0.001 * np.random.randn(1, n_output))', '',
  '    def forward(self, X):', '        self.X = X', '        return np.dot(X, self.W.value) + self.B.value', '',
  '    def backward(self, d_out):',
  '        self.W.grad += 2 * np.dot(self.X.T, d_out)  # wrong: doubled',
  '        self.B.grad += np.sum(d_out, axis=0, keepdims=True)',
  '        return np.dot(d_out, self.W.value.T)', '', '',
  'np.random.seed(3)', 'fc = FullyConnectedLayer(3, 4)', 'X = np.random.randn(2, 3)', 'out = fc.forward(X)', 'd_X = fc.backward(np.ones_like(out))', '',
].join('\n');

describe('run mode: parameters held as objects (dlcourse.ai Param)', function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_param_objects.py', PROGRAM);

  it('W and B are drawn beside the layer with dW and dB; the doubled dW is FAILED (screenshot)', async () => {
    const drawn = await runSettled(file());
    const layer = drawn.nodes.find((n) => n.verdict !== undefined);
    assert.ok(layer?.marks?.some((m) => /dW/.test(m)), `FAILED on dW: ${JSON.stringify(layer)}`);
    const labels = drawn.nodes.map((n) => n.label);
    assert.ok(labels.includes('W') && labels.includes('B'), `W and B drawn: ${JSON.stringify(labels)}`);
    await screenshot(`run-param-objects-${WINDOW}`);
  });
});
