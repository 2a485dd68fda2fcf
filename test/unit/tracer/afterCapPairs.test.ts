// cs231n-style function pairs after the recording's cap (afterpairs.py): a training loop whose cap
// falls between a forward pass and its backward (as with cs231n's Solver: the model's loss() runs
// the forwards, then the backwards). The forwards recorded before the cap are checked when their
// backward comes after it (paired by the cache they returned), a wrong backward is FAILED there,
// every later call of the functions is counted, and the program runs as it runs plainly.
// Our own code in the style of learners' cs231n assignment2 (layers.py, layer_utils.py, fc_net.py).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordedToGraph } from '../../../src/engine/recorded';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

const LAYERS = (dw: string) => `import numpy as np

def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache

def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = ${dw}
    db = np.sum(dout, axis=0)
    return dx, dw, db

def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache

def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx

def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    n = x.shape[0]
    loss = -np.sum(log_probs[np.arange(n), y]) / n
    dx = np.exp(log_probs)
    dx[np.arange(n), y] -= 1
    return loss, dx / n
`;

const UTILS = `from layers import *

def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)

def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    return affine_backward(da, fc_cache)
`;

// Per iteration: affine_relu_forward (+ affine_forward, relu_forward inside), affine_forward,
// softmax_loss, affine_backward, affine_relu_backward (+ relu_backward, affine_backward inside): 9 layer calls.
const TRAIN = `import numpy as np
from layers import affine_forward, affine_backward, softmax_loss
from layer_utils import affine_relu_forward, affine_relu_backward

class TwoLayerNet:
    def __init__(self):
        np.random.seed(231)
        self.params = {'W1': np.random.randn(5, 4) * 0.5, 'b1': np.zeros(4),
                       'W2': np.random.randn(4, 3) * 0.5, 'b2': np.zeros(3)}

    def loss(self, X, y):
        h, cache1 = affine_relu_forward(X, self.params['W1'], self.params['b1'])
        scores, cache2 = affine_forward(h, self.params['W2'], self.params['b2'])
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        dh, grads['W2'], grads['b2'] = affine_backward(dscores, cache2)
        _, grads['W1'], grads['b1'] = affine_relu_backward(dh, cache1)
        return loss, grads

model = TwoLayerNet()
X = np.random.randn(6, 5)
y = np.array([0, 1, 2, 0, 1, 2])
for it in range(ITERATIONS):
    loss, grads = model.loss(X, y)
    for k in model.params:
        model.params[k] -= 0.1 * grads[k]
print('loss %.6f' % loss)
`;

function program(iterations: number, dw = 'x.reshape(x.shape[0], -1).T.dot(dout)') {
  const s = tempScript('train.py', TRAIN.replace('ITERATIONS', String(iterations)));
  fs.writeFileSync(path.join(s.dir, 'layers.py'), LAYERS(dw));
  fs.writeFileSync(path.join(s.dir, 'layer_utils.py'), UTILS);
  return s;
}

// The book's apples as cs231n-style functions, no numpy: the cap (4 calls) falls on add_backward,
// the call that meets it is watched to its return, and mul_backward's wrong dy is FAILED after it.
const APPLES = `def mul_forward(x, y):
    return x * y, (x, y)

def mul_backward(dout, cache):
    x, y = cache
    return dout * y, dout * x * 2

def add_forward(x, y):
    return x + y, None

def add_backward(dout, cache):
    return dout, dout

for k in range(3):
    a, c1 = mul_forward(100.0, 2.0)
    b, c2 = mul_forward(150.0, 3.0)
    s, c3 = add_forward(a, b)
    da, db = add_backward(1.0, c3)
    dx1, dy1 = mul_backward(da, c1)
    dx2, dy2 = mul_backward(db, c2)
`;

