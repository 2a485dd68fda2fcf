// The graph as text: a list screen readers can read (the canvas cannot be read) whose items take
// keyboard focus in graph order, and the report sent to the host, which is what the tests check.
// Each item lies over the element it describes (same on-screen box, moved on pan, zoom and
// re-layout), so focus rings, magnifiers and touch exploration land where the element is drawn:
// on cytoscape's canvas, or on the first frame's SVG before it.
import type cytoscape from 'cytoscape';
import type { TraceGraph } from '../engine/graph/graph';
import type { RenderReport } from '../protocol';
import type { Drawn } from './draw';
import type { ElementDef } from './elements';
import { t } from './strings';
import { borderOf, type View } from './viewport';

export type Focusable = { node: string } | { edge: string };

type Report = Omit<RenderReport, 'width' | 'height'>;

type OnScreen = { x1: number; y1: number; w: number; h: number };

/** Where the items go: the graph area, each element's on-screen box, and when the view moves. */
export interface Placement {
  container: HTMLElement | null;
  boxOf(target: string): OnScreen | undefined;
  /** Calls `moved` on every pan, zoom or resize of the view; returns how to stop. */
  watch(moved: () => void): () => void;
}

export function describeGraph(target: HTMLElement, graph: TraceGraph, drawn: Pick<Drawn, 'labels' | 'states'>, onFocus: (f: Focusable) => void, placement?: Placement): Report {
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
    // the verdict first: a screen reader hears "FAILED" before the layer's values
    const extra = [n.verdict?.text, ...(n.marks?.length ? [n.marks.join(' ')] : [])].filter(Boolean).join('. ');
    item(`${t('nodeText', n.label)} (${t(`kind_${n.kind}`)})${extra ? `, ${extra}` : ''}${state ? `: ${state}` : ''}`, { node: n.id });
  }
  const edges = graph.edges.map((e) => {
    const l = drawn.labels.get(e.id) ?? { forward: '', backward: '' };
    const parts = [t('edgeText', names.get(e.source) ?? e.source, names.get(e.target) ?? e.target)];
    if (l.forward) parts.push(t('forwardText', l.forward));
    if (l.backward) parts.push(t('backwardText', l.backward));
    if (e.gradcheck && !e.gradcheck.ok) parts.push(`gradient check FAILED on ${e.backwardName ?? 'this gradient'}`);
    if (e.note) parts.push(e.note);
    item(parts.join('; '), { edge: e.id });
    return { id: e.id, forward: l.forward, backward: l.backward };
  });
  target.replaceChildren(list);
  if (placement) overlay(target, placement, items);
  return {
    nodes: graph.nodes.map((n) => {
      const state = drawn.states.get(n.id)?.full;
      return { id: n.id, label: n.label, ...(state ? { state } : {}), ...(n.verdict ? { verdict: n.verdict.text } : {}), ...(n.marks?.length ? { marks: n.marks } : {}) };
    }),
    edges,
  };
}

const split = (target: string) => [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];

/** The on-screen box of what an item names: a node's body, an edge's labels (its arrows run between them). */
function boxOf(cy: cytoscape.Core, target: string): OnScreen | undefined {
  const [kind, id] = split(target);
  let els: cytoscape.CollectionReturnValue = cy.collection();
  if (kind === 'node') els = cy.getElementById(id);
  else {
    els = cy.getElementById(`${id}__fl`).union(cy.getElementById(`${id}__bl`));
    if (els.empty()) els = cy.getElementById(`${id}__f`).union(cy.getElementById(`${id}__b`));
  }
  if (els.empty()) return undefined;
  return els.renderedBoundingBox({ includeLabels: kind !== 'node', includeOverlays: false });
}

export function onCanvas(cy: cytoscape.Core): Placement {
  return {
    container: cy.container(),
    boxOf: (target) => boxOf(cy, target),
    watch: (moved) => {
      cy.on('viewport resize', moved);
      return () => {
        if (!cy.destroyed()) cy.off('viewport resize', moved);
      };
    },
  };
}

/**
 * The same boxes on the first frame's SVG: the definitions at the zoom and pan the canvas will
 * take (as cytoscape measures a body: its size and border, 1 px more for antialiasing).
 */
export function onFirstFrame(container: HTMLElement, defs: readonly ElementDef[], view: View): Placement {
  const byId = new Map(defs.map((d) => [d.data.id, d]));
  const screen = (ids: string[]): OnScreen | undefined => {
    let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const id of ids) {
      const d = byId.get(id);
      if (!d) continue;
      if (d.group === 'nodes' && d.position) {
        const b = borderOf(new Set(d.classes.split(' ')));
        const [hw, hh] = [(Number(d.data.w) + b) / 2 + 1, (Number(d.data.h) + b) / 2 + 1];
        [x1, y1, x2, y2] = [Math.min(x1, d.position.x - hw), Math.min(y1, d.position.y - hh), Math.max(x2, d.position.x + hw), Math.max(y2, d.position.y + hh)];
      } else for (const p of (d.data.pts as { x: number; y: number }[] | undefined) ?? []) [x1, y1, x2, y2] = [Math.min(x1, p.x - 2), Math.min(y1, p.y - 2), Math.max(x2, p.x + 2), Math.max(y2, p.y + 2)];
    }
    if (!Number.isFinite(x1)) return undefined;
    const { zoom: z, pan } = view;
    return { x1: x1 * z + pan.x, y1: y1 * z + pan.y, w: (x2 - x1) * z, h: (y2 - y1) * z };
  };
  return {
    container,
    boxOf: (target) => {
      const [kind, id] = split(target);
      if (kind === 'node') return screen([id]);
      return screen(byId.has(`${id}__fl`) || byId.has(`${id}__bl`) ? [`${id}__fl`, `${id}__bl`] : [`${id}__f`, `${id}__b`]);
    },
    watch: () => () => undefined,
  };
}

let detach: (() => void) | undefined;

/** Keeps the list over the graph area and each item over its element, now and on every move. */
function overlay(section: HTMLElement, placement: Placement, items: Map<string, HTMLLIElement>): void {
  detach?.();
  section.classList.remove('sr-only');
  section.classList.add('graph-overlay');
  const container = placement.container;
  let queued = false;
  const place = () => {
    queued = false;
    if (!container) return;
    const r = container.getBoundingClientRect();
    Object.assign(section.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    for (const [target, li] of items) {
      const b = placement.boxOf(target);
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
  // In the next frame with the page's own layout, not a layout of its own now (the list and the canvas just came).
  schedule();
  const stop = placement.watch(schedule);
  window.addEventListener('resize', schedule);
  detach = () => {
    window.removeEventListener('resize', schedule);
    stop();
  };
}
