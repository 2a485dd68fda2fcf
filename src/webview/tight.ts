// The tight and narrow tries of planSceneIn (elements.ts), for graphs of many big values (run
// mode's nets) and panels too narrow for every other layout: which edges' texts sit beside their
// source node, on which side of the layer's input a parameter goes, and where those texts land.
import type { TraceGraph } from '../engine/graph/graph';
import type { EdgeLabels, Short } from './labels';
import type { Box, Layout, Rect } from './layout';

/** Where an attached edge's two texts are drawn, by edge. */
export type Beside = Map<string, { forwardLabel?: Rect; backwardLabel?: Rect }>;

/**
 * The narrow try (tight, planSceneIn's last resort for a panel too narrow for every other): bare
 * names at 12 px in boxes with less padding, ranks' neighbours closer (layout.ts), an input's or
 * parameter's value not named again on its edge, a big value's range to two digits (labels.ts);
 * `above`: a parameter's texts above its node (its outer side), not beside it, when width is what
 * the panel lacks.
 */
export interface Narrow {
  above?: boolean;
  /** The edges' small arrays wrapped at numpy's usual width, not the tight one: when height is short. */
  wide?: boolean;
}

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

/**
 * Tight: a layer's first parameter (W) is kept left of the layer's first input (x), the rest (b)
 * right of it, so the inputs' rank is balanced about the flow's line instead of growing to one
 * side. By parameter edge: the input edge it goes before or after.
 */
export function paramSides(graph: TraceGraph, attached: Set<string>): Map<string, { before?: string; after?: string }> {
  const out = new Map<string, { before?: string; after?: string }>();
  for (const layer of graph.nodes) {
    const ins = graph.edges.filter((x) => x.target === layer.id);
    const input = ins.find((x) => !attached.has(x.id));
    if (!input) continue;
    ins.filter((x) => attached.has(x.id)).forEach((x, i) => out.set(x.id, i === 0 ? { before: input.id } : { after: input.id }));
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
