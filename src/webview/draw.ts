// Draws the trace with cytoscape as in the book's figures: every edge is two arrows, the forward
// value above (or, top to bottom, left of) them and the gradient below (right) in red. The layout
// (scene.ts, layout.ts) is made for the panel's shape; cytoscape only paints it. Labels are their
// own label-only nodes so each sits exactly where the layout put it.
import cytoscape from 'cytoscape';
import type { TraceGraph } from '../engine/graph';
import { glyphUrl } from './glyph';
import type { EdgeLabels, NodeState, Short } from './labels';
import { choose, fitZoom, type Orientation, type Point, type Rect } from './layout';
import { buildScene, FONT_PX, GLYPH, GLYPH_GAP, GLYPH_TOP_GAP, LINE_H, type Measure, type Scene } from './scene';
import { graphStyle } from './style';
import { theme } from './theme';
import { bindTooltips } from './tooltip';

export const PAD = 12;
/** The fit never zooms below this: 12 px text stays 12 px. A graph too big for that pans instead. */
export const READABLE_ZOOM = 1;
/** Nor above this: a tiny graph need not fill a big panel with huge text. */
export const MAX_FIT_ZOOM = 1.6;

/** Where an arrow runs, in model coordinates, source end first: the flow moves its pulse along it. */
export interface Segment {
  points: Point[];
}

export interface Drawn {
  cy: cytoscape.Core;
  scene: Scene;
  orientation: Orientation;
  labels: Map<string, EdgeLabels>;
  states: Map<string, NodeState>;
  segments: Map<string, { forward?: Segment; backward?: Segment }>;
}

let measureCtx: CanvasRenderingContext2D | null | undefined;

function measurer(mono: string): Measure {
  return (text, px) => {
    if (!text) return { width: 0, height: 0 };
    measureCtx ??= document.createElement('canvas').getContext('2d');
    const lines = text.split('\n');
    let width = 0;
    for (const l of lines) {
      let w = [...l].length * px * 0.6;
      if (measureCtx) {
        measureCtx.font = `${px}px ${mono}`;
        w = measureCtx.measureText(l).width;
      }
      width = Math.max(width, w);
    }
    return { width: Math.ceil(width) + 6, height: lines.length * LINE_H + 4 };
  };
}

export type TapTarget = { node: string } | { edge: string };

/**
 * The layout for this graph in this container: both orientations tried, the better-fitting kept;
 * top to bottom that does not fit at full size (a narrow side panel) stacks each edge's two texts;
 * what still does not fit at 12 px is drawn compact, whichever compact layout fits largest.
 */
export function planScene(graph: TraceGraph, container: HTMLElement): Scene {
  const m = measurer(theme().mono);
  const lr = buildScene(graph, m, 'LR');
  const tb = buildScene(graph, m, 'TB');
  const w = container.clientWidth || 600;
  const h = container.clientHeight || 400;
  const pick = choose(lr.layout, tb.layout, w, h, PAD, MAX_FIT_ZOOM) === lr.layout ? lr : tb;
  const zoom = (sc: Scene) => fitZoom(sc.layout, w, h, PAD);
  if (zoom(pick) >= READABLE_ZOOM) return pick;
  const stacked = buildScene(graph, m, 'TB', true);
  if (zoom(stacked) >= READABLE_ZOOM) return stacked;
  // Nothing fits at 12 px: the compact forms (labels.ts) last, so a graph that fits keeps its look.
  const tries = [pick, stacked, buildScene(graph, m, 'LR', false, true), buildScene(graph, m, 'TB', false, true), buildScene(graph, m, 'TB', true, true)];
  return tries.reduce((best, sc) => (zoom(sc) > zoom(best) ? sc : best));
}

/** True when the container's shape now calls for another layout (re-layout on resize). */
export function wantsOtherOrientation(d: Drawn, container: HTMLElement): boolean {
  const next = planScene(d.scene.graph, container);
  return next.layout.orientation !== d.orientation || next.layout.stacked !== d.scene.layout.stacked || next.compact !== d.scene.compact;
}

