// A layer's notes under its node (the thread it ran on, a generator forward, in-place writes by
// forward or backward, a forward that raised, the ports that FAILED) and its marks: what
// toGraph.ts puts on each layer it draws, in the learner's names.
import { say } from '../graph/sayings';
import { nameOf, portName } from './names';
import type { RecordedCall, RecordedGradCheck } from './schema';
import { failedNotes } from './verdicts';

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
