// The fit as numbers, without cytoscape: the first frame (an SVG) and the canvas after it use the
// same zoom and pan, so the hand-over between them does not move the graph.
import type { ElementDef } from './elements';
import type { Orientation, Point } from './layout';
import { PAD } from './layout/policy';
import { BORDER } from './layout/types';

export { BORDER };
/** An arrow's line, in px at zoom 1 (webview/style.ts gives it to cytoscape), as the node's BORDER (layout/types.ts). */
export const EDGE_W = 2;
/** The fit never zooms below this: 12 px text stays 12 px. A graph too big for that pans instead. */
export const READABLE_ZOOM = 1;
/** Nor above this: a tiny graph need not fill a big panel with huge text. */
export const MAX_FIT_ZOOM = 1.6;

export interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface View {
  zoom: number;
  pan: Point;
}

/** cytoscape's zoom limits for the panel (draw.ts creates it with these). */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

/** A node's border as the stylesheet draws it (style.ts): none on labels, double on expandable layers. */
export function borderOf(classes: ReadonlySet<string>): number {
  if (classes.has('label')) return 0;
  return classes.has('expandable') ? 2 * BORDER + 1 : BORDER;
}

/**
 * The box cytoscape's `elements().boundingBox()` gives for these definitions: each node's body and
 * border, each arrow's points and line width, grown by cytoscape's 1 px for antialiasing. Labels sit
 * inside their nodes' boxes (the layout sizes the boxes from the text), so they add nothing.
 */
export function boundsOf(defs: readonly ElementDef[]): Bounds | undefined {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (a: number, b: number, c: number, d: number) => ([x1, y1, x2, y2] = [Math.min(x1, a), Math.min(y1, b), Math.max(x2, c), Math.max(y2, d)]);
  for (const d of defs) {
    const classes = new Set(d.classes.split(' '));
    if (classes.has('pulse')) continue;
    if (d.group === 'nodes' && d.position) {
      const hw = (Number(d.data.w) + borderOf(classes)) / 2;
      const hh = (Number(d.data.h) + borderOf(classes)) / 2;
      add(d.position.x - hw, d.position.y - hh, d.position.x + hw, d.position.y + hh);
    } else if (d.group === 'edges') {
      for (const p of (d.data.pts as Point[] | undefined) ?? []) add(p.x - EDGE_W / 2, p.y - EDGE_W / 2, p.x + EDGE_W / 2, p.y + EDGE_W / 2);
    }
  }
  if (!Number.isFinite(x1)) return undefined;
  return { x1: x1 - 1, y1: y1 - 1, x2: x2 + 1, y2: y2 + 1 };
}

/**
 * Fit the whole graph, at a zoom between READABLE_ZOOM and MAX_FIT_ZOOM, in an area of w × h (what
 * cytoscape's fit with PAD, then the clamps, would set). A graph that does not fit at 12 px keeps
 * that zoom and shows where the flow starts (the left end in LR, the top in TB).
 */
export function fitView(bb: Bounds, w: number, h: number, o: Orientation): View | undefined {
  const [bw, bh] = [bb.x2 - bb.x1, bb.y2 - bb.y1];
  if (!(w > 0 && h > 0 && bw > 0 && bh > 0)) return undefined;
  let zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((w - 2 * PAD) / bw, (h - 2 * PAD) / bh)));
  zoom = Math.min(zoom, MAX_FIT_ZOOM);
  if (zoom >= READABLE_ZOOM) return { zoom, pan: { x: (w - zoom * (bb.x1 + bb.x2)) / 2, y: (h - zoom * (bb.y1 + bb.y2)) / 2 } };
  const z = READABLE_ZOOM;
  // Centred on the axis where it fits, from the start on the one where it does not.
  const x = o === 'TB' && bw * z < w ? (w - bw * z) / 2 - bb.x1 * z : PAD - bb.x1 * z;
  const y = o === 'LR' && bh * z < h ? (h - bh * z) / 2 - bb.y1 * z : PAD - bb.y1 * z;
  return { zoom: z, pan: { x, y } };
}
