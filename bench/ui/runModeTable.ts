// The driver's table for bench:ui --only run (the host side is runMode.ts): each file's
// command → graph drawn, split into the phases the run stamped, and `python3 file.py` beside it.
import { median, table, type Row } from './stats';

type Rec = Record<string, unknown>;
const num = (r: Rec | undefined, k: string): number => (r && typeof r[k] === 'number' ? (r[k] as number) : NaN);
const TARGETS: Record<string, number> = { 'two_layer_net.py': 2000, 'mnist_batch.py': 3000 };

function rowsFor(recs: Rec[]): Row[] {
  const t = (r: Rec, k: string) => num(r.timing as Rec, k);
  const py = (r: Rec, k: string) => num((r.timing as Rec | undefined)?.tracer as Rec, k);
  const drawn = (r: Rec) => num(r, 'receivedAt') + num(r, 'drawMs');
  const phase = (label: string, f: (r: Rec) => number): Row => ({ label, values: recs.map(f) });
  const total = recs.map((r) => drawn(r) - num(r, 'start'));
  return [
    { label: 'command → graph drawn (receivedAt + drawMs)', values: total },
    phase('  interpreter lookup (probe, cached after the first)', (r) => t(r, 'interpreter') - t(r, 'start')),
    phase('  → spawn', (r) => t(r, 'spawned') - t(r, 'interpreter')),
    phase('  Python start (spawn → tracer\'s first line)', (r) => py(r, 'start') - t(r, 'spawned')),
    phase('  import numpy', (r) => py(r, 'numpy') - py(r, 'start')),
    phase('  tracing the program (numpy → the code ran)', (r) => py(r, 'ran') - py(r, 'numpy')),
    phase('  gradient check', (r) => py(r, 'checked') - py(r, 'ran')),
    phase('  JSON written, process closed', (r) => t(r, 'closed') - py(r, 'checked')),
    phase('  JSON read + parsed + checked (valibot)', (r) => t(r, 'parsed') - t(r, 'closed')),
    phase('  converting (recordedToGraph)', (r) => t(r, 'built') - t(r, 'parsed')),
    phase('  previews + post to the panel', (r) => t(r, 'shown') - t(r, 'built')),
    phase('  transfer (posted → received; a new panel each run)', (r) => num(r, 'receivedAt') - t(r, 'shown')),
    phase('  draw (drawMs)', (r) => num(r, 'drawMs')),
    phase('python3 file.py alone (the same interpreter)', (r) => num(r, 'plainMs')),
    { label: 'ratio run mode / python3 file.py, run by run', values: recs.map((r, i) => total[i] / num(r, 'plainMs')), unit: '×' },
  ];
}

export function runModeReport(records: Rec[]): string {
  const runs = records.filter((r) => r.kind === 'run');
  const names = [...new Set(runs.map((r) => String(r.name)))];
  return names.map((name) => {
    const recs = runs.filter((r) => r.name === name);
    const total = median(recs.map((r) => num(r, 'receivedAt') + num(r, 'drawMs') - num(r, 'start')));
    const first = recs[0];
    const failed = recs.filter((r) => typeof r.failed === 'string');
    if (failed.length === recs.length) return `RUN MODE: ${name}: every run failed (command → failure ${recs.map((r) => num(r, 'resolved') - num(r, 'start')).join(', ')} ms): ${String(failed[0].failed)}`;
    return `${table(`RUN MODE: ${name}, from the ${String(recs[0]?.via ?? '?')} (one window, editors and panel closed before each run; ms)`, rowsFor(recs))}\n` +
      `  median ${Math.round(total)} ms, target ≤ ${TARGETS[name] ?? '?'} ms: ${total <= (TARGETS[name] ?? Infinity) ? 'met' : 'MISSED'}` +
      `; first run in the window ${Math.round(num(first, 'receivedAt') + num(first, 'drawMs') - num(first, 'start'))} ms` +
      (failed.length ? `\n  ${failed.length} run(s) failed, left out: ${String(failed[0].failed)}` : '') +
      `\n  ${num(first, 'nodes')} nodes, ${num(first, 'wireBytes').toLocaleString('en')} bytes to the webview; gradient checks (ok, elements checked): ${String(first?.gradchecks ?? '?')}`;
  }).join('\n\n');
}
