// Run mode's verdicts put into the graph shown (protocol/verdicts.ts), not drawn again: the layer's
// badge, border, marks and tooltip, its edges' ✗, the text list over the graph and the drawer take
// the new verdicts, while the zoom, the pan, the step-through and what the drawer shows stay. The
// texts and boxes come from the same level of the scene the canvas shows (so a verdict reads as it
// would in a fresh drawing); every position stays where it was drawn.
import type { TraceGraph } from '../engine/graph/graph';
import type { RenderReport, VerdictPatch } from '../protocol';
import { patchGraph } from '../protocol/verdicts';
import { describeGraph, onCanvas, type Focusable } from './describe';
import type { Drawn } from './draw';
import { elementsOf, sceneAtLevelOf, type ElementDef } from './elements';
import { geometry } from './geometry';
import { pickersShown, showGraphInfo } from './toolbar';
import { $, post, view } from './state';

/** The ids of the canvas elements that draw a node or an edge (elements.ts names them so). */
function touched(p: VerdictPatch): (id: string) => boolean {
  const nodes = new Set(p.nodes.map((n) => n.id));
  const edges = new Set(p.edges.map((e) => e.id));
  return (id) => {
    const cut = id.indexOf('__');
    const owner = cut < 0 ? id : id.slice(0, cut);
    return nodes.has(owner) || edges.has(owner);
  };
}

/** One element's classes and (for nodes: bodies and labels) its texts and box from `def`; never its position. */
function update(drawn: Drawn, old: ElementDef, def: ElementDef): void {
  const el = drawn.cy.getElementById(def.data.id);
  if (el.empty()) return;
  const now = new Set(def.classes.split(' ').filter(Boolean));
  // classes the flow and the focus put on it (not in either definition) stay
  const gone = old.classes.split(' ').filter((c) => c && !now.has(c));
  if (gone.length) el.removeClass(gone.join(' '));
  el.addClass([...now].join(' '));
  if (def.group !== 'nodes' || JSON.stringify(old.data) === JSON.stringify(def.data)) return;
  const stale = Object.keys(old.data).filter((k) => !(k in def.data));
  if (stale.length) el.removeData(stale.join(' '));
  el.data(def.data);
}

/** The canvas's elements of the patched nodes and edges, their texts kept for the tooltips and the list. */
function patchCanvas(drawn: Drawn, next: TraceGraph, p: VerdictPatch): void {
  const scene = sceneAtLevelOf(next, drawn.scene, $('graph'));
  const mine = touched(p);
  const before = new Map(elementsOf(drawn.scene).elements.filter((d) => mine(d.data.id)).map((d) => [d.data.id, d]));
  const after = elementsOf(scene).elements.filter((d) => mine(d.data.id));
  drawn.cy.batch(() => {
    for (const def of after) {
      const old = before.get(def.data.id);
      if (old) update(drawn, old, def);
    }
  });
  // cytoscape keeps a node's text as a picture of its old size (a one-line "b …" showed "LED:" of
  // "FAILED: dx"): the stylesheet applied again measures every text anew
  drawn.cy.style().update();
  for (const e of p.edges) {
    const l = scene.labels.get(e.id);
    if (l) drawn.labels.set(e.id, l);
  }
  for (const n of p.nodes) {
    const s = scene.states.get(n.id);
    if (s) drawn.states.set(n.id, s);
  }
  drawn.graph = next;
}

/** Focus back on the text item it was on (the list is made again). */
function refocus(target: string | undefined): void {
  if (!target) return;
  Array.from(document.querySelectorAll<HTMLElement>('#graph-text [data-target]')).find((e) => e.dataset.target === target)?.focus();
}

/**
 * Puts a verdict patch into the graph on the canvas (call it once the canvas is there). `open`
 * shows the drawer again for what it showed (its verdict changed); `focus` is the list's.
 */
export function applyVerdicts(p: VerdictPatch, inspector: { open(f: Focusable): void; focus(f: Focusable): void }): void {
  const { graph, drawn } = view;
  if (!graph || !drawn) return;
  const next = patchGraph(graph, p);
  view.graph = next;
  // a re-layout later (resize, drawer) keeps the step-through of this same graph
  if (view.graphDrawn === graph) view.graphDrawn = next;
  patchCanvas(drawn, next, p);
  const focused = document.activeElement instanceof HTMLElement && $('graph-text').contains(document.activeElement) ? document.activeElement.dataset.target : undefined;
  const report = describeGraph($('graph-text'), next, drawn, (f) => inspector.focus(f), onCanvas(drawn.cy));
  refocus(focused);
  showGraphInfo(next);
  if (view.detailsFor) {
    const pane = $('details');
    const scroll = pane.scrollTop;
    inspector.open(view.detailsFor);
    pane.scrollTop = scroll;
  }
  const container = $('graph');
  requestAnimationFrame(() => {
    if (view.drawn !== drawn) return;
    const full: RenderReport = { ...report, width: container.clientWidth, height: container.clientHeight, pickers: pickersShown(), geometry: geometry(drawn.cy, drawn.orientation) };
    post({ type: 'rendered', report: full });
  });
}
