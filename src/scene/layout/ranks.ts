// dagre's part of the layout: the ranks along the flow and the order within each rank, for the
// graph's nodes and one label node per edge (source → label → target), so no text can overlap a
// node or another text. The order is the book's: a layer's inputs in the order of its ports
// (x, W, b; x, t; apple, apple num), given to dagre as constraints rather than hoped for.
import dagre from '@dagrejs/dagre';
import type { Box, LayoutEdge, LayoutNode, Orientation, Point } from './types';
import { LANE, TEXT_GAP } from './types';

export type Dagre = InstanceType<typeof dagre.graphlib.Graph>;
export const rankOf = (g: Dagre, id: string): number => (g.node(id) as { rank?: number }).rank ?? 0;
export const labId = (e: LayoutEdge): string => `${e.id}__lab`;

/** Label node size and where its arrow line runs (offset from its top in LR, its left in TB). */
export function labelBox(e: LayoutEdge, o: Orientation, stacked: boolean): Box & { line: number } {
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
 * The book's order across the flow: into a layer with ports, each input's label (and its source,
 * where it shares the label's rank) before the next port's (fig 5-17: apple, apple num, orange,
 * orange num; Affine's x, W, b).
 */
function bookOrder(nodes: LayoutNode[], edges: LayoutEdge[]): { left: string; right: string }[] {
  const out: { left: string; right: string }[] = [];
  for (const n of nodes) {
    if (n.ports.length < 2) continue;
    const ins = edges.filter((e) => e.target === n.id).sort((a, b) => n.ports.indexOf(a.port ?? n.ports[0]) - n.ports.indexOf(b.port ?? n.ports[0]));
    for (let k = 0; k + 1 < ins.length; k++) {
      out.push({ left: labId(ins[k]), right: labId(ins[k + 1]) });
      if (ins[k].source !== ins[k + 1].source) out.push({ left: ins[k].source, right: ins[k + 1].source });
    }
  }
  return out;
}

/** The size dagre gives a node: its body and its extra text as one box (the text moves with it). */
export function nodeBox(n: LayoutNode, b: Box, lr: boolean, gap: number): Box {
  const x = n.extra;
  if (!x) return b;
  const along = lr || !!n.extraAbove; // below in LR, above in TB: along the flow from the node
  return along ? { width: Math.max(b.width, x.width), height: b.height + gap + x.height } : { width: b.width + gap + x.width, height: Math.max(b.height, x.height) };
}

/** dagre's layered layout of the nodes and of one label node per edge. */
export function rankGraph(nodes: LayoutNode[], edges: LayoutEdge[], bodies: Map<string, Box>, o: Orientation, stacked: Set<string>, sep: { ranksep: number; nodesep: number; extraGap: number }): Dagre {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: o, nodesep: sep.nodesep, ranksep: sep.ranksep, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, nodeBox(n, bodies.get(n.id)!, o === 'LR', sep.extraGap));
  for (const e of edges) {
    const l = labelBox(e, o, stacked.has(e.id));
    g.setNode(labId(e), { width: l.width, height: l.height });
    g.setEdge(e.source, labId(e), {});
    g.setEdge(labId(e), e.target, {});
  }
  const constraints = bookOrder(nodes, edges);
  dagre.layout(g, constraints.length ? { constraints } : undefined);
  mirrorToGraphOrder(g, nodes, o === 'LR');
  return g;
}

/**
 * Nodes of a rank with no ports to order them keep the graph's own order (ReLU's row, the first
 * in the graph, before Sigmoid's): where most come out reversed, the drawing is mirrored across
 * the flow. A mirror keeps every distance, and the book order of ports (constraints) wins: a
 * graph with ports that disagrees is left as it is.
 */
function mirrorToGraphOrder(g: Dagre, nodes: LayoutNode[], lr: boolean): void {
  if (nodes.some((n) => n.ports.length >= 2)) return;
  const across = (id: string) => {
    const d = g.node(id) as Point;
    return lr ? d.y : d.x;
  };
  let score = 0;
  nodes.forEach((a, i) => nodes.forEach((b, j) => {
    if (i < j && rankOf(g, a.id) === rankOf(g, b.id)) score += Math.sign(across(b.id) - across(a.id));
  }));
  if (score >= 0) return;
  const flip = (p: Point) => (lr ? (p.y = -p.y) : (p.x = -p.x));
  for (const id of g.nodes()) flip(g.node(id) as Point);
  for (const e of g.edges()) for (const p of (g.edge(e) as { points?: Point[] }).points ?? []) flip(p);
}

/** Each rank's members, by rank; a structure-only fact (same for every level of a graph). */
export function rankMembers(g: Dagre): Map<number, string[]> {
  const byRank = new Map<number, string[]>();
  for (const id of g.nodes()) (byRank.get(rankOf(g, id)) ?? byRank.set(rankOf(g, id), []).get(rankOf(g, id))!).push(id);
  return byRank;
}