const nbsp = (text: string) => text.replace(/ /g, '\u00a0'); // cytoscape's wrapping would eat numpy's aligning spaces

function labelNode(id: string, classes: string, s: Short, r: Rect, extra: Record<string, unknown> = {}): cytoscape.ElementDefinition {
  const data: Record<string, unknown> = { id, label: nbsp(s.text), w: r.width, h: r.height, ...extra };
  const top = s.glyphAt === 'top';
  // The text moves aside (or down) by half the glyph's room: the node's box holds both.
  if (s.glyph) Object.assign(data, { img: glyphUrl(s.glyph), shift: top ? 0 : (GLYPH + GLYPH_GAP) / 2, drop: top ? (GLYPH + GLYPH_TOP_GAP) / 2 : 0 });
  const glyph = s.glyph ? (top ? ' glyph glyph-top' : ' glyph') : '';
  return { group: 'nodes', data, classes: `label ${classes}${glyph}`, position: { x: r.x, y: r.y }, selectable: false };
}

/**
 * One arrow: endpoints as offsets from the nodes' centres, the bends as cytoscape segment points.
 * They go in data() for the stylesheet to map: cytoscape ignores a curve-style set as a bypass
 * when the element is created.
 */
function arrow(id: string, edge: string, dir: 'forward' | 'backward', from: string, to: string, pts: Point[], a: Point, b: Point): cytoscape.ElementDefinition {
  const p0 = pts[0];
  const p1 = pts[pts.length - 1];
  const data: Record<string, unknown> = { id, source: from, target: to, edge, pts, se: `${p0.x - a.x}px ${p0.y - a.y}px`, te: `${p1.x - b.x}px ${p1.y - b.y}px` };
  const inner = pts.slice(1, -1);
  if (inner.length) {
    // cytoscape places segment point k at p0 + w·(p1 − p0) + d·n, n = (−dy, dx) / |p1 − p0|.
    const dx = p1.x - p0.x;
    const dy = p1.y - p0.y;
    const len2 = dx * dx + dy * dy || 1;
    const len = Math.sqrt(len2);
    data.sw = inner.map((p) => ((p.x - p0.x) * dx + (p.y - p0.y) * dy) / len2).join(' ');
    data.sd = inner.map((p) => ((p.x - p0.x) * -dy + (p.y - p0.y) * dx) / len).join(' ');
  }
  return { group: 'edges', data, classes: `${dir}${inner.length ? ' bent' : ''}` };
}

function elementsOf(scene: Scene): { elements: cytoscape.ElementDefinition[]; segments: Drawn['segments'] } {
  const { graph, layout } = scene;
  const elements: cytoscape.ElementDefinition[] = [];
  for (const n of graph.nodes) {
    const p = layout.nodes.get(n.id);
    if (!p) continue;
    const text = scene.nodeText.get(n.id) ?? { text: n.label, px: 14 };
    const ported = p.ports.length ? ` ported-${layout.orientation}` : '';
    const expandable = n.expandable ? ' expandable' : '';
    elements.push({
      group: 'nodes',
      data: { id: n.id, label: nbsp(text.text), w: p.body.width, h: p.body.height, px: text.px },
      classes: `${n.kind}${text.px === FONT_PX ? ' stateful' : ''}${expandable}${ported}`,
      position: { x: p.body.x, y: p.body.y },
    });
    for (const port of p.ports) {
      elements.push(labelNode(`${n.id}__port_${port.name}`, 'port', { text: port.name }, port.label, { node: n.id }));
    }
    const g = scene.grads.get(n.id);
    if (g && p.extra) elements.push(labelNode(`${n.id}__grad`, 'backward grad', g, p.extra, { node: n.id }));
  }
  const segments: Drawn['segments'] = new Map();
  for (const e of graph.edges) {
    const placed = layout.edges.get(e.id);
    const a = layout.nodes.get(e.source)?.body;
    const b = layout.nodes.get(e.target)?.body;
    const l = scene.labels.get(e.id);
    if (!placed || !a || !b || !l) continue;
    const seg: { forward?: Segment; backward?: Segment } = {};
    seg.forward = { points: placed.forward };
    elements.push(arrow(`${e.id}__f`, e.id, 'forward', e.source, e.target, placed.forward, a, b));
    if (l.forwardShort && placed.forwardLabel) elements.push(labelNode(`${e.id}__fl`, 'forward', l.forwardShort, placed.forwardLabel, { edge: e.id }));
    if (placed.backward) {
      seg.backward = { points: placed.backward };
      elements.push(arrow(`${e.id}__b`, e.id, 'backward', e.target, e.source, placed.backward, b, a));
    }
    if (l.backwardShort && placed.backwardLabel) elements.push(labelNode(`${e.id}__bl`, 'backward', l.backwardShort, placed.backwardLabel, { edge: e.id }));
    segments.set(e.id, seg);
  }
  return { elements, segments };
}

