import { exp } from './exp';
import { isFloat32, promote, type Tensor } from '../tensor';

const f32 = Math.fround;
import { checkDout } from './check';
import type { Layer, LayerSpec } from './types';

/** Sigmoid as in the book (5.5.2): out = 1 / (1 + exp(-x)) is cached, dx = dout * (1 - out) * out. */
export class Sigmoid {
  out: Tensor | null = null;

  /** `into`: write out there instead of allocating. */
  forward(x: Tensor, into?: Float64Array): Tensor {
    const xd = x.data;
    const n = xd.length;
    const out = into ?? new Float64Array(n);
    // exp(-(-inf)) = inf gives 1/inf = 0 and exp(-inf) = 0 gives 1, the same as numpy.
    if (isFloat32(x.dtype)) for (let i = 0; i < n; i++) out[i] = f32(1 / f32(1 + f32(exp(-xd[i]))));
    else for (let i = 0; i < n; i++) out[i] = 1 / (1 + exp(-xd[i]));
    // float32 stays float32; ints and bools become float64 (numpy's promotion for exp).
    const t: Tensor = { shape: [...x.shape], data: out, dtype: isFloat32(x.dtype) ? 'float32' : undefined };
    this.out = t;
    return t;
  }

  backward(dout: Tensor, into?: Float64Array): Tensor {
    const cached = this.out;
    if (!cached) throw new Error('Sigmoid.backward called before forward');
    checkDout(dout, cached.shape, 'Sigmoid');
    const o = cached.data;
    const dd = dout.data;
    const n = dd.length;
    const dx = into ?? new Float64Array(n);
    // The book's evaluation order, `dout * (1.0 - self.out) * self.out`, so rounding matches numpy's.
    const dtype = promote(dout.dtype, cached.dtype);
    if (isFloat32(dtype)) for (let i = 0; i < n; i++) dx[i] = f32(f32(dd[i] * f32(1.0 - o[i])) * o[i]);
    else for (let i = 0; i < n; i++) dx[i] = dd[i] * (1.0 - o[i]) * o[i];
    return { shape: [...dout.shape], data: dx, dtype };
  }
}

const NUMPY = `class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx
`;

export const sigmoid = {
  name: 'sigmoid',
  label: 'Sigmoid',
  className: 'Sigmoid',
  section: '5.5.2',
  inputs: ['x'],
  params: [],
  elementwise: true,
  caches: ['out'],
  expand: 'primitives',
  numpy: NUMPY,
  create(): Layer {
    const l = new Sigmoid();
    return {
      forward: ([x]) => l.forward(x),
      backward: (dout) => ({ dinputs: [l.backward(dout)], dparams: [] }),
      cache: (): Record<string, Tensor> => (l.out ? { out: l.out } : {}),
    };
  },
} as const satisfies LayerSpec;
