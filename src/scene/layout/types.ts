// The shapes the layout works in (boxes by their centre, as cytoscape places nodes), the graph it
// is given (nodes with their measured texts and ports, edges with their two texts) and what it
// gives back, with the few fixed distances every presentation level shares.

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
  /** Text kept with the node: an input's summed gradient, or a parameter's texts (below in LR, to the left in TB). */
  extra?: Box;
  /** TB: the extra text above the node instead (a parameter's texts on its outer side). */
  extraAbove?: boolean;
  /** Labelled input ports in the book's order (`x`, `y`; `x`, `W`, `b`); empty when the node takes one value. */
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
}

export interface PlacedNode {
  body: Rect;
  /** Parameters inside their layer (cards.ts): the whole card; `body` is then its title. */
  card?: Rect;
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
  /** TB only: edges' forward and backward texts stacked on one side of their arrows where a rank is shared. */
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
export const TEXT_GAP = 3;
export const STUB = 5;
export const EXTRA_GAP = 4;
export const PORT_INSET = 4;
/**
 * Kept free under the room by whatever sits side by side in it (a card's row, a label's value and
 * gradient about its arrows): a text drawn a little wider than it measured (a proportional editor
 * font, the host's first frame measured before the panel reported its font) stays inside the panel.
 */
export const ROOM_MARGIN = 4;

/** A node's border in px at zoom 1, drawn half outside its box (webview/style.ts gives it to cytoscape; a card's rows keep room for it). */
export const BORDER = 2;
/** How far a port name's band reaches into its node (a 12 px line and the inset). */
export const PORT_BAND = 18 + PORT_INSET;

/** Where the arrows cross a node's side, in order along it; fixed after dagre has ordered the nodes. */
export function slots(n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 1)) / (n + 1));
}

/** Drops repeated and collinear points, so a straight run is one segment. */
export function simplify(points: Point[]): Point[] {
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

/** Along the flow (x in LR) and across it (y in LR), so one code path serves both directions. */
export interface Axis {
  lr: boolean;
  along: (p: Point) => number;
  across: (p: Point) => number;
  pt: (a: number, c: number) => Point;
  size: (a: number, c: number) => Box;
  alongOf: (b: Box) => number;
  acrossOf: (b: Box) => number;
}

export function axis(o: Orientation): Axis {
  const lr = o === 'LR';
  return {
    lr,
    along: (p) => (lr ? p.x : p.y),
    across: (p) => (lr ? p.y : p.x),
    pt: (a, c) => (lr ? { x: a, y: c } : { x: c, y: a }),
    size: (a, c) => (lr ? { width: a, height: c } : { width: c, height: a }),
    alongOf: (b) => (lr ? b.width : b.height),
    acrossOf: (b) => (lr ? b.height : b.width),
  };
}
