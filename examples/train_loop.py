# 10,000 training iterations of the two-layer net on a fixed synthetic data set: the tracer's
# overhead benchmark (npm run bench:tracer). Once the recording cap is reached (20 passes by
# default) the tracer switches itself off and the loop runs at full speed.
import sys

import numpy as np

from two_layer_net import TwoLayerNet

iters = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
rng = np.random.RandomState(1)
x_train = rng.randn(1000, 20)
t_train = np.eye(3)[(x_train[:, 0] + x_train[:, 1] > 0).astype(int) + (x_train[:, 2] > 1)]
net = TwoLayerNet(input_size=20, hidden_size=50, output_size=3, weight_init_std=0.1)
batch_size, learning_rate = 100, 0.1

for i in range(iters):
    batch = rng.choice(x_train.shape[0], batch_size)
    grads = net.gradient(x_train[batch], t_train[batch])
    for key in ('W1', 'b1', 'W2', 'b2'):
        net.params[key] -= learning_rate * grads[key]
    if i % 1000 == 0:
        print(i, net.loss(x_train, t_train))
print('final', net.loss(x_train, t_train))
