// Places the trace graph left to right, column by column, like the book's figures. Positions
// come from the graph's structure and label sizes only, so re-tracing the same kind of graph
// gives the same picture (no force layout that jumps around). Every edge runs horizontally in
// its row; an input feeding several rows is drawn tall enough to span them.

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

export function layout(nodeIds: string[], edges: LayoutEdge[], nodeWidth: (id: string) => number = () => NODE_W): Layout {
  const rank = ranks(nodeIds, edges);
  const columns: string[][] = [];
  for (const id of nodeIds) (columns[rank.get(id) ?? 0] ??= []).push(id);
  const rows = Math.max(1, ...columns.slice(1).map((c) => c.length));

  const gap: number[] = columns.map(() => MIN_GAP);
  let rowHeight = NODE_H + 40;
  for (const e of edges) {
    const c = rank.get(e.target) ?? 0;
    gap[c] = Math.max(gap[c], Math.max(e.above.width, e.below.width) + 2 * LABEL_PAD);
    rowHeight = Math.max(rowHeight, e.above.height + e.below.height + 2 * (LANE + LABEL_PAD) + 24);
  }

  const nodes = new Map<string, Placed>();
  let left = 0;
  columns.forEach((col, c) => {
    const width = Math.max(...col.map((id) => nodeWidth(id)));
    if (c > 0) left += gap[c];
    const x = left + width / 2;
    if (col.length === 1 && rows > 1) {
      // A lone node facing several rows (the shared input x) spans them all.
      nodes.set(col[0], { x, y: 0, width, height: (rows - 1) * rowHeight + NODE_H });
    } else {
      col.forEach((id, i) => nodes.set(id, { x, y: (i - (col.length - 1) / 2) * rowHeight, width, height: NODE_H }));
    }
    left += width;
  });

  const geometry = edges.map((e) => {
    const a = nodes.get(e.source) as Placed;
    const b = nodes.get(e.target) as Placed;
    // The row is that of the shorter node: an edge leaving a tall input runs along its target's row.
    const y = a.height > b.height ? b.y : a.y;
    return { y, x1: a.x + a.width / 2, x2: b.x - b.width / 2 };
  });
  return { nodes, edges: geometry };
}
