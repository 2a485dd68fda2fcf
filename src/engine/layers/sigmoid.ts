import { exp } from './exp';
import { castValue, dtypeOf, isFloat32, promote, roundingOf, type Tensor } from '../tensor';
import { LayerError } from '../read/errors';
import { checkDout } from './check';
import type { Layer, LayerSpec } from './types';

const f32 = Math.fround;

/** numpy's TypeError for Sigmoid's -x on a bool array, and what to write instead. */
export const BOOL_NEGATIVE = 'Sigmoid cannot run on a bool array: numpy refuses -x there (TypeError: The numpy boolean negative, the `-` operator, is not supported). Write the values as numbers, e.g. [1, 0], or add .astype(int)';

/**
 * The dtype numpy's `1 / (1 + np.exp(-x))` gives (undefined: float64): np.exp picks the smallest
 * float that holds x's dtype, so int8 and uint8 give float16, int16 float32, int32 and int64 float64.
 * numpy refuses `-x` on a bool array, and so does this.
 */
export function sigmoidDType(dtype: string | undefined): string | undefined {
  if (dtype === 'bool') throw new LayerError('bool_negative', 'sigmoid', BOOL_NEGATIVE);
  const d = dtypeOf(dtype ?? 'float64');
  return d === 'float32' || d === 'int16' ? 'float32' : d === 'float16' || d === 'int8' || d === 'uint8' ? 'float16' : undefined;
}

/** Sigmoid as in the book (5.5.2): out = 1 / (1 + exp(-x)) is cached, dx = dout * (1 - out) * out. */
export class Sigmoid {
  out: Tensor | null = null;

  /** `into`: write out there instead of allocating. */
  forward(x: Tensor, into?: Float64Array): Tensor {
    const xd = x.data;
    const n = xd.length;
    const out = into ?? new Float64Array(n);
    const dtype = sigmoidDType(x.dtype);
    const int = dtypeOf(x.dtype ?? 'float64');
    // -x wraps in an unsigned or narrow integer dtype, as numpy's does: -5 as uint8 is 251.
    const narrow = int === 'uint8' || int === 'int8' || int === 'int16';
    const r = roundingOf(dtype);
    // exp(-(-inf)) = inf gives 1/inf = 0 and exp(-inf) = 0 gives 1, the same as numpy.
    if (narrow && int && r) for (let i = 0; i < n; i++) out[i] = r(1 / r(1 + r(exp(castValue(int, -xd[i])))));
    else if (isFloat32(dtype)) for (let i = 0; i < n; i++) out[i] = f32(1 / f32(1 + f32(exp(-xd[i]))));
    else if (r) for (let i = 0; i < n; i++) out[i] = r(1 / r(1 + r(exp(-xd[i]))));
    else for (let i = 0; i < n; i++) out[i] = 1 / (1 + exp(-xd[i]));
    const t: Tensor = { shape: [...x.shape], data: out, dtype };
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
    const r = roundingOf(dtype);
    if (isFloat32(dtype)) for (let i = 0; i < n; i++) dx[i] = f32(f32(dd[i] * f32(1.0 - o[i])) * o[i]);
    else if (r) for (let i = 0; i < n; i++) dx[i] = r(r(dd[i] * r(1.0 - o[i])) * o[i]);
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
