// The learner's own names for what a call took and gave, as the tracer read them from the call
// site's source (bpt_tracer/names.py), and what an array changed in place is, for the edges
// that later carry it (the seed notebook passes its changed x as dout).
import { say } from '../graph/sayings';
import type { RecordedCall } from './schema';

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
