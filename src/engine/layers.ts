import { DoutError, shapeText } from './errors';
import { exp } from './exp';
import { sameShape, Tensor } from './tensor';

/** The book's layer names. */
export type LayerName = 'relu' | 'sigmoid';
export const LAYER_NAMES: readonly LayerName[] = ['relu', 'sigmoid'];

function checkDout(dout: Tensor, shape: readonly number[], layer: string): void {
  if (!sameShape(dout.shape, shape)) {
    throw new DoutError(
      `dout has shape ${shapeText(dout.shape)} but ${layer}'s output has shape ${shapeText(shape)}`,
      shape,
      dout.shape,
    );
  }
}

/**
 * ReLU as in the book (5.5.1): mask = (x <= 0), forward zeroes the masked entries,
 * backward blocks dout there. Unlike the book we never write into x or dout: the caller
 * still needs them to draw the trace. NaN is not <= 0, so relu(NaN) = NaN as in numpy.
 */
export class Relu {
  mask: Uint8Array | null = null;
  private shape: readonly number[] = [];
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
    return { shape: [...x.shape], data: out };
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
    return { shape: [...dout.shape], data: dx };
  }
}

/** Sigmoid as in the book (5.5.2): out = 1 / (1 + exp(-x)) is cached, dx = dout * out * (1 - out). */
export class Sigmoid {
  out: Tensor | null = null;

  /** `into`: write out there instead of allocating. */
  forward(x: Tensor, into?: Float64Array): Tensor {
    const xd = x.data;
    const n = xd.length;
    const out = into ?? new Float64Array(n);
    // exp(-(-inf)) = inf gives 1/inf = 0 and exp(-inf) = 0 gives 1, the same as numpy.
    for (let i = 0; i < n; i++) out[i] = 1 / (1 + exp(-xd[i]));
    const t: Tensor = { shape: [...x.shape], data: out };
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
    // Same evaluation order as numpy's `dout * self.out * (1 - self.out)`, so rounding matches.
    for (let i = 0; i < n; i++) dx[i] = dd[i] * o[i] * (1 - o[i]);
    return { shape: [...dout.shape], data: dx };
  }
}

export function createLayer(name: LayerName): Relu | Sigmoid {
  switch (name) {
    case 'relu':
      return new Relu();
    case 'sigmoid':
      return new Sigmoid();
    default:
      throw new Error(`Unknown layer '${String(name)}'`);
  }
}

export function isLayerName(s: string): s is LayerName {
  return (LAYER_NAMES as readonly string[]).includes(s);
}
