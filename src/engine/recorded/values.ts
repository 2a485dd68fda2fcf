// The tracer's values (RecordedValue) as the graph carries them (WireTensor): nested lists
// flattened into a Float64Array, "NaN"/"Infinity" back to numbers, big arrays as their sample
// plus the numpy summary and stats the tracer computed from all values.
import type { TensorPreview, WireTensor } from '../graph/graph';
import type { Nested, RecordedArray, RecordedCall, RecordedRef, RecordedResult, RecordedValue } from './schema';

export const isArrayValue = (x: RecordedValue | undefined): x is RecordedArray =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && 'shape' in x;

const isRef = (x: RecordedValue | undefined): x is RecordedRef =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && 'ref' in x;

/** Every value sent, by value id: later arguments, results and attributes may only name the id. */
export function valuesById(calls: readonly RecordedCall[]): Map<number, RecordedValue> {
  const values = new Map<number, RecordedValue>();
  const put = (id: number | null | undefined, v: RecordedValue | undefined): void => {
    if (id !== null && id !== undefined && v !== undefined && !isRef(v) && !values.has(id)) values.set(id, v);
  };
  for (const c of calls) {
    c.args.forEach((a, i) => put(c.argIds[i], a));
    put(c.resultId, c.result);
    for (const [name, x] of Object.entries(c.attrs)) put(c.attrIds?.[name], x);
  }
  return values;
}

/** The value itself for a `{"ref": id}`. */
export const resolve = (values: Map<number, RecordedValue>, v: RecordedValue | undefined): RecordedValue | undefined =>
  isRef(v) ? values.get(v.ref) : v;

/** The result with every `{"ref": id}` argument or result replaced by its value (the CLI's --json). */
export function resolveRefs(r: RecordedResult): RecordedResult {
  const values = valuesById(r.calls);
  const calls = r.calls.map((c) => ({
    ...c,
    args: c.args.map((a) => resolve(values, a) ?? null),
    result: resolve(values, c.result) ?? null,
  }));
  return { ...r, calls };
}

export function toNumber(x: Nested | boolean): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return NaN;
}

function flatten(n: Nested, out: number[]): void {
  if (Array.isArray(n)) for (const m of n) flatten(m, out);
  else out.push(toNumber(n));
}

/** A scalar or an array as a WireTensor; undefined for None, tuples and opaque objects. */
export function wireOf(value: RecordedValue | undefined): WireTensor | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { shape: [], data: Float64Array.of(toNumber(value)), ...(typeof value === 'boolean' ? { dtype: 'bool' } : {}) };
  }
  if (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value)) {
    return { shape: [], data: Float64Array.of(toNumber(value)) };
  }
  if (!isArrayValue(value)) return undefined;
  const dtype = value.dtype === 'float64' ? {} : { dtype: value.dtype };
  const values: number[] = [];
  if (value.data !== undefined) {
    flatten(value.data, values);
    return { shape: [...value.shape], data: Float64Array.from(values), ...dtype };
  }
  if (value.sample === undefined) return undefined;
  flatten(value.sample, values);
  const preview: TensorPreview = {
    text: value.text ?? '',
    min: toNumber(value.min ?? 'NaN'),
    max: toNumber(value.max ?? 'NaN'),
    mean: toNumber(value.mean ?? 'NaN'),
    sampleShape: [...(value.sampleShape ?? [])],
    strides: [...(value.strides ?? [])],
  };
  return { shape: [...value.shape], data: Float64Array.from(values), ...dtype, preview };
}

/** A boolean array (ReLU's mask) as 0/1 bytes, for a CacheEntry. */
export function maskOf(value: RecordedValue | undefined): { shape: number[]; data: Uint8Array } | undefined {
  const w = wireOf(value);
  if (!w || w.dtype !== 'bool' || w.preview) return undefined;
  return { shape: w.shape, data: Uint8Array.from(w.data) };
}

/** The sum of two gradients of one value (fig 5-16: a value used twice gets both). */
export function addWire(a: WireTensor | undefined, b: WireTensor | undefined): WireTensor | undefined {
  if (!a || !b) return a ?? b;
  if (a.preview || b.preview || a.data.length !== b.data.length || a.shape.join() !== b.shape.join()) return a;
  return { shape: a.shape, data: a.data.map((x, i) => x + b.data[i]) };
}
