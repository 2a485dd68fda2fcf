// From a trace graph to what is drawn: every text and its box, laid out in one orientation.
// Pure (the caller passes the text measure: the canvas in the panel, a character count in the
// unit tests), so the tests check the geometry of the very labels the panel draws.
import type { GraphNode, TraceGraph } from '../engine/graph/graph';
import { edgeLabels, sharedText, sharedValues, type EdgeLabels, type Short } from './labels';
import { gradSum, nodeState, type NodeState } from './nodeLabels';
import { cardEdges, cardsOf, placeCards } from './cards';
import { inCard, isFewest, isShort, offEdge, type LevelOptions, type Presentation } from './layout/levels';
import { layout, lowerBound } from './layout/place';
import type { Box, Layout, LayoutEdge, LayoutNode } from './layout/types';
import { columnShare, foldColumns, foldedBound, placedBounds } from './layout/fold';
import { attachedEdges, besideTexts, stackBox, type Beside } from './tight';

/** Every text on the graph is at least this big at zoom 1; the fit never zooms below 1. */
export const FONT_PX = 12;
/** Node names (x, ReLU, ×) are a little bigger than values. */
export const NAME_PX = 14;
/** Line spacing of 12 px text (cytoscape's line-height is set to match). */
export const LINE_H = 14;
/** The heatmap glyph beside a big array's shape and min / max. */
export const GLYPH = 30;
export const GLYPH_GAP = 6;
export const GLYPH_TOP_GAP = 2;
/** The small glyph (the levels with `arrays: 'mark'`): one line of text tall. */
export const MARK = LINE_H + 2;
/** A glyph's side: the small one left of one line, else the usual. */
export const glyphSide = (at: Short['glyphAt']): number => (at === 'line' ? MARK : GLYPH);

export type Measure = (text: string, px: number) => Box;

/** A monospace estimate (0.6 em per character): the panel measures on a canvas instead. */
export const charMeasure: Measure = (text, px) => {
  if (!text) return { width: 0, height: 0 };
  const lines = text.split('\n');
  return { width: Math.ceil(Math.max(...lines.map((l) => [...l].length)) * px * 0.6) + 6, height: lines.length * LINE_H + 4 };
};

export interface Scene {
  graph: TraceGraph;
  labels: Map<string, EdgeLabels>;
  states: Map<string, NodeState>;
  /** Summed gradients drawn under inputs and parameters that branch. */
  grads: Map<string, Short>;
  /** Text drawn in each node (name, then its cache), its font size (12 px values, the name font), `bare`: a name alone at 12 px (narrow). */
  nodeText: Map<string, { text: string; px: number; bare?: boolean }>;
  ports: Map<string, string[]>;
  /** The presentation level it is drawn at (layout/levels.ts), and that level's name. */
  presentation: Presentation;
  level: string;
  /** Derived from the level: short words (3 digits, `dout = 1`, a shared value once in its node). */
  compact: boolean;
  /** Derived: parameters off their edges (beside or above their node). */
  tight: boolean;
  /** Derived: parameters off their edges and the fewest words. */
  narrow: boolean;
  /** Edges whose texts sit beside their source node (in its `extra` box, tight): where they are drawn. */
  beside: Beside;
  layout: Layout;
}

export function shortBox(s: Short | undefined, measure: Measure): Box | undefined {
  if (!s) return undefined;
  const b = measure(s.text, FONT_PX);
  if (!s.glyph) return b;
  if (s.glyphAt === 'top') return { width: Math.max(b.width, GLYPH), height: GLYPH + GLYPH_TOP_GAP + b.height };
  const side = glyphSide(s.glyphAt);
  return { width: b.width + side + GLYPH_GAP, height: Math.max(b.height, side + (s.glyphAt === 'line' ? 2 : 4)) };
}

/** Labelled ports: a layer taking more than one value (inputs and parameters). */
export function portsOf(n: GraphNode): string[] {
  const all = [...(n.inputs ?? []), ...(n.params ?? [])];
  return all.length > 1 ? all : [];
}

