// A big array's text (np.array2string, ~130 us for the book's W1) is made once and reused while
// its edge items, all numpy prints of an array over 1,000 elements, are unchanged (values.py's
// summary_text): the book's gradient_check.py perturbs W1's elements one at a time and the tracer
// re-encoded it at each recorded call. Never stale: an in-place write (W -= lr * dW,
// W[mask] = 0) between two recorded calls is seen, and every text, min, max and mean sent is
// numpy's own for the array at that moment.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PYTHON, ROOT, tempScript, trace } from './helpers';

/** values.py beside numpy: the reused text against array2string, print options changed too. */
const VALUES = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from bpt_tracer import values
rng = np.random.default_rng(3)
W = rng.standard_normal((784, 50)) * 0.01
wrong, made, edge = [], [], []
def same(a, what):
    got, want = values.summary_text(a), np.array2string(a, threshold=1000)
    if got != want:
        wrong.append(what)
arrays = [W, W.T, rng.standard_normal((20, 30, 40)), rng.standard_normal(5000).astype(np.float32),
          np.arange(-3000, 3000).reshape(2, 3000), rng.standard_normal((3, 5000)) > 0, rng.standard_normal((4, 300)),
          np.broadcast_to(rng.standard_normal(300), (40, 300)), W.astype('>f8'), np.asfortranarray(W)[::2, 1:]]
for opts in ({}, {'precision': 3}, {'suppress': True}, {'edgeitems': 2}, {'linewidth': 50, 'sign': '+'}, {'legacy': '1.13'}):
    np.set_printoptions(**opts)
    for k, a in enumerate(arrays):
        same(a, 'array %d %s' % (k, opts))
        same(a, 'array %d again %s' % (k, opts))
    for idx in [(400, 20), (0, 0), (783, 49), (1, 48), (3, 3), (781, 10), (2, 25)]:
        before = values.texts_made
        W[idx] += 1e-3
        same(W, 'W after W%s changed, %s' % (list(idx), opts))
        made.append(values.texts_made - before)
        e = np.get_printoptions()['edgeitems']
        edge.append(int(all(i < e or i >= d - e for i, d in zip(idx, W.shape))))
    np.set_printoptions(edgeitems=3, precision=8, suppress=False, linewidth=75, sign='-', legacy=False)
X = W.copy()
for idx, v in [((0, 1), np.nan), ((782, 48), np.inf), ((1, 0), -0.0)]:
    X[idx] = v
    same(X, 'W with %r at %s' % (v, list(idx)))
np.set_printoptions(edgeitems=0)  # numpy then sizes its columns on every item: no text kept
W[400, 20] += 5.0
same(W, 'W with edgeitems 0')
np.set_printoptions(edgeitems=3)
before = values.texts_made
for k in range(40):  # a numerical gradient's evaluations on inner elements: one text
    W[100 + k, 10] += 1e-4
    values.array_value(W)
made_inner = values.texts_made - before
stats = []
for a in (W, np.asfortranarray(W), W.astype(np.float32), X, np.where(W > 0, np.inf, W), np.full(20000, np.nan), (W * 1e4).astype(np.int64),
          W.astype('>f8'), np.broadcast_to(W[0], (400, 50)), W[::-1]):
    v = values.array_value(a)
    f = a.astype(np.float64)
    fin = f[np.isfinite(f)]
    want = [float(fin.min()) if fin.size else 'NaN', float(fin.max()) if fin.size else 'NaN', f.mean()]
    stats.append([[v['min'], v['max'], v['mean']], [values.num(x) if x != 'NaN' else x for x in want]])
print(json.dumps({'wrong': wrong, 'made': made, 'edge': edge, 'madeInner': made_inner, 'stats': stats}))
`;

/** A layer holding a big W (120 x 200) changed in place between its recorded forwards; the program
 *  prints numpy's own text and stats of W after each, and how often array2string ran (the tracer's). */
const PROGRAM = String.raw`import json
import numpy as np
calls = [0]
plain_array2string = np.array2string
def counted(*args, **kwargs):
    calls[0] += 1
    return plain_array2string(*args, **kwargs)
