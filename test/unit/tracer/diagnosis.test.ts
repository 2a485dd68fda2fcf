// Issue #19 on real programs: the book's own chapter-5 programs (test/fixtures/book, MIT, with a
// stand-in MNIST loader of the same shapes) and programs in the shapes learners write (their
// repositories' licences do not allow fixtures): every layer instance that ran backward gets a
// verdict, no correct layer fails, and a wrong backward planted in each style is caught.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { recordedToGraph } from '../../../src/engine/recorded';
import { ROOT, plainRun, tempScript, trace } from './helpers';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05');
const verdicts = (r: Awaited<ReturnType<typeof trace>>) => r.gradcheck.map((g) => `${g.class}#${g.instance}:${g.status}`).sort();

/** MulLayer / AddLayer as the book writes them (5.4), with a hook to plant a wrong backward. */
const NAIVE = (mulBackward = 'dout * self.y, dout * self.x') => `
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y
    def backward(self, dout):
        return ${mulBackward}

class AddLayer:
    def forward(self, x, y):
        return x + y
    def backward(self, dout):
        return dout * 1, dout * 1
`;

describe('the diagnosis on real programs (issue #19)', function () {
  this.timeout(300_000);

  it("the book's gradient_check.py: thousands of forward-only calls first, then every layer checked", async () => {
    const r = await trace(path.join(BOOK, 'gradient_check.py'), [], 280_000);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.capped, true, 'numerical_gradient fills the recording caps before the one backprop');
    assert.match(r.stdout, /^W1:\S+\nb1:\S+\nW2:\S+\nb2:\S+\n$/);
    assert.deepEqual(verdicts(r), ['Affine#0:ok', 'Affine#2:ok', 'Relu#1:ok', 'SoftmaxWithLoss#3:ok']);
    const affine = r.gradcheck.find((g) => g.instance === 0)!;
    assert.equal(affine.call, -1, 'checked after recording stopped (its backward came after the cap)');
    assert.deepEqual([...affine.inputs, ...(affine.params ?? [])].map((p) => `${p.name}:${p.checked + (p.kinks ?? 0)}`), ['x:256', 'W:256', 'b:50']);
    // the graph of the first recorded pass (numerical_gradient's forwards) shows every layer's verdict
    const g = recordedToGraph(r, 0);
    assert.deepEqual([...new Set(g.nodes.filter((n) => n.kind === 'layer').map((n) => `${n.label}:${n.verdict?.status}`))], ['Affine1:ok', 'Relu1:ok', 'Affine2:ok', 'lastLayer:ok']);
    assert.match(g.nodes.find((n) => n.kind === 'layer')?.verdict?.text ?? '', /\(checked on a later forward\/backward pair, after recording stopped\)\.$/);
  });

  it("the book's train_neuralnet.py at its sizes (batch 100, 784 → 50 → 10): all four layers checked, not only the first", async () => {
    const r = await trace(path.join(BOOK, 'train_neuralnet.py'), ['--max-passes', '3', '--stop-at-cap'], 120_000);
    assert.deepEqual(verdicts(r), ['Affine#0:ok', 'Affine#2:ok', 'Relu#1:ok', 'SoftmaxWithLoss#3:ok']);
    // at least MIN_PICKS (16) elements per port, all of a smaller one (b2 has 10)
    for (const g of r.gradcheck) for (const p of [...g.inputs, ...(g.params ?? [])]) assert.ok(p.checked + (p.kinks ?? 0) >= 10, `${g.class}.${p.name}: ${p.checked}`);
    assert.deepEqual(r.gradcheck.find((g) => g.class === 'SoftmaxWithLoss')?.labels, ['t']);
  });

  it("the book's buy_apple.py and buy_apple_orange.py: every layer ok, drawn with the book's names", async () => {
    for (const [file, layers] of [['buy_apple.py', 2], ['buy_apple_orange.py', 4]] as const) {
      const r = await trace(path.join(BOOK, file));
      assert.equal(r.stdout, plainRun(path.join(BOOK, file)));
      assert.equal(r.gradcheck.length, layers);
      assert.ok(r.gradcheck.every((g) => g.status === 'ok'), JSON.stringify(r.gradcheck));
      const g = recordedToGraph(r, 0);
      const inputs = g.nodes.filter((n) => n.kind === 'input').map((n) => n.label);
      assert.ok(['apple', 'apple_num', 'tax'].every((n) => inputs.includes(n)), inputs.join());
    }
  });

  it('a wrong backward planted in each style is FAILED, naming the port and the worst element', async () => {
    const cases: [string, string, RegExp][] = [
      // the book's MulLayer with dx and dy swapped
      ['mul.py', `${NAIVE('dout * self.x, dout * self.y')}\nm = MulLayer()\nprice = m.forward(100.0, 2.0)\nda, dn = m.backward(1.0)\n`, /^FAILED: dx at \(\): backprop 100, numerical 2; dy/],
      // ReLU without its mask
      ['relu.py', `import numpy as np\nclass Relu:\n    def forward(self, x):\n        self.mask = (x <= 0)\n        out = x.copy()\n        out[self.mask] = 0\n        return out\n    def backward(self, dout):\n        return dout\nr = Relu()\nr.forward(np.array([[1.0, -0.5], [-2.0, 3.0]]))\nr.backward(np.ones((2, 2)))\n`, /^FAILED: dx at \(0, 1\)/],
      // a retyped Affine: lower-case w, db summed over the wrong axis (a shape the check names)
      ['affine.py', `import numpy as np\nclass Affine:\n    def __init__(self, w, b):\n        self.w, self.b = w, b\n    def forward(self, x):\n        self.x = x\n        return np.dot(x, self.w) + self.b\n    def backward(self, dout):\n        self.dw = np.dot(self.x.T, dout)\n        self.db = np.sum(dout, axis=1)\n        return np.dot(dout, self.w.T)\nnp.random.seed(0)\na = Affine(np.random.randn(3, 2), np.zeros(2))\na.forward(np.random.randn(4, 3))\na.backward(np.ones((4, 2)))\n`, /^FAILED: db \(db has shape \(4,\) but b has \(2,\)\)/],
      // parameters passed into forward, backward returning (dx, dW, db): dW transposed
      ['params.py', `import numpy as np\nclass Dense:\n    def forward(self, x, W, b):\n        self.x, self.W = x, W\n        return x @ W + b\n    def backward(self, dout):\n        return dout @ self.W.T, (self.x.T @ dout).T.T * 2, dout.sum(axis=0)\nnp.random.seed(1)\nd = Dense()\nd.forward(np.random.randn(2, 3), np.random.randn(3, 3), np.zeros(3))\ndx, dW, db = d.backward(np.ones((2, 3)))\n`, /^FAILED: dW at \(\d, \d\)/],
      // a learner's SoftmaxWithLoss called with integer arrays, dividing by the wrong size
      ['softmax.py', `import numpy as np\nclass SoftmaxWithLoss:\n    def forward(self, x, t):\n        self.t = t\n        e = np.exp(x - x.max(axis=1, keepdims=True))\n        self.y = e / e.sum(axis=1, keepdims=True)\n        return -np.sum(np.log(self.y[np.arange(len(t)), t])) / len(t)\n    def backward(self, dout=1):\n        dx = self.y.copy()\n        dx[np.arange(len(self.t)), self.t] -= 1\n        return dx / self.y.size\nl = SoftmaxWithLoss()\nl.forward(np.array([[5, 1, 0], [0, 2, 1]]), np.array([0, 2]))\nl.backward()\n`, /^FAILED: dx at/],
    ];
    for (const [name, code, expected] of cases) {
      const s = tempScript(name, code);
      try {
        const r = await trace(s.file);
        assert.equal(r.error, undefined, `${name}: ${JSON.stringify(r.error)}`);
        assert.equal(r.gradcheck.length, 1, name);
        assert.equal(r.gradcheck[0].status, 'failed', `${name}: ${JSON.stringify(r.gradcheck[0])}`);
        const node = recordedToGraph(r, 0).nodes.find((n) => n.kind === 'layer');
        assert.equal(node?.badge, '✗', name);
        assert.match(node?.verdict?.text ?? '', expected, name);
      } finally {
        s.cleanup();
      }
    }
  });

  it('the same layers written right pass, integer inputs checked on a float64 copy, labels named', async () => {
    const s = tempScript('right.py', `import numpy as np\n${NAIVE()}
class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        return -np.sum(np.log(self.y[np.arange(len(t)), t])) / len(t)
    def backward(self, dout=1):
        dx = self.y.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dx / len(self.t)
m = MulLayer()
m.forward(np.array([5, 1, 0]), np.array([2, 3, 4]))
m.backward(np.array([1, 1, 1]))
l = SoftmaxWithLoss()
l.forward(np.array([[5, 1, 0], [0, 2, 1]]), np.array([0, 2]))
l.backward()
`);
    try {
      const r = await trace(s.file);
      assert.deepEqual(verdicts(r), ['MulLayer#0:ok', 'SoftmaxWithLoss#1:ok']);
      assert.deepEqual(r.gradcheck.find((g) => g.class === 'MulLayer')?.inputs.map((p) => `${p.name}:${p.checked}`), ['x:3', 'y:3']);
      assert.deepEqual(r.gradcheck.find((g) => g.class === 'SoftmaxWithLoss')?.labels, ['t']);
    } finally {
      s.cleanup();
    }
  });

  it('not checked, with the reason; a near miss of backward gets a hint', async () => {
    const s = tempScript('odd.py', `import numpy as np
class Relu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0, x)
    def backword(self, dout):
        return np.where(self.mask, 0, dout)
class Quiet:
    def forward(self, x):
        return x * 2
    def backward(self, dout):
        return None
r = Relu()
r.backword(r.forward(np.array([1.0, -1.0])))
q = Quiet()
q.forward(np.ones(2))
q.backward(np.ones(2))
`);
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.hints, ['Relu has forward and backword but no backward: the tracer pairs forward with a method named backward, so backword is not recorded nor checked (rename it backward).']);
      assert.deepEqual(r.gradcheck.map((g) => [g.class, g.status, g.reason]), [['Quiet', 'unchecked', 'backward returned no gradient (None) and set no d<param> attribute']]);
      const g = recordedToGraph(r, 0);
      assert.deepEqual(g.notes, r.hints);
      const quiet = g.nodes.find((n) => n.layer === 'Quiet');
      assert.deepEqual([quiet?.badge, quiet?.verdict?.status], ['?', 'unchecked']);
      assert.match(quiet?.verdict?.text ?? '', /^not checked: backward returned no gradient/);
    } finally {
      s.cleanup();
    }
  });

  it('a run stopped by the timeout keeps the checks of what ran before it', async () => {
    const s = tempScript('hang.py', `import time\n${NAIVE()}\nm = MulLayer()\nm.forward(3.0, 4.0)\nm.backward(1.0)\nwhile True:\n    time.sleep(0.05)\n`);
    try {
      const r = await trace(s.file, [], 4000);
      assert.equal(r.error?.kind, 'signal');
      assert.deepEqual(verdicts(r), ['MulLayer#0:ok']);
    } finally {
      s.cleanup();
    }
  });
});
