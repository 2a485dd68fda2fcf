// Places any trace DAG with dagre's layered layout, left to right as in the book's figures (LR)
// or top to bottom (TB) for a tall or narrow panel. Each edge's labels are a node of their own
// in dagre's graph (source → label → target), so no label can overlap a node or another label;
// the two arrows of an edge (forward, backward) run side by side through the gap between the
// label's two texts. Arrows leave and enter nodes at ports: a multi-input layer (Mul's x and y,
// Affine's x, W, b) has one labelled slot per input, so x, y and their gradients are told apart.
// Pure: positions come from the structure and the sizes the caller measured, nothing else.
import dagre from '@dagrejs/dagre';
import { pack, type PackItem, type PackJoin } from './pack';

export type Orientation = 'LR' | 'TB';

export interface Box {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A box by its centre, like cytoscape's positions. */
export interface Rect extends Point, Box {}

export interface LayoutNode {
  id: string;
  /** The node's own box (name and cache text), before room is made for its ports. */
  body: Box;
  /** Text kept with the node: an input's summed gradient (below in LR, to the left in TB). */
  extra?: Box;
  /** TB: the extra text above the node instead (narrow: a parameter's texts on its outer side). */
  extraAbove?: boolean;
  /** Labelled input ports in order (`x`, `y`, `W`…); empty when the node takes one value. */
  ports: string[];
  /** Size of the widest port name. */
  portBox?: Box;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  port?: string;
  /** The forward text (above the arrows in LR, left in TB) and the backward one (below / right). */
  forward?: Box;
  backward?: Box;
  /** An edge whose label this one's is kept before (left of, in TB) in its rank, or after. */
  before?: string;
  after?: string;
}

export interface PlacedNode {
  body: Rect;
  extra?: Rect;
  ports: { name: string; at: Point; label: Rect }[];
}

export interface PlacedEdge {
  /** Forward arrow from source to target; backward from target to source (absent when none flows). */
  forward: Point[];
  backward?: Point[];
  forwardLabel?: Rect;
  backwardLabel?: Rect;
  port?: string;
}

export interface Layout {
  orientation: Orientation;
  /** TB only: edges' forward and backward texts stacked on one side of their arrows where a rank is shared (narrow panels). */
  stacked: boolean;
  nodes: Map<string, PlacedNode>;
  edges: Map<string, PlacedEdge>;
  /** Bounds of everything drawn. */
  x1: number;
  y1: number;
  width: number;
  height: number;
}

/** Half the distance between the forward arrow and the backward arrow. */
export const LANE = 6;
/** Room along a node's side for one port's pair of arrows. */
export const SLOT = 2 * LANE + 16;
const TEXT_GAP = 3;
const STUB = 5;
const EXTRA_GAP = 4;
const PORT_INSET = 4;
/** How far a port name's band reaches into its node (a 12 px line and the inset). */
export const PORT_BAND = 18 + PORT_INSET;

/** Where the arrows cross a node's side, in order along it; fixed after dagre has ordered the nodes. */
function slots(n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 1)) / (n + 1));
}

/** Drops repeated and collinear points, so a straight run is one segment. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    if (out.length >= 2) {
      const a = out[out.length - 2];
      const cross = (last.x - a.x) * (p.y - a.y) - (last.y - a.y) * (p.x - a.x);
      if (Math.abs(cross) < 0.01) out.pop();
    }
    out.push(p);
  }
  return out;
}

/** Label node size and where its arrow line runs (offset from its top in LR, its left in TB). */
function labelBox(e: LayoutEdge, o: Orientation, stacked: boolean): Box & { line: number } {
  const f = e.forward ?? { width: 0, height: 0 };
  const b = e.backward ?? { width: 0, height: 0 };
  const gap = (t: Box) => (t.width > 0 ? TEXT_GAP : 0);
  if (o === 'TB' && stacked) {
    // The value above its gradient, both left of the arrows: half the width of side by side.
    const left = Math.max(f.width, b.width) + TEXT_GAP + LANE;
    return { width: left + LANE, height: Math.max(f.height + gap(b) + b.height, 24), line: left };
  }
  if (o === 'LR') {
    const top = f.height + gap(f) + LANE;
    return { width: Math.max(f.width, b.width, 24), height: top + LANE + gap(b) + b.height, line: top };
  }
  const left = f.width + gap(f) + LANE;
  return { width: left + LANE + gap(b) + b.width, height: Math.max(f.height, b.height, 24), line: left };
}

