// Integers too long for the narrowest panel: an int64 array's 20 digits an element (ids, counts in
// the smallest unit) fit no level of the graph whole there, so one level (`ints: 'cut'`, tried
// only for a graph that holds them) draws each as its first and last digits around `…`. The
// details, the hover and the description keep every digit. Pure, like labels.ts.
import { elementAt } from '../engine/print/exact';
import { isIntegral, type ExactInts } from '../engine/tensor';
import type { TraceGraph, WireTensor } from '../engine/graph/graph';

/**
 * Digits an integer keeps at the level that cuts them (`ints: 'cut'`, a panel too narrow for its
 * every digit at any other): a longer one is its first and last digits around `…` (`1152…977`);
 * the details, the hover and the description keep every digit, one click away.
 */
export const FEWEST_INT_DIGITS = 9;

/** Whether a value holds an integer fewestInt would cut, 10 digits or more (the policy tries that level only then). */
export function longInts(graph: TraceGraph): boolean {
  const long = (t: WireTensor | undefined) => !!t && !t.preview && isIntegral(t.dtype) && t.dtype !== 'bool' &&
    (t.text !== undefined || t.exact !== undefined || t.data.some((v) => Math.abs(v) >= 10 ** FEWEST_INT_DIGITS));
  return graph.edges.some((e) => long(e.forward) || long(e.backward)) || graph.nodes.some((n) => long(n.grad));
}

/** `1152921504606846977` as `1152…977`, `-4611686018427387907` as `-4611…907`; 9 digits or fewer as they are. */
export function fewestInt(text: string): string {
  const sign = text.startsWith('-') ? 1 : 0;
  return text.length - sign > FEWEST_INT_DIGITS ? `${text.slice(0, sign + 4)}…${text.slice(-3)}` : text;
}

/** An integer array's long elements as fewestInt cuts them, by flat index (formatArray's `exact`). */
export function fewestInts(t: WireTensor): ExactInts | undefined {
  if (!isIntegral(t.dtype) || t.dtype === 'bool') return t.exact;
  const out: Record<number, string> = {};
  let cut = false;
  for (let i = 0; i < t.data.length; i++) {
    const full = elementAt(t, i);
    out[i] = fewestInt(full);
    cut ||= out[i] !== full;
  }
  return cut ? out : t.exact;
}
