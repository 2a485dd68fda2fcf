// A top-to-bottom layout folded into columns (the levels with `columns` > 1, levels.ts), for a
// net in a short wide panel (a paused program with the Debug Console open): the stack is cut
// where only one arrow crosses between its bands, each piece moved up beside the one before, and
// the cut arrow runs from the bottom of one column, up the gap between them, to the top of the
// next. Read in order: down the first column, then down the next. Each piece keeps its own
// geometry (values above gradients, arrows in their lanes); only the cut arrows are re-routed,
// their two lanes LANE either side of one path as everywhere.
import type { LevelOptions } from './levels';
import { LANE, type Box, type Point, type PlacedEdge, type PlacedNode, type Rect } from './types';

/** Between two columns: the two lanes of the arrow that climbs there, and a margin each side. */
export const COLUMN_GAP = 2 * LANE + 8;
/** Between a column's bottom (or the top) and the arrow's run under (or over) it. */
const RUN_MARGIN = 3;
/** The room the run over a column takes above it: the margin and both lanes. */
const OVER_RUN = RUN_MARGIN + 2 * LANE;

/** The room of one column when `room` is shared by `columns` columns. */
export const columnRoom = (room: number, columns: number): number => (room - (columns - 1) * COLUMN_GAP) / columns;

const folds = (p: LevelOptions) => p.columns > 1 && p.flow === 'TB';

/** A folded level as each column is laid out: its share of the room (its texts and cards fit that). */
export const columnShare = (p: LevelOptions): LevelOptions => (folds(p) && p.room !== undefined ? { ...p, room: columnRoom(p.room, p.columns) } : p);

/** A stack's least size folded: as wide as its widest rank, a k-th of its depth less the gaps cut (no layout needed). */
export const foldedBound = (b: Box | undefined, p: LevelOptions): Box | undefined => (b && folds(p) ? { width: b.width, height: (b.height - (p.columns - 1) * 8) / p.columns } : b);

interface Placed {
  nodes: Map<string, PlacedNode>;
  edges: Map<string, PlacedEdge>;
}

type Span = { lo: number; hi: number };
const top = (r: Rect) => r.y - r.height / 2;
const bottom = (r: Rect) => r.y + r.height / 2;

function rectsOf(n: PlacedNode): Rect[] {
  return [n.card ?? n.body, n.body, n.extra, ...n.ports.map((p) => p.label)].filter((r): r is Rect => !!r);
}

/** The bands along the flow: spans of boxes merged where they overlap; the gaps between are where a cut may go. */
function bands(l: Placed): Span[] {
  const spans: Span[] = [];
  for (const n of l.nodes.values()) for (const r of rectsOf(n)) spans.push({ lo: top(r), hi: bottom(r) });
  // An edge's two texts stay together (a value above its gradient is one label).
  for (const e of l.edges.values()) {
    const rs = [e.forwardLabel, e.backwardLabel].filter((r): r is Rect => !!r);
    if (rs.length) spans.push({ lo: Math.min(...rs.map(top)), hi: Math.max(...rs.map(bottom)) });
  }
  spans.sort((a, b) => a.lo - b.lo);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.lo < last.hi + 0.5) last.hi = Math.max(last.hi, s.hi);
    else out.push({ ...s });
  }
  return out;
}

/** Where the line crosses y = at (the first crossing), or undefined. */
function crossing(line: Point[], at: number): { k: number; x: number } | undefined {
  for (let k = 0; k + 1 < line.length; k++) {
    const [a, b] = [line[k], line[k + 1]];
    if ((a.y - at) * (b.y - at) < 0) return { k, x: a.x + ((b.x - a.x) * (at - a.y)) / (b.y - a.y) };
  }
  return undefined;
}

/** Cut lines (mid-gap) crossed by exactly one edge's arrows: the only places a fold may go. */
function cutsOf(l: Placed, bs: Span[]): { at: number; edge: string }[] {
  const out: { at: number; edge: string }[] = [];
  for (let i = 0; i + 1 < bs.length; i++) {
    const at = (bs[i].hi + bs[i + 1].lo) / 2;
    const crossed = [...l.edges].filter(([, e]) => crossing(e.forward, at));
    if (crossed.length === 1) out.push({ at, edge: crossed[0][0] });
  }
  return out;
}

/** The cuts (k − 1 of them) that make the tallest column least. */
function bestCuts(cuts: { at: number; edge: string }[], columns: number, lo: number, hi: number): { at: number; edge: string }[] | undefined {
  let best: { at: number; edge: string }[] | undefined;
  let bestH = Infinity;
  const choose = (from: number, chosen: { at: number; edge: string }[]) => {
    if (chosen.length === columns - 1) {
      const edges = [lo, ...chosen.map((c) => c.at), hi];
      const h = Math.max(...edges.slice(1).map((y, i) => y - edges[i]));
      if (h < bestH) [best, bestH] = [[...chosen], h];
      return;
    }
    for (let i = from; i < cuts.length; i++) choose(i + 1, [...chosen, cuts[i]]);
  };
  choose(0, []);
  return best;
}

const shift = (p: Point, d: Point): Point => ({ x: p.x + d.x, y: p.y + d.y });
const shiftRect = <R extends Rect | undefined>(r: R, d: Point): R => (r ? { ...r, x: r.x + d.x, y: r.y + d.y } : r);

/**
 * Folds a TB layout into `columns` columns in place; returns false (layout untouched) when it has
 * no cut crossed by one arrow alone, or is one column already.
 */