/**
 * dagre's crossing reduction may come out mirrored: `y` above `x`. The book draws a layer's first
 * input first (fig 5-16: apple above apple num), so when most multi-input layers see their ports
 * reversed (or, without any, most nodes of a rank are out of the graph's order), the whole
 * drawing is mirrored across the flow. A mirror keeps every distance, so
 * nothing can start to overlap or cross.
 */
function mirrorToPortOrder(g: InstanceType<typeof dagre.graphlib.Graph>, nodes: LayoutNode[], edges: LayoutEdge[], lr: boolean): void {
  const across = (id: string) => {
    const d = g.node(id) as Point;
    return lr ? d.y : d.x;
  };
  let score = 0;
  for (const n of nodes) {
    if (n.ports.length < 2) continue;
    const ins = edges.filter((e) => e.target === n.id).map((e) => ({ k: n.ports.indexOf(e.port ?? n.ports[0]), c: across(`${e.id}__lab`) }));
    for (const a of ins) for (const b of ins) if (a.k < b.k) score += Math.sign(b.c - a.c);
  }
  // No multi-input layer to go by: keep the graph's own order among nodes of a rank (ReLU's row,
  // the first in the graph, before Sigmoid's).
  if (score === 0) {
    const rank = (id: string) => (g.node(id) as { rank?: number }).rank ?? 0;
    nodes.forEach((a, i) => nodes.forEach((b, j) => {
      if (i < j && rank(a.id) === rank(b.id)) score += Math.sign(across(b.id) - across(a.id));
    }));
  }
  if (score >= 0) return;
  const flip = (p: Point) => (lr ? (p.y = -p.y) : (p.x = -p.x));
  for (const id of g.nodes()) flip(g.node(id) as Point);
  for (const e of g.edges()) for (const p of (g.edge(e) as { points?: Point[] }).points ?? []) flip(p);
}

type Dagre = InstanceType<typeof dagre.graphlib.Graph>;
const rankOf = (g: Dagre, id: string) => (g.node(id) as { rank?: number }).rank ?? 0;

/** dagre's layered layout of the nodes and of one label node per edge (source → label → target). */
function rankGraph(nodes: LayoutNode[], edges: LayoutEdge[], bodies: Map<string, Box>, o: Orientation, stackedIds: Set<string>, ranksep: number, nodesep: number): Dagre {
  const lr = o === 'LR';
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: o, nodesep, ranksep, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const b = bodies.get(n.id)!;
    const x = n.extra;
    // The node and its gradient text are one box to dagre: the text moves with its node.
    const below = lr || !!n.extraAbove; // the text along the flow from the node (below in LR, above in TB)
    const w = x ? (below ? Math.max(b.width, x.width) : b.width + EXTRA_GAP + x.width) : b.width;
    const h = x ? (below ? b.height + EXTRA_GAP + x.height : Math.max(b.height, x.height)) : b.height;
    g.setNode(n.id, { width: w, height: h });
  }
  for (const e of edges) {
    const l = labelBox(e, o, stackedIds.has(e.id));
    g.setNode(`${e.id}__lab`, { width: l.width, height: l.height });
    g.setEdge(e.source, `${e.id}__lab`, {});
    g.setEdge(`${e.id}__lab`, e.target, {});
  }
  // A label marked `before` (`after`) another (tight: a layer's parameters) is kept left (right) of it.
  // Their sources too, where they share a rank (W₂ and ReLU): dagre ignores a pair that does not.
  const byId = new Map(edges.map((e) => [e.id, e]));
  const keep = (left: LayoutEdge | undefined, right: LayoutEdge | undefined) =>
    left && right ? [{ left: `${left.id}__lab`, right: `${right.id}__lab` }, { left: left.source, right: right.source }] : [];
  const constraints = edges.flatMap((e) => [...keep(e, byId.get(e.before ?? '')), ...keep(byId.get(e.after ?? ''), e)]);
  dagre.layout(g, constraints.length ? { constraints } : undefined);
  return g;
}

