// Places the trace graph left to right, column by column, like the book's figures. Positions
// come from the graph's structure and label sizes only, so re-tracing the same kind of graph
// gives the same picture (no force layout that jumps around). Every edge runs horizontally in
// its row; an input feeding several rows is drawn tall enough to span them. An expanded Sigmoid
// is a longer row: its primitives keep the row of the layer they replace.

export interface Box {
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
  /** Size of the forward label (drawn above the edge) and the backward label (below). */
  above: Box;
  below: Box;
}

export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeGeometry {
  /** The row's y, and the x where the edge leaves its source and reaches its target. */
  y: number;
  x1: number;
  x2: number;
}

export interface Layout {
  nodes: Map<string, Placed>;
  edges: EdgeGeometry[];
}

export const NODE_W = 96;
export const NODE_H = 44;
/** Half the distance between the forward arrow (above) and the backward arrow (below). */
export const LANE = 7;
const MIN_GAP = 56;
const LABEL_PAD = 10;

/** Column of each node: its longest distance from a source, so every edge points right. */
export function ranks(nodeIds: string[], edges: LayoutEdge[]): Map<string, number> {
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

/**
 * Row of each node: nodes fed by a shared source (x in the side-by-side view) open a row each,
 * in graph order; every other node stays in its predecessor's row.
 */
function rowsOf(nodeIds: string[], edges: LayoutEdge[], rank: Map<string, number>): Map<string, number> {
  const order = [...nodeIds].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  const fanOut = new Map<string, number>();
  for (const e of edges) fanOut.set(e.source, (fanOut.get(e.source) ?? 0) + 1);
  const row = new Map<string, number>();
  let next = 0;
  for (const id of order) {
    const from = edges.find((e) => e.target === id);
    const r = from ? row.get(from.source) : undefined;
    if (!from) row.set(id, -1); // a source: spans all rows
    else if (r !== undefined && r >= 0 && (fanOut.get(from.source) ?? 0) <= 1) row.set(id, r);
    else row.set(id, next++);
  }
  return row;
}

export function layout(nodeIds: string[], edges: LayoutEdge[], nodeSize: (id: string) => Box = () => ({ width: NODE_W, height: NODE_H })): Layout {
  const rank = ranks(nodeIds, edges);
  const row = rowsOf(nodeIds, edges, rank);
  const rows = Math.max(1, ...[...row.values()].map((r) => r + 1));
  const columns: string[][] = [];
  for (const id of nodeIds) (columns[rank.get(id) ?? 0] ??= []).push(id);

  const gap: number[] = columns.map(() => MIN_GAP);
  let rowHeight = NODE_H + 40;
  for (const e of edges) {
    const c = rank.get(e.target) ?? 0;
    gap[c] = Math.max(gap[c], Math.max(e.above.width, e.below.width) + 2 * LABEL_PAD);
    rowHeight = Math.max(rowHeight, e.above.height + e.below.height + 2 * (LANE + LABEL_PAD) + 24);
  }
  for (const id of nodeIds) if ((row.get(id) ?? -1) >= 0) rowHeight = Math.max(rowHeight, nodeSize(id).height + 48);

  const nodes = new Map<string, Placed>();
  let left = 0;
  columns.forEach((col, c) => {
    const width = Math.max(...col.map((id) => nodeSize(id).width));
    if (c > 0) left += gap[c];
    const x = left + width / 2;
    for (const id of col) {
      const r = row.get(id) ?? -1;
      if (r < 0) nodes.set(id, { x, y: 0, width, height: (rows - 1) * rowHeight + NODE_H });
      else nodes.set(id, { x, y: (r - (rows - 1) / 2) * rowHeight, width, height: Math.max(NODE_H, nodeSize(id).height) });
    }
    left += width;
  });

  const geometry = edges.map((e) => {
    const a = nodes.get(e.source) as Placed;
    const b = nodes.get(e.target) as Placed;
    // The row is that of the target unless the source is in a row (not the tall, spanning input).
    const y = (row.get(e.source) ?? -1) < 0 ? b.y : a.y;
    return { y, x1: a.x + a.width / 2, x2: b.x - b.width / 2 };
  });
  return { nodes, edges: geometry };
}
