// Learners' slips in their own chapter-5 code (learners.md), run as they run it: a TwoLayerNet with
// its layers in an OrderedDict and a gradient check that calls numerical_gradient (thousands of
// forward-only calls) before its one backprop, so the check runs after recording stopped. The
// fixture is ours, in the shape of learners' repositories tried with it (bellbpng/DeepLearning-
// from-Scratch-1's Ch5/gradCheck.ipynb, DeokO, HYEZ, myeonghan-nim): Korean comments, lower-case names.
import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli';
import { recordedToGraph } from '../../../src/engine/recorded';
import { PYTHON, tempScript, trace } from './helpers';

/** The learner's program; `slip` replaces one line of the book's layers with the learner's. */
function program(slip: { from: string; to: string } = { from: '', to: '' }): string {
  const text = `import numpy as np
from collections import OrderedDict

class Relu:
    def __init__(self):
        self.mask = None
    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out
    def backward(self, dout):
        dout[self.mask] = 0  # 0 이하였던 곳은 기울기를 막는다
        dx = dout
        return dx

class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b
    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx

class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        return -np.sum(t * np.log(self.y + 1e-7)) / x.shape[0]
    def backward(self, dout=1):
        return (self.y - self.t) / self.t.shape[0]

def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'])
    while not it.finished:
        i = it.multi_index
        tmp = x[i]
        x[i] = tmp + h
        fxh1 = f(x)
        x[i] = tmp - h
        fxh2 = f(x)
        grad[i] = (fxh1 - fxh2) / (2 * h)
        x[i] = tmp
        it.iternext()
    return grad

class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        rng = np.random.default_rng(1)
        self.params = {'W1': rng.standard_normal((input_size, hidden_size)), 'b1': rng.standard_normal(hidden_size),
                       'W2': rng.standard_normal((hidden_size, output_size)), 'b2': np.zeros(output_size)}
        self.layers = OrderedDict()  # 계층 생성
        self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
        self.layers['Relu1'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])
        self.lastLayer = SoftmaxWithLoss()
    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x
    def loss(self, x, t):
        return self.lastLayer.forward(self.predict(x), t)
    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)
        return {k: numerical_gradient(loss_W, self.params[k]) for k in ('W1', 'b1', 'W2', 'b2')}
    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.lastLayer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {'W1': self.layers['Affine1'].dW, 'b1': self.layers['Affine1'].db,
                'W2': self.layers['Affine2'].dW, 'b2': self.layers['Affine2'].db}

rng = np.random.default_rng(0)
x_batch = rng.standard_normal((3, 4))
t_batch = np.eye(3)[[0, 2, 1]]
network = TwoLayerNet(input_size=4, hidden_size=5, output_size=3)
grad_numerical = network.numerical_gradient(x_batch, t_batch)
grad_backprop = network.gradient(x_batch, t_batch)
for key in grad_numerical.keys():
    print(key + ':' + str(np.average(np.abs(grad_backprop[key] - grad_numerical[key]))))
`;
  assert.ok(text.includes(slip.from), slip.from);
  return text.replace(slip.from, slip.to);
}