/**
 * Packs the dagre layout across the flow into `room` (pack.ts). The joins are the arrows: from a
 * node's out slot through the points where a long edge crosses a rank to its label's line, and on
 * to the target's in slot, with the slots as the placement below spreads them.
 */
function packAcross(g: Dagre, nodes: LayoutNode[], edges: LayoutEdge[], bodies: Map<string, Box>, labels: Map<string, Box & { line: number }>, lr: boolean, room: number, nodesep: number): boolean {
  const across = (p: Point) => (lr ? p.y : p.x);
  const acrossOf = (b: Box) => (lr ? b.height : b.width);
  const along = (p: Point) => (lr ? p.x : p.y);
  const items: PackItem[] = [];
  const rankAt = new Map<number, number>();
  for (const id of g.nodes()) {
    const d = g.node(id) as Rect & { rank?: number };
    items.push({ id, rank: rankOf(g, id), c: across(d), half: acrossOf(d) / 2, gap: nodesep });
    rankAt.set(Math.round(along(d)), rankOf(g, id));
  }
  // A long edge's points inside a rank (dagre's dummy nodes) are items too: the arrows run there.
  const crossings = new Map<string, Point[]>();
  for (const ew of g.edges()) {
    const pts = ((g.edge(ew) as { points?: Point[] }).points ?? []).slice(1, -1).filter((p) => rankAt.has(Math.round(along(p))));
    crossings.set(`${ew.v}->${ew.w}`, pts);
    pts.forEach((p, k) => items.push({ id: `${ew.v}->${ew.w}#${k}`, rank: rankAt.get(Math.round(along(p)))!, c: across(p), half: LANE + 2, gap: 10 }));
  }
  const labelAt = (e: LayoutEdge) => across(g.node(`${e.id}__lab`) as Point);
  const above = new Set(nodes.filter((n) => n.extraAbove).map((n) => n.id));
  const bodyOff = (id: string) => {
    if (above.has(id)) return 0; // centred under its text
    const box = acrossOf(g.node(id) as Box);
    const body = acrossOf(bodies.get(id)!);
    return lr ? (body - box) / 2 : (box - body) / 2;
  };
  const slot = (id: string, i: number, n: number) => bodyOff(id) + acrossOf(bodies.get(id)!) * ((i + 1) / (n + 1) - 0.5);
  const joins: PackJoin[] = [];
  const chain = (v: string, vOff: number, w: string, wOff: number) => {
    const ids = [v, ...(crossings.get(`${v}->${w}`) ?? []).map((_, k) => `${v}->${w}#${k}`), w];
    for (let k = 0; k + 1 < ids.length; k++) joins.push({ a: ids[k], aOff: k === 0 ? vOff : 0, b: ids[k + 1], bOff: k + 2 === ids.length ? wOff : 0 });
  };
  const ports = new Map(nodes.map((n) => [n.id, n.ports.length]));
  for (const e of edges) {
    const outs = edges.filter((x) => x.source === e.source).sort((a, b) => labelAt(a) - labelAt(b));
    const ins = edges.filter((x) => x.target === e.target).sort((a, b) => labelAt(a) - labelAt(b));
    const l = labels.get(e.id)!;
    const line = l.line - acrossOf(l) / 2;
    chain(e.source, slot(e.source, outs.indexOf(e), outs.length), `${e.id}__lab`, line);
    chain(`${e.id}__lab`, line, e.target, slot(e.target, ins.indexOf(e), Math.max(ports.get(e.target) ?? 0, ins.length)));
  }
  const c = pack(items, joins, room);
  if (!c) return false;
  const set = (p: Point, v: number) => (lr ? (p.y = v) : (p.x = v));
  for (const id of g.nodes()) set(g.node(id) as Point, c.get(id)!);
  for (const [key, pts] of crossings) pts.forEach((p, k) => set(p, c.get(`${key}#${k}`)!));
  return true;
}

