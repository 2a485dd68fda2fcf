// The calls of one pass of the reader's run, looked up every way the graph (toGraph.ts) needs:
// the forwards drawn, each one's paired backward, checks by call and by instance, who produced
// each value id; a layer's parameters (attributes W, b, or a cs231n function's w, b arguments).
// A cs231n loss call (`loss, dx = softmax_loss(x, y)`) is split here into the forward that gives
// the loss and the backward that gives dx, so the drawing treats it as any other layer.
import type { RecordedCall, RecordedGradCheck, RecordedResult, RecordedValue } from './schema';
import type { WireTensor } from '../graph/graph';
import { isArrayValue, isScalarValue, resolve, valuesById, wireOf } from './values';
import { inPlaceNotes } from './names';
import { roundsDrawn } from './rounds';
import { gradForms } from '../graph/checkRule';

/** The book's parameter names; another attribute counts when backward sets its d<name>. */
export const PARAM_NAMES = ['W', 'b', 'gamma', 'beta'];

/** The attribute backward gave `param`'s gradient by (the first form it set), if any. */
export const gradNameOf = (param: string, has: (name: string) => boolean): string | undefined => gradForms(param).find(has);

/** Cache names of the book whose d<name> is an input's gradient, not a parameter's. */
const CACHE_NAMES = new Set(['out', 'mask', 'x', 'y', 't', 'loss', 'xc', 'xn', 'std', 'col', 'col_W', 'arg_max']);

export const isBackward = (c: RecordedCall): boolean => c.method.startsWith('backward');
/** A cs231n-style function's parameter (`w`, `b`, `gamma`, `beta`): drawn beside its layer like a class's W, b. */
const isParamArg = (name: string): boolean => PARAM_NAMES.some((p) => p.toLowerCase() === name.toLowerCase());

/** The calls of one pass, looked up every way the drawing needs. */
export interface Calls {
  calls: readonly RecordedCall[];
  values: Map<number, RecordedValue>;
  forwards: { c: RecordedCall; i: number }[];
  backwardOf: Map<number, RecordedCall>;
  /** A forward's check entries, one per backward on it (cs231n's batchnorm_backward, then _alt), in order. */
  checks: Map<number, RecordedGradCheck[]>;
  /** An instance's first checked forward's entries (its verdict on a pass where it was not checked). */
  byInstance: Map<number, RecordedGradCheck[]>;
  /** instances whose check still runs (the recording read when the code ended): "checking" */
  checking: Set<number>;
  /** What the drawing left out of this pass, said (rounds.ts: a numerical gradient's forward-only evaluations). */
  roundsNote?: string;
  changed: ReturnType<typeof inPlaceNotes>;
  /** value id -> the forward call that first produced it */
  producer: Map<number, number>;
  /** recording stopped at its cap: a forward with no backward says the cap too */
  capped: boolean;
}

export function indexCalls(result: RecordedResult, passIndex: number): Calls {
  const calls = result.calls;
  const containers = new Set<number>();
  calls.forEach((c) => {
    if (!isBackward(c) && c.parent !== null && c.parent !== undefined) containers.add(c.parent);
  });
  const values = valuesById(calls);
  const backwardOf = new Map<number, RecordedCall>();
  calls.forEach((c) => {
    if (isBackward(c) && c.pairs !== null && c.pairs !== undefined) backwardOf.set(c.pairs, c);
  });
  const all = calls
    .map((c, i) => ({ c: lossForward(c, i, values, backwardOf), i }))
    .filter(({ c, i }) => !isBackward(c) && c.pass === passIndex && !containers.has(i) && !c.dropped && c.instance >= 0);
  const { forwards, note } = roundsDrawn(all, (i) => backwardOf.has(i));
  const checks = new Map<number, RecordedGradCheck[]>();
  const byInstance = new Map<number, RecordedGradCheck[]>();
  for (const g of result.gradcheck) {
    const mine = checks.get(g.call);
    if (mine) mine.push(g);
    else checks.set(g.call, [g]);
    if (g.instance === undefined) continue;
    const first = byInstance.get(g.instance);
    if (!first) byInstance.set(g.instance, [g]);
    else if (first[0].call === g.call) first.push(g);
  }
  // two backwards on one forward: the drawing shows the one its verdict is (the worst)
  for (const [i, entries] of checks) {
    const b = calls[worstOf(entries)?.backwardCall ?? -1];
    if (entries.length > 1 && b && isBackward(b) && b.pairs === i) backwardOf.set(i, b);
  }
  const producer = new Map<number, number>();
  // the first producer of a value id: a layer that returns its input unchanged produces nothing new
  for (const { c, i } of forwards) if (c.resultId !== null && !producer.has(c.resultId)) producer.set(c.resultId, i);
  return { calls, values, forwards, backwardOf, checks, byInstance, checking: new Set(result.checking ?? []), changed: inPlaceNotes(calls), producer, capped: result.capped, ...(note ? { roundsNote: note } : {}) };
}

