import { DoutError, shapeText } from '../read/errors';
import type { Tensor } from '../tensor';
import type { Layer, LayerSpec } from './types';

/** The book's softmax (3.5.2, overflow-safe): subtract each row's max, exponentiate, divide by the row sum. */
export function softmax(x: Float64Array, rows: number, cols: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[i * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[i * cols + j] - max);
    for (let j = 0; j < cols; j++) y[i * cols + j] = Math.exp(x[i * cols + j] - max) / sum;
  }
  return y;
}

/** The book's softmax and cross_entropy_error (common/functions.py), which its class calls. */
const BOOK_FUNCTIONS = `def softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)
    return np.exp(x) / np.sum(np.exp(x))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
`;

/**
 * The book's SoftmaxWithLoss (5.6.3): loss = cross_entropy_error(softmax(x), t) with t one-hot or
 * labels; backward gives dx = (y − t) / batch. t is data, not a parameter: it gets no gradient.
 */
export const softmaxWithLoss = {
  name: 'softmaxWithLoss',
  label: 'Softmax-with-Loss',
  className: 'SoftmaxWithLoss',
  section: '5.6.3',
  inputs: ['x', 't'],
  noGrad: ['t'],
  params: [],
  elementwise: false,
  caches: ['y', 't'],
  loss: true,
  functions: BOOK_FUNCTIONS,
  numpy: `class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None  # softmax's output
        self.t = None  # labels (one-hot or class indices)

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:  # one-hot labels
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx
`,
  create(): Layer {
    let y: Tensor | undefined;
    let t: Tensor | undefined;
    let labels: Int32Array | undefined; // class index per row
    let rows = 0;
    let cols = 0;
    return {
      forward([x, ti]) {
        if (x.shape.length < 1 || x.shape.length > 2) throw new DoutError(`SoftmaxWithLoss needs x of shape (N, C) or (C,), got ${shapeText(x.shape)}`, [0, 0], x.shape);
        cols = x.shape[x.shape.length - 1];
        rows = x.shape.length === 2 ? x.shape[0] : 1;
        const oneHot = ti.data.length === x.data.length;
        if (!oneHot && ti.data.length !== rows) {
          throw new DoutError(`SoftmaxWithLoss's t has shape ${shapeText(ti.shape)}: give one-hot labels of x's shape ${shapeText(x.shape)} or ${rows} class indices`, x.shape, ti.shape);
        }
        labels = new Int32Array(rows);
        for (let i = 0; i < rows; i++) {
          if (oneHot) {
            // t.argmax(axis=1): the first largest entry, as numpy picks it.
            let best = 0;
            for (let j = 1; j < cols; j++) if (ti.data[i * cols + j] > ti.data[i * cols + best]) best = j;
            labels[i] = best;
          } else {
            const k = ti.data[i];
            if (!Number.isInteger(k) || k < 0 || k >= cols) throw new DoutError(`SoftmaxWithLoss's label ${k} (row ${i}) is not a class index 0…${cols - 1}`, [rows], ti.shape);
            labels[i] = k;
          }
        }
        y = { shape: [...x.shape], data: softmax(x.data, rows, cols) };
        t = ti;
        // cross_entropy_error: -np.sum(np.log(y[np.arange(batch), t] + 1e-7)) / batch
        let s = 0;
        for (let i = 0; i < rows; i++) s += Math.log(y.data[i * cols + labels[i]] + 1e-7);
        return { shape: [], data: Float64Array.of(-s / rows) };
      },
      backward(dout) {
        if (!y || !t || !labels) throw new Error('SoftmaxWithLoss.backward called before forward');
        // batch_size = self.t.shape[0]: for a single sample (C,) with one-hot t that is C, as in the book.
        const batch = t.shape.length ? t.shape[0] : 1;
        const dx = new Float64Array(y.data.length);
        if (t.data.length === y.data.length) for (let i = 0; i < dx.length; i++) dx[i] = (y.data[i] - t.data[i]) / batch;
        else {
          dx.set(y.data);
          for (let i = 0; i < rows; i++) dx[i * cols + labels[i]] -= 1;
          for (let i = 0; i < dx.length; i++) dx[i] = dx[i] / batch;
        }
        // The book ignores dout (it is 1 at the loss); honour any other value so checks stay exact.
        const d = dout.data.length === 1 ? dout.data[0] : 1;
        if (d !== 1) for (let i = 0; i < dx.length; i++) dx[i] *= d;
        return { dinputs: [{ shape: [...y.shape], data: dx }, null], dparams: [] };
      },
      cache: (): Record<string, Tensor> => (y && t ? { y, t } : {}),
    };
  },
} as const satisfies LayerSpec;
