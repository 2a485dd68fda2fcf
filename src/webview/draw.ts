// Draws the trace with cytoscape as in the book's figures: every logical edge becomes two
// arrows, the forward value above (left to right) and the gradient below in red (right to left).
// Labels are their own label-only nodes so each sits exactly above or below its arrow.
import cytoscape from 'cytoscape';
import type { TraceGraph } from '../protocol';
import { edgeLabels, type EdgeLabels } from './labels';
import { LANE, NODE_H, NODE_W, layout, type Box } from './layout';
import { theme } from './theme';

const FONT_PX = 12;
const LINE_H = 15;
const LABEL_GAP = 6;

let cy: cytoscape.Core | undefined;
let measureCtx: CanvasRenderingContext2D | null | undefined;

function measure(text: string, font: string): Box {
  if (!text) return { width: 0, height: 0 };
  measureCtx ??= document.createElement('canvas').getContext('2d');
  const lines = text.split('\n');
  let width = 0;
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

export function drawGraph(container: HTMLElement, graph: TraceGraph): Map<string, EdgeLabels> {
  const t = theme();
  const font = `${FONT_PX}px ${t.mono}`;
  const labels = edgeLabels(graph);
  const boxes = graph.edges.map((e) => {
    const l = labels.get(e.id) as EdgeLabels;
    return { source: e.source, target: e.target, above: measure(l.forward, font), below: measure(l.backward, font) };
  });
  const kinds = new Map(graph.nodes.map((n) => [n.id, n]));
  // Layers get a box that fits their name; x, y and dout are small round nodes.
  const nodeW = (id: string) => {
    const n = kinds.get(id);
    const fit = measure(n?.label ?? '', `15px ${t.mono}`).width + 20;
    return Math.max(n?.kind === 'layer' ? NODE_W : 48, fit);
  };
  const placed = layout(
    graph.nodes.map((n) => n.id),
    boxes,
    nodeW,
  );

  const elements: cytoscape.ElementDefinition[] = graph.nodes.map((n) => {
    const p = placed.nodes.get(n.id) ?? { x: 0, y: 0, width: NODE_W, height: NODE_H };
    return {
      group: 'nodes',
      data: { id: n.id, label: n.label, w: p.width, h: p.height },
      classes: n.kind,
      position: { x: p.x, y: p.y },
    };
  });
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
    if (e.forward) {
      elements.push({
        group: 'edges',
        data: { id: `${e.id}__f`, source: e.source, target: e.target, edge: e.id },
        classes: 'forward',
        style: { 'source-endpoint': end(a, g.x1, -LANE), 'target-endpoint': end(b, g.x2, -LANE) },
      });
      const box = boxes[i].above;
      elements.push(labelNode(`${e.id}__fl`, e.id, 'forward', l.forward, box, mid, g.y - LANE - LABEL_GAP - box.height / 2));
    }
    elements.push({
      group: 'edges',
      data: { id: `${e.id}__b`, source: e.target, target: e.source, edge: e.id },
      classes: 'backward',
      style: { 'source-endpoint': end(b, g.x2, LANE), 'target-endpoint': end(a, g.x1, LANE) },
    });
    const box = boxes[i].below;
    elements.push(labelNode(`${e.id}__bl`, e.id, 'backward', l.backward, box, mid, g.y + LANE + LABEL_GAP + box.height / 2));
  });

  cy?.destroy();
  cy = cytoscape({
    container,
    elements,
    layout: { name: 'preset', padding: 24 },
    minZoom: 0.02,
    maxZoom: 4,
    autoungrabify: true,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'text-valign': 'center',
          'text-halign': 'center',
          'font-size': 15,
          'font-family': t.mono,
          color: t.fg,
          'background-color': t.nodeBg,
          'border-width': 2,
          'border-color': t.fg,
          shape: 'round-rectangle',
          width: 'data(w)',
          height: 'data(h)',
        },
      },
      { selector: 'node.input, node.output', style: { 'border-color': t.accent } },
      { selector: 'node.output, node.input', style: { shape: 'round-rectangle' } },
      { selector: 'node.output', style: { shape: 'ellipse' } },
      { selector: 'node.dout', style: { shape: 'ellipse', 'border-color': t.red, color: t.red, 'border-style': 'dashed' } },
      {
        selector: 'node.label',
        style: {
          shape: 'rectangle',
          'background-opacity': 0,
          'border-width': 0,
          'font-size': FONT_PX,
          'text-wrap': 'wrap',
          'text-max-width': '100000px',
          'text-justification': 'left',
          events: 'no',
        },
      },
      { selector: 'node.label.backward', style: { color: t.red } },
      {
        selector: 'edge',
        style: {
          'curve-style': 'straight',
          'target-arrow-shape': 'triangle',
          width: 2,
        },
      },
      { selector: 'edge.forward', style: { 'line-color': t.fg, 'target-arrow-color': t.fg } },
      { selector: 'edge.backward', style: { 'line-color': t.red, 'target-arrow-color': t.red } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': t.accent } },
    ],
  });
  cy.fit(undefined, 24);
  return labels;
}

function labelNode(id: string, edge: string, dir: 'forward' | 'backward', text: string, box: Box, x: number, y: number): cytoscape.ElementDefinition {
  return {
    group: 'nodes',
    // No-break spaces: cytoscape's wrapping would otherwise eat the spaces that align numpy's columns.
    data: { id, edge, label: text.replace(/ /g, '\u00a0'), w: box.width, h: box.height },
    classes: `label ${dir}`,
    position: { x, y },
    selectable: false,
  };
}

/** Fit the graph again when the panel is resized. */
export function refit(): void {
  cy?.resize();
  cy?.fit(undefined, 24);
}
