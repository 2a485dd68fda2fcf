// A numerical gradient (the book's gradient_check.py: numerical_gradient) evaluates the loss again
// and again in one pass, one weight moved each time and no backward between: drawn as called,
// that was hundreds of copies of the same layers in one column, a failing layer's verdict far off
// screen. A pass is split into rounds: a round ends where a layer that already ran forward in it
// runs forward again on values the round did not make (the same input fed again; a layer used
// twice inside one evaluation takes a value the round made). Of rounds that start alike (the same
// layer fed the same values), those without a backward are left out when another has one, else all
// but the last whole one are (the recording's cap may cut the last evaluation short): the graph
// draws the evaluation the backward followed (or the last whole one), and says how many it left out.
import type { RecordedCall } from './schema';
import { say } from '../graph/sayings';

type Forward = { c: RecordedCall; i: number };

/** The layer a forward call is of: its instance, or a cs231n function's name (each call its own instance). */
const layerOf = (c: RecordedCall): string => (c.function !== undefined ? `f:${c.function}` : `i:${c.instance}`);

/** The pass's forwards split into its rounds, in order. */
export function roundsOf(forwards: Forward[]): Forward[][] {
  const rounds: Forward[][] = [];
  let seen = new Set<string>();
  let made = new Set<number>();
  for (const f of forwards) {
    const again = seen.has(layerOf(f.c)) && !f.c.argIds.some((id) => id !== null && made.has(id));
    if (again || !rounds.length) {
      rounds.push([]);
      seen = new Set();
      made = new Set();
    }
    rounds[rounds.length - 1].push(f);
    seen.add(layerOf(f.c));
    if (f.c.resultId !== null) made.add(f.c.resultId);
  }
  return rounds;
}

/** Where a round starts: its first layer and the values fed to it (a re-evaluation feeds the same). */
const startOf = (r: Forward[]): string => `${layerOf(r[0].c)}|${r[0].c.argIds.join(',')}`;

/** The last of rounds that start alike with as many forwards as the longest: not one the cap cut short. */
function lastWhole(group: Forward[][]): Forward[] {
  const most = Math.max(...group.map((r) => r.length));
  return group.filter((r) => r.length === most).pop()!;
}

/**
 * The forwards to draw and what was left out, said. Only rounds that start alike (the same layer
 * on the same values) are evaluations of one another; a round of its own (a training loop's
 * evaluation on other data before its training step) is drawn as before.
 */
export function roundsDrawn(forwards: Forward[], hasBackward: (i: number) => boolean): { forwards: Forward[]; note?: string } {
  const rounds = roundsOf(forwards);
  const groups = new Map<string, Forward[][]>();
  for (const r of rounds) {
    const group = groups.get(startOf(r));
    if (group) group.push(r);
    else groups.set(startOf(r), [r]);
  }
  const dropped = new Set<Forward[]>();
  let note: string | undefined;
  let most = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const withBackward = group.filter((r) => r.some(({ i }) => hasBackward(i)));
    const kept = new Set(withBackward.length ? withBackward : [lastWhole(group)]);
    for (const r of group) if (!kept.has(r)) dropped.add(r);
    if (group.length <= most) continue;
    most = group.length;
    note = say(withBackward.length ? 'rounds_backward' : 'rounds_last', group.length, group.length - kept.size);
  }
  if (!dropped.size) return { forwards };
  return { forwards: rounds.filter((r) => !dropped.has(r)).flat(), note };
}