/** A long hyphenated name (`Softmax-with-Loss`) breaks after a hyphen near its middle: a narrower node. */
export function drawnName(label: string): string {
  if (label.length <= 10 || !label.includes('-')) return label;
  let best = -1;
  for (let i = label.indexOf('-'); i >= 0; i = label.indexOf('-', i + 1)) if (best < 0 || Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2)) best = i;
  return `${label.slice(0, best + 1)}\n${label.slice(best + 1)}`;
}

/**
 * The layout of the level's boxes: dagre's placement, then the cards' rows and the folded columns;
 * undefined, where the policy is choosing (`choosing`), for a level in columns that found no place
 * to fold (it would be the one column packed into a part of the room).
 */
function placeAll(laid: LayoutNode[], ledges: LayoutEdge[], p: LevelOptions, cards: ReturnType<typeof cardsOf> | undefined, choosing: boolean): Layout | undefined {
  const placed = layout(laid, ledges, p);
  if (cards) placeCards(placed, cards);
  const folded = p.flow === 'TB' && foldColumns(placed, p.columns);
  if (folded) Object.assign(placed, placedBounds(placed));
  else if (choosing && p.flow === 'TB' && p.columns > 1) return undefined;
  return placed;
}

/** A card's title: the layer's box, no taller than its text needs (a card is tall enough already). */
const headBox = (body: Box, text: Box): Box => ({ width: body.width, height: Math.min(body.height, text.height + 6) });

/** Room around a node's text, across: 5 px a side at the closest spacing (the measure adds 3 more). */
const NARROW_PAD = 10;

/**
 * Every text of the graph and the layout for it, at one presentation level (layout/levels.ts:
 * the flow's direction, how an edge's texts pair, how many words, where a parameter's texts go,
 * spacing, wrapping) and packed into `room` across the flow when given.
 */
export function buildScene(graph: TraceGraph, measure: Measure, p: LevelOptions, name = ''): Scene {
  return sceneWithin(graph, measure, p, name) as Scene;
}

/**
 * buildScene, or, when `limit` (the room along and across at zoom 1, as a box) is given and the
 * level's texts alone cannot fit it (layout/place.ts lowerBound), only that bound: the policy
 * skips the level without laying it out; undefined when the level is not one for this graph (a
 * level in columns that found no place to fold: it would be the one column packed into a part
 * of the room, its arrows run round each other). With `placed` (a layout made already, by the host
 * for the page's first frame: policy.ts adoptPlan) the texts are made and that layout is taken as is.
 */
