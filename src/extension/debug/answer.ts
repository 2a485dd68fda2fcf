// What the probe (probe.py) answers, checked before use: a paused program is input like any
// other. An array arrives as base64 of its little-endian bytes with shape and dtype; its length
// is checked against shape × item size, so a cut or mangled transfer is refused, never drawn.
// No vscode here, so the unit tests decode real probe output with Node alone.
import * as v from 'valibot';
import type { Tensor } from '../../engine';
import { base64Length, BYTE_SIZES, exactInts, unpack } from '../../engine/recorded/bytes';
import { parseRecorded, type RecordedResult } from '../../engine/recorded/schema';
import { SCALAR_TYPES } from '../../engine/graph/graph';

const Shape = v.array(v.pipe(v.number(), v.integer(), v.minValue(0)));

const ArrayAnswer = v.object({
  kind: v.literal('array'),
  type: v.string(),
  shape: Shape,
  dtype: v.string(),
  size: v.number(),
  refused: v.optional(v.boolean()),
  converted: v.optional(v.string()),
  sentDtype: v.optional(v.string()),
  nbytes: v.optional(v.number()),
  data: v.optional(v.string()),
  /** A number, not an array: `apple = 100` is Python's int, `np.int64(100)` a numpy scalar (probe.scalar_kind). */
  scalar: v.optional(v.picklist(SCALAR_TYPES)),
  /** A number past 2**53 as the program's str(): drawn instead of its float64, which has other last digits (probe.exact). */
  text: v.optional(v.pipe(v.string(), v.maxLength(400))),
  /** An integer array's elements past 2**53: counted, and said (their digits come in the bytes: tensorOf). */
  inexact: v.optional(v.number()),
  ms: v.optional(v.number()),
});

const Num = v.union([v.number(), v.string()]); // a non-finite number arrives as its repr ('nan')

/** One thing a layer or a net holds, as a hover describes it (peek.py's `held`). */
const Held = v.object({
  name: v.string(),
  shape: v.optional(Shape),
  dtype: v.optional(v.string()),
  true: v.optional(v.number()),
  min: v.optional(Num),
  max: v.optional(Num),
  value: v.optional(v.nullable(Num)),
  class: v.optional(v.string()),
  more: v.optional(v.number()),
});
export type Held = v.InferOutput<typeof Held>;

const LayerAnswer = v.object({
  kind: v.picklist(['layer', 'net']),
  class: v.string(),
  needInput: v.optional(v.array(v.string())),
  params: v.optional(v.array(v.string())),
  /** A cs231n pair's forward (`affine_forward`), when the frame's cache is not its arguments (pairs.py). */
  pair: v.optional(v.string()),
  result: v.optional(v.unknown()),
  /** A hover's read: what it holds now (nothing of it was run). */
  holds: v.optional(v.array(Held)),
  /** Paused inside a pair's backward: its frame's dout (name, shape), used when its shape is
   *  forward's output's (`out`, when not: ones instead). Said in the panel's notes (pairs.py). */
  frameDout: v.optional(v.object({ name: v.string(), shape: Shape, used: v.boolean(), out: v.optional(Shape) })),
  /** The tracer's gradient check failed to run at all (said in the panel's notes). */
  gradcheckError: v.optional(v.string()),
  ms: v.optional(v.number()),
});

const ErrorAnswer = v.object({ error: v.string(), kind: v.string(), ms: v.optional(v.number()) });

export type ArrayAnswer = v.InferOutput<typeof ArrayAnswer>;
export type LayerAnswer = Omit<v.InferOutput<typeof LayerAnswer>, 'result'> & { result?: RecordedResult };
export type ProbeAnswer = ArrayAnswer | LayerAnswer | v.InferOutput<typeof ErrorAnswer>;

/**
 * The evaluate response's `result` text → the probe's answer. debugpy hands a str back raw when
 * asked (format.rawString) or as repr(); the probe's JSON holds no quote, so repr only doubled
 * its backslashes. Anything else (a cut string, debugpy's `...`) fails here with a sentence.
 */
export function readAnswer(text: string): ProbeAnswer | { bad: string } {
  let body = text;
  if (/^'.*'$/s.test(body)) body = body.slice(1, -1).replace(/\\\\/g, '\\');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { bad: `the paused program's answer is not whole JSON (${text.length} characters, starting ${JSON.stringify(text.slice(0, 40))})` };
  }
  for (const schema of [ArrayAnswer, ErrorAnswer]) {
    const r = v.safeParse(schema, json);
    if (r.success) return r.output;
  }
  const layer = v.safeParse(LayerAnswer, json);
  if (!layer.success) return { bad: `the paused program's answer is not as expected: ${layer.issues[0].message}` };
  if (layer.output.result === undefined) return { ...layer.output, result: undefined };
  const rec = parseRecorded(layer.output.result);
  if ('error' in rec) return { bad: rec.error };
  return { ...layer.output, result: rec.result };
}

/** The array as the engine holds it (float64 values, numpy's dtype named, an int64's digits past 2**53), or why it cannot be. */
export function tensorOf(a: ArrayAnswer): Tensor | { bad: string } {
  const dtype = a.sentDtype ?? a.dtype;
  const size = BYTE_SIZES[dtype];
  if (size === undefined || a.data === undefined) return { bad: `no values came for the ${a.dtype} array` };
  const n = a.shape.reduce((p, d) => p * d, 1);
  const got = base64Length(a.data);
  const data = n === a.size && a.nbytes === got ? unpack(a.data, dtype, n) : undefined;
  if (!data) return { bad: `the array arrived incomplete: ${Math.max(0, got)} bytes for shape (${a.shape.join(', ')}) of ${dtype}, which needs ${n * size}` };
  // an int64's elements past 2**53 keep their digits (shown; what is computed uses the float64)
  const exact = exactInts(a.data, dtype, data);
  return dtype === 'float64' ? { shape: a.shape, data } : { shape: a.shape, data, dtype, ...(exact ? { exact } : {}) };
}