/** How far the dagre boxes reach across the flow, from 0 (where packAcross puts the first). */
function extentAcross(g: Dagre, lr: boolean): number {
  let hi = 0;
  for (const id of g.nodes()) {
    const d = g.node(id) as Rect;
    hi = Math.max(hi, lr ? d.y + d.height / 2 : d.x + d.width / 2);
  }
  return hi;
}

/**
 * Tight: a rank whose labels, side by side, are no wider than the stacked drawing is, keeps them
 * side by side (one text high): stacking there adds height and saves no width. True if any moved.
 */
function unstackNarrow(g: Dagre, edges: LayoutEdge[], o: Orientation, stackedIds: Set<string>, nodesep: number, room?: number): boolean {
  const ids = g.nodes();
  const box = (id: string) => g.node(id) as Rect;
  // Narrow: the room the panel has is the measure (the drawing is packed into it).
  const width = room ?? Math.max(...ids.map((id) => box(id).x + box(id).width / 2)) - Math.min(...ids.map((id) => box(id).x - box(id).width / 2));
  const byId = new Map(edges.map((e) => [`${e.id}__lab`, e]));
  let moved = false;
  for (const r of new Set(ids.map((id) => rankOf(g, id)))) {
    const inRank = ids.filter((id) => rankOf(g, id) === r);
    const stackedHere = inRank.filter((id) => stackedIds.has(byId.get(id)?.id ?? ''));
    if (!stackedHere.length) continue;
    const side = inRank.reduce((sum, id) => sum + (byId.has(id) ? labelBox(byId.get(id)!, o, false).width : box(id).width), 0) + nodesep * (inRank.length - 1);
    if (side > width) continue;
    for (const id of stackedHere) stackedIds.delete(byId.get(id)!.id);
    moved = true;
  }
  return moved;
}

const NODESEP = 14;
/** The narrow try's gap between neighbours in a rank (planSceneIn's last resort for a narrow panel). */
export const NARROW_NODESEP = 8;
const RANKSEP = 16;
/** Compact mode's gap between ranks: room for the arrows' bends and heads, little more. */
export const COMPACT_RANKSEP = 8;
/** A text of one line (a name alone, `dout = 1`): the height a stack would add is more than the width it saves. */
const ONE_LINE = 20;

/** How layout() places a graph; each is false or absent unless given. */
export interface LayoutOptions {
  /** TB: texts stacked where their rank is shared (see below). */
  stacked?: boolean;
  /** The last resort of a graph too big for its panel at 12 px: ranks closer, a one-line text never stacked. */
  compact?: boolean;
  /** Run mode's many big values (scene.ts): a rank's labels kept side by side where that is no wider. */
  tight?: boolean;
  /** The size across the flow the panel has at zoom 1: a layout wider than that is packed towards it (pack.ts), ranks and order kept. */
  room?: number;
  /** planSceneIn's narrow try: closer neighbours, stacking decided by the room. */
  narrow?: boolean;
}

