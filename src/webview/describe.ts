// The graph as text: a list screen readers can read (the canvas cannot be read) whose items take
// keyboard focus in graph order, and the report sent to the host, which is what the tests check.
// Each item lies over the element it describes (same on-screen box, moved on pan, zoom and
// re-layout), so focus rings, magnifiers and touch exploration land where the element is drawn.
import type cytoscape from 'cytoscape';
import type { TraceGraph } from '../engine/graph';
import type { RenderReport } from '../protocol';
import type { Drawn } from './draw';
import { t } from './strings';

export type Focusable = { node: string } | { edge: string };

type Report = Omit<RenderReport, 'width' | 'height'>;

export function describeGraph(target: HTMLElement, graph: TraceGraph, drawn: Pick<Drawn, 'labels' | 'states'> & Partial<Pick<Drawn, 'cy'>>, onFocus: (f: Focusable) => void): Report {
  const names = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const list = document.createElement('ul');
  list.setAttribute('aria-label', t('graphLabel'));
  const items = new Map<string, HTMLLIElement>();
  const item = (text: string, f: Focusable) => {
    const li = document.createElement('li');
    // textContent, never innerHTML: values and labels are text.
    li.textContent = text;
    li.tabIndex = 0;
    li.dataset.target = 'node' in f ? `node:${f.node}` : `edge:${f.edge}`;
    li.addEventListener('focus', () => onFocus(f));
    list.append(li);
    items.set(li.dataset.target, li);
  };
  for (const n of graph.nodes) {
    const state = drawn.states.get(n.id)?.full;
    item(`${t('nodeText', n.label)} (${t(`kind_${n.kind}`)})${state ? `: ${state}` : ''}`, { node: n.id });
  }
  const edges = graph.edges.map((e) => {
    const l = drawn.labels.get(e.id) ?? { forward: '', backward: '' };
    const parts = [t('edgeText', names.get(e.source) ?? e.source, names.get(e.target) ?? e.target)];
    if (l.forward) parts.push(t('forwardText', l.forward));
    if (l.backward) parts.push(t('backwardText', l.backward));
    item(parts.join('; '), { edge: e.id });
    return { id: e.id, forward: l.forward, backward: l.backward };
  });
  target.replaceChildren(list);
  if (drawn.cy) overlay(target, drawn.cy, items);
  return {
    nodes: graph.nodes.map((n) => {
      const state = drawn.states.get(n.id)?.full;
      return state ? { id: n.id, label: n.label, state } : { id: n.id, label: n.label };
    }),
    edges,
  };
}

/** The on-screen box of what an item names: a node's body, an edge's labels (its arrows run between them). */
function boxOf(cy: cytoscape.Core, target: string): cytoscape.BoundingBox12 & cytoscape.BoundingBoxWH | undefined {
  const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  let els: cytoscape.CollectionReturnValue = cy.collection();
  if (kind === 'node') els = cy.getElementById(id);
  else {
    els = cy.getElementById(`${id}__fl`).union(cy.getElementById(`${id}__bl`));
    if (els.empty()) els = cy.getElementById(`${id}__f`).union(cy.getElementById(`${id}__b`));
  }
  if (els.empty()) return undefined;
  return els.renderedBoundingBox({ includeLabels: kind !== 'node', includeOverlays: false });
}

let detach: (() => void) | undefined;

/** Keeps the list over the graph area and each item over its element, now and on every move. */
function overlay(section: HTMLElement, cy: cytoscape.Core, items: Map<string, HTMLLIElement>): void {
  detach?.();
  section.classList.remove('sr-only');
  section.classList.add('graph-overlay');
  const container = cy.container();
  let queued = false;
  const place = () => {
    queued = false;
    if (!container) return;
    const r = container.getBoundingClientRect();
    Object.assign(section.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    for (const [target, li] of items) {
      const b = boxOf(cy, target);
      li.hidden = !b;
      if (!b) continue;
      Object.assign(li.style, { left: `${b.x1}px`, top: `${b.y1}px`, width: `${Math.max(1, b.w)}px`, height: `${Math.max(1, b.h)}px` });
    }
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(place);
  };
  place();
  cy.on('viewport resize', schedule);
  window.addEventListener('resize', schedule);
  detach = () => {
    window.removeEventListener('resize', schedule);
    if (!cy.destroyed()) cy.off('viewport resize', schedule);
  };
}
