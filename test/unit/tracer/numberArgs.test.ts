// A forward argument backward returns no gradient for is said not checked: a loss's t (labels),
// or a number such as cs231n's spatial_groupnorm_forward(x, gamma, beta, G, gn_param) group count
// G, which a learner's run said was "G: labels". Our own group norm in the assignment's style.
import * as assert from 'node:assert/strict';
import { PYTHON, runCli, tempScript } from './helpers';

const GROUPNORM = `import numpy as np

def groupnorm_forward(x, gamma, G, eps=1e-5):
    N, C = x.shape
    xg = x.reshape(N * G, -1)
    mu, var = xg.mean(axis=1, keepdims=True), xg.var(axis=1, keepdims=True)
    xhat = ((xg - mu) / np.sqrt(var + eps)).reshape(N, C)
    return gamma * xhat, (xhat, gamma, np.sqrt(var + eps), G)

def groupnorm_backward(dout, cache):
    xhat, gamma, std, G = cache
    N, C = dout.shape
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = (dout * gamma).reshape(N * G, -1)
    xh = xhat.reshape(N * G, -1)
    dx = (dxhat - dxhat.mean(axis=1, keepdims=True) - xh * (dxhat * xh).mean(axis=1, keepdims=True)) / std
    return dx.reshape(N, C), dgamma, None

def softmax_loss(x, y):
    p = np.exp(x - x.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n = x.shape[0]
    dx = p.copy()
    dx[np.arange(n), y] -= 1
    return -np.log(p[np.arange(n), y]).mean(), dx / n

np.random.seed(0)
x, gamma = np.random.randn(2, 6), np.random.randn(6)
out, cache = groupnorm_forward(x, gamma, 2)
dx, dgamma, _ = groupnorm_backward(np.random.randn(2, 6), cache)
loss, dscores = softmax_loss(out, np.array([1, 4]))
`;

describe('tracer: an argument with no gradient is said as what it is: labels, or a number', function () {
  this.timeout(60_000);

  it("group norm's G is a number, softmax_loss's y labels", async () => {
    const s = tempScript('gn.py', GROUPNORM);
    try {
      const r = await runCli([s.file, '--python', PYTHON]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\n {2}groupnorm_forward: ok: dx, dgamma match central differences \(\d+ elements checked\)\. G, eps: numbers \(backward returned no gradient for them\), not checked\./, r.out);
      assert.match(r.out, /\n {2}softmax_loss: ok: dx match .*\. y: labels \(backward returned no gradient for it\), not checked\./, r.out);
      assert.ok(!/G(, eps)?: labels/.test(r.out), r.out);
    } finally {
      s.cleanup();
    }
  });
});
