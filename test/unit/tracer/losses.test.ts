// cs231n's losses give the loss and its gradient from one function (`loss, dx = softmax_loss(x, y)`):
// the real tracer on a two-layer net of our own in cs231n's shape records the loss call when it
// returns (a number and an array of x's shape), checks dx against central differences of the loss
// it returns, and the graph ends in a loss node whose dx flows back into the net.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { GraphNode } from '../../../src/engine/graph/graph';
import { recordedToGraph, resolveRefs, withNested, type RecordedArray, type RecordedValue } from '../../../src/engine/recorded';
import { bare, plainRun, PYTHON, tempScript, trace } from './helpers';

const LAYERS = `import numpy as np

def affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1).dot(w) + b, (x, w, b)

def affine_backward(dout, cache):
    x, w, b = cache
    return dout.dot(w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T.dot(dout), np.sum(dout, axis=0)

def relu_forward(x):
    return np.maximum(0, x), x

def relu_backward(dout, cache):
    return dout * (cache > 0)

def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    n = x.shape[0]
    dx = np.exp(log_probs)
    dx[np.arange(n), y] -= 1
    return -np.sum(log_probs[np.arange(n), y]) / n, dx / n

def svm_loss(x, y):
    n = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(n), y][:, None] + 1.0)
    margins[np.arange(n), y] = 0
    dx = (margins > 0).astype(float)
    dx[np.arange(n), y] -= dx.sum(axis=1)
    return np.sum(margins) / n, dx  # wrong on purpose: dx is not divided by n

def softmax_loss_naive(W, X, y, reg):
    scores = X.dot(W)
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n = X.shape[0]
    loss = -np.log(p[np.arange(n), y]).sum() / n + reg * np.sum(W * W)
    p[np.arange(n), y] -= 1
    return loss, X.T.dot(p) / n + 2 * reg * W

def l2_loss(x):
    return float(np.sum(x * x))  # a number alone: not a loss with its gradient, not recorded

def hinge_loss(x, y):
    return 1.0, {'dx': x}  # a dict of gradients: not recorded either
`;

const NET = `
np.random.seed(0)
x = np.random.randn(4, 5)
y = np.array([0, 2, 1, 2])
w1, b1 = np.random.randn(5, 6) * 0.5, np.zeros(6)
w2, b2 = np.random.randn(6, 3) * 0.5, np.zeros(3)
h, c1 = affine_forward(x, w1, b1)
a, c2 = relu_forward(h)
scores, c3 = affine_forward(a, w2, b2)
loss, dscores = softmax_loss(scores, y)
da, dw2, db2 = affine_backward(dscores, c3)
dh = relu_backward(da, c2)
dx, dw1, db1 = affine_backward(dh, c1)
print(repr(float(loss)))
print(repr(dscores.tolist()))
`;

const arr = (v: unknown): number[] => ((withNested(v as RecordedValue) as RecordedArray).data as number[][]).flat(3) as number[];

