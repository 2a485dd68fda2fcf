// dlcourse.ai-style parameters (Param: .value, .grad) where learners keep them beyond a plain
// attribute: in a dict on the layer (`self.params = {'W': Param(w)}`, what their params() returns),
// in a list, zeroed to a number before each step (`param.grad = 0`, the model's zeroing loop), and
// with an integer value (not checked: said why). Each was neither checked nor said (held.py reads
// them now). Our own fixtures, in the style of learners' assignment 2 layers.py.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

const PARAM = `import numpy as np


class Param:
    def __init__(self, value):
        self.value = value
        self.grad = np.zeros_like(value)
`;

/** A fully connected layer whose Params sit in a dict (`get` = "self.params['W']") or a list ("self.params[0]"). */
const HELD = (get: (p: string) => string, init: string, dW: string) => `${PARAM}

class FullyConnectedLayer:
    def __init__(self, n_input, n_output):
        self.params = ${init}
        self.X = None

    def forward(self, X):
        self.X = X
        return np.dot(X, ${get('W')}.value) + ${get('B')}.value

    def backward(self, d_out):
        ${get('W')}.grad += ${dW}
        ${get('B')}.grad += np.sum(d_out, axis=0, keepdims=True)
        return np.dot(d_out, ${get('W')}.value.T)


np.random.seed(5)
fc = FullyConnectedLayer(3, 4)
X = np.random.randn(2, 3)
out = fc.forward(X)
fc.backward(np.random.randn(*out.shape))
print(out.sum().round(6))
`;

const DICT_INIT = "{'W': Param(0.001 * np.random.randn(n_input, n_output)), 'B': Param(0.001 * np.random.randn(1, n_output))}";
const LIST_INIT = '[Param(0.001 * np.random.randn(n_input, n_output)), Param(0.001 * np.random.randn(1, n_output))]';
const inDict = (p: string) => `self.params['${p}']`;
const inList = (p: string) => `self.params[${p === 'W' ? 0 : 1}]`;
const RIGHT = 'np.dot(self.X.T, d_out)';
const DOUBLED = '2 * np.dot(self.X.T, d_out)';

async function traced(text: string) {
  const s = tempScript('layers.py', text);
  try {
    const r = await trace(s.file);
    assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
    const cli = await runCli([s.file, '--python', PYTHON]);
    return { r, cli: cli.out, node: recordedToGraph(r, 0).nodes.find((n) => n.layer === 'FullyConnectedLayer') };
  } finally {
    s.cleanup();
  }
}

const fcCheck = (r: Awaited<ReturnType<typeof trace>>) => r.gradcheck.find((g) => g.class === 'FullyConnectedLayer');
const params = (r: Awaited<ReturnType<typeof trace>>) => fcCheck(r)?.params?.map((p) => [p.name, p.ok, p.shape]);

