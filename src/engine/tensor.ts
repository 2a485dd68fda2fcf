/** An n-d array of float64 values in row-major (C) order, like a numpy float64 ndarray. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

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