export function layout(nodes: LayoutNode[], edges: LayoutEdge[], o: Orientation, opts: LayoutOptions = {}): Layout {
  const { compact = false, tight = false, room, narrow = false } = opts;
  const stacked = !!opts.stacked && o === 'TB';
  const nodesep = narrow ? NARROW_NODESEP : NODESEP;
  const lr = o === 'LR';
  // Along the rank axis (x in LR) and across it (y in LR), so one code path serves both.
  const along = (p: Point) => (lr ? p.x : p.y);
  const across = (p: Point) => (lr ? p.y : p.x);
  const pt = (a: number, c: number): Point => (lr ? { x: a, y: c } : { x: c, y: a });
  const size = (a: number, c: number): Box => (lr ? { width: a, height: c } : { width: c, height: a });
  const alongOf = (b: Box) => (lr ? b.width : b.height);
  const acrossOf = (b: Box) => (lr ? b.height : b.width);

  const incoming = new Map<string, LayoutEdge[]>();
  const outgoing = new Map<string, LayoutEdge[]>();
  for (const e of edges) {
    (incoming.get(e.target) ?? incoming.set(e.target, []).get(e.target)!).push(e);
    (outgoing.get(e.source) ?? outgoing.set(e.source, []).get(e.source)!).push(e);
  }
  // Each node grows across the flow to give every port, in or out, its own slot.
  const bodies = new Map<string, Box>();
  for (const n of nodes) {
    const inSlots = Math.max(n.ports.length, incoming.get(n.id)?.length ?? 0);
    const outSlots = outgoing.get(n.id)?.length ?? 0;
    const portAlong = n.ports.length ? alongOf(n.portBox ?? { width: 10, height: 15 }) + PORT_INSET : 0;
    // Tight (TB): the port names' band on the input side only, not mirrored below for symmetry.
    const a = alongOf(n.body) + (tight && !lr ? 1 : 2) * portAlong;
    const c = Math.max(acrossOf(n.body), Math.max(inSlots, outSlots) * SLOT);
    bodies.set(n.id, size(a, c));
  }

  // Stacked (a narrow panel): an edge's two texts go one above the other only where its label
  // shares its rank with another node or label; a label alone in its rank has the panel's width
  // and keeps them side by side, one text high. Ranks come from the structure alone, so a first
  // pass with every label stacked tells which labels share one.
  const oneLine = (b?: Box) => !b || b.height <= ONE_LINE;
  // Narrow: one-line texts stacked too where that is what the rank's width needs (unstackNarrow).
  const stackedIds = new Set(stacked ? edges.filter((e) => narrow || !compact || !(oneLine(e.forward) || oneLine(e.backward))).map((e) => e.id) : []);
  const ranksep = compact ? COMPACT_RANKSEP : RANKSEP;
  let g = rankGraph(nodes, edges, bodies, o, stackedIds, ranksep, nodesep);
  if (stacked) {
    const perRank = new Map<number, number>();
    for (const id of g.nodes()) perRank.set(rankOf(g, id), (perRank.get(rankOf(g, id)) ?? 0) + 1);
    const alone = edges.filter((e) => perRank.get(rankOf(g, `${e.id}__lab`)) === 1);
    if (alone.length) {
      for (const e of alone) stackedIds.delete(e.id);
      g = rankGraph(nodes, edges, bodies, o, stackedIds, ranksep, nodesep);
    }
    if (tight && unstackNarrow(g, edges, o, stackedIds, nodesep, narrow ? room : undefined)) g = rankGraph(nodes, edges, bodies, o, stackedIds, ranksep, nodesep);
  }
  const labels = new Map(edges.map((e) => [e.id, labelBox(e, o, stackedIds.has(e.id))]));
  mirrorToPortOrder(g, nodes, edges, lr);
  const packed = room !== undefined && packAcross(g, nodes, edges, bodies, labels, lr, room, nodesep);
  const packedTo = packed ? Math.max(room, extentAcross(g, lr)) : Infinity;

  // The band of each rank along the flow: arrows run straight across a band and bend only in the
  // gaps between bands, where nothing is drawn, so no arrow crosses a node or a label.
  const bands = new Map<number, { lo: number; hi: number; at: number }>();
  for (const id of g.nodes()) {
    const d = g.node(id) as { x: number; y: number; width: number; height: number; rank?: number };
    const r = d.rank ?? 0;
    const c = along(d);
    const half = alongOf(d) / 2;
    const band = bands.get(r);
    bands.set(r, band ? { lo: Math.min(band.lo, c - half), hi: Math.max(band.hi, c + half), at: c } : { lo: c - half, hi: c + half, at: c });
  }
  const bandAt = (c: number) => [...bands.values()].find((b) => Math.abs(b.at - c) < 0.5);
  const center = (id: string): Point => g.node(id) as Point;

  const placedNodes = new Map<string, PlacedNode>();
  for (const n of nodes) {
    const c = center(n.id);
    const b = bodies.get(n.id)!;
    let body: Rect = { ...c, ...b };
    let extra: Rect | undefined;
    if (n.extra) {
      const box = g.node(n.id) as Rect;
      if (lr) {
        body = { ...b, x: c.x, y: box.y - box.height / 2 + b.height / 2 };
        extra = { ...n.extra, x: c.x, y: body.y + b.height / 2 + EXTRA_GAP + n.extra.height / 2 };
      } else if (n.extraAbove) {
        body = { ...b, x: c.x, y: box.y + box.height / 2 - b.height / 2 };
        extra = { ...n.extra, x: c.x, y: body.y - b.height / 2 - EXTRA_GAP - n.extra.height / 2 };
      } else {
        body = { ...b, y: c.y, x: box.x + box.width / 2 - b.width / 2 };
        extra = { ...n.extra, y: c.y, x: body.x - b.width / 2 - EXTRA_GAP - n.extra.width / 2 };
      }
    }
    placedNodes.set(n.id, { body, extra, ports: [] });
  }

  const lab = (e: LayoutEdge) => center(`${e.id}__lab`);
  const byAcross = (a: LayoutEdge, b: LayoutEdge) => across(lab(a)) - across(lab(b));
  // Port slots follow the order dagre gave the labels, so arrows into a layer do not cross.
  const inAt = new Map<string, { c: number; port?: string }>();
  const outAt = new Map<string, number>();
  for (const n of nodes) {
    const p = placedNodes.get(n.id)!;
    const lo = across(p.body) - acrossOf(p.body) / 2;
    const hi = across(p.body) + acrossOf(p.body) / 2;
    const ins = [...(incoming.get(n.id) ?? [])].sort(byAcross);
    const names = n.ports.length ? n.ports : [];
    const order = names.length
      ? [...names].sort((a, b) => {
          const ea = ins.findIndex((e) => (e.port ?? names[0]) === a);
          const eb = ins.findIndex((e) => (e.port ?? names[0]) === b);
          return (ea < 0 ? 1e9 : ea) - (eb < 0 ? 1e9 : eb);
        })
      : [];
    const inSlots = slots(Math.max(order.length, ins.length), lo, hi);
    if (order.length) {
      const pb = n.portBox ?? { width: 10, height: 15 };
      const edgeIn = along(p.body) - alongOf(p.body) / 2;
      order.forEach((name, i) => {
        const c = inSlots[i];
        const label = { ...pb, ...pt(edgeIn + PORT_INSET + alongOf(pb) / 2, c) };
        p.ports.push({ name, at: pt(edgeIn, c), label });
      });
      for (const e of ins) inAt.set(e.id, { c: inSlots[Math.max(0, order.indexOf(e.port ?? names[0]))], port: e.port ?? names[0] });
    } else {
      ins.forEach((e, i) => inAt.set(e.id, { c: inSlots[i] }));
    }
    const outs = [...(outgoing.get(n.id) ?? [])].sort(byAcross);
    const outSlots = slots(outs.length, lo, hi);
    outs.forEach((e, i) => outAt.set(e.id, outSlots[i]));
  }

  // A label's arrow line is off its centre when its two texts differ in size; dagre aligned the
  // centre. Slide each label across the flow so the line meets its ports straight, where the
  // slide hits nothing else in its rank.
  const byRank = new Map<number, string[]>();
  for (const id of g.nodes()) (byRank.get(rankOf(g, id)) ?? byRank.set(rankOf(g, id), []).get(rankOf(g, id))!).push(id);
  const MARGIN = 6;
  for (const e of edges) {
    const id = `${e.id}__lab`;
    const d = g.node(id) as Rect;
    const l = labels.get(e.id)!;
    const want = ((outAt.get(e.id) ?? across(center(e.source))) + (inAt.get(e.id)?.c ?? across(center(e.target)))) / 2;
    const shift = want - (across(d) - acrossOf(l) / 2 + l.line);
    if (Math.abs(shift) < 0.5) continue;
    const lo = across(d) + shift - acrossOf(d) / 2 - MARGIN;
    const hi = across(d) + shift + acrossOf(d) / 2 + MARGIN;
    // Nor out of the room a packed layout was given.
    if (lo + MARGIN < 0 && packed || hi - MARGIN > packedTo) continue;
    const blocked = byRank.get(rankOf(g, id))!.some((o) => {
      if (o === id) return false;
      const r = g.node(o) as Rect;
      return across(r) + acrossOf(r) / 2 > lo && across(r) - acrossOf(r) / 2 < hi;
    });
    if (blocked) continue;
    if (lr) d.y += shift;
    else d.x += shift;
  }

  const placedEdges = new Map<string, PlacedEdge>();
  for (const e of edges) {
    const s = placedNodes.get(e.source)!.body;
    const t = placedNodes.get(e.target)!.body;
    const l = labels.get(e.id)!;
    const lc = lab(e);
    const lBand = bands.get(rankOf(g, `${e.id}__lab`))!;
    const sBand = bands.get(rankOf(g, e.source))!;
    const tBand = bands.get(rankOf(g, e.target))!;
    const sEnd = along(s) + alongOf(s) / 2;
    const tEnd = along(t) - alongOf(t) / 2;
    const sc = outAt.get(e.id) ?? across(s);
    const tc = inAt.get(e.id)?.c ?? across(t);
    const line = across(lc) - acrossOf(l) / 2 + l.line;
    // Long edges pass through dagre's dummy points, each widened to run straight across its band.
    const via = (v: string, w: string) => {
      const pts = ((g.edge(v, w) as { points?: Point[] } | undefined)?.points ?? []).slice(1, -1);
      const out: Point[] = [];
      for (const p of pts) {
        const b = bandAt(along(p));
        if (b && b !== sBand && b !== tBand && b !== lBand) out.push(pt(b.lo, across(p)), pt(b.hi, across(p)));
      }
      return out;
    };
    const centre = [
      pt(sEnd, sc),
      pt(Math.max(sBand.hi, sEnd + STUB), sc),
      ...via(e.source, `${e.id}__lab`),
      pt(lBand.lo, line),
      pt(lBand.hi, line),
      ...via(`${e.id}__lab`, e.target),
      pt(Math.min(tBand.lo, tEnd - STUB), tc),
      pt(tEnd, tc),
    ];
    // The two lanes are the centre line moved across the flow (not along its normal): inside a
    // band both stay exactly LANE from the centre, so they pass between the label's two texts.
    const lane = (d: number) => simplify(centre.map((p) => pt(along(p), across(p) + d)));
    const forward = lane(-LANE);
    const placed: PlacedEdge = { forward, port: inAt.get(e.id)?.port };
    if (e.backward) placed.backward = lane(LANE).reverse();
    const top = across(lc) - acrossOf(l) / 2;
    if (stackedIds.has(e.id)) {
      // Both texts left of the arrows, the value above its gradient (the label box is their stack).
      const f = e.forward && e.forward.width > 0 ? e.forward : undefined;
      const b = e.backward && e.backward.width > 0 ? e.backward : undefined;
      const start = along(lc) - alongOf(l) / 2;
      const right = line - LANE - TEXT_GAP;
      if (f) placed.forwardLabel = { ...f, ...pt(start + alongOf(f) / 2, right - acrossOf(f) / 2) };
      if (b) placed.backwardLabel = { ...b, ...pt(start + (f ? alongOf(f) + TEXT_GAP : 0) + alongOf(b) / 2, right - acrossOf(b) / 2) };
      placedEdges.set(e.id, placed);
      continue;
    }
    if (e.forward && e.forward.width > 0) {
      const c = line - LANE - TEXT_GAP - acrossOf(e.forward) / 2;
      placed.forwardLabel = { ...e.forward, ...pt(along(lc), Math.max(c, top + acrossOf(e.forward) / 2)) };
    }
    if (e.backward && e.backward.width > 0) placed.backwardLabel = { ...e.backward, ...pt(along(lc), line + LANE + TEXT_GAP + acrossOf(e.backward) / 2) };
    placedEdges.set(e.id, placed);
  }

  // Bounds of bodies, texts and arrows.
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  const add = (r: Rect) => {
    x1 = Math.min(x1, r.x - r.width / 2);
    y1 = Math.min(y1, r.y - r.height / 2);
    x2 = Math.max(x2, r.x + r.width / 2);
    y2 = Math.max(y2, r.y + r.height / 2);
  };
  for (const n of placedNodes.values()) [n.body, n.extra].forEach((r) => r && add(r));
  for (const e of placedEdges.values()) {
    [e.forwardLabel, e.backwardLabel].forEach((r) => r && add(r));
    for (const p of [...e.forward, ...(e.backward ?? [])]) add({ ...p, width: 0, height: 0 });
  }
  if (!Number.isFinite(x1)) [x1, y1, x2, y2] = [0, 0, 0, 0];
  return { orientation: o, stacked, nodes: placedNodes, edges: placedEdges, x1, y1, width: x2 - x1, height: y2 - y1 };
}