describe('tracer: cs231n losses (loss and gradient from one function)', function () {
  this.timeout(60_000);

  it('softmax_loss is recorded when it returns: loss and dx as numpy gave them, dx checked against the loss', async () => {
    const s = tempScript('loss_net.py', LAYERS + NET + `
svm, dsvm = svm_loss(scores, y)
lw, dW = softmax_loss_naive(w2, a, y, 0.1)
l2_loss(x)
hinge_loss(x, y)
`);
    try {
      const r = resolveRefs(await trace(s.file));
      assert.deepEqual(r.calls.map((c) => c.function), ['affine_forward', 'relu_forward', 'affine_forward', 'softmax_loss',
        'affine_backward', 'relu_backward', 'affine_backward', 'svm_loss', 'softmax_loss_naive'], 'l2_loss and hinge_loss return no (loss, gradient): not recorded');
      const loss = r.calls[3];
      assert.deepEqual([loss.method, loss.lossGrad, loss.params, loss.line], ['forward', 0, ['x', 'y'], 10 + LAYERS.split('\n').length - 1]);
      const plain = spawnSync(PYTHON, [s.file], { encoding: 'utf8' }).stdout.trim().split('\n');
      const [value, grad] = loss.result as RecordedValue[];
      assert.equal(bare(value), Number(plain[0]), 'the loss, bit for bit');
      assert.deepEqual(arr(grad), (JSON.parse(plain[1]) as number[][]).flat(), 'dx, bit for bit');
      assert.equal(r.calls[4].pairs, 2, 'affine_backward pairs with the affine its cache came from, not the loss');
      const checks = new Map(r.gradcheck.map((g) => [g.call, g]));
      const soft = checks.get(3);
      assert.deepEqual([soft?.status, soft?.inputs.map((p) => [p.name, p.ok, p.checked]), soft?.labels], ['ok', [['x', true, 12]], ['y']]);
      const svm = checks.get(7);
      assert.equal(svm?.status, 'failed', 'a dx not divided by N fails');
      assert.ok((svm?.inputs[0].maxAbsDiff ?? 0) > 0.5, `by as much as it is wrong: ${svm?.inputs[0].maxAbsDiff}`);
      const naive = r.calls[8];
      assert.equal(naive.lossGrad, 0, 'softmax_loss_naive(W, X, y, reg) returns dW, the gradient of W');
      assert.deepEqual([checks.get(8)?.status, checks.get(8)?.inputs.map((p) => p.name), checks.get(8)?.labels, checks.get(8)?.numbers], ['ok', ['W'], ['X', 'y'], ['reg']]);
    } finally {
      s.cleanup();
    }
  });

  it("a numerical gradient's svm_loss(x, y)[0] evaluations are recorded, not checked: the real call is, and the run is not stalled", async () => {
    // cs231n's notebook: eval_numerical_gradient(lambda x: svm_loss(x, y)[0], x), then loss, dx = svm_loss(x, y).
    // Each evaluation checked (50 elements each) kept a notebook cell running past the 30 s timeout.
    const s = tempScript('loss_numeric.py', LAYERS + `
np.random.seed(231)
x = 0.001 * np.random.randn(50, 10)
y = np.random.randint(10, size=50)

def eval_numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        x[ix] = old - h
        fxmh = f(x)
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad

dx_num = eval_numerical_gradient(lambda x: softmax_loss(x, y)[0], x)
loss, dx = softmax_loss(x, y)
print('dx error: %.1e' % np.max(np.abs(dx_num - dx)))
last = svm_loss(x, y)[0]
`);
    try {
      const r = await trace(s.file, ['--max-calls', '10000']);
      const soft = r.calls.flatMap((c, i) => (c.function === 'softmax_loss' ? [i] : []));
      assert.equal(soft.length, 1001, 'every call recorded: 2 per element of x, and the real one');
      assert.deepEqual(r.gradcheck.filter((g) => g.class === 'softmax_loss').map((g) => [g.call, g.status]), [[soft[1000], 'ok']],
        'one verdict, on the call whose dx the program kept');
      assert.deepEqual(r.gradcheck.filter((g) => g.class === 'svm_loss').map((g) => g.status), ['failed'],
        "the run's last loss call is checked even though only its loss was kept (nothing after it to tell)");
      assert.equal(r.stdout, spawnSync(PYTHON, [s.file], { encoding: 'utf8' }).stdout);
    } finally {
      s.cleanup();
    }
  });

  it('the graph ends in the loss: softmax_loss a layer, L after it, its dx on the edge back into the last affine', async () => {
    const s = tempScript('loss_graph.py', LAYERS + NET);
    try {
      const g = recordedToGraph(await trace(s.file), 0);
      const layers = g.nodes.filter((n) => n.kind === 'layer');
      assert.deepEqual(layers.map((n) => n.label), ['affine', 'relu', 'affine', 'softmax_loss']);
      const soft = layers[3];
      assert.deepEqual([soft.inputs, soft.verdict?.status], [['x', 'y'], 'ok']);
      const lossNode = g.nodes.find((n) => n.kind === 'loss') as GraphNode;
      assert.equal(lossNode.label, 'L');
      const out = g.edges.find((e) => e.target === lossNode.id);
      assert.equal(out?.source, soft.id);
      assert.deepEqual([out?.forward?.shape, out?.backward?.shape, out?.backward?.data[0]], [[], [], 1], 'dL = 1 on the loss edge');
      const into = g.edges.find((e) => e.target === soft.id && e.targetPort === 'x');
      assert.equal(into?.source, layers[2].id, 'scores come from the last affine, by value id');
      const plain = spawnSync(PYTHON, [s.file], { encoding: 'utf8' }).stdout.trim().split('\n');
      assert.equal(out?.forward?.data[0], Number(plain[0]));
      assert.deepEqual(Array.from(into?.backward?.data ?? []), (JSON.parse(plain[1]) as number[][]).flat(), 'dx flows back into the net');
      assert.equal(into?.gradcheck?.ok, true);
      const labels = g.edges.find((e) => e.target === soft.id && e.targetPort === 'y');
      assert.ok(labels && !labels.backward, 'y: labels, no gradient');
    } finally {
      s.cleanup();
    }
  });
});