export function sceneWithin(graph: TraceGraph, measure: Measure, level: LevelOptions, name: string, limit?: Box, placed?: Layout): Scene | { bound: Box } | undefined {
  const p = columnShare(level);
  const tight = offEdge(p);
  const nar = tight && isFewest(p);
  const above = tight && p.params === 'above';
  const carded = inCard(p);
  const attached = carded ? cardEdges(graph, attachedEdges(graph), p.params === 'stack') : tight ? attachedEdges(graph) : new Set<string>();
  // In a card the parameter's box names its value: the value's text drops the name (not dW's).
  const labels = edgeLabels(graph, p, carded ? attached : undefined);
  const besideNode = new Map(graph.edges.filter((e) => attached.has(e.id) && !carded).map((e) => {
    const l = labels.get(e.id) as EdgeLabels;
    return [e.source, stackBox(shortBox(l.forwardShort, measure), shortBox(l.backwardShort, measure))];
  }));
  const shared = isShort(p) ? sharedValues(graph) : new Map<string, never>();
  const states = new Map<string, NodeState>();
  const grads = new Map<string, Short>();
  const nodeText = new Map<string, { text: string; px: number; bare?: boolean }>();
  const ports = new Map<string, string[]>();
  const lnodes: LayoutNode[] = graph.nodes.map((n) => {
    const s = nodeState(n, graph, p);
    if (s) states.set(n.id, s);
    const g = gradSum(n, graph, p);
    if (g) grads.set(n.id, g);
    const branching = shared.get(n.id);
    const value = branching && sharedText(n, branching[0], p);
    // The gradient check's badge after the name and the diagnosis's marks (checkRule.ts, toGraph.ts).
    const name = value && value.named ? '' : `${drawnName(n.label)}${n.badge ? ` ${n.badge}` : ''}`;
    const lines = [name, s?.short, value && value.text, ...(n.marks ?? [])].filter(Boolean);
    const text = lines.join('\n');
    // A node that shows values is one font (12 px, as numpy prints them); a bare name is bigger,
    // but with the fewest words, where a rank of four names is wider than the panel (fig 5-17).
    const bare = lines.length <= 1 && !value;
    const px = bare && !nar ? NAME_PX : FONT_PX;
    nodeText.set(n.id, bare && nar ? { text, px, bare } : { text, px });
    const t = measure(text, px);
    const min = n.kind === 'layer' ? { width: 64, height: 36 } : { width: 36, height: 28 };
    const inCard = (q: string) => carded && graph.edges.some((e) => e.target === n.id && e.targetPort === q && attached.has(e.id));
    const pn = portsOf({ ...n, inputs: n.inputs?.filter((q) => !inCard(q)), params: n.params?.filter((q) => !inCard(q)) });
    ports.set(n.id, pn);
    const widest = pn.reduce((a, b) => (a.length >= b.length ? a : b), '');
    return {
      id: n.id,
      body: { width: Math.max(min.width, t.width + (p.spacing === 'closest' ? NARROW_PAD : 16)), height: Math.max(min.height, t.height + 10) },
      extra: besideNode.get(n.id) ?? shortBox(g, measure),
      extraAbove: above && besideNode.has(n.id),
      ports: pn,
      portBox: pn.length ? measure(widest, FONT_PX) : undefined,
    };
  });
  const cards = carded && !placed ? cardsOf(graph, attached, {
    head: (id) => headBox(lnodes.find((n) => n.id === id)!.body, measure(nodeText.get(id)!.text, nodeText.get(id)!.px)),
    // A parameter's box in its card: its name and a little room, not a node's least size.
    param: (id) => {
      const t = measure(nodeText.get(id)!.text, nodeText.get(id)!.px);
      return { width: t.width + 8, height: t.height + 4 };
    },
    texts: (id) => ({ value: shortBox(labels.get(id)!.forwardShort, measure), grad: shortBox(labels.get(id)!.backwardShort, measure) }),
  }, p.room ?? Infinity) : undefined;
  if (cards) {
    for (const n of lnodes) if (cards.has(n.id)) n.body = cards.get(n.id)!.box;
  }
  const inCards = new Set(cards ? [...cards.values()].flatMap((c) => c.rows.map((r) => r.param)) : []);
  const ledges: LayoutEdge[] = graph.edges.filter((e) => !inCards.has(e.source) && !inCards.has(e.target)).map((e) => {
    const l = labels.get(e.id) as EdgeLabels;
    // An attached edge's texts are in its source's box: on the edge, only its arrows (an empty
    // backward text still asks for the gradient's arrow).
    const none = { width: 0, height: 0 };
    if (attached.has(e.id)) return { id: e.id, source: e.source, target: e.target, port: e.targetPort, forward: none, backward: e.backward ? none : undefined };
    return { id: e.id, source: e.source, target: e.target, port: e.targetPort, forward: shortBox(l.forwardShort, measure), backward: shortBox(l.backwardShort, measure) };
  });
  const laid = lnodes.filter((n) => !inCards.has(n.id));
  const bound = limit && !placed && foldedBound(lowerBound(laid, ledges, p), p);
  if (bound && (bound.width > limit.width + 0.01 || bound.height > limit.height + 0.01)) return { bound };
  placed ??= placeAll(laid, ledges, p, cards, limit !== undefined);
  if (!placed) return undefined;
  const presentation: Presentation = { flow: p.flow, pair: p.pair, words: p.words, params: p.params, spacing: p.spacing, wrap: p.wrap, arrays: p.arrays, columns: p.columns };
  const beside = besideTexts(graph, attached, labels, placed, (x) => shortBox(x, measure), above);
  return { graph, labels, states, grads, nodeText, ports, presentation, level: name, compact: isShort(p), tight, narrow: nar, beside, layout: placed };
}