async function cli(file: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // a small cap: numerical_gradient's forwards fill it, so the one backprop comes after it (as in the book's run)
  const code = await main(['run', file, '--python', PYTHON, '--max-calls', '40'], {
    stdin: (async function* () {})(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

describe("learners' slips in their own TwoLayerNet, checked after recording stopped", function () {
  this.timeout(120_000);

  it('an inverted ReLU mask: FAILED on Relu1 at the element in its (batch, hidden) shape, not "at ()", in the CLI and the graph', async () => {
    const s = tempScript('grad_check.py', program({ from: 'dout[self.mask] = 0', to: 'dout[~self.mask] = 0' }));
    try {
      const r = await cli(s.file);
      assert.equal(r.code, 0, r.err);
      const line = /\n {2}self\.layers\['Relu1'\] \(Relu\): FAILED: dx at \((\d+), (\d+)\): backprop (\S+), numerical (\S+)\./.exec(r.out);
      assert.ok(line, r.out.slice(r.out.indexOf('gradient check')));
      const rec = await trace(s.file, ['--max-calls', '40']);
      const relu = rec.gradcheck.find((g) => g.class === 'Relu')!;
      assert.equal(relu.call, -1, 'checked after recording stopped');
      assert.deepEqual(relu.inputs[0].shape, [3, 5]);
      const flat = relu.inputs[0].worst![0].index;
      assert.deepEqual([Number(line[1]), Number(line[2])], [Math.floor(flat / 5), flat % 5], 'numpy\'s unravel_index of the worst element in (3, 5)');
      const node = recordedToGraph(rec, 0).nodes.find((n) => n.label === 'Relu1')!;
      assert.match(node.verdict?.text ?? '', /^FAILED: dx at \(\d+, \d+\): backprop \S+, numerical \S+ \(checked on a later forward\/backward pair, after recording stopped\)\.$/);
      for (const other of ['Affine1', 'Affine2']) assert.match(r.out, new RegExp(`self\\.layers\\['${other}'\\] \\(Affine\\): ok: dx, dW, db match`));
    } finally {
      s.cleanup();
    }
  });

  it("a missing transpose that raises in Affine2's backward: the layers backward never reached are listed, not checked, with why", async () => {
    const s = tempScript('grad_check.py', program({ from: 'dx = np.dot(dout, self.W.T)', to: 'dx = np.dot(dout, self.W)' }));
    try {
      const r = await cli(s.file);
      assert.equal(r.code, 2, 'the program raised');
      assert.match(r.err, /ValueError: shapes \(3,3\) and \(5,3\) not aligned/);
      const section = r.out.slice(r.out.indexOf('gradient check'));
      assert.match(section, /\n {2}self\.lastLayer \(SoftmaxWithLoss\): ok: /);
      assert.match(section, /\n {2}self\.layers\['Affine2'\] \(Affine\): not checked: its backward raised an exception\n/);
      assert.match(section, /\n {2}self\.layers\['Relu1'\] \(Relu\): not checked: no backward call was recorded for it\n/);
      assert.match(section, /\n {2}self\.layers\['Affine1'\] \(Affine\): not checked: no backward call was recorded for it\n/);
    } finally {
      s.cleanup();
    }
  });

  it('db not summed over the batch: FAILED says to sum dout over axis 0, each line naming db once', async () => {
    const s = tempScript('grad_check.py', program({ from: 'self.db = np.sum(dout, axis=0)', to: 'self.db = dout' }));
    try {
      const r = await cli(s.file);
      const section = r.out.slice(r.out.indexOf('gradient check'));
      assert.match(section, /self\.layers\['Affine2'\] \(Affine\): FAILED: db \(db has shape \(3, 3\) but b has \(3,\): b is added to every row of the batch, so db is dout summed over the batch \(np\.sum\(dout, axis=0\)\)\)\./);
      assert.match(section, /self\.layers\['Affine1'\] \(Affine\): FAILED: db \(db has shape \(3, 5\) but b has \(5,\): /);
      assert.doesNotMatch(section, /db db/);
      assert.match(section, /, db has shape \(3, 5\) but b has \(5,\): .* \(0 checked\)/);
    } finally {
      s.cleanup();
    }
  });

  it('dW transposed (np.dot(dout.T, x)): FAILED says it is W transposed and what dW is', async () => {
    const s = tempScript('grad_check.py', program({ from: 'self.dW = np.dot(self.x.T, dout)', to: 'self.dW = np.dot(dout.T, self.x)' }));
    try {
      const r = await cli(s.file);
      assert.match(r.out, /self\.layers\['Affine1'\] \(Affine\): FAILED: dW \(dW has shape \(5, 4\) but W has \(4, 5\): that is W transposed \(for out = x \. W, dW = np\.dot\(x\.T, dout\)\)\)\./);
    } finally {
      s.cleanup();
    }
  });
});
