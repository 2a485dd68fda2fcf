// Draws the trace with cytoscape as in the book's figures: every logical edge becomes two
// arrows, the forward value above (left to right) and the gradient below in red (right to left).
// Labels are their own label-only nodes so each sits exactly above or below its arrow. Layer
// nodes show their cached state (ReLU's mask, Sigmoid's out) under their name.
import cytoscape from 'cytoscape';
import type { TraceGraph } from '../protocol';
import { edgeLabels, nodeState, type EdgeLabels } from './labels';
import { LANE, NODE_H, NODE_W, layout, type Box } from './layout';
import { FONT_PX, graphStyle } from './style';
import { theme } from './theme';

const LINE_H = 15;
const LABEL_GAP = 6;
const PAD = 24;
/** Below this zoom 12 px labels are unreadable: a fit that would go lower pans instead. */
export const READABLE_ZOOM = 0.75;

/** Where an arrow runs, in model coordinates: the flow animation moves its pulse along it. */
export interface Segment {
  x1: number;
  x2: number;
  y: number;
}

export interface Drawn {
  cy: cytoscape.Core;
  labels: Map<string, EdgeLabels>;
  states: Map<string, string>;
  segments: Map<string, { forward?: Segment; backward: Segment }>;
}

let measureCtx: CanvasRenderingContext2D | null | undefined;

function measure(text: string, font: string): Box {
  if (!text) return { width: 0, height: 0 };
  measureCtx ??= document.createElement('canvas').getContext('2d');
  let width = 0;
  const lines = text.split('\n');
  for (const l of lines) {
    let w = l.length * FONT_PX * 0.62;
    if (measureCtx) {
      measureCtx.font = font;
      w = measureCtx.measureText(l).width;
    }
    width = Math.max(width, w);
  }
  return { width: Math.ceil(width) + 6, height: lines.length * LINE_H + 4 };
}

export type TapTarget = { node: string } | { edge: string };

