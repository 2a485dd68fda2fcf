// Packs dagre's layout across the flow into the room the panel has (pack.ts does the numbers):
// the items are the nodes, the labels and the points where a long edge crosses a rank; the joins
// are the arrows, from a node's out slot through those points to its label's line and on to the
// target's in slot, with the slots as the placement spreads them.
import { pack, type PackItem, type PackJoin } from './pack';
import { labId, rankOf, type Dagre } from './ranks';
import { LANE, type Axis, type Box, type LayoutEdge, type LayoutNode, type Point, type Rect } from './types';

export function packAcross(g: Dagre, nodes: LayoutNode[], edges: LayoutEdge[], bodies: Map<string, Box>, labels: Map<string, Box & { line: number }>, ax: Axis, room: number, nodesep: number): boolean {
  const { across, acrossOf, along } = ax;
  const items: PackItem[] = [];
  const rankAt = new Map<number, number>();
  for (const id of g.nodes()) {
    const d = g.node(id) as Rect;
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
  const labelAt = (e: LayoutEdge) => across(g.node(labId(e)) as Point);
  const above = new Set(nodes.filter((n) => n.extraAbove).map((n) => n.id));
  const bodyOff = (id: string) => {
    if (above.has(id)) return 0; // centred under its text
    const box = acrossOf(g.node(id) as Box);
    const body = acrossOf(bodies.get(id)!);
    return ax.lr ? (body - box) / 2 : (box - body) / 2;
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
    chain(e.source, slot(e.source, outs.indexOf(e), outs.length), labId(e), line);
    chain(labId(e), line, e.target, slot(e.target, ins.indexOf(e), Math.max(ports.get(e.target) ?? 0, ins.length)));
  }
  const c = pack(items, joins, room);
  if (!c) return false;
  const set = (p: Point, v: number) => (ax.lr ? (p.y = v) : (p.x = v));
  for (const id of g.nodes()) set(g.node(id) as Point, c.get(id)!);
  for (const [key, pts] of crossings) pts.forEach((p, k) => set(p, c.get(`${key}#${k}`)!));
  return true;
}

/** How far the dagre boxes reach across the flow, from 0 (where packAcross puts the first). */
export function extentAcross(g: Dagre, ax: Axis): number {
  let hi = 0;
  for (const id of g.nodes()) {
    const d = g.node(id) as Rect;
    hi = Math.max(hi, ax.across(d) + ax.acrossOf(d) / 2);
  }
  return hi;
}
