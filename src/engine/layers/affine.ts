import { DoutError, shapeText } from '../read/errors';
import type { Tensor } from '../tensor';
import { checkDout } from './check';
import type { Layer, LayerSpec } from './types';

/** (n×k)·(k×m) in row-major order; the k-sum runs left to right, as a naive dot would. */
function matmul(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
      out[i * m + j] = s;
    }
  }
  return out;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/**
 * The book's Affine layer (5.6.2): out = x·W + b, dx = dout·Wᵀ, dW = xᵀ·dout, db = dout.sum(axis=0).
 * x is a batch (N, D) or one sample (D,), which is treated as a batch of one as numpy's dot does.
 */
export const affine = {
  name: 'affine',
  label: 'Affine',
  className: 'Affine',
  section: '5.6.2',
  inputs: ['x'],
  params: ['W', 'b'],
  elementwise: false,
  caches: ['x'],
  numpy: `class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        out = np.dot(x, self.W) + self.b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx
`,
  create(): Layer {
    let x: Tensor | undefined;
    let W: Tensor | undefined;
    let n = 0;
    let d = 0;
    let m = 0;
    return {
      forward([xi], [Wi, bi]) {
        if (xi.shape.length < 1 || xi.shape.length > 2) throw new DoutError(`Affine needs x of shape (N, D) or (D,), got ${shapeText(xi.shape)}`, [0, 0], xi.shape);
        d = xi.shape[xi.shape.length - 1];
        n = xi.shape.length === 2 ? xi.shape[0] : 1;
        if (Wi.shape.length !== 2 || Wi.shape[0] !== d) throw new DoutError(`Affine's W has shape ${shapeText(Wi.shape)} but x has ${d} features: W must be (${d}, M)`, [d, 0], Wi.shape);
        m = Wi.shape[1];
        if (bi.data.length !== m) throw new DoutError(`Affine's b has shape ${shapeText(bi.shape)}, W has ${m} columns: b must be (${m},)`, [m], bi.shape);
        x = xi;
        W = Wi;
        const out = matmul(xi.data, Wi.data, n, d, m);
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] += bi.data[j];
        return { shape: xi.shape.length === 2 ? [n, m] : [m], data: out };
      },
      backward(dout) {
        if (!x || !W) throw new Error('Affine.backward called before forward');
        checkDout(dout, x.shape.length === 2 ? [n, m] : [m], 'Affine');
        const dx = matmul(dout.data, transpose(W.data, d, m), n, m, d);
        const dW = matmul(transpose(x.data, n, d), dout.data, d, n, m);
        const db = new Float64Array(m);
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) db[j] += dout.data[i * m + j];
        return { dinputs: [{ shape: [...x.shape], data: dx }], dparams: [{ shape: [d, m], data: dW }, { shape: [m], data: db }] };
      },
      cache: (): Record<string, Tensor> => (x ? { x } : {}),
    };
  },
} as const satisfies LayerSpec;
