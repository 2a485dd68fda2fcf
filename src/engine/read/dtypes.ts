// The dtypes a constructor or `.astype(...)` may name, and how a value is cast into each, as numpy
// casts: float32 rounds to nearest, integers truncate toward zero, bool is "not zero".
import type { ArgValue } from './callArgs';
import { ScanFailure } from './scan';
import { castValue, dtypeOf, type DType } from '../tensor';

export type { DType };

/** `np.float32`, `'float32'`, `torch.float64`, `float` -> the dtype; refuses what it does not know. */
export function readDType(v: ArgValue, at: number): DType {
  const text = typeof v === 'object' && v !== null && !Array.isArray(v) ? ('str' in v ? v.str : v.name) : undefined;
  if (text === undefined) throw new ScanFailure('expected_dtype_such_as', [], at);
  const key = text.replace(/^(?:np|numpy|torch|tf|jnp|jax\.numpy)\./, '').replace(/^[<>=|]/, '');
  const d = dtypeOf(key);
  if (!d) throw new ScanFailure('dtype_one_reads_float', [text], at);
  return d;
}

export const isIntDType = (d: DType): boolean => d !== 'float64' && d !== 'float32' && d !== 'bool';

/** Casts one value into `d`; NaN or infinity into an integer dtype is refused (numpy leaves it undefined). */
export function castTo(d: DType, v: number, at: number): number {
  if (!Number.isFinite(v) && isIntDType(d)) throw new ScanFailure('cannot_cast_numpy_leaves', [v, d], at);
  return castValue(d, v);
}

export function castAll(d: DType, data: Float64Array, at: number): void {
  if (d === 'float64') return;
  for (let k = 0; k < data.length; k++) data[k] = castTo(d, data[k], at);
}
