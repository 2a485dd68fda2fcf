# Layers as functions, the way Stanford's cs231n writes them: each forward returns its output and
# a cache, each backward takes dout and that cache; softmax_loss gives the loss and dx at once.
# Backprop Trace pairs affine_backward with the affine_forward whose cache it was given, draws each
# pair as a layer (w, b beside it, dw, db under them), the loss last, and checks every gradient.
import numpy as np


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
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx


def softmax_loss(x, y):
    """The loss and its gradient in one function (cs231n's own: recorded when it returns them)."""
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    n = x.shape[0]
    loss = -np.sum(log_probs[np.arange(n), y]) / n
    dx = np.exp(log_probs)
    dx[np.arange(n), y] -= 1
    return loss, dx / n


np.random.seed(231)
x = np.random.randn(2, 4)
y = np.array([0, 2])
w1, b1 = np.random.randn(4, 3) * 0.5, np.zeros(3)
w2, b2 = np.random.randn(3, 3) * 0.5, np.zeros(3)

h, fc1_cache = affine_forward(x, w1, b1)
a, relu_cache = relu_forward(h)
scores, fc2_cache = affine_forward(a, w2, b2)
loss, dscores = softmax_loss(scores, y)

da, dw2, db2 = affine_backward(dscores, fc2_cache)
dh = relu_backward(da, relu_cache)
dx, dw1, db1 = affine_backward(dh, fc1_cache)
print('loss', loss)
print('db2', db2)