describe('tracer: cs231n function pairs after the cap (their code switched, no profile hook)', function () {
  this.timeout(120_000);

  it('on every Python 3.8-3.13 here (sys.setprofile and sys.monitoring): checked after the cap, the call that met it too', async () => {
    const pythons = [PYTHON, ...['3.8.18', '3.12.1', '3.13.0'].map((v) => `/root/.pyenv/versions/${v}/bin/python`).filter((p) => fs.existsSync(p))];
    console.log(`      (run on ${pythons.join(', ')})`);
    const s = tempScript('apples.py', APPLES);
    try {
      for (const python of pythons) {
        const r = await runCli([s.file, '--python', python, '--max-calls', '4']);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /the program ran on, and 14 later calls of its layers were not recorded/, python);
        const section = r.out.slice(r.out.indexOf('gradient check'));
        assert.match(section, /\n {2}add_forward: ok: dx, dy match/, `${python}: ${section}`);
        assert.match(section, /\n {2}mul_forward: FAILED: dy at \(\): backprop 200, numerical 100\./, `${python}: ${section}`);
        assert.match(section, /\n {2}mul_forward: FAILED: dy at \(\): backprop 300, numerical 150\./, `${python}: ${section}`);
      }
    } finally {
      s.cleanup();
    }
  });

  it('the forwards recorded before the cap are checked when their backward comes after it; every later call counted', async () => {
    const s = program(20);
    try {
      // the cap (5 calls) falls after the forward pass's calls: every backward comes after it
      const r = await trace(s.file, ['--max-calls', '5']);
      assert.equal(r.capped, true);
      assert.equal(r.calls.length, 5);
      assert.equal(r.calls.filter((c) => c.method.startsWith('backward')).length, 0, 'no backward recorded');
      assert.equal(r.unrecorded, 20 * 9 - 5, 'every call of the functions after the cap, counted once');
      assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
      const verdicts = r.gradcheck.map((g) => [r.calls[g.call]?.function, g.status]);
      // affine_relu_forward, affine_forward, relu_forward (inside it), affine_forward: checked; softmax_loss: its own
      assert.deepEqual(verdicts.filter(([, st]) => st !== 'ok'), [], JSON.stringify(r.gradcheck));
      assert.deepEqual(verdicts.map(([f]) => f).sort(), ['affine_forward', 'affine_forward', 'affine_relu_forward', 'relu_forward', 'softmax_loss']);
      const g = recordedToGraph(r, 0);
      const layers = g.nodes.filter((n) => n.kind === 'layer');
      assert.ok(layers.every((n) => n.verdict?.status === 'ok'), JSON.stringify(layers.map((n) => [n.label, n.verdict])));
      const cli = await runCli([s.file, '--python', PYTHON, '--max-calls', '5']);
      assert.ok(!cli.out.includes('no backward call was recorded'), cli.out);
    } finally {
      s.cleanup();
    }
  });

  it('a wrong dw in affine_backward is FAILED on the forward recorded before the cap', async () => {
    const s = program(3, 'x.reshape(x.shape[0], -1).T.dot(dout) * 2.0');
    try {
      const r = await trace(s.file, ['--max-calls', '5']);
      const failed = r.gradcheck.filter((g) => g.status === 'failed' || g.ok === false);
      // the two affine_forward calls (one inside affine_relu_forward) and the sandwich around it
      assert.deepEqual(failed.map((g) => r.calls[g.call]?.function).sort(), ['affine_forward', 'affine_forward', 'affine_relu_forward']);
      for (const g of failed) assert.deepEqual(g.params ?? [], []);
      for (const g of failed) assert.ok(g.inputs.some((p) => p.name === 'w' && !p.ok) && g.inputs.some((p) => p.name === 'x' && p.ok), JSON.stringify(g.inputs));
    } finally {
      s.cleanup();
    }
  });

  it('a backward after the cap that raises: the forward recorded before it says which exception and where; the program dies as it does plainly', async () => {
    const s = program(3, 'x.reshape(x.shape[0], -1).T.dot(dout.T)');
    try {
      const r = await trace(s.file, ['--max-calls', '5']);
      const line = LAYERS('').split('\n').indexOf('    dw = ') + 1;
      const g = r.gradcheck.find((e) => r.calls[e.backwardCall ?? -1] === undefined && e.status === 'unchecked')!;
      assert.equal(g.reason, `its backward raised ValueError: shapes (4,6) and (3,6) not aligned: 6 (dim 1) != 3 (dim 0) (layers.py:${line})`, JSON.stringify(r.gradcheck));
      assert.equal(r.calls[g.call]?.function ?? r.calls.find((c) => c.instance === g.instance)?.function, 'affine_forward');
      const cli = await runCli([s.file, '--python', PYTHON, '--max-calls', '5']);
      assert.equal(cli.code, 2);
      assert.match(cli.err, /ValueError: shapes \(4,6\) and \(3,6\) not aligned/);
    } finally {
      s.cleanup();
    }
  });
});
