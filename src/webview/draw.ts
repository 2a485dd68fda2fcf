// Draws the trace with cytoscape as in the book's figures: every edge is two arrows, the forward
// value above (or, top to bottom, left of) them and the gradient below (right) in red. The layout
// (scene.ts, layout/) is made for the panel's shape; cytoscape only paints it. Labels are their
// own label-only nodes so each sits exactly where the layout put it.
import cytoscape from 'cytoscape';
import type { TraceGraph } from '../engine/graph/graph';
import { elementsOf, planScene, type ElementDef, type Segments } from './elements';
import type { EdgeLabels } from '../scene/labels';
import type { NodeState } from '../scene/nodeLabels';
import type { Orientation } from '../scene/layout';
import type { Scene } from '../scene/scene';
import { drawFirstDirect } from './firstCanvas';
import { graphStyle } from './style';
import { theme } from './theme';
import { bindTooltips } from './tooltip';
import { fitView, MAX_ZOOM, MIN_ZOOM } from './viewport';

import { PAD } from './elements';

export interface Drawn {
  cy: cytoscape.Core;
  scene: Scene;
  orientation: Orientation;
  labels: Map<string, EdgeLabels>;
  states: Map<string, NodeState>;
  segments: Segments;
}

export type TapTarget = { node: string } | { edge: string };

/**
 * True when the container's new size is in another size class (layout/policy.ts): the policy now
 * chooses another level, so the graph is laid out again; inside the class the drawn scene stands.
 */
export function wantsOtherOrientation(d: Drawn, container: HTMLElement): boolean {
  return planScene(d.scene.graph, container) !== d.scene;
}

/** What the canvas holds now, flow classes and labels included, as plain definitions (the SVG export). */
export function definitionsOf(cy: cytoscape.Core): ElementDef[] {
  return cy.elements().map((el) => {
    const def: ElementDef = { group: el.isNode() ? 'nodes' : 'edges', data: { ...(el.data() as ElementDef['data']) }, classes: el.classes().join(' ') };
    if (el.isNode()) def.position = { ...el.position() };
    return def;
  });
}

/**
 * cytoscape's renderer adds a <style> (`position: relative` for its container) unless an element
 * with its id is there; the panel's CSP refuses inline styles, so that would be a CSP violation
 * each time. webview.css already has the rule (#graph): an empty element with the id says so.
 */
function markStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const mark = document.createElement('meta');
  mark.id = id;
  document.head.append(mark);
}

/** Draws `graph` (or an already planned scene of it, as the first frame drew it) on a new canvas. */
export function drawGraph(container: HTMLElement, graph: TraceGraph, onTap: (t: TapTarget) => void, previous?: cytoscape.Core, planned?: Scene): Drawn {
  const scene = planned ?? planScene(graph, container);
  const { elements, segments } = elementsOf(scene);
  previous?.destroy();
  markStylesheet();
  const cy = cytoscape({
    container,
    elements,
    // Placed where the scene has them; the fit below sets the view (the preset's own fit measured every element's style once more, cold: bench:outside's Chromium trace).
    layout: { name: 'preset', fit: false },
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    autoungrabify: true,
    boxSelectionEnabled: false,
    style: graphStyle(theme()),
  });
  drawFirstDirect(cy);
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
    if (!node) return undefined;
    // a layer's gradient-check verdict (why it was not checked, where it failed) on hover too
    const verdict = scene.graph.nodes.find((n) => n.id === node)?.verdict?.text;
    return [scene.states.get(node)?.full, verdict].filter(Boolean).join('\n\n') || undefined;
  });
  const drawn: Drawn = { cy, scene, orientation: scene.layout.orientation, labels: scene.labels, states: scene.states, segments };
  fitReadable(cy, drawn.orientation);
  return drawn;
}

/** The fit of viewport.ts (the first frame's too) on the canvas's own bounding box. */
export function fitReadable(cy: cytoscape.Core, o: Orientation = 'LR'): void {
  cy.resize();
  const view = fitView(cy.elements().boundingBox(), cy.width(), cy.height(), o);
  if (view) cy.viewport(view);
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