export function drawGraph(container: HTMLElement, graph: TraceGraph, onTap: (t: TapTarget) => void, previous?: cytoscape.Core): Drawn {
  const scene = planScene(graph, container);
  const { elements, segments } = elementsOf(scene);
  previous?.destroy();
  const cy = cytoscape({
    container,
    elements,
    layout: { name: 'preset', padding: PAD },
    minZoom: 0.05,
    maxZoom: 4,
    autoungrabify: true,
    boxSelectionEnabled: false,
    style: graphStyle(theme()),
  });
  cy.on('tap', 'node', (ev) => {
    const n = ev.target as cytoscape.NodeSingular;
    if (n.hasClass('pulse')) return;
    const edge = n.data('edge') as string | undefined;
    const node = n.data('node') as string | undefined;
    if (edge) onTap({ edge });
    else if (node) onTap({ node });
    else if (!n.hasClass('label')) onTap({ node: n.id() });
  });
  cy.on('tap', 'edge', (ev) => onTap({ edge: String((ev.target as cytoscape.EdgeSingular).data('edge')) }));
  // Hover: an edge (or either of its labels) shows both of its values in full; a node, its state.
  bindTooltips(cy, (el) => {
    const edge = el.data('edge') as string | undefined;
    if (edge) {
      const l = scene.labels.get(edge);
      return l ? [l.forward, l.backward].filter(Boolean).join('\n\n') : undefined;
    }
    const node = (el.data('node') as string | undefined) ?? (el.isNode() && !el.hasClass('label') ? el.id() : undefined);
    return node ? scene.states.get(node)?.full : undefined;
  });
  const drawn: Drawn = { cy, scene, orientation: scene.layout.orientation, labels: scene.labels, states: scene.states, segments };
  fitReadable(cy, drawn.orientation);
  return drawn;
}

/**
 * Fit the whole graph, at a zoom between READABLE_ZOOM and MAX_FIT_ZOOM. A graph that does not fit
 * at 12 px keeps that zoom and shows where the flow starts (the left end in LR, the top in TB).
 */
export function fitReadable(cy: cytoscape.Core, o: Orientation = 'LR'): void {
  cy.resize();
  cy.fit(undefined, PAD);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
  if (cy.zoom() >= READABLE_ZOOM) return;
  const bb = cy.elements().boundingBox();
  const z = READABLE_ZOOM;
  cy.zoom(z);
  const [w, h] = [cy.width(), cy.height()];
  // Centred on the axis where it fits, from the start on the one where it does not.
  const x = o === 'TB' && bb.w * z < w ? (w - bb.w * z) / 2 - bb.x1 * z : PAD - bb.x1 * z;
  const y = o === 'LR' && bb.h * z < h ? (h - bb.h * z) / 2 - bb.y1 * z : PAD - bb.y1 * z;
  cy.pan({ x, y });
}

/** Everything in view, whatever the zoom (the Fit button). */
export function fitAll(cy: cytoscape.Core): void {
  cy.resize();
  cy.fit(undefined, PAD);
}

/** Zoom about the centre of the panel, as the toolbar buttons and + / − keys do. */
export function zoomBy(cy: cytoscape.Core, factor: number): void {
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
  cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}