np.array2string = counted
class Affine:
    def __init__(self, W):
        self.W = W
    def forward(self, x):
        self.x = x
        return np.dot(x, self.W)
rng = np.random.default_rng(0)
layer = Affine(rng.standard_normal((120, 200)))
x = rng.standard_normal((2, 120))
def seen():
    W = layer.W
    print(json.dumps({'text': plain_array2string(W, threshold=1000), 'min': float(W.min()), 'max': float(W.max()), 'mean': float(W.mean())}))
layer.forward(x); seen()
layer.W[60, 100] += 7.5  # an inner element: the text stays, the max and the mean move
layer.forward(x); seen()
layer.W -= 0.01 * np.ones_like(layer.W)  # W -= lr * dW: every element, the edges too
layer.forward(x); seen()
mask = layer.W < 0
layer.W[mask] = 0  # x[mask] = 0
layer.forward(x); seen()
for k in range(30):  # a numerical gradient: one inner element at a time
    layer.W[50 + k, 90] += 1e-4
    layer.forward(x)
print(calls[0])
`;

describe('tracer: a big array\'s text made once while its edges are unchanged', function () {
  this.timeout(120_000);

  it('summary_text is numpy\'s array2string for each array and print option, made again only when an edge item changed', () => {
    const run = spawnSync(PYTHON, ['-c', VALUES, path.join(ROOT, 'src', 'tracer')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { wrong: string[]; made: number[]; edge: number[]; madeInner: number; stats: unknown[][] };
    assert.deepEqual(out.wrong, []);
    // a text made again exactly when the element written is an edge item under that print
    // option's edgeitems (W[1, 48] is one with 3, not with 2; W[3, 3] is with 3's neither)
    assert.equal(out.made.length, 42);
    assert.deepEqual(out.made, out.edge);
    assert.ok(out.edge.includes(0) && out.edge.includes(1));
    assert.equal(out.madeInner, 1, '40 inner perturbations of W: its text made once');
    for (const [got, want] of out.stats) assert.deepEqual(got, want);
  });

  it('an in-place write between two recorded forwards is seen (W -= lr * dW, W[mask] = 0), the text reused only while the edges stay', async () => {
    const s = tempScript('inplace.py', PROGRAM);
    try {
      const r = await trace(s.file);
      const printed = r.stdout.trim().split('\n');
      const truth = printed.slice(0, 4).map((l) => JSON.parse(l) as { text: string; min: number; max: number; mean: number });
      const calls = r.calls.filter((c) => c.method === 'forward');
      assert.equal(calls.length, 34);
      const ids = calls.map((c) => c.attrIds?.W);
      assert.equal(new Set(ids).size, 34, 'each forward saw a changed W: a new value id each time');
      truth.forEach((want, k) => {
        const W = calls[k].attrs.W as unknown as { text: string; min: number; max: number; mean: number; shape: number[] };
        assert.ok(W, `call ${k} sent W`);
        assert.deepEqual(W.shape, [120, 200]);
        assert.equal(W.text, want.text, `call ${k}: numpy's text of W as it was then`);
        assert.deepEqual([W.min, W.max, W.mean], [want.min, want.max, want.mean], `call ${k}: numpy's stats`);
      });
      assert.equal(truth[1].text, truth[0].text, 'an inner write leaves the text as it was');
      assert.notEqual(truth[2].text, truth[1].text);
      // texts made: the first, W -= lr * dW, W[mask] = 0; the inner writes (1 + 30) reuse theirs
      assert.equal(Number(printed[4]), 3, 'array2string ran once per distinct edge, not at every recorded call');
    } finally {
      s.cleanup();
    }
  });
});
