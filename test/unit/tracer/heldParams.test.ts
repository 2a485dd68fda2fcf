// Layers in the dlcourse.ai style keep their parameters as objects (`self.W = Param(w)`, W.value
// the parameter, W.grad its gradient, which backward adds into: `self.W.grad += X.T @ d_out`).
// The check reads them as it reads the book's self.W / self.dW (ports.py, held_params): W.value
// perturbed on a copy, against what backward gave W.grad (what it added, when it added into the
// array it had), and drawn beside their layer (W.value, W.grad). They were neither checked nor
// mentioned. Our own fixture, in that style.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

const PROGRAM = (dW: string, before = '') => `import numpy as np


class Param:
    """Trainable parameter of the model: its value and its gradient."""
    def __init__(self, value):
        self.value = value
        self.grad = np.zeros_like(value)


class ReLULayer:
    def forward(self, X):
        self.mask = X > 0
        return X * self.mask

    def backward(self, d_out):
        return d_out * self.mask

    def params(self):
        return {}


class FullyConnectedLayer:
    def __init__(self, n_input, n_output):
        self.W = Param(0.001 * np.random.randn(n_input, n_output))
        self.B = Param(0.001 * np.random.randn(1, n_output))
        self.X = None

    def forward(self, X):
        self.X = X
        return np.dot(X, self.W.value) + self.B.value

    def backward(self, d_out):
        ${dW}
        self.B.grad += np.sum(d_out, axis=0, keepdims=True)
        return np.dot(d_out, self.W.value.T)

    def params(self):
        return {'W': self.W, 'B': self.B}


np.random.seed(3)
fc = FullyConnectedLayer(3, 4)
relu = ReLULayer()
X = np.random.randn(2, 3)
${before}
for step in range(2):
    out = relu.forward(fc.forward(X))
    d_out = np.random.randn(*out.shape)
    fc.backward(relu.backward(d_out))
    print(step, fc.W.grad.sum().round(6))
`;

async function traced(text: string) {
  const s = tempScript('layers.py', text);
  try {
    const r = await trace(s.file);
    assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
    const cli = await runCli([s.file, '--python', PYTHON]);
    return { r, cli: cli.out };
  } finally {
    s.cleanup();
  }
}

const fcCheck = (r: Awaited<ReturnType<typeof trace>>) => r.gradcheck.find((g) => g.class === 'FullyConnectedLayer');

describe('tracer: parameters held as objects (dlcourse.ai Param: W.value, W.grad)', function () {
  this.timeout(60_000);

  it('a right layer: dW and dB checked beside dX, ok, on the panel and in the CLI', async () => {
    const { r, cli } = await traced(PROGRAM('self.W.grad += np.dot(self.X.T, d_out)'));
    const g = fcCheck(r);
    assert.deepEqual(g?.params?.map((p) => [p.name, p.ok, p.checked, p.shape]), [['B', true, 4, [1, 4]], ['W', true, 12, [3, 4]]], JSON.stringify(g));
    const node = recordedToGraph(r, 0).nodes.find((n) => n.layer === 'FullyConnectedLayer');
    assert.equal(node?.verdict?.text, 'ok: dX, dB, dW match central differences (22 elements checked).');
    // drawn beside their layer as the book's W, b: W.value forward, W.grad (what backward added to zeros) back
    const drawn = recordedToGraph(r, 0);
    const w = drawn.edges.find((e) => e.target === node?.id && e.targetPort === 'W');
    assert.deepEqual([w?.forward?.shape, w?.backwardName, w?.backward?.shape, w?.gradcheck?.ok], [[3, 4], 'dW', [3, 4], true], JSON.stringify(w));
    assert.ok(drawn.edges.some((e) => e.target === node?.id && e.targetPort === 'B' && e.backwardName === 'dB'), JSON.stringify(drawn.edges));
    assert.match(cli, /\n {2}fc \(FullyConnectedLayer\): ok: dX, dB, dW match central differences \(22 elements checked\)\./, cli);
  });

  it('a doubled dW is FAILED on dW, where backprop is twice numerical; dX and dB ok', async () => {
    const { r, cli } = await traced(PROGRAM('self.W.grad += 2 * np.dot(self.X.T, d_out)'));
    const w = fcCheck(r)?.params?.find((p) => p.name === 'W');
    assert.equal(w?.ok, false, JSON.stringify(fcCheck(r)));
    const worst = w?.worst?.[0];
    assert.ok(worst && Math.abs(Number(worst.analytic) / Number(worst.numerical) - 2) < 1e-6, JSON.stringify(worst));
    assert.deepEqual(fcCheck(r)?.inputs.map((p) => p.ok), [true]);
    const node = recordedToGraph(r, 0).nodes.find((n) => n.layer === 'FullyConnectedLayer');
    assert.equal(node?.verdict?.status, 'failed');
    assert.deepEqual(node?.verdict?.ports, ['W']);
    assert.ok(recordedToGraph(r, 0).edges.some((e) => e.targetPort === 'W' && e.backwardName === 'dW ✗'), 'the dW edge is marked');
    assert.match(cli, /\n {2}fc \(FullyConnectedLayer\): FAILED: dW at \(\d, \d\): backprop /, cli);
  });

  it('a grad that held something before backward: what backward added (+=) or put there (=) is checked, ok either way', async () => {
    const before = 'fc.W.grad += 5.0  # left from an earlier step: not zeroed\nfc.B.grad = fc.B.grad + 3.0';
    for (const dW of ['self.W.grad += np.dot(self.X.T, d_out)', 'self.W.grad = np.dot(self.X.T, d_out)']) {
      const { r } = await traced(PROGRAM(dW, before));
      assert.deepEqual(fcCheck(r)?.params?.map((p) => [p.name, p.ok]), [['B', true], ['W', true]], `${dW}: ${JSON.stringify(fcCheck(r))}`);
    }
  });
});
