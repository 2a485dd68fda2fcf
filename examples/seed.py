# Deep Learning from Scratch, 5.5: the ReLU and Sigmoid layers.
# Select an array (or put the cursor inside one) and run "Trace backprop" (Ctrl+K B).
import numpy as np

# 5.5.1 ReLU: values <= 0 are masked, and block the gradient on the way back.
x = np.array([[1.0, -0.5],
              [2.0, 0]])

# Boolean indexing example from the notebook.
x2 = np.array([[1.0, -0.5], [-2.0, 3.0]])

# 5.5.2 Sigmoid: out = 1 / (1 + exp(-x)); dx = dout * out * (1 - out).
s = np.array([[1.0, 2.0], [3.0, 4.0]])

# numpy's printed output can be traced too:
# [[ 1.  -0.5]
#  [-2.   3. ]]