/** The zoom at which the whole layout fits the viewport, less a padding on every side. */
export function fitZoom(l: Layout, width: number, height: number, pad: number): number {
  if (l.width <= 0 || l.height <= 0) return 1;
  return Math.min((width - 2 * pad) / l.width, (height - 2 * pad) / l.height);
}

/**
 * The orientation rule: lay the graph out both ways and keep the one that fits the panel at the
 * larger zoom (capped at `maxZoom`, past which bigger is not better), preferring left to right, as
 * the book draws it, unless top to bottom reads at least 15 % larger. A wide panel so gets LR; a
 * tall or narrow one gets TB whenever LR would be clearly smaller there.
 */
export function choose(lr: Layout, tb: Layout, width: number, height: number, pad: number, maxZoom: number): Layout {
  const zl = Math.min(maxZoom, fitZoom(lr, width, height, pad));
  const zt = Math.min(maxZoom, fitZoom(tb, width, height, pad));
  return zt > zl * TB_MARGIN ? tb : lr;
}

const TB_MARGIN = 1.15;

/** Column of each node: its longest distance from a source (the flow's step order uses it). */
export function ranks(nodeIds: string[], edges: { source: string; target: string }[]): Map<string, number> {
  const rank = new Map(nodeIds.map((id) => [id, 0]));
  // The graph is a small DAG; relaxing |V| times settles every longest path.
  for (let i = 0; i < nodeIds.length; i++) {
    let changed = false;
    for (const e of edges) {
      const r = (rank.get(e.source) ?? 0) + 1;
      if (r > (rank.get(e.target) ?? 0)) {
        rank.set(e.target, r);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return rank;
}
