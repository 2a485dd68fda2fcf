// The one definition of the gradient check, shared with the Python tracer (bpt_tracer/gradcheck.py):
// the constants come from src/constants.json, the sample of elements from the same generator, and
// the verdict from the same rule. Literal mode (gradcheck.ts) and run mode (the tracer's records,
// recorded/toGraph.ts) both end here, so "ok" means one thing.
import shared from '../../constants.json';
import type { GradCheckResult, Verdict } from './graph';
import { shapeText } from '../read/errors';
import { say } from './sayings';

export const GRADCHECK = shared.gradcheck;
/** Step of the central differences (the book's numerical_gradient uses 1e-4 too). */
export const H = GRADCHECK.h;

/**
 * Which elements of a port of n are checked: all when n <= k, else k of them drawn without
 * replacement by the Park-Miller generator (48271 mod 2^31 - 1) from the shared seed, sorted.
 * Integer arithmetic only, so Python's sample_indices gives the very same picks.
 */
export function sampleIndices(n: number, k = GRADCHECK.sample, seed = GRADCHECK.seed): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const M = 2147483647;
  let state = seed % M || 1;
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    state = (state * 48271) % M;
    const j = i + (state % (n - i));
    const at = (x: number) => swapped.get(x) ?? x;
    const pick = at(j);
    swapped.set(j, at(i));
    out.push(pick);
  }
  return out.sort((a, b) => a - b);
}

/** One checked element: its flat index, backward's value, and the one-sided differences. */
export interface Probe {
  index: number;
  analytic: number;
  /** (f(x + h) - f(x)) / h and (f(x) - f(x - h)) / h, f = sum(forward(x) * dout). */
  right: number;
  left: number;
}

/**
 * The verdict on one port from its probes: numerical = (left + right) / 2; the tolerance is
 * atol * min(1, doutMax) + rtol * scale (scale: the largest |analytic| or |numerical| of the
 * probes; doutMax: the largest |dout|, which every gradient scales with); a kink (|right - left|
 * over the tolerance) accepts any analytic value between the two slopes.
 */
export function judge(probes: readonly Probe[], doutMax = 1): GradCheckResult {
  let scale = 0;
  for (const p of probes) scale = Math.max(scale, Math.abs(p.analytic), Math.abs((p.left + p.right) / 2));
  const tol = GRADCHECK.atol * (doutMax >= 0 && doutMax < 1 ? doutMax : 1) + GRADCHECK.rtol * scale; // a NaN dout: 1
  let worst = 0;
  let index = -1;
  let checked = 0;
  let kinks = 0;
  let nan = false;
  const scored: { index: number; analytic: number; numerical: number; diff: number }[] = [];
  for (const p of probes) {
    const numerical = (p.left + p.right) / 2;
    let diff = Math.abs(p.analytic - numerical);
    const lo = Math.min(p.left, p.right) - tol;
    const hi = Math.max(p.left, p.right) + tol;
    if (!(diff <= tol) && Math.abs(p.right - p.left) > tol && p.analytic >= lo && p.analytic <= hi) {
      kinks++;
      continue;
    }
    checked++;
    if (diff !== diff) nan = true;
    else if (index < 0 || diff > worst) [worst, index] = [diff, p.index];
    if (diff !== diff) diff = Infinity;
    scored.push({ index: p.index, analytic: p.analytic, numerical, diff });
  }
  scored.sort((a, b) => b.diff - a.diff || a.index - b.index);
  const ok = !nan && worst <= tol;
  const top = scored.slice(0, GRADCHECK.worst).map(({ index: i, analytic, numerical }) => ({ index: i, analytic, numerical }));
  return { maxAbsDiff: nan ? null : worst, index, checked, ok, kinks, tol, worst: top };
}

/** A layer's verdict from its ports' checks: FAILED names each port that failed, worst element first. */
export function verdictOf(ports: readonly { name: string; check: GradCheckResult; error?: string; grad?: string }[], shapes: ReadonlyMap<string, readonly number[]> = new Map()): Verdict {
  if (!ports.length) return { status: 'unchecked', text: say('check_none') };
  const bad = ports.filter((p) => !p.check.ok);
  const checked = ports.reduce((a, p) => a + p.check.checked, 0);
  // Each gradient by the name backward gave it: dx, dW, or the learner's grad_W.
  const gradOf = (p: { name: string; grad?: string }) => p.grad ?? `d${p.name}`;
  if (!bad.length) {
    const names = ports.map(gradOf).join(', ');
    return { status: 'ok', text: checked === 1 ? say('check_ok_one', names) : say('check_ok', names, checked) };
  }
  const parts = bad.map((p) => {
    const w = p.check.worst?.[0];
    if (!p.error && w) return say('check_failed_at', gradOf(p), indexText(w.index, shapes.get(p.name) ?? []), short(w.analytic), short(w.numerical));
    return `${gradOf(p)}${p.error ? ` (${p.error})` : p.check.maxAbsDiff === null ? ' (NaN)' : ''}`;
  });
  return { status: 'failed', text: say('check_failed', parts.join('; ')), ports: bad.map((p) => p.name) };
}

const short = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));

/** A flat index as numpy's tuple in `shape`, as np.unravel_index writes it: 3 in (2, 2) is `(1, 1)`. */
export function indexText(index: number, shape: readonly number[]): string {
  if (!shape.length) return '()';
  const out: number[] = [];
  let rest = index;
  for (let a = shape.length - 1; a >= 0; a--) {
    out.unshift(shape[a] ? rest % shape[a] : 0);
    rest = shape[a] ? Math.floor(rest / shape[a]) : 0;
  }
  return shapeText(out);
}

/** The names backward may give `param`'s gradient by, in order: dW, grad_W, W_grad; the sequel's params[0] has grads[0] (constants.json). */
export const gradForms = (param: string): string[] => [
  ...shared.gradNames.forms.map((f) => f.replace('{0}', param)),
  ...shared.gradNames.lists.flatMap(([held, grads]) => (param.startsWith(`${held}[`) ? [`${grads}${param.slice(held.length)}`] : [])),
];

const BADGE = { ok: '✓', failed: '✗', unchecked: '?', checking: '…' } as const;

/**
 * Puts a verdict on a layer node where it is drawn: a symbol after its name (✓ quiet, ✗, ?), and
 * for FAILED a line naming the gradients that disagree; the edges of those ports get ✗ on their
 * gradient's name. Colour comes on top of this in the webview (style.ts), never instead of it.
 */
export function applyVerdict(node: { verdict?: Verdict; badge?: string; marks?: string[] }, verdict: Verdict, edges: { targetPort?: string; backwardName?: string; gradcheck?: GradCheckResult }[]): void {
  node.verdict = verdict;
  node.badge = BADGE[verdict.status];
  if (verdict.status !== 'failed') return;
  const ports = verdict.ports ?? [];
  // A parameter's gradient by the name drawn on its edge (dW, or the learner's grad_W); an input's as the verdict names it (dx).
  const named = (p: string) => {
    const drawn = edges.find((e) => e.targetPort === p && e.backwardName)?.backwardName?.replace(/ ✗$/, '');
    return drawn && gradForms(p).includes(drawn) ? drawn : `d${p}`;
  };
  node.marks = [...(node.marks ?? []), say('check_failed', ports.map(named).join(', '))];
  for (const e of edges) if (e.gradcheck && !e.gradcheck.ok && e.backwardName && !e.backwardName.endsWith('✗')) e.backwardName = `${e.backwardName} ✗`;
}
