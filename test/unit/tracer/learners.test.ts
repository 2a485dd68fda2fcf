// Shapes of code found in learners' chapter-5 and cs231n repositories, run through the real
// tracer on programs of our own written the same way: each case is one that went wrong there.
import * as assert from 'node:assert/strict';
import { tempScript, trace } from './helpers';

describe('tracer: learners\' code as they write it', function () {
  this.timeout(60_000);

  it('cs231n: a second backward given the same cache (batchnorm_backward_alt) pairs with that forward, not a stale one', async () => {
    // The BatchNormalization notebook runs forwards whose cache is kept in `_` and never
    // backpropagated, then `batchnorm_backward(dout, cache)` and `batchnorm_backward_alt(dout, cache)`
    // on one forward. The second backward was paired by name with the stale forward: FAILED on shapes.
    const s = tempScript('bn_alt.py', `import numpy as np

def scale_forward(x, g):
    return x * g, (x, g)

def scale_backward(dout, cache):
    x, g = cache
    return dout * g, (dout * x).sum(axis=0)

def scale_backward_alt(dout, cache):
    x, g = cache
    return g * dout, np.sum(x * dout, axis=0)

np.random.seed(1)
kept, _ = scale_forward(np.random.randn(6, 2), np.ones(2))
x, g = np.random.randn(3, 4), np.random.randn(4)
out, cache = scale_forward(x, g)
dout = np.random.randn(3, 4)
dx1, dg1 = scale_backward(dout, cache)
dx2, dg2 = scale_backward_alt(dout, cache)
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(r.calls.map((c) => `${c.function}:${c.pairs ?? '-'}`), [
        'scale_forward:-', 'scale_forward:-', 'scale_backward:1', 'scale_backward_alt:1',
      ]);
      assert.equal(r.calls[3].instance, r.calls[1].instance, 'the same layer (forward 1) as the first backward');
      assert.deepEqual(r.gradcheck.map((g) => [g.call, g.status ?? (g.ok ? 'ok' : 'failed')]), [[1, 'ok']],
        'one verdict, on the forward both backwards were given the cache of; none on the stale forward');
    } finally {
      s.cleanup();
    }
  });
});
