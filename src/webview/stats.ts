// Plain statistics for the details pane (numpy semantics: a NaN anywhere makes them NaN).
import { statsOf, type Stats } from '../engine/summary';

export type { Stats };

/** The same statistics the host computes for big arrays' previews. */
export function stats(d: Float64Array): Stats {
  return statsOf(d);
}

/** Short numbers for tables and stats: up to 6 significant digits, like a compact numpy print. */
export function num(v: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e6 || a < 1e-4 ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}
