// What src/tracer/bpt_trace.py writes (the README's "The --json schema"): the reader's own
// forward/backward calls with copies of their values. This file checks that JSON with valibot
// and nothing else; toGraph.ts turns it into the one graph model.
import * as v from 'valibot';
import { BYTE_SIZES, base64Length } from './bytes';
import { SCALAR_TYPES } from '../graph/graph';

/** A float as JSON carries it: non-finite values as numpy's users spell them. */
const Float = v.union([v.number(), v.picklist(['NaN', 'Infinity', '-Infinity'])]);

export type Nested = number | string | Nested[];
const NestedSchema: v.GenericSchema<Nested> = v.lazy(() => v.union([v.number(), v.string(), v.array(NestedSchema)]));

const count = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);
/** Packed values hold exactly the elements of their shape (bytes.ts), else the record is refused. */
const packedFits = (text: string | undefined, shape: readonly number[] | undefined, dtype: string | undefined): boolean =>
  text === undefined || (dtype !== undefined && BYTE_SIZES[dtype] !== undefined && base64Length(text) === count(shape ?? []) * BYTE_SIZES[dtype]);

/**
 * An array: all its values, or for more than 10,000 elements stats and a strided sample. The
 * tracer sends values packed (`bytes`, `sampleBytes`: base64 of little-endian `bytesDtype`);
 * nested lists (`data`, `sample`) are the CLI's --json form and older tracers'.
 */
const ArraySchema = v.pipe(
  v.looseObject({
    shape: v.array(v.number()),
    dtype: v.string(),
    data: v.optional(NestedSchema),
    bytes: v.optional(v.string()),
    bytesDtype: v.optional(v.string()),
    min: v.optional(Float),
    max: v.optional(Float),
    mean: v.optional(Float),
    strides: v.optional(v.array(v.number())),
    sampleShape: v.optional(v.array(v.number())),
    sample: v.optional(NestedSchema),
    sampleBytes: v.optional(v.string()),
    /** numpy's summarised print of the whole array. */
    text: v.optional(v.string()),
    /** An integer array's elements past 2**53: counted (values.beyond_float64): said, since the check computes with their float64. */
    inexact: v.optional(v.number()),
    /** A number, not an array (shape []): Python's int or float, or a numpy scalar of `dtype`. */
    scalar: v.optional(v.picklist(SCALAR_TYPES)),
  }),
  v.check((a) => packedFits(a.bytes, a.shape, a.bytesDtype) && packedFits(a.sampleBytes, a.sampleShape, a.bytesDtype),
    'the packed values do not match the shape and dtype'),
  v.check((a) => a.scalar === undefined || a.shape.length === 0, 'a number has shape ()'),
);
export type RecordedArray = v.InferOutput<typeof ArraySchema>;

/** Anything else, by its class name only (the tracer never calls the reader's __repr__). */
const OpaqueSchema = v.looseObject({ type: v.string() });
/** An argument or result sent before under this value id (a layer's input is the last one's output). */
const RefSchema = v.strictObject({ ref: v.number() });
export type RecordedRef = v.InferOutput<typeof RefSchema>;

export type RecordedValue = number | string | boolean | null | RecordedArray | { type: string } | RecordedRef | RecordedValue[];
const ValueSchema: v.GenericSchema<RecordedValue> = v.lazy(() =>
  v.union([v.number(), v.string(), v.boolean(), v.null(), ArraySchema, RefSchema, OpaqueSchema, v.array(ValueSchema)]),
);

const Id = v.nullable(v.number());

const CallSchema = v.looseObject({
  class: v.string(),
  instance: v.number(),
  method: v.string(),
  /** Parameter names of the method, without self. */
  params: v.array(v.string()),
  args: v.array(ValueSchema),
  argIds: v.array(Id),
  result: ValueSchema,
  resultId: Id,
  /** Indices of the arguments the method wrote into. */
  inPlace: v.array(v.number()),
  /** The value ids those arguments have after the write (a later call that gets one gets the changed array). */
  inPlaceIds: v.optional(v.array(Id)),
  /** Line and file of the call (the caller's), 1-based; defLine/defFile: where the method is. */
  line: v.nullable(v.number()),
  file: v.nullable(v.string()),
  defLine: v.optional(v.number()),
  defFile: v.optional(v.string()),
  pass: v.number(),
  /** The recorded call this one ran inside (a net's forward around its layers' forwards). */
  parent: v.optional(Id),
  /** backward only: the forward call it pairs with (its instance's latest forward). */
  pairs: v.optional(Id),
  /** Array and numeric attributes after the call; a value already sent is only in attrIds. */
  attrs: v.record(v.string(), ValueSchema),
  attrIds: v.optional(v.record(v.string(), Id)),
  /** A cs231n-style function pair's call: the function's name (`affine_forward`); `class` is its stem. */
  function: v.optional(v.string()),
  /**
   * A cs231n loss (`loss, dx = softmax_loss(x, y)`): its result is [loss, gradient], the gradient
   * of argument lossGrad; it is drawn as a layer ending in the loss, its own backward (dout 1).
   */
  lossGrad: v.optional(v.number()),
  /** The thread that made the call, when not the main thread. */
  thread: v.optional(v.string()),
  /** forward is a generator: recorded once, at its first yield, and not gradient-checked. */
  generator: v.optional(v.boolean()),
  raised: v.optional(v.boolean()),
  /**
   * The learner's names at the call site (the caller's line, read as source, never evaluated):
   * the instance (`mul_apple_layer`, `self.layers['Affine1']`), each argument's expression when
   * it is a name, and the assignment's targets (one per returned value when it is unpacked).
   */
  names: v.optional(
    v.looseObject({
      self: v.optional(v.nullable(v.string())),
      short: v.optional(v.nullable(v.string())),
      args: v.optional(v.array(v.nullable(v.string()))),
      out: v.optional(v.nullable(v.array(v.nullable(v.string())))),
    }),
  ),
  incomplete: v.optional(v.boolean()),
  dropped: v.optional(v.boolean()),
});
export type RecordedCall = v.InferOutput<typeof CallSchema>;

