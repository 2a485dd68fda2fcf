// The learner's own names for what a call took and gave, as the tracer read them from the call
// site's source (bpt_tracer/names.py), and what an array changed in place is, for the edges
// that later carry it (the seed notebook passes its changed x as dout); a layer's notes and marks.
import { say } from '../graph/sayings';
import type { RecordedCall, RecordedGradCheck } from './schema';
import { failedNotes } from './verdicts';

/** The argument's expression at the call site when it is a name (`apple`, `self.W`), else null. */
export function nameOf(c: RecordedCall, j: number): string | null {
  return c.names?.args?.[j] ?? null;
}

/** Value id after an in-place write -> the array's name, the method that wrote, and a sentence. */
export function inPlaceNotes(calls: readonly RecordedCall[]): Map<number, { name: string; method: string; text: string }> {
  const out = new Map<number, { name: string; method: string; text: string }>();
  for (const c of calls) {
    if (c.method.startsWith('backward')) continue;
    c.inPlace.forEach((j, k) => {
      const id = c.inPlaceIds?.[k];
      if (id === null || id === undefined || out.has(id)) return;
      const name = nameOf(c, j) ?? c.params[j]?.replace(/^\*/, '') ?? `#${j}`;
      const who = `${c.names?.short ?? c.class}.${c.method}`;
      out.set(id, {
        name,
        method: c.method,
        text: say('changed_note', name, who, c.line ?? '?'),
      });
    });
  }
  return out;
}

/** A gradient's drawn name when it is an array changed in place: `x (changed by forward)`. */
export function changedName(given: string, c: { name: string; method: string }): string {
  return given === c.name ? say('changed_by', given, c.method) : say('changed_from', given, c.name, c.method);
}

/** A parameter's name as a port: *args without its star. */
export const portName = (p: string): string => p.replace(/^\*/, '');

/** The layer's notes (thread, generator, in-place writes, raised, failed ports) and marks. */
export function layerNotes(f: RecordedCall, b: RecordedCall | undefined, gc: RecordedGradCheck | undefined): { notes: string[]; marks: string[] } {
  const notes: string[] = [];
  if (f.thread !== undefined) notes.push(say('ran_on_thread', f.thread));
  if (f.generator) notes.push(say('forward_generator'));
  const marks: string[] = [];
  const argName = (c: RecordedCall, j: number) => nameOf(c, j) ?? portName(c.params[j] ?? `#${j}`);
  f.inPlace.forEach((j) => {
    notes.push(say('forward_wrote_arg', portName(f.params[j] ?? `#${j}`)));
    marks.push(say('mark_wrote', argName(f, j)), say('mark_caller_changed', argName(f, j)));
  });
  if (f.inPlace.length) notes.push(say('forward_wrote_why'));
  b?.inPlace.forEach((j) => notes.push(say('backward_wrote_arg', portName(b.params[j] ?? `#${j}`))));
  if (b?.inPlace.length) notes.push(say('backward_wrote_why'));
  if (f.raised) notes.push(say('forward_raised'));
  notes.push(...failedNotes(gc));
  return { notes, marks };
}
