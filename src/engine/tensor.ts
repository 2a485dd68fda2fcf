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

const ALIASES: Record<string, string | undefined> = {
  float64: undefined, float: undefined, double: undefined, f8: undefined, float_: undefined,
  float32: 'float32', f4: 'float32', single: 'float32',
  int64: 'int64', int: 'int64', long: 'int64', i8: 'int64', int_: 'int64',
  int32: 'int32', i4: 'int32', int16: 'int16', int8: 'int8', uint8: 'uint8',
  bool: 'bool', bool_: 'bool',
};

/**
 * The dtype a literal names, as the engine computes it: 'float32', an integer type or 'bool';
 * undefined for float64 and for anything it does not compute differently (float16: float64).
 * `torch` defaults: torch.float is float32.
 */
export function numpyDtype(name: string | undefined, framework?: string): string | undefined {
  if (!name) return undefined;
  const n = name.trim().toLowerCase();
  if (framework === 'torch' && n === 'float') return 'float32';
  return n in ALIASES ? ALIASES[n] : undefined;
}

/** The values as numpy stores them in `dtype`: float32 rounded, integers truncated, bools 0/1. */
export function castTo(t: Tensor, dtype: string | undefined): Tensor {
  if (!dtype) return t;
  const data = new Float64Array(t.data.length);
  if (isFloat32(dtype)) for (let i = 0; i < data.length; i++) data[i] = Math.fround(t.data[i]);
  else if (dtype === 'bool') for (let i = 0; i < data.length; i++) data[i] = t.data[i] !== 0 ? 1 : 0;
  else for (let i = 0; i < data.length; i++) data[i] = Math.trunc(t.data[i]);
  return { shape: [...t.shape], data, dtype };
}