export function drawGraph(container: HTMLElement, graph: TraceGraph, onTap: (t: TapTarget) => void, previous?: cytoscape.Core): Drawn {
  const t = theme();
  const font = `${FONT_PX}px ${t.mono}`;
  const labels = edgeLabels(graph);
  const states = new Map<string, string>();
  for (const n of graph.nodes) {
    const s = nodeState(n, graph);
    if (s) states.set(n.id, s);
  }
  const boxes = graph.edges.map((e) => {
    const l = labels.get(e.id) as EdgeLabels;
    return { source: e.source, target: e.target, above: measure(l.forward, font), below: measure(l.backward, font) };
  });
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodeSize = (id: string): Box => {
    const n = byId.get(id);
    const name = measure(n?.label ?? '', `15px ${t.mono}`);
    const state = states.get(id);
    const s = state ? measure(state, font) : { width: 0, height: 0 };
    const min = n?.kind === 'layer' ? NODE_W : 48;
    return { width: Math.max(min, name.width + 20, s.width + 20), height: Math.max(NODE_H, name.height + s.height + 16) };
  };
  const placed = layout(graph.nodes.map((n) => n.id), boxes, nodeSize);

  const elements: cytoscape.ElementDefinition[] = graph.nodes.map((n) => {
    const p = placed.nodes.get(n.id) ?? { x: 0, y: 0, width: NODE_W, height: NODE_H };
    const state = states.get(n.id);
    const expandable = n.layer === 'sigmoid' || n.layer === 'relu' ? ' expandable' : '';
    return {
      group: 'nodes',
      data: { id: n.id, label: state ? `${n.label}\n${nbsp(state)}` : n.label, w: p.width, h: p.height },
      classes: `${n.kind}${state ? ' stateful' : ''}${expandable}`,
      position: { x: p.x, y: p.y },
    };
  });
  const segments = new Map<string, { forward?: Segment; backward: Segment }>();
  graph.edges.forEach((e, i) => {
    const a = placed.nodes.get(e.source);
    const b = placed.nodes.get(e.target);
    const g = placed.edges[i];
    if (!a || !b) return;
    const l = labels.get(e.id) as EdgeLabels;
    const mid = (g.x1 + g.x2) / 2;
    // Endpoints are offsets from each node's centre: forward runs in the lane above the row line,
    // backward in the lane below, so the two arrows never overlap.
    const end = (node: typeof a, x: number, lane: number) => `${x - node.x}px ${g.y + lane - node.y}px`;
    const seg: { forward?: Segment; backward: Segment } = { backward: { x1: g.x2, x2: g.x1, y: g.y + LANE } };
    if (e.forward) {
      seg.forward = { x1: g.x1, x2: g.x2, y: g.y - LANE };
      elements.push({
        group: 'edges',
        data: { id: `${e.id}__f`, source: e.source, target: e.target, edge: e.id },
        classes: 'forward',
        style: { 'source-endpoint': end(a, g.x1, -LANE), 'target-endpoint': end(b, g.x2, -LANE) },
      });
      const box = boxes[i].above;
      elements.push(labelNode(`${e.id}__fl`, e.id, 'forward', l.forward, box, mid, g.y - LANE - LABEL_GAP - box.height / 2));
    }
    segments.set(e.id, seg);
    elements.push({
      group: 'edges',
      data: { id: `${e.id}__b`, source: e.target, target: e.source, edge: e.id },
      classes: 'backward',
      style: { 'source-endpoint': end(b, g.x2, LANE), 'target-endpoint': end(a, g.x1, LANE) },
    });
    const box = boxes[i].below;
    elements.push(labelNode(`${e.id}__bl`, e.id, 'backward', l.backward, box, mid, g.y + LANE + LABEL_GAP + box.height / 2));
  });

  previous?.destroy();
  const cy = cytoscape({
    container,
    elements,
    layout: { name: 'preset', padding: PAD },
    minZoom: 0.02,
    maxZoom: 4,
    autoungrabify: true,
    boxSelectionEnabled: false,
    style: graphStyle(t),
  });
  cy.on('tap', 'node', (ev) => {
    const n = ev.target as cytoscape.NodeSingular;
    if (!n.hasClass('label') && !n.hasClass('pulse')) onTap({ node: n.id() });
  });
  cy.on('tap', 'edge', (ev) => onTap({ edge: String((ev.target as cytoscape.EdgeSingular).data('edge')) }));
  fitReadable(cy);
  return { cy, labels, states, segments };
}

function nbsp(text: string): string {
  // No-break spaces: cytoscape's wrapping would otherwise eat the spaces that align numpy's columns.
  return text.replace(/ /g, '\u00a0');
}

function labelNode(id: string, edge: string, dir: 'forward' | 'backward', text: string, box: Box, x: number, y: number): cytoscape.ElementDefinition {
  return {
    group: 'nodes',
    data: { id, edge, label: nbsp(text), w: box.width, h: box.height },
    classes: `label ${dir}`,
    position: { x, y },
    selectable: false,
  };
}

/** Fit the whole graph; if that makes labels unreadable, keep a readable zoom and show the left end (x). */
export function fitReadable(cy: cytoscape.Core): void {
  cy.resize();
  cy.fit(undefined, PAD);
  if (cy.zoom() >= READABLE_ZOOM) return;
  const bb = cy.elements().boundingBox();
  const h = cy.height();
  cy.zoom(READABLE_ZOOM);
  // Vertically centred when it fits, else from the top; horizontally from the left edge.
  const y = bb.h * READABLE_ZOOM < h ? (h - bb.h * READABLE_ZOOM) / 2 - bb.y1 * READABLE_ZOOM : PAD - bb.y1 * READABLE_ZOOM;
  cy.pan({ x: PAD - bb.x1 * READABLE_ZOOM, y });
}

export function fitAll(cy: cytoscape.Core): void {
  cy.resize();
  cy.fit(undefined, PAD);
}

/** Zoom about the centre of the panel, as the toolbar buttons and + / − keys do. */
export function zoomBy(cy: cytoscape.Core, factor: number): void {
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
  cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}
