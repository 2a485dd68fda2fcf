// Narrows a layered layout across the flow to the room the panel has. dagre places each rank's
// nodes to balance four alignments, which leaves gaps a narrow panel cannot afford (the expanded
// Sigmoid beside ReLU came out 378 px wide where 314 px hold every rank side by side). This keeps
// dagre's ranks and its order within each rank, and moves items only across the flow: each towards
// the items it is joined to (so arrows stay as straight as the room allows), each rank kept in
// order with its gaps and inside [0, width]. Pure numbers: the layout says what the items are.

/** One thing drawn in a rank: a node, an edge's label, or where a long edge crosses the rank. */
export interface PackItem {
  id: string;
  rank: number;
  /** Centre across the flow (x in TB). */
  c: number;
  /** Half its size across the flow. */
  half: number;
  /** Gap kept to its neighbours in the rank. */
  gap: number;
}

/** `a.c + aOff` and `b.c + bOff` are the two ends of an arrow between adjacent ranks: ideally equal. */
export interface PackJoin {
  a: string;
  aOff: number;
  b: string;
  bOff: number;
}

const ROUNDS = 40;

/** The narrowest width the ranks allow: each packed tight, in order. */
export function packedWidth(items: PackItem[]): number {
  let widest = 0;
  for (const rank of byRank(items)) widest = Math.max(widest, span(rank).total);
  return widest;
}

/**
 * New centres for the items, all inside [0, width] (or the packed width, if wider), each rank in
 * its order with its gaps, joins as straight as the room allows. Items keep their places when the
 * layout is already that narrow (undefined: nothing to do).
 */
export function pack(items: PackItem[], joins: PackJoin[], width: number): Map<string, number> | undefined {
  const lo = Math.min(...items.map((i) => i.c - i.half));
  const hi = Math.max(...items.map((i) => i.c + i.half));
  const room = Math.max(width, packedWidth(items));
  // Already that narrow, or no narrower packed: dagre's balanced places are the better look.
  if (hi - lo <= room + 0.5) return undefined;
  const c = new Map(items.map((i) => [i.id, i.c - lo]));
  const ranks = byRank(items);
  const partners = new Map<string, { other: string; own: number; theirs: number }[]>();
  const add = (id: string, p: { other: string; own: number; theirs: number }) => (partners.get(id) ?? partners.set(id, []).get(id)!).push(p);
  for (const j of joins) {
    add(j.a, { other: j.b, own: j.aOff, theirs: j.bOff });
    add(j.b, { other: j.a, own: j.bOff, theirs: j.aOff });
  }
  // Start from dagre's places, squeezed into the room: the order and the rough shape stay.
  for (const rank of ranks) place(rank, rank.map((i) => (c.get(i.id)! * room) / (hi - lo)), c, room);
  // Down the ranks and back up, as dagre's own sweeps: each item goes to the mean of where its
  // partners want it, then its rank is put back in order, apart, inside the room.
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...ranks].reverse() : ranks;
    for (const rank of order) {
      const want = rank.map((i) => {
        const ps = partners.get(i.id);
        if (!ps?.length) return c.get(i.id)!;
        return ps.reduce((s, p) => s + c.get(p.other)! + p.theirs - p.own, 0) / ps.length;
      });
      place(rank, want, c, room);
    }
  }
  return c;
}

function byRank(items: PackItem[]): PackItem[][] {
  const ranks = new Map<number, PackItem[]>();
  for (const i of items) (ranks.get(i.rank) ?? ranks.set(i.rank, []).get(i.rank)!).push(i);
  return [...ranks.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r.sort((a, b) => a.c - b.c));
}

/** Offsets of each item from the first when packed tight, and the rank's tight width. */
function span(rank: PackItem[]): { at: number[]; total: number } {
  const at = [0];
  for (let k = 1; k < rank.length; k++) at.push(at[k - 1] + rank[k - 1].half + Math.max(rank[k - 1].gap, rank[k].gap) + rank[k].half);
  return { at, total: at[at.length - 1] + rank[0].half + rank[rank.length - 1].half };
}

/**
 * The closest placement (least squares) to `want` that keeps the rank in order, apart and inside
 * [0, room]: with u = centre − its tight offset the constraints are u non-decreasing and within
 * one interval, so it is an isotonic regression (pool adjacent violators), then a clamp.
 */
function place(rank: PackItem[], want: number[], c: Map<string, number>, room: number): void {
  const { at } = span(rank);
  const n = rank.length;
  const lower = rank[0].half;
  const upper = room - rank[n - 1].half - at[n - 1];
  const blocks: { sum: number; count: number }[] = [];
  for (let k = 0; k < n; k++) {
    blocks.push({ sum: want[k] - at[k], count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.count <= b.sum / b.count) break;
      blocks.pop();
      a.sum += b.sum;
      a.count += b.count;
    }
  }
  let k = 0;
  for (const b of blocks) {
    const u = Math.min(Math.max(b.sum / b.count, lower), Math.max(lower, upper));
    for (let m = 0; m < b.count; m++, k++) c.set(rank[k].id, u + at[k]);
  }
}
