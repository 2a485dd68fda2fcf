// The tracer's values (RecordedValue) as the graph carries them (WireTensor): packed bytes (or
// nested lists) into a Float64Array, "NaN"/"Infinity" back to numbers, big arrays as their sample
// plus the numpy summary and stats the tracer computed from all values.
import type { TensorPreview, WireTensor } from '../graph/graph';
import type { ExactInts } from '../tensor';
import { exactInts, unpack } from './bytes';
import type { Nested, RecordedArray, RecordedCall, RecordedRef, RecordedResult, RecordedValue } from './schema';

export const isArrayValue = (x: RecordedValue | undefined): x is RecordedArray =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && 'shape' in x;

/** A number the program held (Python's int or float, a numpy scalar), sent as a 0-d value with its type. */
export const isScalarValue = (x: RecordedValue | undefined): x is RecordedArray => isArrayValue(x) && x.scalar !== undefined;

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
  // a number past 2**53 comes with its str() (values.exact_text): drawn instead of its float64
  const dtype = { ...(value.dtype === 'float64' ? {} : { dtype: value.dtype }), ...(value.scalar ? { scalar: value.scalar, ...(value.text !== undefined ? { text: value.text } : {}) } : {}) };
  // an int64 array's elements past 2**53 with their exact digits, shown instead of their float64
  const exact = (packed: string | undefined, data: Float64Array) => {
    const found = packed !== undefined && value.bytesDtype ? exactInts(packed, value.bytesDtype, data) : undefined;
    return found ? { exact: found } : {};
  };
  const whole = valuesOf(value.bytes, value.data, value.shape, value.bytesDtype);
  if (whole) return { shape: [...value.shape], data: whole, ...dtype, ...exact(value.bytes, whole) };
  const sample = valuesOf(value.sampleBytes, value.sample, value.sampleShape ?? [], value.bytesDtype);
  if (!sample) return undefined;
  const preview: TensorPreview = {
    text: value.text ?? '',
    min: toNumber(value.min ?? 'NaN'),
    max: toNumber(value.max ?? 'NaN'),
    mean: toNumber(value.mean ?? 'NaN'),
    sampleShape: [...(value.sampleShape ?? [])],
    strides: [...(value.strides ?? [])],
  };
  return { shape: [...value.shape], data: sample, ...dtype, preview, ...exact(value.sampleBytes, sample) };
}

/** Packed bytes (checked against the shape by the schema) or nested lists, as float64 values. */
function valuesOf(packed: string | undefined, nested: Nested | undefined, shape: readonly number[], bytesDtype = 'float64'): Float64Array | undefined {
  if (packed !== undefined) return unpack(packed, bytesDtype, shape.reduce((n, d) => n * d, 1));
  if (nested === undefined) return undefined;
  const values: number[] = [];
  flatten(nested, values);
  return Float64Array.from(values);
}

/** Nested lists of a flat row-major array, non-finite values as the JSON strings; `exact`'s elements as `mark` makes them. */
function nest(data: Float64Array, shape: readonly number[], bool: boolean, exact?: ExactInts, mark?: (digits: string) => Nested): Nested {
  const plain = (x: number): Nested => (bool ? (x ? 1 : 0) : Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x);
  const one = (x: number, i: number): Nested => (exact && mark && exact[i] !== undefined ? mark(exact[i]) : plain(x));
  if (shape.length === 0) return one(data[0], 0);
  const build = (axis: number, offset: number, step: number): Nested[] => {
    const inner = step / shape[axis];
    const out: Nested[] = [];
    for (let i = 0; i < shape[axis]; i++) out.push(axis === shape.length - 1 ? one(data[offset + i], offset + i) : build(axis + 1, offset + i * inner, inner));
    return out;
  };
  return build(0, 0, data.length);
}

/**
 * A value with its packed arrays as nested lists (`data`, `sample`): the CLI's readable --json
 * and report. Tuples and lists are walked; anything else is returned as it is. `mark`: what an
 * int64's element past 2**53 becomes, from its exact digits (else its float64, which rounds it).
 */
export function withNested(value: RecordedValue, mark?: (digits: string) => Nested): RecordedValue {
  if (Array.isArray(value)) return value.map((v) => withNested(v, mark));
  if (!isArrayValue(value)) return value;
  // A number past 2**53 (an int's str() in `text`): its digits, not its float64.
  if (mark && value.shape.length === 0 && value.text !== undefined && /^-?\d+$/.test(value.text)) return { ...value, data: mark(value.text) };
  if (value.bytes === undefined && value.sampleBytes === undefined) return value;
  const { bytes, sampleBytes, bytesDtype, ...rest } = value;
  const bool = value.dtype === 'bool';
  const whole = bytes !== undefined ? unpack(bytes, bytesDtype ?? 'float64', value.shape.reduce((n, d) => n * d, 1)) : undefined;
  const sampleShape = value.sampleShape ?? [];
  const sample = sampleBytes !== undefined ? unpack(sampleBytes, bytesDtype ?? 'float64', sampleShape.reduce((n, d) => n * d, 1)) : undefined;
  return {
    ...rest,
    ...(whole ? { data: nest(whole, value.shape, bool, mark && bytesDtype && exactInts(bytes as string, bytesDtype, whole), mark) } : {}),
    ...(sample ? { sample: nest(sample, sampleShape, bool, mark && bytesDtype && exactInts(sampleBytes as string, bytesDtype, sample), mark) } : {}),
  };
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

/** How many integers past 2**53 the recorded arrays hold, each value once: said (drawn with their digits, checked in float64). */
export function inexactCount(values: Map<number, RecordedValue>): number {
  let n = 0;
  const walk = (v: RecordedValue | undefined): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isArrayValue(v)) n += v.inexact ?? 0;
  };
  for (const v of values.values()) walk(v);
  return n;
}
