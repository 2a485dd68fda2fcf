# A program that imports its layers from a sibling package, as the book's repository does
# (`from common.layers import ...`). The tracer puts this file's folder first on sys.path.
import numpy as np

from common.layers import Affine, Relu, Sigmoid, SoftmaxWithLoss

rng = np.random.RandomState(0)
x = rng.randn(2, 3)
t = np.array([0, 1])  # class indices
affine = Affine(rng.randn(3, 2) * 0.5, np.zeros(2))
sigmoid = Sigmoid()
relu = Relu()
last = SoftmaxWithLoss()

loss = last.forward(relu.forward(sigmoid.forward(affine.forward(x))), t)
dx = affine.backward(sigmoid.backward(relu.backward(last.backward())))
print(loss)
print(dx)
