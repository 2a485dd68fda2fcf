// Plain statistics for the details pane (numpy semantics: a NaN anywhere makes them NaN).
import { elementOf as elementText, shortNumber } from '../engine/print/format';
import { statsOf, type Stats } from '../engine/graph/summary';

export type { Stats };

/** The same statistics the host computes for big arrays' previews. */
export function stats(d: Float64Array): Stats {
  return statsOf(d);
}

/** Short numbers for tables and stats: 6 significant digits (the engine's one short-number format). */
export const num = (v: number): string => shortNumber(v, 6);

/** A table's element or a min / max: an int64's or bool's as numpy prints it (5, True), a float's short. */
export const elementOf = (v: number, dtype: string | undefined): string => elementText(v, dtype, 6);
