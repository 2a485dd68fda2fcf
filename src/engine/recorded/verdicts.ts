// The tracer's gradient-check entries as the graph carries them: a port's result (GradCheckResult)
// and a layer's verdict (checked once per instance, maybe in another pass or after recording
// stopped), worded by the one check rule (graph/checkRule.ts). The panel (toGraph.ts) and the CLI
// (verdictOfRecording) both say a layer's verdict with verdictFrom: one sentence, one home.
import type { GradCheckResult, Verdict } from '../graph/graph';
import type { RecordedCall, RecordedGradCheck, RecordedPortCheck, RecordedResult, RecordedValue } from './schema';
import { verdictOf } from '../graph/checkRule';
import { say, sayReason, type SayingCode } from '../graph/sayings';
import { attr, isBackward, worstOf } from './calls';
import { resolve, wireOf } from './values';

const num = (x: number | string): number => Number(x); // 'NaN', 'Infinity' as numpy's users spell them

export function check(p: RecordedPortCheck | undefined): GradCheckResult | undefined {
  if (!p) return undefined;
  const out: GradCheckResult = { maxAbsDiff: p.maxAbsDiff, index: p.index ?? -1, checked: p.checked, ok: p.ok };
  if (p.kinks) out.kinks = p.kinks;
  if (p.tol !== undefined) out.tol = p.tol;
  if (p.worst) out.worst = p.worst.map((w) => ({ index: w.index, analytic: num(w.analytic), numerical: num(w.numerical) }));
  return out;
}

/** The layer's verdict from its instance's check entry (the tracer checks an instance once). */
export function verdictFrom(gc: RecordedGradCheck, i: number, shapes: Map<string, readonly number[]>, calls: readonly RecordedCall[]): Verdict {
  const status = gc.status ?? (gc.ok ? 'ok' : 'failed');
  const unsaid = (names: readonly string[] | undefined, one: SayingCode, many: SayingCode): string =>
    names?.length ? ` ${say(names.length > 1 ? many : one, names.join(', '))}` : '';
  const labels = `${unsaid(gc.labels, 'check_labels_one', 'check_labels_many')}${unsaid(gc.numbers, 'check_numbers_one', 'check_numbers_many')}${unsaid(gc.intParams, 'check_int_params_one', 'check_int_params_many')}${unsaid(gc.states, 'check_states_one', 'check_states_many')}`;
  // The reason ends its sentence before the labels' ('… attribute. t: labels …'; it ran on into them).
  if (status === 'unchecked') return { status, text: `${say('check_unchecked', gc.reason ? sayReason(gc.reason) : say('check_no_reason'))}${labels ? '.' : ''}${labels}`.replace(/\.\. /, '. ') };
  const ports = [...gc.inputs, ...(gc.params ?? [])].map((p) => ({ name: p.name ?? '?', check: check(p) as GradCheckResult, ...(p.error ? { error: p.error } : {}), ...(p.grad ? { grad: p.grad } : {}) }));
  // Where the worst element is: in the shape the tracer checked (a pair after recording stopped, or
  // of another pass, has no recorded call here to read it from), else in this call's.
  const known = new Map(gc.call === i ? shapes : []);
  for (const p of [...gc.inputs, ...(gc.params ?? [])]) if (p.name && p.shape) known.set(p.name, p.shape);
  const v = verdictOf(ports, known);
  const elsewhere = gc.call === i ? '' : ` ${gc.call >= 0 ? say('check_on_pass', (calls[gc.call]?.pass ?? 0) + 1) : say('check_later')}`;
  return { ...v, text: `${v.text}${elsewhere}.${labels}` };
}

/** Which of its forward's backwards an entry checked, `its second backward batchnorm_backward_alt`
 * (a class's: `its second backward`); `entries` are that forward's, in order. */
