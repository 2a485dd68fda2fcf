// Plain statistics for the details pane (numpy semantics: a NaN anywhere makes them NaN).
export interface Stats {
  min: number;
  max: number;
  mean: number;
}

export function stats(d: Float64Array): Stats {
  if (d.length === 0) return { min: NaN, max: NaN, mean: NaN };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  if (sum !== sum) return { min: NaN, max: NaN, mean: NaN };
  return { min, max, mean: sum / d.length };
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
