// What the panel shows, as geometry, for the tests: the graph area's size, the zoom, the
// orientation, the smallest text on screen and every node's and label's box, all in CSS px of
// the graph area (cytoscape's rendered positions: 0,0 is the area's top-left corner).
import type cytoscape from 'cytoscape';
import type { Orientation } from '../scene/layout';

export interface GeometryBox {
  id: string;
  kind: 'node' | 'label';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Geometry {
  viewport: { width: number; height: number };
  zoom: number;
  orientation: Orientation;
  /** The smallest font on screen: its model size times the zoom. */
  minFontPx: number;
  boxes: GeometryBox[];
}

const round = (v: number) => Math.round(v * 10) / 10;

export function geometry(cy: cytoscape.Core, orientation: Orientation): Geometry {
  const zoom = cy.zoom();
  let minFont = Infinity;
  const boxes: GeometryBox[] = [];
  cy.nodes().forEach((n) => {
    if (n.hasClass('pulse')) return;
    const label = String(n.data('label') ?? '');
    if (label) minFont = Math.min(minFont, Number.parseFloat(String(n.style('font-size'))) * zoom);
    // Port names are drawn inside their node: the node's box covers them.
    if (n.hasClass('port')) return;
    const bb = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
    boxes.push({ id: n.id(), kind: n.hasClass('label') ? 'label' : 'node', x: round(bb.x1), y: round(bb.y1), width: round(bb.w), height: round(bb.h) });
  });
  return {
    viewport: { width: cy.width(), height: cy.height() },
    zoom,
    orientation,
    minFontPx: Number.isFinite(minFont) ? round(minFont) : 0,
    boxes,
  };
}