const RANK = { failed: 2, unchecked: 1, ok: 0 } as const;
const statusOf = (g: RecordedGradCheck): keyof typeof RANK => g.status ?? (g.ok ? 'ok' : 'failed');

/** The entry a forward's node is drawn with when backwards came twice: the worst (FAILED, then not
 * checked, then ok), so a node never reads ok when one of its checks failed; of equals the latest.
 * The drawing shows that entry's backward (indexCalls' backwardOf), its gradients under its ✗. */
export function worstOf(entries: readonly RecordedGradCheck[]): RecordedGradCheck | undefined {
  let worst: RecordedGradCheck | undefined;
  for (const g of entries) if (!worst || RANK[statusOf(g)] >= RANK[statusOf(worst)]) worst = g;
  return worst;
}

/** A loss call as a forward returning the loss, its backward (dout 1) returning the gradient
 * for argument lossGrad (set in backwardOf); any other call as it is. */
function lossForward(c: RecordedCall, i: number, values: Map<number, RecordedValue>, backwardOf: Map<number, RecordedCall>): RecordedCall {
  const r = resolve(values, c.result);
  if (c.lossGrad === undefined || !Array.isArray(r) || r.length !== 2 || c.raised) return c;
  const result = c.params.map((_, j) => (j === c.lossGrad ? r[1] : null));
  const { names: _names, ...rest } = c;
  backwardOf.set(i, { ...rest, method: 'backward', pairs: i, params: ['dout'], args: [1], argIds: [null], result, resultId: null, inPlace: [], attrs: {}, attrIds: {} });
  return { ...c, result: r[0], resultId: null };
}

/** The attribute's value after the call, looked up by id when it was sent before. */
export function attr(c: RecordedCall | undefined, name: string, values: Map<number, RecordedValue>): RecordedValue | undefined {
  if (!c) return undefined;
  if (name in c.attrs) return c.attrs[name];
  const id = c.attrIds?.[name];
  return id === null || id === undefined ? undefined : values.get(id);
}

/** A layer's parameters: arrays named as the book names them, or with a d<name> (grad_<name>,
 *  <name>_grad) from backward; a number only with it (a float W with its dW, checked as arrays are). */
export function paramNames(f: RecordedCall, b: RecordedCall | undefined, values: Map<number, RecordedValue>): string[] {
  const names = Object.keys(f.attrIds ?? f.attrs);
  const grads = new Set(Object.keys(b?.attrIds ?? b?.attrs ?? {}));
  const hasGrad = (n: string) => gradNameOf(n, (g) => grads.has(g)) !== undefined;
  return names.filter(
    (n) =>
      !f.params.includes(n) &&
      isArrayValue(attr(f, n, values)) && (!isScalarValue(attr(f, n, values)) || hasGrad(n)) &&
      (PARAM_NAMES.includes(n) || (hasGrad(n) && !CACHE_NAMES.has(n))),
  );
}

/** A function pair's w, b given as arguments, produced by no earlier layer: parameters. */
export function argParamsOf(k: Calls, f: RecordedCall, i: number): Set<string> {
  if (f.function === undefined) return new Set();
  return new Set(f.params.filter((p, j) => {
    const vid = f.argIds[j];
    const from = vid === null ? undefined : k.producer.get(vid);
    return isParamArg(p) && !(from !== undefined && from < i) && wireOf(resolve(k.values, f.args[j])) !== undefined;
  }));
}

/**
 * What backward returned for input j: a tuple maps to the inputs in order (MulLayer's dx, dy);
 * when it returned fewer than forward's inputs, integer arrays (indices, labels) get none, as the
 * tracer's check reads it (portshapes.py, gradients_given: word_embedding_backward's dW alone is W's).
 */
export function gradOf(f: RecordedCall, b: RecordedCall | undefined, j: number, values: Map<number, RecordedValue>): WireTensor | undefined {
  if (!b || b.raised || b.incomplete) return undefined;
  const r = resolve(values, b.result);
  const grads = Array.isArray(r) ? r : [r];
  const args = f.args.map((a) => resolve(values, a));
  const rest = args.map((_, k) => k).filter((k) => !isIndex(args[k]));
  const shape = (v: RecordedValue | undefined) => (isArrayValue(v) ? v.shape.join(',') : '');
  if (rest.length < args.length && grads.length === rest.length && grads.every((g, n) => g === null || shape(g) === shape(args[rest[n]]))) {
    const n = rest.indexOf(j);
    return n < 0 ? undefined : wireOf(grads[n]);
  }
  if (Array.isArray(r)) return f.args.length > 1 || r.length === 1 ? wireOf(r[j]) : undefined;
  return j === 0 ? wireOf(r) : undefined;
}

/** An integer or bool array: an index array or labels, which a gradient is not given for. */
const isIndex = (v: RecordedValue | undefined): boolean => isArrayValue(v) && /^(u?int\d*|bool)$/.test(v.dtype);
