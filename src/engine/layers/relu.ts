import type { Tensor } from '../tensor';
import { checkDout } from './check';
import type { Layer, LayerSpec } from './types';

/**
 * ReLU as in the book (5.5.1): mask = (x <= 0), forward zeroes the masked entries,
 * backward blocks dout there. Unlike the book we never write into x or dout: the caller
 * still needs them to draw the trace. NaN is not <= 0, so relu(NaN) = NaN as in numpy.
 */
export class Relu {
  mask: Uint8Array | null = null;
  shape: readonly number[] = [];
  private maskStore: Uint8Array | null = null;

  /**
   * `into`: write out there instead of allocating, and reuse the mask's memory too (for callers
   * that stream blocks through the layer; the previous mask is then overwritten).
   */
  forward(x: Tensor, into?: Float64Array): Tensor {
    const xd = x.data;
    const n = xd.length;
    let mask: Uint8Array;
    if (into && this.maskStore && this.maskStore.length >= n) mask = this.maskStore.subarray(0, n);
    else mask = this.maskStore = new Uint8Array(n);
    const out = into ?? new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = xd[i];
      const blocked = +(v <= 0); // 0 for NaN, so relu(NaN) = NaN as in numpy
      mask[i] = blocked;
      // Branch-free (x is random-signed, so a branch mispredicts half the time): v * 1 + 0 = v and
      // v * 0 + 0 = +0, as numpy's x[mask] = 0 gives; -inf * 0 would be NaN, hence the (rare) test.
      out[i] = (v === -Infinity ? 0 : v) * (1 - blocked) + 0;
    }
    this.mask = mask;
    this.shape = x.shape;
    // ReLU only zeroes entries: int stays int, float32 stays float32, as in numpy.
    return { shape: [...x.shape], data: out, dtype: x.dtype };
  }

  backward(dout: Tensor, into?: Float64Array): Tensor {
    const mask = this.mask;
    if (!mask) throw new Error('Relu.backward called before forward');
    checkDout(dout, this.shape, 'ReLU');
    const dd = dout.data;
    const n = dd.length;
    const dx = into ?? new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = dd[i];
      const pass = 1 - mask[i];
      // Branch-free for finite d: d * 1 + -0 = d (keeps -0), d * 0 + +0 = +0 (numpy's dout[mask] = 0).
      // inf * 0 and NaN would give NaN, so those take the (rarely mispredicted) plain branch.
      dx[i] = d - d === 0 ? d * pass + (pass - 0.5) * -0 : pass === 1 ? d : 0;
    }
    return { shape: [...dout.shape], data: dx, dtype: dout.dtype };
  }
}

const NUMPY = `class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        dx = dout
        return dx
`;

export const relu = {
  name: 'relu',
  label: 'ReLU',
  className: 'Relu',
  section: '5.5.1',
  inputs: ['x'],
  params: [],
  elementwise: true,
  caches: ['mask'],
  expand: 'mask',
  kink: 0,
  numpy: NUMPY,
  create(): Layer {
    const l = new Relu();
    return {
      forward: ([x]) => l.forward(x),
      backward: (dout) => ({ dinputs: [l.backward(dout)], dparams: [] }),
      cache: () => (l.mask ? { mask: { shape: l.shape, mask: l.mask } } : ({} as Record<string, never>)),
    };
  },
} as const satisfies LayerSpec;
