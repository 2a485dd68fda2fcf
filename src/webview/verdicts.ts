// Run mode's verdicts put into the graph shown (protocol/verdicts.ts), not laid out again: the
// layer's badge, border, marks and tooltip, its edges' ✗, the text list over the graph and the
// drawer take the new verdicts, while the zoom, the pan, the step-through (and Play), what the
// drawer shows and every node's place stay. The canvas is drawn afresh from the scene it shows,
// its positions kept and only the patched nodes' and edges' texts and boxes taken from the same
// level laid out for the new graph (editing cytoscape's elements in place left stale pictures of
// their old texts in its caches: "LED:" of "FAILED: dx"). A card whose title grows (FAILED) is planned again
// for the panel and fits itself: kept, it would cover the card's first row.
import type { TraceGraph } from '../engine/graph/graph';
import type { VerdictPatch } from '../protocol';
import { patchGraph } from '../protocol/verdicts';
import type { Rect } from '../scene/layout';
import type { Scene } from '../scene/scene';
import { planScene, sceneAtLevelOf } from './elements';
import type { Renderer } from './render';
import { $, view } from './state';

/** `old`'s box re-sized to `fresh`'s about the same centre (a verdict's text is longer or taller). */
const resized = (old: Rect | undefined, fresh: Rect | undefined): Rect | undefined => (old && fresh ? { ...old, width: fresh.width, height: fresh.height } : old);

/** The scene shown, for `next`: every position kept; the patched nodes' and edges' boxes, and every text, from `next` laid out at the same level. */
function keptScene(old: Scene, next: TraceGraph, p: VerdictPatch): Scene | undefined {
  const fresh = sceneAtLevelOf(next, old, $('graph'));
  const nodes = new Map(old.layout.nodes);
  for (const { id } of p.nodes) {
    const [was, now] = [old.layout.nodes.get(id), fresh.layout.nodes.get(id)];
    // A card's title that grows (FAILED's line) would cover the card's first row: none kept, the
    // graph planned again for the panel (it fits itself, applyVerdicts).
    if (was?.card && now && (now.body.height > was.body.height + 0.5 || now.body.width > was.body.width + 0.5)) return undefined;
    if (was && now) nodes.set(id, { ...was, body: resized(was.body, now.body) as Rect });
  }
  const edges = new Map(old.layout.edges);
  for (const { id } of p.edges) {
    const [was, now] = [old.layout.edges.get(id), fresh.layout.edges.get(id)];
    if (was && now) edges.set(id, { ...was, forwardLabel: resized(was.forwardLabel, now.forwardLabel), backwardLabel: resized(was.backwardLabel, now.backwardLabel) });
  }
  const { labels, states, grads, nodeText } = fresh;
  return { ...old, graph: next, labels, states, grads, nodeText, layout: { ...old.layout, nodes, edges } };
}

/** Focus back on the text item it was on (the list is made again). */
function refocus(target: string | undefined): void {
  if (!target) return;
  Array.from(document.querySelectorAll<HTMLElement>('#graph-text [data-target]')).find((e) => e.dataset.target === target)?.focus();
}

/** Puts a verdict patch into the graph on the canvas (call it once the canvas is there). */
export function applyVerdicts(p: VerdictPatch, render: Renderer['render']): void {
  const { graph, drawn, flow } = view;
  if (!graph || !drawn) return;
  const next = patchGraph(graph, p);
  const container = $('graph');
  const kept = keptScene(drawn.scene, next, p);
  const scene = kept ?? planScene(next, container);
  const viewport = { zoom: drawn.cy.zoom(), pan: { ...drawn.cy.pan() } };
  const playing = flow?.playing;
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && $('graph-text').contains(active) ? active.dataset.target : undefined;
  // the same graph as far as the flow goes: surface.ts keeps its step
  if (view.graphDrawn === graph) view.graphDrawn = next;
  render(next, undefined, { graph: next, scene, width: container.clientWidth, height: container.clientHeight, at: performance.now(), receivedAt: Date.now() });
  // the new canvas fits itself (and the drawer reveals its element): the reader's view again
  if (kept) view.drawn?.cy.stop(true, false).viewport(viewport);
  if (playing) view.flow?.play();
  // focus where it was: the list's item (made again), else the element (the drawer's own focus move undone)
  if (focused) refocus(focused);
  else if (active instanceof HTMLElement && active.isConnected && active !== document.activeElement) active.focus();
}
