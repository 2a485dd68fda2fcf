// Places any trace DAG for one presentation level: dagre's ranks and order (ranks.ts), packed
// into the panel's room across the flow (packAcross.ts), then every box, port and arrow. The
// two arrows of an edge (forward, backward) run side by side through the gap between its label's
// two texts; arrows leave and enter nodes at ports, one labelled slot per input of a multi-input
// layer, in the book's order. Pure: positions come from the structure and the measured sizes.
import { inCard, offEdge, type LevelOptions } from './levels';
import { extentAcross, packAcross } from './packAcross';
import { labelBox, labId, nodeBox, rankGraph, rankMembers, rankOf, type Dagre } from './ranks';
import { knownRanks, rememberRanks, stackedEdges } from './stacking';
import { axis, EXTRA_GAP, LANE, PORT_INSET, ROOM_MARGIN, SLOT, simplify, STUB, TEXT_GAP, type Axis, type Box, type Layout, type LayoutEdge, type LayoutNode, type PlacedEdge, type PlacedNode, type Rect } from './types';
import { boundsOf, portSlots, type Slots } from './ports';

const NODESEP = 14;
/** The closest spacing's gap between neighbours in a rank. */
export const NARROW_NODESEP = 8;
const RANKSEP = 16;
/** Close spacing's gap between ranks: room for the arrows' bends and heads, little more. */
export const COMPACT_RANKSEP = 8;
/** The closest spacing's: an arrowhead's length, the texts beside the arrows keep clear of it. */
export const CLOSEST_RANKSEP = 5;
const MARGIN = 6;

type Band = { lo: number; hi: number; at: number };
type Labels = Map<string, Box & { line: number }>;

/** Each node grows across the flow to give every port, in or out, its own slot. */
function bodiesOf(nodes: LayoutNode[], edges: LayoutEdge[], ax: Axis, oneBand: boolean): Map<string, Box> {
  const bodies = new Map<string, Box>();
  for (const n of nodes) {
    const inSlots = Math.max(n.ports.length, edges.filter((e) => e.target === n.id).length);
    const outSlots = edges.filter((e) => e.source === n.id).length;
    const portAlong = n.ports.length ? ax.alongOf(n.portBox ?? { width: 10, height: 15 }) + PORT_INSET : 0;
    // Parameters off their edges (TB): the port names' band on the input side only.
    const a = ax.alongOf(n.body) + (oneBand ? 1 : 2) * portAlong;
    bodies.set(n.id, ax.size(a, Math.max(ax.acrossOf(n.body), Math.max(inSlots, outSlots) * SLOT)));
  }
  return bodies;
}

/** The band of each rank along the flow: arrows run straight across a band and bend only between bands. */
function bandsOf(g: Dagre, ax: Axis): Map<number, Band> {
  const bands = new Map<number, Band>();
  for (const id of g.nodes()) {
    const d = g.node(id) as Rect;
    const r = rankOf(g, id);
    const c = ax.along(d);
    const half = ax.alongOf(d) / 2;
    const band = bands.get(r);
    bands.set(r, band ? { lo: Math.min(band.lo, c - half), hi: Math.max(band.hi, c + half), at: c } : { lo: c - half, hi: c + half, at: c });
  }
  return bands;
}

/** Each node's body and its extra text inside the box dagre placed for both. */
function placeNodes(nodes: LayoutNode[], g: Dagre, bodies: Map<string, Box>, lr: boolean): Map<string, PlacedNode> {
  const out = new Map<string, PlacedNode>();
  for (const n of nodes) {
    const box = g.node(n.id) as Rect;
    const b = bodies.get(n.id)!;
    let body: Rect = { ...b, x: box.x, y: box.y };
    let extra: Rect | undefined;
    const x = n.extra;
    if (x && lr) {
      body = { ...b, x: box.x, y: box.y - box.height / 2 + b.height / 2 };
      extra = { ...x, x: box.x, y: body.y + b.height / 2 + EXTRA_GAP + x.height / 2 };
    } else if (x && n.extraAbove) {
      body = { ...b, x: box.x, y: box.y + box.height / 2 - b.height / 2 };
      extra = { ...x, x: box.x, y: body.y - b.height / 2 - EXTRA_GAP - x.height / 2 };
    } else if (x) {
      body = { ...b, y: box.y, x: box.x + box.width / 2 - b.width / 2 };
      extra = { ...x, y: box.y, x: body.x - b.width / 2 - EXTRA_GAP - x.width / 2 };
    }
    out.set(n.id, { body, extra, ports: [] });
  }
  return out;
}

/**
 * A label's arrow line is off its centre when its two texts differ in size; dagre aligned the
 * centre. Slide each label across the flow so the line meets its ports straight, where the slide
 * hits nothing else in its rank, and no further than the room a packed layout (or a column of
 * cards, less its margin) was given.
 */
