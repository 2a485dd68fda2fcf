import { castValue, dtypeOf, promote, type Tensor } from '../tensor';
import { checkDout, checkSameShape } from './check';
import type { Layer, LayerSpec } from './types';

/** One element-wise operation of two arrays, in their common dtype (float32 rounded, int8 wrapped, as numpy does). */
const map2 = (a: Tensor, b: Tensor, f: (p: number, q: number) => number): Tensor => {
  const out = new Float64Array(a.data.length);
  const dtype = promote(a.dtype, b.dtype);
  const d = dtype === undefined ? undefined : dtypeOf(dtype);
  if (d) for (let i = 0; i < out.length; i++) out[i] = castValue(d, f(a.data[i], b.data[i]));
  else for (let i = 0; i < out.length; i++) out[i] = f(a.data[i], b.data[i]);
  return { shape: [...a.shape], data: out, dtype };
};

/** The book's MulLayer (5.4.1): out = x * y; backward swaps the inputs, dx = dout * y, dy = dout * x. */
export const mul = {
  name: 'mul',
  label: '×',
  className: 'MulLayer',
  section: '5.4.1',
  inputs: ['x', 'y'],
  params: [],
  elementwise: false,
  caches: ['x', 'y'],
  numpy: `class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
`,
  create(): Layer {
    let x: Tensor | undefined;
    let y: Tensor | undefined;
    return {
      forward([a, b]) {
        checkSameShape(a, b, 'MulLayer');
        x = a;
        y = b;
        return map2(a, b, (p, q) => p * q);
      },
      backward(dout) {
        if (!x || !y) throw new Error('MulLayer.backward called before forward');
        checkDout(dout, x.shape, 'MulLayer');
        return { dinputs: [map2(dout, y, (d, q) => d * q), map2(dout, x, (d, p) => d * p)], dparams: [] };
      },
      cache: (): Record<string, Tensor> => (x && y ? { x, y } : {}),
    };
  },
} as const satisfies LayerSpec;

export { map2 };
