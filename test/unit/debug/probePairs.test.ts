// cs231n's function layers traced at a breakpoint (pairs.py), the probe run in a real Python as
// debugpy evaluates it in the paused frame of a backward: the pair runs as one layer on the
// frame's `cache` when it is forward's own arguments; a cache that only looks like them (a
// dropout's (mask, mode)) asks for the inputs instead of running forward on the wrong values.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readAnswer, type LayerAnswer } from '../../../src/extension/debug/answer';
import { probeExpression, type ProbeRequest } from '../../../src/extension/debug/expression';
import { withNested } from '../../../src/engine/recorded/values';
import { PROBE, PYTHON, TRACER } from './probeSources';

/** Our own code in cs231n's shapes; each request names the frame (its `cache`) it is paused in. */
const DRIVER = `
import json, sys, zlib
import numpy as np
def affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1).dot(w) + b, (x, w, b)
def affine_backward(dout, cache):
    x, w, b = cache
    return dout.dot(w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T.dot(dout), np.sum(dout, axis=0)
def dropout_forward(x, dropout_param):
    mask = (np.random.rand(*x.shape) < dropout_param['p']) / dropout_param['p']
    return x * mask, (mask, dropout_param['mode'])
def dropout_backward(dout, cache):
    mask, mode = cache
    return dout * mask
def svm_forward(x):
    return x
np.random.seed(231)
x, w, b = np.random.randn(4, 2, 3), np.random.randn(6, 5), np.random.randn(5)
out, fc_cache = affine_forward(x, w, b)
drop, drop_cache = dropout_forward(out, {'p': 0.5, 'mode': 'train'})
frames = {'affine': {'dout': np.ones((4, 5)), 'cache': fc_cache}, 'dropout': {'dout': np.ones((4, 5)), 'cache': drop_cache},
          'own': {'dout': np.random.randn(4, 5), 'cache': fc_cache}, 'wrong': {'dout': np.random.randn(3, 5), 'cache': fc_cache}}
g = dict(globals())
for frame, e in json.load(sys.stdin):
    l = frames[frame]
    before = [zlib.crc32(a.tobytes()) for a in l['cache'] + (l['dout'],) if hasattr(a, 'tobytes')]
    r = eval(e, dict(g, **l), l)
    want = [v.ravel().tolist() for v in affine_backward(l['dout'] if l['dout'].shape == (4, 5) else np.ones((4, 5)), fc_cache)]
    print(json.dumps({'repr': repr(r), 'same': before == [zlib.crc32(a.tobytes()) for a in l['cache'] + (l['dout'],) if hasattr(a, 'tobytes')], 'want': want}))
`;

function ask(reqs: [string, Partial<ProbeRequest>][]): { repr: string; same: boolean; want: number[][] }[] {
  const texts = reqs.map(([frame, r]) => [frame, probeExpression(PROBE, TRACER, { expr: 'x', maxElements: 100_000, methods: ['forward', 'backward'], ...r })]);
  const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

describe('debug probe: cs231n function pairs at a breakpoint', function () {
  this.timeout(60_000);

  it('affine_backward, paused inside it: the pair runs on the cache\'s (x, w, b), dx dw db are numpy\'s for dout = ones, checked ok', () => {
    const [a, f] = ask([['affine', { expr: 'affine_backward' }], ['affine', { expr: 'affine_forward' }]]);
    assert.ok(a.same, 'the program\'s cache is unchanged');
    const r = (readAnswer(a.repr) as LayerAnswer).result!;
    assert.deepEqual(r.calls.map((c) => [c.class, c.method, c.function, c.params]), [['affine', 'forward', 'affine_forward', ['x', 'w', 'b']], ['affine', 'backward', 'affine_backward', ['dout']]]);
    const got = (withNested(r.calls[1].result) as { data: unknown }[]).map((t) => (t.data as number[] | number[][] | number[][][]).flat(2));
    assert.deepEqual(got, a.want);
    assert.ok(r.gradcheck.length === 1 && r.gradcheck[0].status === 'ok', JSON.stringify(r.gradcheck));
    assert.deepEqual((readAnswer(f.repr) as LayerAnswer).result!.calls.length, 2, 'the forward\'s name traces the same pair');
  });

  it('paused inside affine_backward itself: backward runs on a copy of the frame\'s own dout (said), else, of another shape, on ones (said); the frame\'s dout unchanged', () => {
    const grads = (a: { repr: string }) => (withNested((readAnswer(a.repr) as LayerAnswer).result!.calls[1].result) as { data: unknown }[]).map((t) => (t.data as number[] | number[][] | number[][][]).flat(2));
    const [own, other, wrong] = ask([['own', { expr: 'affine_backward', frame: 'affine_backward' }], ['own', { expr: 'affine_backward', frame: 'relu_backward' }], ['wrong', { expr: 'affine_forward', frame: 'affine_backward' }]]);
    assert.ok(own.same && wrong.same, 'the frame\'s cache and dout are unchanged');
    assert.deepEqual(grads(own), own.want);
    assert.deepEqual((readAnswer(own.repr) as LayerAnswer).frameDout, { name: 'dout', shape: [4, 5], used: true });
    assert.equal((readAnswer(own.repr) as LayerAnswer).result!.gradcheck[0].status, 'ok');
    assert.notDeepEqual(grads(other), own.want, 'another function\'s frame: its dout is not this pair\'s');
    assert.equal((readAnswer(other.repr) as LayerAnswer).frameDout, undefined);
    assert.deepEqual(grads(wrong), wrong.want, 'ones');
    assert.deepEqual((readAnswer(wrong.repr) as LayerAnswer).frameDout, { name: 'dout', shape: [3, 5], used: false, out: [4, 5] });
  });

  it('a cache that is not forward\'s arguments (dropout\'s (mask, mode)) asks for them; with them picked it runs', () => {
    const [asked, ran] = ask([['dropout', { expr: 'dropout_backward' }], ['dropout', { expr: 'dropout_backward', input: "dout, {'p': 0.5, 'mode': 'train'}" }]]);
    assert.ok(asked.same);
    assert.deepEqual([(readAnswer(asked.repr) as LayerAnswer).needInput, (readAnswer(asked.repr) as LayerAnswer).pair], [['x', 'dropout_param'], 'dropout_forward']);
    const r = (readAnswer(ran.repr) as LayerAnswer).result!;
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.gradcheck.length === 1 && r.gradcheck[0].status === 'ok', JSON.stringify(r.gradcheck));
  });

  it('a forward with no backward beside it says which function is missing', () => {
    const [a] = ask([['affine', { expr: 'svm_forward' }]]);
    const ans = readAnswer(a.repr);
    assert.equal('error' in ans && ans.error, 'a function with no svm_backward beside it where the program is paused: a pair of functions (affine_forward / affine_backward) is traced as one layer');
  });
});