// cs231n's FullyConnectedNet.loss: `loss, dscores = softmax_loss(scores, y)`, dscores handed to
// affine_backward, then dropped when loss() returns (a Solver's iteration); a numerical gradient's
// `softmax_loss(x, y)[0]` never hands its gradient to a backward
const LOSS_LOOP = `import numpy as np

def affine_forward(x, w, b):
    return x.dot(w) + b, (x, w, b)

def affine_backward(dout, cache):
    x, w, b = cache
    return dout.dot(w.T), x.T.dot(dout), dout.sum(axis=0)

def softmax_loss(x, y):
    p = np.exp(x - x.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n = x.shape[0]
    dx = p.copy()
    dx[np.arange(n), y] -= 1
    return -np.log(p[np.arange(n), y]).mean(), dx / n

def model_loss(X, y, W, b):
    scores, cache = affine_forward(X, W, b)
    loss, dscores = softmax_loss(scores, y)
    dX, dW, db = affine_backward(dscores, cache)
    return loss, dW, db

np.random.seed(0)
X, y = np.random.randn(4, 3), np.array([0, 1, 2, 1])
W, b = np.random.randn(3, 3), np.zeros(3)
for it in range(3):
    loss, dW, db = model_loss(X, y, W, b)
    W -= 0.1 * dW
h = 1e-5
x0 = np.random.randn(2, 3)
num = (softmax_loss(x0 + h, [0, 1])[0] - softmax_loss(x0 - h, [0, 1])[0]) / (2 * h)
print('%.6f %.6f' % (loss, num))
`;

describe('tracer: a cs231n loss whose gradient went into a backward is checked in every pass', function () {
  this.timeout(120_000);

  it("each iteration's softmax_loss gets its verdict (its dscores died with loss()); a numerical gradient's evaluations none", async () => {
    const s = tempScript('loop.py', LOSS_LOOP);
    try {
      const r = await trace(s.file);
      assert.equal(r.stdout, plainRun(s.file));
      const losses = r.calls.map((c, i) => [c, i] as const).filter(([c]) => c.function === 'softmax_loss');
      assert.equal(losses.length, 5, 'three iterations and the two evaluations');
      const checked = new Map(r.gradcheck.map((g) => [g.call, g.status]));
      // the run's last loss call is checked anyway (losses.test.ts); the one before it, an evaluation, is not
      assert.deepEqual(losses.map(([, i]) => checked.get(i)), ['ok', 'ok', 'ok', undefined, 'ok'], JSON.stringify(r.gradcheck));
      const g = recordedToGraph(r, 0);
      assert.equal(g.nodes.find((n) => n.kind === 'layer' && n.label.startsWith('softmax_loss'))?.verdict?.status, 'ok', "pass 1's loss has its verdict");
    } finally {
      s.cleanup();
    }
  });
});
