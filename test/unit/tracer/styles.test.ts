// The other ways learners write layers, traced by the real tracer on programs of our own in the
// same shapes: cs231n-style function pairs (paired by cache and by name, drawn as layers with w,
// b beside them, checked against numpy and by the gradient check), layers on another thread,
// a generator forward, `__call__` wrappers (a Module base class, `forward = __call__`).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { GraphNode } from '../../../src/engine/graph/graph';
import { recordedToGraph, resolveRefs, withNested, type RecordedArray, type RecordedValue } from '../../../src/engine/recorded';
import { PYTHON, tempScript, trace } from './helpers';

const FUNCTIONS = `import numpy as np

def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache

def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db

def relu_forward(x):
    return np.maximum(0, x), x

def relu_backward(dout, cache):
    return dout * (cache > 0)

def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)

def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)

def max_pool_forward_fast(x, pool_param):
    n, c, h, w = x.shape
    out = x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
    return out, (x, out)

def max_pool_backward_fast(dout, cache):
    x, out = cache
    n, c, h, w = x.shape
    mask = x.reshape(n, c, h // 2, 2, w // 2, 2) == out[:, :, :, None, :, None]
    dx = mask * dout[:, :, :, None, :, None]
    return dx.reshape(x.shape)
`;

const DRIVER = `
np.random.seed(0)
x = np.random.randn(4, 5)
w1, b1 = np.random.randn(5, 6), np.random.randn(6)
w2, b2 = np.random.randn(6, 3), np.random.randn(3)
# a numerical-gradient style evaluation first: forwards whose cache nobody keeps
for _ in range(3):
    affine_forward(x, w1, b1)[0]
h, c1 = affine_relu_forward(x, w1, b1)
scores, c2 = affine_forward(h, w2, b2)
dscores = np.ones_like(scores) / 4
dh, dw2, db2 = affine_backward(dscores, c2)
dx, dw1, db1 = affine_relu_backward(dh, c1)
p, pc = max_pool_forward_fast(np.arange(16.0).reshape(1, 1, 4, 4), {'pool_height': 2})
dp = max_pool_backward_fast(np.ones_like(p), pc)
np.set_printoptions(precision=17)
print(repr(scores.tolist()))
print(repr(dw1.tolist()))
`;

const NET = `
np.random.seed(0)
x = np.random.randn(4, 5)
h, c1 = affine_relu_forward(x, np.random.randn(5, 6), np.random.randn(6))
scores, c2 = affine_forward(h, np.random.randn(6, 3), np.random.randn(3))
dh, dw2, db2 = affine_backward(np.ones_like(scores), c2)
dx, dw1, db1 = affine_relu_backward(dh, c1)
`;

const arr = (v: unknown): number[] => ((withNested(v as RecordedValue) as RecordedArray).data as number[][]).flat(3) as number[];