export function whichBackward(entries: readonly RecordedGradCheck[], g: RecordedGradCheck, calls: readonly RecordedCall[]): string {
  const n = Math.max(entries.indexOf(g), g.again === undefined ? 0 : 1);
  const fn = g.again ?? calls[g.backwardCall ?? -1]?.function;
  const name = fn === undefined || fn.startsWith('backward') ? undefined : fn;
  if (n < 2) {
    const [plain, named] = n === 0 ? (['backward_first', 'backward_first_named'] as const) : (['backward_second', 'backward_second_named'] as const);
    return name === undefined ? say(plain) : say(named, name);
  }
  return name === undefined ? say('backward_nth', n + 1) : say('backward_nth_named', n + 1, name);
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A forward's verdict from all its entries: the worst one's, saying which backward it was, then
 * each other's in order (the drawer lists them all); one entry: its verdict as it is. */
export function verdictOfEntries(entries: readonly RecordedGradCheck[], i: number, shapes: Map<string, readonly number[]>, calls: readonly RecordedCall[]): Verdict & { which?: string } {
  const worst = worstOf(entries) as RecordedGradCheck;
  const v = verdictFrom(worst, i, shapes, calls);
  if (entries.length < 2) return v;
  const which = whichBackward(entries, worst, calls);
  const others = entries.filter((g) => g !== worst).map((g) => `${capital(whichBackward(entries, g, calls))}: ${verdictFrom(g, i, shapes, calls).text}`);
  return { ...v, text: [`${capital(which)}: ${v.text}`, ...others].join(' '), which };
}

/**
 * The verdict of a check entry from the recording alone, as the panel words it (the CLI): the
 * shapes its worst elements' indices are written in come from the forward the check ran on.
 * `values`: valuesById of the calls.
 */
export function verdictOfRecording(gc: RecordedGradCheck, calls: readonly RecordedCall[], values: Map<number, RecordedValue>): Verdict {
  const f = calls[gc.call];
  const shapes = new Map<string, readonly number[]>();
  for (const p of f ? gc.inputs : []) {
    const w = p.arg === undefined ? undefined : wireOf(resolve(values, f.args[p.arg]));
    if (w && p.name) shapes.set(p.name, w.shape);
  }
  for (const p of f ? (gc.params ?? []) : []) {
    const w = p.name ? wireOf(attr(f, p.name, values)) : undefined;
    if (w && p.name) shapes.set(p.name, w.shape);
  }
  return verdictFrom(gc, gc.call, shapes, calls);
}

/** Notes on a layer whose check failed on a port (with its largest difference when known). */
export function failedNotes(gc: RecordedGradCheck | undefined): string[] {
  return [...(gc?.inputs ?? []), ...(gc?.params ?? [])]
    .filter((p) => !p.ok)
    .map((p) => (p.maxAbsDiff === null ? say('check_failed_on', p.name ?? '?') : say('check_failed_on_diff', p.name ?? '?', p.maxAbsDiff.toPrecision(3))));
}

/**
 * The first forward of each layer instance that has no check entry because no backward came for
 * it (a backward upstream raised, an evaluation-only net): the panel draws these "not checked: no
 * backward call was recorded for it" (toGraph.ts), and the CLI lists them with that sentence. Not
 * a net's forward around its layers, a loss (its own gradient), or one still being checked; a
 * cs231n function (each call its own layer) once, and only when none of its calls was checked
 * (affine_forward(x, w, b)[0] in a numerical gradient has no backward by design).
 */
export function forwardOnly(r: RecordedResult): RecordedCall[] {
  const done = new Set<number | string | undefined>([...r.gradcheck.map((g) => g.instance), ...(r.checking ?? [])]);
  const paired = new Set<number>();
  const containers = new Set<number>();
  r.calls.forEach((c) => {
    if (isBackward(c) && c.pairs !== null && c.pairs !== undefined) paired.add(c.pairs);
    if (!isBackward(c) && c.parent !== null && c.parent !== undefined) containers.add(c.parent);
  });
  for (const g of r.gradcheck) done.add(r.calls[g.call]?.function ?? r.calls[g.backwardCall ?? -1]?.function);
  const out: RecordedCall[] = [];
  r.calls.forEach((c, i) => {
    const key = c.function ?? c.instance;
    if (isBackward(c) || done.has(key) || done.has(c.instance) || c.instance < 0 || c.dropped || containers.has(i) || paired.has(i) || c.lossGrad !== undefined) return;
    done.add(key);
    out.push(c);
  });
  return out;
}
