// Parameters off their edges (the levels with `params: 'beside'` or `'above'`, layout/levels.ts),
// for graphs of many big values (run mode's nets) in narrow panels: which edges' texts sit beside
// (or above) their source node, and where those texts land.
import type { TraceGraph } from '../engine/graph/graph';
import type { EdgeLabels, Short } from './labels';
import type { Box, Layout, Rect } from './layout/types';

/** Where an attached edge's two texts are drawn, by edge. */
export type Beside = Map<string, { forwardLabel?: Rect; backwardLabel?: Rect }>;

/** Between a parameter's value and its gradient where both sit beside its node (tight). */
export const ATTACHED_GAP = 3;

/**
 * Tight (TB): the edges whose texts sit beside their source node instead of on the edge, a
 * parameter's only edge (W into Affine). Its node's rank holds only small nodes (x, W, b), while
 * the rank of the layer's input labels below would otherwise hold three pairs of texts side by side.
 */
export function attachedEdges(graph: TraceGraph): Set<string> {
  const out = new Set<string>();
  for (const n of graph.nodes) {
    const es = n.kind === 'param' ? graph.edges.filter((e) => e.source === n.id) : [];
    if (es.length === 1) out.add(es[0].id);
  }
  return out;
}

/** A value above its gradient, the box they take together beside the node. */
export function stackBox(f: Box | undefined, b: Box | undefined): Box | undefined {
  if (!f || !b) return f ?? b;
  return { width: Math.max(f.width, b.width), height: f.height + ATTACHED_GAP + b.height };
}

/** An attached edge's two texts in its source's `extra` box: the value on top, both against the node. */
export function besideTexts(graph: TraceGraph, attached: Set<string>, labels: Map<string, EdgeLabels>, placed: Layout, box: (s: Short | undefined) => Box | undefined, above: boolean): Beside {
  const out: Beside = new Map();
  for (const e of graph.edges) {
    const r = attached.has(e.id) ? placed.nodes.get(e.source)?.extra : undefined;
    const l = labels.get(e.id);
    if (!r || !l) continue;
    let top = r.y - r.height / 2;
    const at = (s: Short | undefined): Rect | undefined => {
      const b = box(s);
      if (!b) return undefined;
      // Against the node: its left (beside it) or centred over it (above).
      const rect = { ...b, x: above ? r.x : r.x + r.width / 2 - b.width / 2, y: top + b.height / 2 };
      top += b.height + ATTACHED_GAP;
      return rect;
    };
    out.set(e.id, { forwardLabel: at(l.forwardShort), backwardLabel: at(l.backwardShort) });
  }
  return out;
}
