// The dtypes a constructor or `.astype(...)` may name, and how a value is cast into each, as numpy
// casts: float32 rounds to nearest, integers truncate toward zero, bool is "not zero".
import type { ArgValue } from './callArgs';
import { ScanFailure } from './scan';

export type DType = 'float64' | 'float32' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

const ALIASES: Record<string, DType> = {
  float64: 'float64', float: 'float64', double: 'float64', float_: 'float64', f8: 'float64', d: 'float64', longdouble: 'float64',
  float32: 'float32', single: 'float32', f4: 'float32', f: 'float32',
  int64: 'int64', int: 'int64', int_: 'int64', long: 'int64', i8: 'int64', intp: 'int64',
  int32: 'int32', i4: 'int32', intc: 'int32',
  int16: 'int16', short: 'int16', i2: 'int16',
  int8: 'int8', i1: 'int8',
  uint8: 'uint8', u1: 'uint8',
  bool: 'bool', bool_: 'bool', '?': 'bool',
};

/** `np.float32`, `'float32'`, `torch.float64`, `float` -> the dtype; refuses what it does not know. */
export function readDType(v: ArgValue, at: number): DType {
  const text = typeof v === 'object' && v !== null && !Array.isArray(v) ? ('str' in v ? v.str : v.name) : undefined;
  if (text === undefined) throw new ScanFailure('expected_dtype_such_as', [], at);
  const key = text.replace(/^(?:np|numpy|torch|tf|jnp|jax\.numpy)\./, '').replace(/^[<>=|]/, '');
  const d = ALIASES[key];
  if (!d) throw new ScanFailure('dtype_one_reads_float', [text], at);
  return d;
}

export const isIntDType = (d: DType): boolean => d !== 'float64' && d !== 'float32' && d !== 'bool';

/** Casts one value into `d`; NaN or infinity into an integer dtype is refused (numpy leaves it undefined). */
export function castTo(d: DType, v: number, at: number): number {
  if (d === 'float64') return v;
  if (d === 'float32') return Math.fround(v);
  if (d === 'bool') return v !== 0 ? 1 : 0;
  if (!Number.isFinite(v)) throw new ScanFailure('cannot_cast_numpy_leaves', [v, d], at);
  const t = Math.trunc(v) + 0; // + 0: -0 becomes 0, as integers have no sign of zero
  if (d === 'uint8') return ((t % 256) + 256) % 256;
  if (d === 'int8') return (((t + 128) % 256) + 256) % 256 - 128;
  if (d === 'int16') return (((t + 32768) % 65536) + 65536) % 65536 - 32768;
  if (d === 'int32') return t | 0;
  return t;
}

export function castAll(d: DType, data: Float64Array, at: number): void {
  if (d === 'float64') return;
  for (let k = 0; k < data.length; k++) data[k] = castTo(d, data[k], at);
}
