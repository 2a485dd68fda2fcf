# A Sigmoid whose backward forgets the (1 - out) factor: dx = dout * out instead of the book's
# dout * (1 - out) * out (5.5.2). Nothing in the printed numbers looks wrong; the tracer's
# gradient check against central differences of forward flags the layer in red.
import numpy as np


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * self.out  # wrong: should be dout * (1.0 - self.out) * self.out
        return dx


x = np.array([[1.0, -0.5], [2.0, 0.0]])
layer = Sigmoid()
print(layer.forward(x))
print(layer.backward(np.ones_like(x)))