function slideLabels(g: Dagre, edges: LayoutEdge[], labels: Labels, s: Slots, ax: Axis, packedTo: number | undefined): void {
  const byRank = rankMembers(g);
  for (const e of edges) {
    const d = g.node(labId(e)) as Rect;
    const l = labels.get(e.id)!;
    const want = ((s.outAt.get(e.id) ?? ax.across(g.node(e.source) as Rect)) + (s.inAt.get(e.id)?.c ?? ax.across(g.node(e.target) as Rect))) / 2;
    let shift = want - (ax.across(d) - ax.acrossOf(l) / 2 + l.line);
    // Inside the room: as far as it allows (the arrows then bend a little between the ranks).
    const [c, half] = [ax.across(d), ax.acrossOf(d) / 2];
    if (packedTo !== undefined) shift = 2 * half > packedTo ? 0 : Math.min(Math.max(shift, half - c), packedTo - half - c);
    if (Math.abs(shift) < 0.5) continue;
    const lo = c + shift - half - MARGIN;
    const hi = c + shift + half + MARGIN;
    const blocked = byRank.get(rankOf(g, labId(e)))!.some((o) => {
      if (o === labId(e)) return false;
      const r = g.node(o) as Rect;
      return ax.across(r) + ax.acrossOf(r) / 2 > lo && ax.across(r) - ax.acrossOf(r) / 2 < hi;
    });
    if (blocked) continue;
    if (ax.lr) d.y += shift;
    else d.x += shift;
  }
}

/** One edge's two arrows (lanes either side of its centre line) and its two texts. */
function route(e: LayoutEdge, g: Dagre, nodes: Map<string, PlacedNode>, labels: Labels, bands: Map<number, Band>, s: Slots, ax: Axis, stacked: boolean): PlacedEdge {
  const { along, across, alongOf, acrossOf, pt } = ax;
  const src = nodes.get(e.source)!.body;
  const tgt = nodes.get(e.target)!.body;
  const l = labels.get(e.id)!;
  const lc = g.node(labId(e)) as Rect;
  const [lBand, sBand, tBand] = [labId(e), e.source, e.target].map((id) => bands.get(rankOf(g, id))!);
  const bandAt = (c: number) => [...bands.values()].find((b) => Math.abs(b.at - c) < 0.5);
  const sEnd = along(src) + alongOf(src) / 2;
  const tEnd = along(tgt) - alongOf(tgt) / 2;
  const sc = s.outAt.get(e.id) ?? across(src);
  const tc = s.inAt.get(e.id)?.c ?? across(tgt);
  const line = across(lc) - acrossOf(l) / 2 + l.line;
  // Long edges pass through dagre's dummy points, each widened to run straight across its band.
  const via = (v: string, w: string) => (((g.edge(v, w) as { points?: Rect[] } | undefined)?.points ?? []).slice(1, -1)).flatMap((p) => {
    const b = bandAt(along(p));
    return b && b !== sBand && b !== tBand && b !== lBand ? [pt(b.lo, across(p)), pt(b.hi, across(p))] : [];
  });
  const centre = [pt(sEnd, sc), pt(Math.max(sBand.hi, sEnd + STUB), sc), ...via(e.source, labId(e)), pt(lBand.lo, line), pt(lBand.hi, line), ...via(labId(e), e.target), pt(Math.min(tBand.lo, tEnd - STUB), tc), pt(tEnd, tc)];
  // The two lanes are the centre line moved across the flow (not along its normal): inside a band
  // both stay exactly LANE from the centre, so they pass between the label's two texts.
  const lane = (d: number) => simplify(centre.map((p) => pt(along(p), across(p) + d)));
  const placed: PlacedEdge = { forward: lane(-LANE), port: s.inAt.get(e.id)?.port };
  if (e.backward) placed.backward = lane(LANE).reverse();
  const f = e.forward && e.forward.width > 0 ? e.forward : undefined;
  const b = e.backward && e.backward.width > 0 ? e.backward : undefined;
  if (stacked) {
    // Both texts left of the arrows, the value above its gradient (the label box is their stack).
    const start = along(lc) - alongOf(l) / 2;
    const right = line - LANE - TEXT_GAP;
    if (f) placed.forwardLabel = { ...f, ...pt(start + alongOf(f) / 2, right - acrossOf(f) / 2) };
    if (b) placed.backwardLabel = { ...b, ...pt(start + (f ? alongOf(f) + TEXT_GAP : 0) + alongOf(b) / 2, right - acrossOf(b) / 2) };
    return placed;
  }
  const top = across(lc) - acrossOf(l) / 2;
  if (f) placed.forwardLabel = { ...f, ...pt(along(lc), Math.max(line - LANE - TEXT_GAP - acrossOf(f) / 2, top + acrossOf(f) / 2)) };
  if (b) placed.backwardLabel = { ...b, ...pt(along(lc), line + LANE + TEXT_GAP + acrossOf(b) / 2) };
  return placed;
}

