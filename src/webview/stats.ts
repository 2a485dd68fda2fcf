// Plain statistics for the details pane (numpy semantics: a NaN anywhere makes them NaN).
import { shortNumber } from '../engine/print/format';
import { statsOf, type Stats } from '../engine/graph/summary';

export type { Stats };

/** The same statistics the host computes for big arrays' previews. */
export function stats(d: Float64Array): Stats {
  return statsOf(d);
}

/** Short numbers for tables and stats: 6 significant digits (the engine's one short-number format). */
export const num = (v: number): string => shortNumber(v, 6);
