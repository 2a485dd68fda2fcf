// dlcourse.ai-style layers (Param: .value, .grad) traced at a breakpoint: the probe runs in a real
// Python as debugpy evaluates it in the paused frame. Their Params, held as attributes or in a dict
// on the layer, are checked as run mode checks them (held.py: W.value perturbed on a copy, against
// what backward added into W.grad) and drawn beside the layer (W with dW); one with an integer value
// is not checked, said why. At a breakpoint they were neither checked nor drawn. Our own fixture.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readAnswer, type LayerAnswer } from '../../../src/extension/debug/answer';
import { probeExpression } from '../../../src/extension/debug/expression';
import { recordedToGraph } from '../../../src/engine/recorded';
import { PROBE, PYTHON, TRACER } from './probeSources';

const DRIVER = `
import json, sys, zlib
import numpy as np


class Param:
    def __init__(self, value):
        self.value = value
        self.grad = np.zeros_like(value)


class FullyConnectedLayer:
    def __init__(self, n_input, n_output, doubled=False):
        self.W = Param(0.001 * np.random.randn(n_input, n_output))
        self.B = Param(0.001 * np.random.randn(1, n_output))
        self.X, self.doubled = None, doubled

    def forward(self, X):
        self.X = X
        return np.dot(X, self.W.value) + self.B.value

    def backward(self, d_out):
        self.W.grad += (2 if self.doubled else 1) * np.dot(self.X.T, d_out)
        self.B.grad += np.sum(d_out, axis=0, keepdims=True)
        return np.dot(d_out, self.W.value.T)

    def params(self):
        return {'W': self.W, 'B': self.B}


class DictLayer:
    def __init__(self, W):
        self.params = {'W': Param(W)}

    def forward(self, X):
        self.X = X
        return np.dot(X, self.params['W'].value)

    def backward(self, d_out):
        self.params['W'].grad = np.dot(self.X.T, d_out)
        return np.dot(d_out, self.params['W'].value.T)


np.random.seed(7)
X = np.random.randn(2, 3)
l = {'fc': FullyConnectedLayer(3, 4), 'bad': FullyConnectedLayer(3, 4, doubled=True),
     'held': DictLayer(np.random.randn(3, 2)), 'ints': DictLayer(np.array([[1, 2], [3, 4], [5, 6]]))}
for k in ('fc', 'bad'):
    l[k].forward(X)
    l[k].W.grad += 5.0  # left from an earlier step: what backward adds is checked
for k in ('held', 'ints'):
    l[k].forward(X)
g = dict(globals())
for e in json.load(sys.stdin):
    sums = lambda: [zlib.crc32(o.tobytes()) for k in l for o in (getattr(l[k], 'W', None), l[k].__dict__.get('params', {}).get('W')) if o is not None for o in (o.value, o.grad)]
    before = sums()
    r = eval(e, dict(g, **l), l)
    print(json.dumps({'repr': repr(r), 'same': before == sums()}))
`;

function ask(exprs: string[], peek = false): { result: LayerAnswer['result']; holds: LayerAnswer['holds']; same: boolean }[] {
  const texts = exprs.map((expr) => probeExpression(PROBE, TRACER, { expr, maxElements: 100_000, methods: ['forward', 'backward'], peek }));
  const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line)).map((a) => {
    const answer = readAnswer(a.repr) as LayerAnswer;
    return { result: answer.result, holds: answer.holds, same: a.same };
  });
}

describe('debug probe: dlcourse.ai Params at a breakpoint', function () {
  this.timeout(60_000);

  it('a layer holding Params: dW and dB checked and drawn beside it; a doubled dW is FAILED; the program\'s Params untouched', () => {
    const [ok, bad, held, ints] = ask(['fc', 'bad', 'held', 'ints']);
    assert.ok(ok.same && bad.same && held.same && ints.same, 'the paused program\'s values and grads are unchanged');
    const params = (a: typeof ok) => a.result?.gradcheck[0]?.params?.map((p) => [p.name, p.ok, p.shape]);
    assert.deepEqual(params(ok), [['B', true, [1, 4]], ['W', true, [3, 4]]], JSON.stringify(ok.result?.gradcheck));
    const graph = recordedToGraph(ok.result!, 0);
    const node = graph.nodes.find((n) => n.layer === 'FullyConnectedLayer');
    assert.equal(node?.verdict?.text, 'ok: dX, dB, dW match central differences (22 elements checked).');
    const w = graph.edges.find((e) => e.target === node?.id && e.targetPort === 'W');
    assert.deepEqual([w?.forward?.shape, w?.backwardName, w?.backward?.shape], [[3, 4], 'dW', [3, 4]], JSON.stringify(graph.edges));
    assert.deepEqual(params(bad), [['B', true, [1, 4]], ['W', false, [3, 4]]], JSON.stringify(bad.result?.gradcheck));
    const worst = bad.result?.gradcheck[0]?.params?.find((p) => p.name === 'W')?.worst?.[0];
    assert.ok(worst && Math.abs(Number(worst.analytic) / Number(worst.numerical) - 2) < 1e-6, JSON.stringify(worst));
  });

  it("Params in a dict on the layer (self.params = {'W': Param}) are checked by their key; an integer W.value is not, said why", () => {
    const [, , held, ints] = ask(['fc', 'bad', 'held', 'ints']);
    assert.deepEqual(held.result?.gradcheck[0]?.params?.map((p) => [p.name, p.ok]), [['W', true]], JSON.stringify(held.result?.gradcheck));
    const gc = ints.result?.gradcheck[0];
    assert.deepEqual([gc?.intParams, gc?.params, gc?.inputs.map((p) => [p.name, p.ok])], [['W'], [], [['X', true]]], JSON.stringify(gc));
    const node = recordedToGraph(ints.result!, 0).nodes.find((n) => n.layer === 'DictLayer');
    assert.match(node?.verdict?.text ?? '', /^ok: dX match central differences \(6 elements checked\)\. W\.value holds integers, so dW is not checked: /);
  });

  it("a hover over such a layer (peek, running none of its code) lists each Param's value and grad: W.value, W.grad, params['W'].value", () => {
    const [fc, held] = ask(['fc', 'held'], true);
    assert.deepEqual(fc.holds?.map((h) => [h.name, 'shape' in h ? h.shape : undefined]), [['W.value', [3, 4]], ['W.grad', [3, 4]], ['B.value', [1, 4]], ['B.grad', [1, 4]], ['X', [2, 3]], ['doubled', undefined]], JSON.stringify(fc.holds));
    assert.deepEqual(held.holds?.map((h) => h.name), ["params['W'].value", "params['W'].grad", 'X'], JSON.stringify(held.holds));
  });
});
