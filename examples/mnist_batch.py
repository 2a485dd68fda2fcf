# An MNIST-sized step of the book's two-layer net (Deep Learning from Scratch, 5.7):
# TwoLayerNet(784, 50, 10), one forward and one backward on a batch of 100 images. The images
# are random pixels with a fixed seed (nothing is downloaded); the shapes are MNIST's.
import numpy as np

from two_layer_net import TwoLayerNet

rng = np.random.RandomState(0)
x_batch = rng.rand(100, 784)  # 100 "images" of 28 × 28 pixels in [0, 1)
t_batch = np.eye(10)[rng.randint(0, 10, size=100)]  # one-hot labels
net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
grads = net.gradient(x_batch, t_batch)
print('loss', net.lastLayer.loss)
print('dW1', grads['W1'].shape, 'db2', grads['b2'])
