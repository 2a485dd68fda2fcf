/**
 * Names that stand for one number inside a literal: non-finite spellings from Python, numpy,
 * torch and JS, and booleans (numpy turns True/False into 1/0 in a float array).
 */
const NAMED: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  infinity: Infinity,
  infty: Infinity,
  pinf: Infinity,
  ninf: -Infinity,
  positive_infinity: Infinity,
  negative_infinity: -Infinity,
  true: 1,
  false: 0,
};
const OWNERS = new Set(['', 'np', 'numpy', 'math', 'torch', 'jnp', 'jax.numpy', 'tf', 'tf.math', 'number', 'float', 'cmath']);

/** The value of a bare name such as `np.nan` or `Infinity`, or undefined if it is not one. */
export function namedScalar(name: string): number | undefined {
  const dot = name.lastIndexOf('.');
  const owner = dot < 0 ? '' : name.slice(0, dot).toLowerCase();
  if (!OWNERS.has(owner)) return undefined;
  const key = name.slice(dot + 1).toLowerCase();
  if (owner !== '' && (key === 'pi' || key === 'e')) return key === 'pi' ? Math.PI : Math.E; // np.pi, math.e: the same doubles as Python's
  return Object.prototype.hasOwnProperty.call(NAMED, key) ? NAMED[key] : undefined;
}

/** Calls that wrap one scalar: `float('nan')`, `np.float64(1.5)`, `int(3)`. */
export function isScalarCall(name: string): boolean {
  return /^(?:(?:np|numpy|torch|jnp)\.)?(?:float|int|double|float16|float32|float64|float_|longdouble|int8|int16|int32|int64|half|single)$/.test(name) ||
    name === 'Number' || name === 'parseFloat';
}

/** Calls whose first argument is the array: `np.array(...)`, `torch.tensor(...)`, `new Float64Array(...)`. */
export function isArrayCall(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return /^(?:array|asarray|asanyarray|ascontiguousarray|asfortranarray|tensor|tensor[1-6]d|as_tensor|Tensor|FloatTensor|DoubleTensor|constant|convert_to_tensor|Variable|matrix|[A-Za-z0-9]*Array|from)$/.test(last);
}

/** A string literal's content as a number: 'nan', '-inf', '1.5' (what float('...') accepts). */
export function stringScalar(content: string): number | undefined {
  const t = content.trim().toLowerCase().replace(/_/g, '');
  if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
  if (/^[+]?inf(inity)?$/.test(t)) return Infinity;
  if (/^-inf(inity)?$/.test(t)) return -Infinity;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}
