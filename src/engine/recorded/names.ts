// The learner's own names for what a call took and gave, as the tracer read them from the call
// site's source (bpt_tracer/names.py), and what an array changed in place is, for the edges
// that later carry it (the seed notebook passes its changed x as dout).
import type { RecordedCall } from './schema';

/** The argument's expression at the call site when it is a name (`apple`, `self.W`), else null. */
export function nameOf(c: RecordedCall, j: number): string | null {
  return c.names?.args?.[j] ?? null;
}

/** Value id after an in-place write -> what that array is, short (drawn) and as a sentence. */
export function inPlaceNotes(calls: readonly RecordedCall[]): Map<number, { short: string; text: string }> {
  const out = new Map<number, { short: string; text: string }>();
  for (const c of calls) {
    if (c.method.startsWith('backward')) continue;
    c.inPlace.forEach((j, k) => {
      const id = c.inPlaceIds?.[k];
      if (id === null || id === undefined || out.has(id)) return;
      const name = nameOf(c, j) ?? c.params[j]?.replace(/^\*/, '') ?? `#${j}`;
      const who = `${c.names?.short ?? c.class}.${c.method}`;
      out.set(id, {
        short: `${name} changed by ${c.method}`,
        text: `This is ${name} after ${who} wrote into it (line ${c.line ?? '?'}): the caller's array, not the value ${name} had when it went in.`,
      });
    });
  }
  return out;
}
