/**
 * An n-d array in row-major (C) order, like a numpy ndarray. Values are held as float64; `dtype`
 * names numpy's dtype when it is not float64 (`float32`, `int64`, `bool`), and then every value
 * is one that dtype can hold (float32 results are rounded after every operation, as numpy does).
 */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly dtype?: string;
  /** An int64 array's elements float64 cannot hold (past 2**53), as the program prints them: flat
   *  index in `data` -> digits (bytes.exactInts). Shown instead of their float64; never computed with. */
  readonly exact?: ExactInts;
}

/** Flat index in `data` -> the element's exact digits, for the elements `data` holds only roughly. */
export type ExactInts = Readonly<Record<number, string>>;

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

export type DType = 'float64' | 'float32' | 'float16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** Bits of the smallest float that holds every value of a dtype (numpy's promotion): int8 fits float16, int16 float32. */
const FLOAT_BITS: Readonly<Record<DType, number>> = { bool: 16, uint8: 16, int8: 16, int16: 32, int32: 64, int64: 64, float16: 16, float32: 32, float64: 64 };
const INT_BITS: Readonly<Partial<Record<DType, number>>> = { int8: 8, int16: 16, int32: 32, int64: 64 };
const FLOAT_OF: Readonly<Record<number, DType>> = { 16: 'float16', 32: 'float32', 64: 'float64' };
const isFloatType = (d: DType): boolean => d === 'float16' || d === 'float32' || d === 'float64';

/**
 * The dtype of an element-wise result of two arrays, as numpy's result_type gives it for the dtypes
 * the engine computes in (undefined is float64): int8 with float16 is float16, int16 with float16
 * float32, int64 with float32 float64, uint8 with int8 int16, bool with anything that thing.
 */
export const promote = (a: string | undefined, b: string | undefined): string | undefined => {
  if (a === b) return a;
  const p = dtypeOf(a ?? 'float64') ?? 'float64';
  const q = dtypeOf(b ?? 'float64') ?? 'float64';
  let r: DType;
  if (p === q || q === 'bool') r = p;
  else if (p === 'bool') r = q;
  else if (isFloatType(p) || isFloatType(q)) r = FLOAT_OF[Math.max(FLOAT_BITS[p], FLOAT_BITS[q])];
  else if (p === 'uint8' || q === 'uint8') r = (p === 'uint8' ? q : p) === 'int8' ? 'int16' : p === 'uint8' ? q : p;
  else r = (INT_BITS[p] ?? 64) >= (INT_BITS[q] ?? 64) ? p : q;
  return r === 'float64' ? undefined : r;
};

/** numpy's names of the dtypes the engine computes in, character codes included (`dtype='f'` is
 * float32, `'i'` int32, `'b'` int8): the one table, for constructors, `.astype` and `dtype=`. */
export const DTYPE_NAMES: Readonly<Record<string, DType>> = {
  float64: 'float64', float: 'float64', double: 'float64', float_: 'float64', f8: 'float64', d: 'float64', longdouble: 'float64',
  float32: 'float32', single: 'float32', f4: 'float32', f: 'float32',
  float16: 'float16', half: 'float16', f2: 'float16', e: 'float16',
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
 * undefined for float64 and for anything it does not compute differently.
 * `torch` defaults: torch.float is float32.
 */
export function numpyDtype(name: string | undefined, framework?: string): string | undefined {
  if (!name) return undefined;
  if (framework === 'torch' && name.trim().toLowerCase() === 'float') return 'float32';
  const d = dtypeOf(name);
  return d === 'float64' ? undefined : d;
}

/** The nearest float16 (ties to even), as numpy's float16 stores a value; beyond 65504 it is infinite. */
export function f16round(v: number): number {
  const a = Math.abs(v);
  if (a === 0 || !Number.isFinite(a)) return v;
  if (a >= 65520) return v > 0 ? Infinity : -Infinity; // halfway past 65504 rounds to 65536, which float16 lacks
  let e = Math.max(-14, Math.floor(Math.log2(a)));
  if (e > -14 && 2 ** e > a) e--;
  const ulp = 2 ** (e - 10);
  const q = a / ulp; // exact: a power of two
  let r = Math.round(q);
  if (r - q === 0.5 && r % 2 === 1) r--; // Math.round rounds ties up: numpy rounds them to even
  return (v < 0 ? -r : r) * ulp;
}

/** How a dtype rounds every result of an operation: float32 and float16; undefined when it does not (float64, integers). */
export function roundingOf(dtype: string | undefined): ((v: number) => number) | undefined {
  return dtype === 'float32' ? Math.fround : dtype === 'float16' ? f16round : undefined;
}

/** One value as numpy stores it in `d`: float32 and float16 rounded, integers truncated toward zero and wrapped
 * to their width (300.9 as uint8 is 44), bools 0/1; NaN and infinities into an integer stay as they are. */
export function castValue(d: DType, v: number): number {
  if (d === 'float64') return v;
  if (d === 'float32') return Math.fround(v);
  if (d === 'float16') return f16round(v);
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
  // the same integer dtype: the same values, and an int64's exact digits past 2**53 still theirs
  return { shape: [...t.shape], data, dtype, ...(t.exact && dtype === t.dtype ? { exact: t.exact } : {}) };
}