export function foldColumns(l: Placed, columns: number): boolean {
  if (columns < 2) return false;
  const bs = bands(l);
  if (bs.length < 2) return false;
  const chosen = bestCuts(cutsOf(l, bs), Math.min(columns, bs.length), bs[0].lo, bs[bs.length - 1].hi);
  if (!chosen?.length) return false;
  const limits = [-Infinity, ...chosen.map((c) => c.at), Infinity];
  const column = (y: number) => limits.findIndex((v, i) => y >= v && y < limits[i + 1]);
  // Each column's extent across, to set them side by side from the left.
  const xs = chosen.map(() => ({ lo: Infinity, hi: -Infinity })).concat({ lo: Infinity, hi: -Infinity });
  const grow = (c: number, lo: number, hi: number) => ((xs[c].lo = Math.min(xs[c].lo, lo)), (xs[c].hi = Math.max(xs[c].hi, hi)));
  for (const n of l.nodes.values()) for (const r of rectsOf(n)) grow(column(r.y), r.x - r.width / 2, r.x + r.width / 2);
  for (const e of l.edges.values()) {
    for (const r of [e.forwardLabel, e.backwardLabel]) if (r) grow(column(r.y), r.x - r.width / 2, r.x + r.width / 2);
    for (const p of [...e.forward, ...(e.backward ?? [])]) grow(column(p.y), p.x, p.x);
  }
  const y0 = bs[0].lo;
  const starts = [y0, ...chosen.map((c) => bs.find((b) => b.lo > c.at)!.lo)];
  // A later column shorter than the tallest by the arrow's run over it starts that much lower:
  // the run then takes no height of its own (a short panel: the Debug Console open).
  const ends = [...chosen.map((c) => c.at), bs[bs.length - 1].hi];
  const tallest = Math.max(...ends.map((e, c) => e - starts[c]));
  const lower = starts.map((s, c) => (c > 0 && ends[c] - s + OVER_RUN <= tallest ? OVER_RUN : 0));
  const moves: Point[] = [];
  let left = xs[0].lo;
  xs.forEach((x, c) => {
    moves.push({ x: left - x.lo, y: y0 + lower[c] - starts[c] });
    left += x.hi - x.lo + COLUMN_GAP;
  });
  for (const n of l.nodes.values()) {
    const d = moves[column(n.body.y)];
    Object.assign(n, { body: shiftRect(n.body, d), card: shiftRect(n.card, d), extra: shiftRect(n.extra, d) });
    n.ports = n.ports.map((p) => ({ ...p, at: shift(p.at, d), label: shiftRect(p.label, d) }));
  }
  for (const [id, e] of l.edges) {
    const cut = chosen.findIndex((c) => c.edge === id);
    const d = moves[column((e.forwardLabel ?? e.backwardLabel)?.y ?? 0)];
    Object.assign(e, { forwardLabel: shiftRect(e.forwardLabel, d), backwardLabel: shiftRect(e.backwardLabel, d) });
    // Under the column it leaves (its content ends above the cut), over the one it enters.
    const runs = cut >= 0 ? { gap: xs[cut].hi + moves[cut].x + COLUMN_GAP / 2, under: chosen[cut].at + moves[cut].y + RUN_MARGIN + LANE, over: Math.min(y0 + lower[cut + 1], chosen[cut].at + moves[cut + 1].y) - RUN_MARGIN - LANE } : undefined;
    e.forward = refold(e.forward, column, moves, cut, chosen[cut]?.at, runs, 1);
    if (e.backward) e.backward = refold([...e.backward].reverse(), column, moves, cut, chosen[cut]?.at, runs, -1).reverse();
  }
  return true;
}

/**
 * One lane of an arrow (in the forward direction), its points moved with their columns; across the
 * cut, down under its column, right to the gap, up, over the next column and down into it. `side`
 * is +1 for the forward lane (left going down, under on the runs right, right going up), −1 for the backward.
 */
function refold(line: Point[], column: (y: number) => number, moves: Point[], cut: number, at: number | undefined, runs: { gap: number; under: number; over: number } | undefined, side: number): Point[] {
  const moved = (p: Point) => shift(p, moves[column(p.y)]);
  const c = at === undefined ? undefined : crossing(line, at);
  if (cut < 0 || !c || !runs) return line.map(moved);
  const [a, b] = [moves[cut], moves[cut + 1]];
  const d = side * LANE;
  const u = [
    { x: c.x + a.x, y: at! + a.y },
    { x: c.x + a.x, y: runs.under + d },
    { x: runs.gap + d, y: runs.under + d },
    { x: runs.gap + d, y: runs.over + d },
    { x: c.x + b.x, y: runs.over + d },
    { x: c.x + b.x, y: at! + b.y },
  ];
  return [...line.slice(0, c.k + 1).map(moved), ...u, ...line.slice(c.k + 1).map(moved)];
}

/** Bounds of everything placed, cards included (after a fold). */
export function placedBounds(l: Placed): { x1: number; y1: number; width: number; height: number } {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (r: Rect) => ([x1, y1, x2, y2] = [Math.min(x1, r.x - r.width / 2), Math.min(y1, top(r)), Math.max(x2, r.x + r.width / 2), Math.max(y2, bottom(r))]);
  for (const n of l.nodes.values()) rectsOf(n).forEach(add);
  for (const e of l.edges.values()) {
    [e.forwardLabel, e.backwardLabel].forEach((r) => r && add(r));
    for (const p of [...e.forward, ...(e.backward ?? [])]) add({ ...p, width: 0, height: 0 });
  }
  if (!Number.isFinite(x1)) return { x1: 0, y1: 0, width: 0, height: 0 };
  return { x1, y1, width: x2 - x1, height: y2 - y1 };
}
