// Calls whose one number is a size, not a value: `new Float64Array(3)` is three zeros, while
// `torch.Tensor(2, 3)` and `new Array(3)` hold no values at all, so they are refused rather than
// read as the number 3. jax's printed `Array(1.5, dtype=float32)` names a dtype: a 0-d value.
import type { ArgValue } from './callArgs';
import { MAX_BUILT, readShape } from './constructors';
import { shapeText } from './errors';
import { ScanFailure } from './scan';
import { MAX_RANK, numpyDtype, sizeOf, type Tensor } from '../tensor';

const TYPED_ARRAY = /^(?:Float(?:16|32|64)|U?Int(?:8|16|32)|Uint8Clamped|BigU?Int64)Array$/;

/**
 * `t` is what the scanner read as the call's first argument; `call` is the call's text for
 * messages and `at` where it starts; `dtype` what the call named as its dtype, if anything.
 */
export function applySizeCall(name: string, call: string, t: Tensor, at: number, dtype?: string): Tensor {
  if (t.shape.length !== 0) return t;
  const n = t.data[0];
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (TYPED_ARRAY.test(name)) {
    if (!Number.isInteger(n) || n < 0) throw new ScanFailure('typed_array_length_must', [call], at);
    if (n > MAX_BUILT) throw new ScanFailure('would_hold_elements_most', [call, n.toLocaleString('en-US'), MAX_BUILT.toLocaleString('en-US')], at);
    return { shape: [n], data: new Float64Array(n) }; // JS fills a new typed array with zeros
  }
  if (name === 'Array') {
    // jax prints a 0-d array as `Array(1.5, dtype=float32, weak_type=True)`: a value with its dtype, not a size.
    if (!call.startsWith('new ') && numpyDtype(dtype) !== undefined) return t;
    throw new ScanFailure('makes_empty_slots_numbers', [call, n], at);
  }
  if (/Tensor$/.test(last) && name !== 'tf.Tensor') {
    throw new ScanFailure('makes_uninitialised_tensor_that', [call], at);
  }
  return t;
}

/** numpy's repr of an empty array names its shape: `array([], shape=(2, 0), dtype=float64)`. */
export function applyShapeKeyword(t: Tensor, shape: { value: unknown; at: number }): Tensor {
  const dims = readShape('shape=', shape.value as ArgValue, shape.at);
  if (sizeOf(dims) !== t.data.length) {
    throw new ScanFailure('shape_holds_values_but', [shapeText(dims), sizeOf(dims), t.data.length], shape.at);
  }
  return { shape: dims, data: t.data };
}

/** `np.array([1, 2, 3], ndmin=2)`: numpy puts 1s in front of the shape up to ndmin dimensions. */
export function applyNdmin(t: Tensor, call: string, ndmin: { value: unknown; at: number }): Tensor {
  const n = ndmin.value;
  if (typeof n !== 'number') throw new ScanFailure('needs_number_for', [call, 'ndmin'], ndmin.at);
  if (!Number.isInteger(n) || n < 0) throw new ScanFailure('needs_whole_number_for', [call, 'ndmin', n], ndmin.at);
  if (n > MAX_RANK) throw new ScanFailure('shape_has_dimensions_numpy', [n, MAX_RANK], ndmin.at);
  if (t.shape.length >= n) return t;
  return { ...t, shape: [...new Array<number>(n - t.shape.length).fill(1), ...t.shape] };
}