describe('tracer: every style a learner writes', function () {
  this.timeout(120_000);

  it('cs231n function pairs: recorded as layers, paired by cache and by name, values as numpy gave them, checked', async () => {
    const s = tempScript('cs231n_style.py', FUNCTIONS + DRIVER);
    try {
      const r = resolveRefs(await trace(s.file));
      assert.equal(r.error, undefined, r.error?.message);
      const names = r.calls.map((c) => `${c.function}:${c.pairs ?? '-'}:${c.parent ?? '-'}`);
      assert.deepEqual(names, [
        'affine_forward:-:-', 'affine_forward:-:-', 'affine_forward:-:-',
        'affine_relu_forward:-:-', 'affine_forward:-:3', 'relu_forward:-:3',
        'affine_forward:-:-',
        'affine_backward:6:-',
        'affine_relu_backward:3:-', 'relu_backward:5:8', 'affine_backward:4:8',
        'max_pool_forward_fast:-:-', 'max_pool_backward_fast:11:-',
      ]);
      const calls = r.calls;
      assert.deepEqual([calls[4].class, calls[4].method, calls[4].params], ['affine', 'forward', ['x', 'w', 'b']]);
      assert.equal(calls[11].class, 'max_pool_fast', 'the variant is in the layer name');
      assert.deepEqual(calls[7].args[1], { type: 'cache' }, 'the cache tuple is not sent again');
      // the same numbers numpy printed in the plain run
      const plain = spawnSync(PYTHON, [s.file], { encoding: 'utf8' }).stdout.trim().split('\n');
      assert.deepEqual(arr(calls[6].result), (JSON.parse(plain[0]) as number[][]).flat());
      const dw1 = (calls[10].result as unknown[])[1];
      assert.deepEqual(arr(dw1), (JSON.parse(plain[1]) as number[][]).flat());
      // the gradient check ran on the pairs (the evaluations gave their budget back) and passed
      const checked = new Map(r.gradcheck.map((g) => [g.call, g]));
      for (const call of [4, 5, 6, 11]) assert.equal(checked.get(call)?.ok, true, `call ${call} checked and ok`);
      assert.deepEqual(checked.get(4)?.inputs.map((p) => p.name), ['x', 'w', 'b']);
      assert.ok(!checked.has(0), 'an evaluation never followed by a backward is not checked');
    } finally {
      s.cleanup();
    }
  });

  it('a numerical gradient\'s evaluations (relu_forward(x)[0], its cache x kept alive) leave the check budget to the real pair', async () => {
    const s = tempScript('evaluations.py', `${FUNCTIONS}
x = np.linspace(-1, 1, 20).reshape(4, 5) + 0.01
for i in range(x.size):
    x.flat[i] += 1e-5
    relu_forward(x)[0]
    x.flat[i] -= 1e-5
out, cache = relu_forward(x)
dx = relu_backward(np.ones_like(out), cache)
`);
    try {
      // the check's copies of an evaluation are dropped: only the real pair is checked
      const r = await trace(s.file);
      assert.equal(r.calls.length, 22);
      assert.deepEqual(r.gradcheck.map((g) => [g.call, g.ok, g.inputs[0].checked]), [[20, true, 20]]);
    } finally {
      s.cleanup();
    }
  });

  it('cs231n function pairs in the graph: affine → relu → affine as layers, w and b beside each with dw, db', async () => {
    const s = tempScript('cs231n_graph.py', FUNCTIONS + NET);
    try {
      const g = recordedToGraph(await trace(s.file), 0);
      const layers = g.nodes.filter((n) => n.kind === 'layer');
      assert.deepEqual(layers.map((n) => n.label), ['affine', 'relu', 'affine'], 'affine_relu_forward holds them: not drawn itself');
      assert.deepEqual([layers[0].inputs, layers[0].params, layers[0].section], [['x'], ['w', 'b'], '5.6.2']);
      const w = g.nodes.find((n) => n.id === `${layers[0].id}_w`) as GraphNode;
      assert.equal(w.kind, 'param');
      assert.equal(w.gradName, 'dw');
      assert.deepEqual(w.grad?.shape, [5, 6]);
      const relu = g.edges.find((e) => e.target === layers[1].id);
      assert.equal(relu?.source, layers[0].id, 'affine feeds relu by value id');
      assert.ok(relu?.backward, 'with the gradient relu_backward returned');
      assert.equal(g.edges.find((e) => e.target === layers[2].id && e.targetPort === 'x')?.source, layers[1].id);
    } finally {
      s.cleanup();
    }
  });

  it('threads, a generator forward, __call__ wrappers: each call once, its line the reader\'s, the thread named', async () => {
    const s = tempScript('styles.py', `import threading
import numpy as np

class Module:
    def __call__(self, *args):
        return self.forward(*args)

class Relu(Module):
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out
    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx

class Square:
    def __call__(self, x):
        self.x = x
        return x * x
    forward = __call__
    def backward(self, dout):
        return 2 * self.x * dout

class Rows:
    def forward(self, x):
        for row in x:
            yield row * 2
    def backward(self, dout):
        return dout * 2

x = np.array([[1.0, -2.0], [3.0, -4.0]])
relu = Relu()
y = relu(x)
dx = relu.backward(np.ones_like(x))
sq = Square()
z = sq(x)
dz = sq.backward(np.ones_like(x))
rows = list(Rows().forward(x))

def worker():
    r = Relu()
    r(np.array([-1.0, 1.0]))
    r.backward(np.array([1.0, 1.0]))
t = threading.Thread(target=worker, name='loader')
t.start()
t.join()
`);
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.calls.map((c) => `${c.class}.${c.method}@${c.line}${c.thread ? `/${c.thread}` : ''}`), [
        'Relu.forward@36', 'Relu.backward@37', 'Square.forward@39', 'Square.backward@40', 'Rows.forward@41',
        'Relu.forward@45/loader', 'Relu.backward@46/loader',
      ]);
      assert.equal(r.calls[4].generator, true);
      assert.deepEqual((withNested(r.calls[4].result) as RecordedArray).data, [2, -4], 'its first yield');
      assert.equal(r.calls[4].raised, undefined, 'a yield is not an exception');
      assert.deepEqual(r.gradcheck.map((g) => `${g.call}:${g.ok}`), ['0:true', '2:true', '5:true'], 'the generator is not checked');
      const g = recordedToGraph(r, r.calls[4].pass);
      const rows = g.nodes.find((n) => n.label === 'Rows');
      assert.match(rows?.notes?.join(' ') ?? '', /forward is a generator: recorded once, at its first yield, and not gradient-checked/);
    } finally {
      s.cleanup();
    }
  });
});