describe('tracer: Params held in a dict or a list, zeroed to 0, with integer values (dlcourse.ai)', function () {
  this.timeout(60_000);

  it("self.params = {'W': Param, 'B': Param}: dW, dB checked by the dict's keys, ok; doubled dW is FAILED on dW", async () => {
    const ok = await traced(HELD(inDict, DICT_INIT, RIGHT));
    assert.deepEqual(params(ok.r), [['B', true, [1, 4]], ['W', true, [3, 4]]], JSON.stringify(fcCheck(ok.r)));
    assert.equal(ok.node?.verdict?.text, 'ok: dX, dB, dW match central differences (22 elements checked).');
    const edges = recordedToGraph(ok.r, 0).edges.filter((e) => e.target === ok.node?.id).map((e) => [e.targetPort, e.backwardName]);
    assert.ok(edges.some(([p, b]) => p === 'W' && b === 'dW') && edges.some(([p, b]) => p === 'B' && b === 'dB'), `drawn beside the layer: ${JSON.stringify(edges)}`);
    const bad = await traced(HELD(inDict, DICT_INIT, DOUBLED));
    const w = fcCheck(bad.r)?.params?.find((p) => p.name === 'W');
    assert.equal(w?.ok, false, JSON.stringify(fcCheck(bad.r)));
    assert.ok(Math.abs(Number(w?.worst?.[0].analytic) / Number(w?.worst?.[0].numerical) - 2) < 1e-6, JSON.stringify(w?.worst));
    assert.deepEqual(bad.node?.verdict?.ports, ['W']);
    assert.match(bad.cli, /\n {2}fc \(FullyConnectedLayer\): FAILED: dW at \(\d, \d\): backprop /, bad.cli);
  });

  it('self.params = [Param, Param]: checked as params[0], params[1]; the doubled one FAILED', async () => {
    const { r, node } = await traced(HELD(inList, LIST_INIT, DOUBLED));
    assert.deepEqual(params(r), [['params[0]', false, [3, 4]], ['params[1]', true, [1, 4]]], JSON.stringify(fcCheck(r)));
    assert.deepEqual(node?.verdict?.ports, ['params[0]']);
  });

  it('a list of 70 Params (past the 64 entries read of any list: its first is a Param) is read whole; a loss history beside it is not a parameter', async () => {
    const program = `${PARAM}

class Scales:
    def __init__(self, n):
        self.params = [Param(np.array([1.0 + i])) for i in range(n)]
        self.history = [0.5] * 1000

    def forward(self, X):
        self.X = X
        return sum(p.value * X[:, i] for i, p in enumerate(self.params))

    def backward(self, d_out):
        for i, p in enumerate(self.params):
            p.grad += np.sum(d_out * self.X[:, i]) * (2 if i == 69 else 1)
        return np.stack([d_out * p.value for p in self.params], axis=1)


np.random.seed(2)
layer = Scales(70)
out = layer.forward(np.random.randn(3, 70))
layer.backward(np.ones_like(out))
print(out.sum().round(6))
`;
    const { r } = await traced(program);
    const g = r.gradcheck.find((c) => c.class === 'Scales');
    assert.equal(g?.params?.length, 70, JSON.stringify(g?.params?.map((p) => p.name)));
    assert.deepEqual(g?.params?.filter((p) => !p.ok).map((p) => p.name), ['params[69]'], 'the doubled last one FAILED, the others ok');
  });

  it('a dict of 71 entries whose first is a number, not a Param ({lr, W0..W69}): looked through, its Params checked (they were skipped unsaid)', async () => {
    const program = `${PARAM}

class Scales:
    def __init__(self, n):
        self.params = {'lr': 0.01}
        self.params.update(('W%d' % i, Param(np.array([1.0 + i]))) for i in range(n))
        self.history = [0.5] * 1000

    def forward(self, X):
        self.X = X
        return sum(self.params['W%d' % i].value * X[:, i] for i in range(X.shape[1]))

    def backward(self, d_out):
        for i in range(self.X.shape[1]):
            self.params['W%d' % i].grad += np.sum(d_out * self.X[:, i]) * (2 if i == 42 else 1)
        return np.stack([d_out * self.params['W%d' % i].value for i in range(self.X.shape[1])], axis=1)


np.random.seed(2)
layer = Scales(70)
for step in range(3):
    out = layer.forward(np.random.randn(3, 70))
    layer.backward(np.ones_like(out))
    layer.history.append(float(out.sum()))
print(out.sum().round(6))
`;
    const { r } = await traced(program);
    const g = r.gradcheck.find((c) => c.class === 'Scales');
    assert.equal(g?.params?.length, 70, JSON.stringify(g?.params?.map((p) => p.name)));
    assert.deepEqual(g?.params?.filter((p) => !p.ok).map((p) => p.name), ['W42'], 'the doubled one FAILED, the others ok');
    assert.equal(g?.status, 'failed');
  });

  it('param.grad = 0 before each step (the zeroing loop over params()): what backward added is checked, the doubled dW FAILED', async () => {
    const program = `${PARAM}

class FullyConnectedLayer:
    def __init__(self, n_input, n_output):
        self.W = Param(0.001 * np.random.randn(n_input, n_output))
        self.B = Param(0.001 * np.random.randn(1, n_output))

    def forward(self, X):
        self.X = X
        return np.dot(X, self.W.value) + self.B.value

    def backward(self, d_out):
        self.W.grad += ${DOUBLED}
        self.B.grad += np.sum(d_out, axis=0, keepdims=True)
        return np.dot(d_out, self.W.value.T)

    def params(self):
        return {'W': self.W, 'B': self.B}


np.random.seed(5)
fc = FullyConnectedLayer(3, 4)
X = np.random.randn(2, 3)
for step in range(2):
    for param in fc.params().values():
        param.grad = 0
    out = fc.forward(X)
    fc.backward(np.random.randn(*out.shape))
    print(step, fc.W.grad.sum().round(6))
`;
    const { r } = await traced(program);
    assert.deepEqual(params(r), [['B', true, [1, 4]], ['W', false, [3, 4]]], JSON.stringify(fcCheck(r)));
  });

  it('a Param whose value holds integers is not checked, and the verdict says why in one sentence (dX still checked)', async () => {
    const program = `${PARAM}

class FullyConnectedLayer:
    def __init__(self):
        self.W = Param(np.array([[1, 2], [3, 4], [5, 6]]))

    def forward(self, X):
        self.X = X
        return np.dot(X, self.W.value)

    def backward(self, d_out):
        self.W.grad = np.dot(self.X.T, d_out)
        return np.dot(d_out, self.W.value.T)


fc = FullyConnectedLayer()
out = fc.forward(np.array([[0.5, -1.0, 2.0]]))
print(fc.backward(np.ones_like(out)))
`;
    const { r, cli, node } = await traced(program);
    assert.deepEqual(fcCheck(r)?.intParams, ['W'], JSON.stringify(fcCheck(r)));
    assert.deepEqual(fcCheck(r)?.params, [], 'W is not checked');
    assert.deepEqual(fcCheck(r)?.inputs.map((p) => [p.name, p.ok]), [['X', true]]);
    const why = "W.value holds integers, so dW is not checked: a parameter moves by fractional steps (its update W.value -= lr * W.grad, the check's h), which an integer array cannot hold; give it floats, e.g. np.array(…, dtype=float).";
    assert.equal(node?.verdict?.text, `ok: dX match central differences (3 elements checked). ${why}`);
    assert.ok(cli.includes(why), cli);
  });
});
