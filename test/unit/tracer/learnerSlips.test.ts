// Learners' slips in their own chapter-5 code (learners.md), run as they run it: a TwoLayerNet with
// its layers in an OrderedDict and a gradient check that calls numerical_gradient (thousands of
// forward-only calls) before its one backprop, so the check runs after recording stopped
// (test/fixtures/learnerNet.ts, ours, in the shape of the learners' repositories tried with it).
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { learnerNet as program } from '../../fixtures/learnerNet';
import { PYTHON, runCli, tempScript, trace } from './helpers';
import { bookAffine } from '../../fixtures/bookLayers';

// a small cap: numerical_gradient's forwards fill it, so the one backprop comes after it (as in the book's run)
const cli = (file: string, cap = ['--max-calls', '40']) => runCli([file, '--python', PYTHON, ...cap]);

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
      const graph = recordedToGraph(rec, 0);
      const node = graph.nodes.find((n) => n.label === 'Relu1')!;
      // The mark names the port as the verdict does (dx), not the value on the edge in.
      assert.deepEqual(node.marks?.filter((m) => m.startsWith('FAILED')), ['FAILED: dx']);
      assert.notEqual(graph.edges.find((e) => e.target === node.id && e.targetPort === 'x')?.backwardName?.replace(/ ✗$/, ''), 'dx', 'the edge in draws another name (the value\'s)');
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
      // the exception and the learner's line it came from (the program died of it: named at the run's end)
      const line = program({ from: 'dx = np.dot(dout, self.W.T)', to: 'dx = np.dot(dout, self.W)' }).split('\n').indexOf('        dx = np.dot(dout, self.W)') + 1;
      assert.ok(line > 0);
      assert.ok(section.includes(`\n  self.layers['Affine2'] (Affine): not checked: its backward raised ValueError: shapes (3,3) and (5,3) not aligned: 3 (dim 1) != 5 (dim 0) (grad_check.py:${line})\n`), section);
      // the run was capped (numerical_gradient's forwards): the sentence names the cap
      assert.match(section, /\n {2}self\.layers\['Relu1'\] \(Relu\): not checked: no backward call for it was recorded before the recording's cap, and none after the cap was paired with it\n/);
      assert.match(section, /\n {2}self\.layers\['Affine1'\] \(Affine\): not checked: no backward call for it was recorded before the recording's cap, and none after the cap was paired with it\n/);
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

  it('db summed with keepdims=True (shape (1, 3) for b (3,)): FAILED for the axis of length 1 with the right numbers said, not "sum over the batch"; a wrong number too is said apart', async () => {
    // cs231n learners' batchnorm_backward does the same with dgamma (0809zheng/CS231n-assignment2019):
    // the advice was to sum over the batch, which the learner had done.
    const kept = tempScript('grad_check.py', program({ from: 'self.db = np.sum(dout, axis=0)', to: 'self.db = np.sum(dout, axis=0, keepdims=True)' }));
    const doubled = tempScript('grad_check.py', program({ from: 'self.db = np.sum(dout, axis=0)', to: 'self.db = 2 * np.sum(dout, axis=0, keepdims=True)' }));
    try {
      const r = await cli(kept.file);
      assert.match(r.out, /self\.layers\['Affine2'\] \(Affine\): FAILED: db \(db has shape \(1, 3\) but b has \(3,\): the right numbers, with an axis of length 1 more as np\.sum\(\.\.\., keepdims=True\) leaves it \(b -= lr \* db would make b \(1, 3\)\)\)\./);
      assert.doesNotMatch(r.out, /summed over the batch/);
      const wrong = await cli(doubled.file);
      assert.match(wrong.out, /\(Affine\): FAILED: db \(db has shape \(1, 3\) but b has \(3,\): an axis of length 1 more as np\.sum\(\.\.\., keepdims=True\) leaves it, and numbers that differ from central differences\)\./);
    } finally {
      kept.cleanup();
      doubled.cleanup();
    }
  });

  it('db summed over every axis (np.sum(dout), a number): FAILED on db with why, not left out of the check in silence', async () => {
    const s = tempScript('grad_check.py', program({ from: 'self.db = np.sum(dout, axis=0)', to: 'self.db = np.sum(dout)' }));
    try {
      const r = await cli(s.file);
      assert.match(r.out, /self\.layers\['Affine2'\] \(Affine\): FAILED: db \(db has shape \(\) but b has \(3,\): db is one number, dout summed over every axis; b is added to every row of the batch, so db sums dout over the batch only \(np\.sum\(dout, axis=0\)\)\)\./);
      assert.doesNotMatch(r.out, /ok: dx, dW match/);
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

  it("cs231n's functions checked numerically (affine_forward(x, w, b)[0] many times, one pair kept): no 'not checked' line for the forwards without a backward", async () => {
    const s = tempScript('fc.py', `import numpy as np
def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    return out, (x, w, b)
def affine_backward(dout, cache):
    x, w, b = cache
    return dout.dot(w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T.dot(dout), np.sum(dout, axis=0)
def eval_numerical_gradient_array(f, x, df, h=1e-5):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        pos = f(x).copy()
        x[ix] = old - h
        neg = f(x).copy()
        x[ix] = old
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad
np.random.seed(231)
x, w, b, dout = np.random.randn(4, 2, 3), np.random.randn(6, 5), np.random.randn(5), np.random.randn(4, 5)
dx_num = eval_numerical_gradient_array(lambda z: affine_forward(x, w, b)[0], x, dout)
_, cache = affine_forward(x, w, b)
dx, dw, db = affine_backward(dout, cache)
print(np.max(np.abs(dx - dx_num)) < 1e-7)
`);
    try {
      const r = await cli(s.file, []);
      assert.equal(r.code, 0, r.err);
      const section = r.out.slice(r.out.indexOf('gradient check'));
      assert.match(section, /\n {2}affine_forward: ok: dx, dw, db match central differences/);
      assert.doesNotMatch(section, /not checked/);
    } finally {
      s.cleanup();
    }
  });

  it("the book's MulLayer on an array times a number (dy = dout * x has x's shape): FAILED says y was broadcast and dy sums over it", async () => {
    const s = tempScript('mul_number.py', `import numpy as np
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x
mul_tax_layer = MulLayer()
price = mul_tax_layer.forward(np.array([100.0, 150.0, 200.0, 50.0]), 1.1)
dprice, dtax = mul_tax_layer.backward(np.ones(4))
`);
    try {
      const r = await cli(s.file, []);
      assert.match(r.out, /\n {2}mul_tax_layer \(MulLayer\): FAILED: dy \(backward returned shape \(4,\) for y of shape \(\): y was broadcast to \(4,\) in forward, so dy is that gradient summed over the broadcast axes\)\.\n/);
      assert.match(r.out, /\n {4}dx max \|diff\| \S+ \(4 checked\), dy: backward returned shape/);
    } finally {
      s.cleanup();
    }
  });
  it('an Affine tried by hand on integer arrays (x, W, b and dout written as ints): dW and db are checked on float copies, as dx is; a doubled dW FAILED', async () => {
    // A learner's test of their layer (SHINN314/Deep-Learning-from-Scratch, test_affine_layer.py):
    // small integers typed in. dx was checked, dW and db were left out without a word.
    const layer = (dW: string) => `import numpy as np
${bookAffine(dW)}affine_layer = Affine(np.array([[5, 5, 5], [1, 1, 1], [1, 1, 1]]), np.array([1, 2, 3]))
out = affine_layer.forward(np.array([[0, 0, 0], [1, 2, 3]]))
dx = affine_layer.backward(np.array([[1, 2, 3], [4, 5, 6]]))
`;
    const right = tempScript('test_affine_layer.py', layer('np.dot(self.x.T, dout)'));
    const wrong = tempScript('test_affine_layer.py', layer('np.dot(self.x.T, dout) * 2'));
    try {
      const ok = await cli(right.file, []);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /\n {2}affine_layer \(Affine\): ok: dx, dW, db match central differences \(18 elements checked\)\.\n/);
      const failed = await cli(wrong.file, []);
      assert.match(failed.out, /\n {2}affine_layer \(Affine\): FAILED: dW at \(2, 2\): backprop 36, numerical 18\.\n/);
      const node = recordedToGraph(await trace(wrong.file), 0).nodes.find((n) => n.verdict)!;
      assert.equal(node.verdict?.text, 'FAILED: dW at (2, 2): backprop 36, numerical 18.', 'the graph\'s verdict');
    } finally {
      right.cleanup();
      wrong.cleanup();
    }
  });
});
