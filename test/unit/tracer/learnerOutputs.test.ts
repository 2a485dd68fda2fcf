// Learners' layers that were false FAILEDs or unchecked in a sweep of their repositories (book 1
// and its sequel): a class forward of two outputs with a backward taking a dout for each (the
// sequel's LSTM), a loss layer returning (y, loss), a parameter that is a transposed view (the
// sequel's weight tying), gradients named d_W or weights_grads, and a forward whose output is
// float32. Our own programs in their shapes; each case's old answer is in its title.
import * as assert from 'node:assert/strict';
import { PYTHON, runCli, tempScript } from './helpers';

async function checks(text: string): Promise<string> {
  const s = tempScript('layers.py', text);
  try {
    const r = await runCli([s.file, '--python', PYTHON]);
    assert.equal(r.code, 0, r.err);
    return r.out.slice(r.out.indexOf('gradient check'));
  } finally {
    s.cleanup();
  }
}

const TWO = (backward: string) => `import numpy as np


class Cell:
    def forward(self, x, h):
        self.x, self.h = x, h
        return x * h, x + h

    def backward(self, dnext_h, dnext_c):
        return ${backward}


r = np.random.RandomState(0)
cell = Cell()
cell.forward(r.randn(2, 3), r.randn(2, 3))
cell.backward(r.randn(2, 3), r.randn(2, 3))
`;