const separations = (p: LevelOptions) => ({ nodesep: p.spacing === 'closest' ? NARROW_NODESEP : NODESEP, ranksep: p.spacing === 'usual' ? RANKSEP : p.spacing === 'closest' ? CLOSEST_RANKSEP : COMPACT_RANKSEP, extraGap: EXTRA_GAP });

/**
 * The least room a level's layout can take, from the graph's ranks (once any level has been laid
 * out) and the level's measured boxes alone: along the flow every rank's deepest box and the gaps
 * between ranks, across it the widest rank with its boxes packed edge to edge. No dagre pass: a
 * level whose bound exceeds the panel cannot fit it. Undefined while the ranks are unknown.
 */
export function lowerBound(nodes: LayoutNode[], edges: LayoutEdge[], p: LevelOptions): Box | undefined {
  const ranks = knownRanks(nodes, edges);
  if (!ranks) return undefined;
  const ax = axis(p.flow);
  const sep = separations(p);
  const bodies = bodiesOf(nodes, edges, ax, offEdge(p));
  const { stacked } = stackedEdges(nodes, edges, p, () => {
    throw new Error('ranks are known');
  }, sep.nodesep, (id) => boxWidth(nodes, bodies, id));
  const boxes = new Map<string, Box>([
    ...nodes.map((n): [string, Box] => [n.id, nodeBox(n, bodies.get(n.id)!, ax.lr, sep.extraGap)]),
    ...edges.map((e): [string, Box] => [labId(e), labelBox(e, p.flow, stacked.has(e.id))]),
  ]);
  const along = new Map<number, number>();
  const across = new Map<number, number[]>();
  for (const [id, r] of ranks) {
    const b = boxes.get(id);
    if (!b) continue;
    along.set(r, Math.max(along.get(r) ?? 0, ax.alongOf(b)));
    (across.get(r) ?? across.set(r, []).get(r)!).push(ax.acrossOf(b));
  }
  const a = [...along.values()].reduce((x, y) => x + y, 0) + sep.ranksep * Math.max(0, along.size - 1);
  const c = Math.max(0, ...[...across.values()].map((v) => v.reduce((x, y) => x + y, 0) + sep.nodesep * (v.length - 1)));
  return ax.size(a - 1, c - 1);
}

function boxWidth(nodes: LayoutNode[], bodies: Map<string, Box>, id: string): number {
  const n = nodes.find((x) => x.id === id);
  const b = bodies.get(id)?.width ?? 0;
  return n?.extra ? (n.extraAbove ? Math.max(b, n.extra.width) : b + EXTRA_GAP + n.extra.width) : b;
}

/** The layout of a graph at one presentation level (levels.ts), packed into `room` when given. */
export function layout(nodes: LayoutNode[], edges: LayoutEdge[], p: LevelOptions): Layout {
  const o = p.flow;
  const ax = axis(o);
  const sep = separations(p);
  const bodies = bodiesOf(nodes, edges, ax, offEdge(p));
  const pass = (s: Set<string>) => rankGraph(nodes, edges, bodies, o, s, sep);
  const { stacked, g: made } = stackedEdges(nodes, edges, p, pass, sep.nodesep, (id) => boxWidth(nodes, bodies, id));
  const g = made ?? pass(stacked);
  rememberRanks(nodes, edges, g);
  const labels: Labels = new Map(edges.map((e) => [e.id, labelBox(e, o, stacked.has(e.id))]));
  const packed = p.room !== undefined && packAcross(g, nodes, edges, bodies, labels, ax, p.room, sep.nodesep);
  // A column of cards (and each column of a fold, fold.ts) keeps to its room less a margin even
  // where dagre left it narrower: a label slid past it would go over the panel's edge.
  const bounded = p.room !== undefined && (inCard(p) || p.columns > 1);
  const packedTo = packed ? Math.max(p.room!, extentAcross(g, ax)) : bounded ? Math.max(p.room! - ROOM_MARGIN, extentAcross(g, ax)) : undefined;
  const bands = bandsOf(g, ax);
  const placedNodes = placeNodes(nodes, g, bodies, ax.lr);
  const s = portSlots(nodes, edges, placedNodes, (e) => ax.across(g.node(labId(e)) as Rect), ax);
  slideLabels(g, edges, labels, s, ax, packedTo);
  const placedEdges = new Map(edges.map((e) => [e.id, route(e, g, placedNodes, labels, bands, s, ax, stacked.has(e.id))]));
  return { orientation: o, stacked: p.pair === 'stacked' && o === 'TB', nodes: placedNodes, edges: placedEdges, ...boundsOf(placedNodes, placedEdges) };
}
