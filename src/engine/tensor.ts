/**
 * An n-d array in row-major (C) order, like a numpy ndarray. Values are held as float64; `dtype`
 * names numpy's dtype when it is not float64 (`float32`, `int64`, `bool`), and then every value
 * is one that dtype can hold (float32 results are rounded after every operation, as numpy does).
 */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly dtype?: string;
}

/** float32: computed in float32 (Math.fround after every operation), as numpy does. */
export const isFloat32 = (dtype: string | undefined): boolean => dtype === 'float32';
/** Integer and bool dtypes: ReLU keeps them, Sigmoid and division give float64 (numpy's promotion). */
export const isIntegral = (dtype: string | undefined): boolean => !!dtype && /^(u?int\d*|bool|long|short)$/.test(dtype);

/**
 * The most dimensions an array may have: numpy 1.x's NPY_MAXDIMS (numpy 2 allows 64). The parser
 * refuses deeper nesting and the panel's protocol checks the same limit, so a shape that one part
 * accepts the other never rejects.
 */
export const MAX_RANK = 32;

/** Number of elements a shape holds (1 for a 0-d scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: readonly number[], data: Float64Array): Tensor {
  if (sizeOf(shape) !== data.length) {
    throw new RangeError(`shape [${shape.join(', ')}] needs ${sizeOf(shape)} values, got ${data.length}`);
  }
  return { shape: [...shape], data };
}

/** A tensor of the given shape filled with one value (np.full). */
export function full(shape: readonly number[], value: number): Tensor {
  return tensor(shape, new Float64Array(sizeOf(shape)).fill(value));
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The dtype of an element-wise result of two arrays: theirs when they agree, else float64 (undefined). */
export const promote = (a: string | undefined, b: string | undefined): string | undefined => (a === b ? a : undefined);

export type DType = 'float64' | 'float32' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** numpy's names of the dtypes the engine computes in, character codes included (`dtype='f'` is
 * float32, `'i'` int32, `'b'` int8): the one table, for constructors, `.astype` and `dtype=`. */
export const DTYPE_NAMES: Readonly<Record<string, DType>> = {
  float64: 'float64', float: 'float64', double: 'float64', float_: 'float64', f8: 'float64', d: 'float64', longdouble: 'float64',
  float32: 'float32', single: 'float32', f4: 'float32', f: 'float32',
  int64: 'int64', int: 'int64', int_: 'int64', long: 'int64', i8: 'int64', intp: 'int64', longlong: 'int64', l: 'int64', q: 'int64',
  int32: 'int32', i4: 'int32', intc: 'int32', i: 'int32',
  int16: 'int16', short: 'int16', i2: 'int16', h: 'int16',
  int8: 'int8', i1: 'int8', byte: 'int8', b: 'int8',
  uint8: 'uint8', u1: 'uint8', ubyte: 'uint8', B: 'uint8',
  bool: 'bool', bool_: 'bool', '?': 'bool',
};

/** A dtype's name as numpy reads it: character codes are case-sensitive ('B' uint8, 'F' complex). */
export const dtypeOf = (name: string): DType | undefined => {
  const n = name.trim().replace(/^[<>=|]/, ''); // a byte order: '<f4'
  return Object.prototype.hasOwnProperty.call(DTYPE_NAMES, n) ? DTYPE_NAMES[n]
    : n.length > 1 && Object.prototype.hasOwnProperty.call(DTYPE_NAMES, n.toLowerCase()) ? DTYPE_NAMES[n.toLowerCase()] : undefined;
};

/**
 * The dtype a literal names, as the engine computes it: 'float32', an integer type or 'bool';
 * undefined for float64 and for anything it does not compute differently (float16: float64).
 * `torch` defaults: torch.float is float32.
 */
export function numpyDtype(name: string | undefined, framework?: string): string | undefined {
  if (!name) return undefined;
  if (framework === 'torch' && name.trim().toLowerCase() === 'float') return 'float32';
  const d = dtypeOf(name);
  return d === 'float64' ? undefined : d;
}

/** One value as numpy stores it in `d`: float32 rounded, integers truncated toward zero and wrapped
 * to their width (300.9 as uint8 is 44), bools 0/1; NaN and infinities into an integer stay as they are. */
export function castValue(d: DType, v: number): number {
  if (d === 'float64') return v;
  if (d === 'float32') return Math.fround(v);
  if (d === 'bool') return v !== 0 ? 1 : 0;
  if (!Number.isFinite(v)) return v;
  const t = Math.trunc(v) + 0; // + 0: -0 becomes 0, as integers have no sign of zero
  if (d === 'uint8') return ((t % 256) + 256) % 256;
  if (d === 'int8') return (((t + 128) % 256) + 256) % 256 - 128;
  if (d === 'int16') return (((t + 32768) % 65536) + 65536) % 65536 - 32768;
  if (d === 'int32') return t | 0;
  return t;
}

/** The values as numpy stores them in `dtype` (castValue); an unknown dtype truncates, as an integer. */
export function castTo(t: Tensor, dtype: string | undefined): Tensor {
  if (!dtype) return t;
  const d = dtypeOf(dtype) ?? 'int64';
  const data = new Float64Array(t.data.length);
  for (let i = 0; i < data.length; i++) data[i] = castValue(d, t.data[i]);
  return { shape: [...t.shape], data, dtype };
}
