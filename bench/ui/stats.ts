// Min / median / max rows for the UI benchmark's table.
export interface Row {
  label: string;
  values: number[];
  unit?: string;
}

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (n: number, unit: string) => (unit === '×' ? n.toFixed(2) : Math.round(n).toString());

export function table(title: string, rows: Row[]): string {
  const w = Math.max(50, ...rows.map((r) => r.label.length + 2));
  const head = `${title}\n  ${''.padEnd(w)}${'min'.padStart(8)}${'median'.padStart(8)}${'max'.padStart(8)}   n`;
  const lines = rows.map((r) => {
    const v = r.values.filter((x) => Number.isFinite(x));
    if (!v.length) return `  ${r.label.padEnd(w)}${'–'.padStart(8)}${'–'.padStart(8)}${'–'.padStart(8)}   0`;
    const u = r.unit ?? 'ms';
    const cells = [Math.min(...v), median(v), Math.max(...v)].map((x) => fmt(x, u).padStart(8)).join('');
    return `  ${r.label.padEnd(w)}${cells}   ${v.length}${u === 'ms' ? '' : ` ${u}`}`;
  });
  return [head, ...lines].join('\n');
}