describe("tracer: learners' forwards of several outputs, transposed and float32 parameters, other gradient names", function () {
  this.timeout(120_000);

  it('a class forward of two outputs, backward(dnext_h, dnext_c): each output weighed by its own dout (it was FAILED: both by the first)', async () => {
    assert.match(await checks(TWO('dnext_h * self.h + dnext_c, dnext_h * self.x + dnext_c')), /\n {2}cell \(Cell\): ok: dx, dh match central differences/);
    assert.match(await checks(TWO('dnext_h * self.h + dnext_c, dnext_h * self.x')), /\n {2}cell \(Cell\): FAILED: dh at \(\d, \d\): /, 'the dout of the second output left out of dh');
  });

  it('a loss layer returning (y, loss), backward(dout=1): the loss is the output dout is for (it said forward raised ValueError)', async () => {
    const out = await checks(`import numpy as np


class SoftmaxWithLoss:
    def forward(self, x, t):
        e = np.exp(x)
        self.y, self.t = e / e.sum(axis=1, keepdims=True), t
        return self.y, -np.sum(t * np.log(self.y + 1e-7)) / len(x)

    def backward(self, dout=1):
        return (self.y - self.t) / len(self.t)


loss = SoftmaxWithLoss()
loss.forward(np.array([[2.0, 3.0, 0.5], [4.0, -0.5, 1.0]]), np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
print(loss.backward())
`);
    assert.match(out, /\n {2}loss \(SoftmaxWithLoss\): ok: dx match central differences/, out);
  });

  it("a parameter that is a transposed view (the sequel's Affine(embed_W.T, b)): checked (every numerical slope read 0)", async () => {
    const out = await checks(`import numpy as np


class Affine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]

    def forward(self, x):
        self.x = x
        return x @ self.params[0] + self.params[1]

    def backward(self, dout):
        self.grads[0][...] = self.x.T @ dout
        self.grads[1][...] = dout.sum(axis=0)
        return dout @ self.params[0].T


r = np.random.RandomState(0)
embed_W = r.randn(5, 3)
affine = Affine(embed_W.T, np.zeros(5))
affine.backward(np.ones((4, 5)) + 0 * affine.forward(r.randn(4, 3)))
`);
    assert.match(out, /\n {2}affine \(Affine\): ok: dx, grads\[0\], grads\[1\] match central differences/, out);
  });

  it('gradients named d_W and weights_grads are checked (the layer read "ok: dx match" over a doubled one)', async () => {
    const out = await checks(`import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, d_out):
        self.d_W = 2 * (self.x.T @ d_out)
        self.d_b = d_out.sum(axis=0)
        return d_out @ self.W.T


class Dense:
    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def forward(self, x):
        self.x = x
        return x @ self.weights + self.bias

    def backward(self, delta):
        self.weights_grads = self.x.T @ delta
        self.bias_grads = delta.sum(axis=0)
        return delta @ self.weights.T


r = np.random.RandomState(0)
affine, dense = Affine(r.randn(3, 2), np.zeros(2)), Dense(r.randn(3, 2), np.zeros(2))
x = r.randn(4, 3)
affine.backward(np.ones_like(affine.forward(x)))
dense.backward(np.ones_like(dense.forward(x)))
`);
    assert.match(out, /\n {2}affine \(Affine\): FAILED: d_W at \(\d, \d\): backprop \S+, numerical \S+\.\n/, out);
    assert.match(out, /\n {2}dense \(Dense\): ok: dx, bias_grads, weights_grads match central differences/, out);
  });

  it("a forward whose output is float32: checked within that output's rounding, a right one ok (it was FAILED by 0.5%), a dW 5% off FAILED", async () => {
    const program = (dW: string) => `import numpy as np


class Affine:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return (x @ self.W).astype(np.float32)

    def backward(self, dout):
        self.dW = ${dW}
        return dout @ self.W.T


r = np.random.RandomState(0)
affine = Affine(r.randn(64, 64) * 0.18)
out = affine.forward((r.randn(32, 64) * 3).astype(np.float32))
affine.backward(r.randn(*out.shape) * 1e-3)
`;
    assert.match(await checks(program('self.x.T @ dout')), /\n {2}affine \(Affine\): ok: dx, dW match central differences/);
    assert.match(await checks(program('1.05 * (self.x.T @ dout)')), /\n {2}affine \(Affine\): FAILED: dW at /);
  });

  it("an RNN's dh for the h its forward sets itself (the sequel's TimeRNN): said a state, not checked (it was FAILED, numerical 0); a W made in forward's first call is still checked", async () => {
    const out = await checks(`import numpy as np


class TimeRNN:
    def __init__(self, Wx, Wh, stateful=False):
        self.Wx, self.Wh = Wx, Wh
        self.h, self.dh = None, None
        self.stateful = stateful

    def forward(self, xs):
        N, T, D = xs.shape
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, self.Wh.shape[0]))
        self.hs = [self.h]
        for t in range(T):
            self.h = np.tanh(xs[:, t, :] @ self.Wx + self.h @ self.Wh)
            self.hs.append(self.h)
        self.xs = xs
        return np.stack(self.hs[1:], axis=1)

    def backward(self, dhs):
        N, T, H = dhs.shape
        dxs = np.empty_like(self.xs)
        dWx, dWh, dh = np.zeros_like(self.Wx), np.zeros_like(self.Wh), 0
        for t in reversed(range(T)):
            d = (dhs[:, t, :] + dh) * (1 - self.hs[t + 1] ** 2)
            dWx += self.xs[:, t, :].T @ d
            dWh += self.hs[t].T @ d
            dxs[:, t, :] = d @ self.Wx.T
            dh = d @ self.Wh.T
        self.dWx, self.dWh, self.dh = dWx, dWh, dh
        return dxs


r = np.random.RandomState(0)
rnn = TimeRNN(r.randn(3, 4) * 0.5, r.randn(4, 4) * 0.5)
hs = rnn.forward(r.randn(2, 5, 3))
rnn.backward(np.ones_like(hs))
`);
    assert.match(out, /\n {2}rnn \(TimeRNN\): ok: dxs, dWh, dWx match central differences \(\d+ elements checked\)\. dh: forward sets that attribute itself before using it \(a state, as an RNN's h\), so it is not a parameter and its gradient is not checked\.\n/, out);
    const lazy = await checks(`import numpy as np


class Dense:
    def __init__(self, units):
        self.units, self.W = units, None

    def forward(self, x):
        if self.W is None:
            self.W = np.random.RandomState(1).randn(x.shape[1], self.units)
        self.x = x
        return x @ self.W

    def backward(self, dout):
        self.dW = 2 * (self.x.T @ dout)
        return dout @ self.W.T


dense = Dense(2)
dense.backward(np.ones_like(dense.forward(np.ones((3, 4)))))
`);
    assert.match(lazy, /\n {2}dense \(Dense\): FAILED: dW at /, lazy);
  });

  it('a network whose backward returns a dict says so (it said "returned no gradient (None)")', async () => {
    const out = await checks(`import numpy as np
class Dense:
    def __init__(self, W): self.W = W
    def forward(self, x):
        self.x = x
        return x @ self.W
    def backward(self, dout):
        return dout @ self.W.T
class Network:
    def __init__(self): self.layers = [Dense(np.eye(3)), Dense(np.ones((3, 2)))]
    def forward(self, X):
        for l in self.layers: X = l.forward(X)
        return X
    def backward(self, delta):
        for l in reversed(self.layers): delta = l.backward(delta)
        return {"weight_update": 0.1}
n = Network(); out = n.forward(np.ones((2, 3))); print(n.backward(np.ones_like(out)))
`);
    assert.match(out, /\n {2}Network#0: not checked: backward returned a dict, not a gradient \(an array, or a tuple of them\), and set no d<param> attribute\n/, out);
  });
});