const PortCheckSchema = v.looseObject({
  maxAbsDiff: v.nullable(v.number()),
  index: v.optional(v.number()),
  checked: v.number(),
  ok: v.boolean(),
  kinks: v.optional(v.number()),
  error: v.optional(v.string()),
  name: v.optional(v.string()),
  /** A parameter's gradient attribute when it is not d<name> (grad_W, W_grad: constants.json gradNames). */
  grad: v.optional(v.string()),
  arg: v.optional(v.number()),
  tol: v.optional(v.number()),
  worst: v.optional(v.array(v.looseObject({ index: v.number(), analytic: Float, numerical: Float }))),
  /** The checked array's shape (worst elements' indices are flat in it); older tracers leave it out. */
  shape: v.optional(v.array(v.number())),
});
export type RecordedPortCheck = v.InferOutput<typeof PortCheckSchema>;

const GradCheckSchema = v.looseObject({
  call: v.number(),
  backwardCall: v.optional(v.number()),
  class: v.string(),
  inputs: v.array(PortCheckSchema),
  params: v.optional(v.array(PortCheckSchema)),
  maxAbsDiff: v.nullable(v.number()),
  ok: v.boolean(),
  /** ok, failed, or unchecked with `reason` in one sentence (older tracers: from ok alone). */
  status: v.optional(v.picklist(['ok', 'failed', 'unchecked'])),
  reason: v.optional(v.string()),
  instance: v.optional(v.number()),
  /** Inputs backward returned no gradient for (a loss's t): labels, not checked. */
  labels: v.optional(v.array(v.string())),
  /** Inputs that are numbers backward returned no gradient for (group norm's G): not checked. */
  numbers: v.optional(v.array(v.string())),
  /** Parameters held as objects (dlcourse.ai's Param) whose value holds integers: not checked, said why. */
  intParams: v.optional(v.array(v.string())),
  /** Gradients backward gave attributes forward sets itself before using them (an RNN's dh for h): states, not checked. */
  states: v.optional(v.array(v.string())),
  /** A second backward on the same forward: its function's name (cs231n's batchnorm_backward_alt; a class's backward). */
  again: v.optional(v.string()),
});
export type RecordedGradCheck = v.InferOutput<typeof GradCheckSchema>;

const ErrorSchema = v.looseObject({
  message: v.string(),
  line: v.optional(v.nullable(v.number())),
  file: v.optional(v.nullable(v.string())),
  column: v.optional(v.nullable(v.number())),
  traceback: v.optional(v.string()),
  /** no-numpy, input, signal: failures of the run rather than of the reader's code. */
  kind: v.optional(v.string()),
  /** The file's own folder, from which a relative sys.path entry (the book's os.pardir) finds the module an import missed. */
  runFrom: v.optional(v.string()),
  /** The folder the program ran from, which holds the module an import missed: PYTHONPATH would find it. */
  pythonPath: v.optional(v.string()),
});

const ResultSchema = v.looseObject({
  version: v.literal(1),
  python: v.optional(v.string()),
  numpy: v.optional(v.string()),
  calls: v.array(CallSchema),
  gradcheck: v.array(GradCheckSchema),
  /** One-line hints: a class with forward and a near miss of backward (`backword`). */
  hints: v.optional(v.array(v.string())),
  passes: v.number(),
  capped: v.boolean(),
  truncated: v.boolean(),
  stdout: v.string(),
  stdoutTruncated: v.optional(v.boolean()),
  /** What the output cap left out of `stdout` (whole lines; the program's own output was not cut). */
  stdoutDropped: v.optional(v.object({ lines: v.number(), bytes: v.number() })),
  stoppedAtCap: v.optional(v.boolean()),
  /** Calls of the reader's layer classes after the recording's cap: run, counted, not recorded. */
  unrecorded: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Read when the reader's code ended, before its checks: the instances whose check is still running. */
  checking: v.optional(v.array(v.number())),
  error: v.optional(ErrorSchema),
  /** Epoch ms in the tracer: Python started, numpy imported, the code ran, the check done. */
  timing: v.optional(v.record(v.string(), v.number())),
});
export type RecordedResult = v.InferOutput<typeof ResultSchema>;

/** The tracer's JSON, checked; a sentence naming the first bad field otherwise. */
/** One layer instance's check entry as it arrives after the graph was drawn (recordTail.ts). */
export function isRecordedGradCheck(x: unknown): x is RecordedGradCheck {
  return v.is(GradCheckSchema, x);
}

export function parseRecorded(json: unknown): { result: RecordedResult } | { error: string } {
  const r = v.safeParse(ResultSchema, json);
  if (r.success) return { result: r.output };
  const issue = r.issues[0];
  const where = (issue.path ?? []).map((p) => String(p.key)).join('.');
  return { error: `the tracer's result is not as expected${where ? ` at ${where}` : ''}: ${issue.message}` };
}

