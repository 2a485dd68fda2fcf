// Text of every label in the graph, computed once and shared by the canvas, the SVG export and the
// accessible description so all of them always say the same thing. Two forms of each value:
// the short one drawn on the graph (small arrays in full, numpy-style, as the book's figures do;
// bigger ones as a glyph: a tiny heatmap, the shape and min/max) and the full one for the
// description, the report and the hover (numpy's own print, summarised for big arrays).
// Pure: no DOM, so the layout tests measure the same text the panel draws.
import { shapeText } from '../engine/errors';
import { formatArray, shortNumber } from '../engine/format';
import type { CacheEntry, GraphEdge, GraphNode, TraceGraph, WireTensor } from '../engine/graph';
import { formatMask, maskCount, relabelMask } from '../engine/formatMask';
import { statsOf } from '../engine/summary';

/** Arrays up to this many values are drawn in full; bigger ones as a glyph. */
export const SMALL = 6;

/** What one drawn label shows: lines of text, and a heatmap glyph before them for big arrays. */
export interface Short {
  text: string;
  glyph?: WireTensor;
  /** Where the glyph goes: left of the text (LR, where height is scarce) or above it (TB, width). */
  glyphAt?: 'left' | 'top';
}

/** The drawing's orientation: labels are shaped for it (see layout.ts). */
type Flow = 'LR' | 'TB';

export interface EdgeLabels {
  /** Full text (name, newline, numpy's print): the description, the report, the hover. */
  forward: string;
  backward: string;
  /** What is drawn on the edge; absent when the edge carries no such value. */
  forwardShort?: Short;
  backwardShort?: Short;
}

export { shapeText };

/** Short numbers, 4 significant digits: for min/max beside a glyph (the engine's one short-number format). */
export const num = (v: number): string => shortNumber(v, 4);

export function fmt(t: WireTensor): string {
  // A big array arrives with its numpy summary already made from all of its values.
  return t.preview ? t.preview.text : formatArray({ shape: t.shape, data: t.data });
}

const size = (t: { shape: readonly number[] }) => t.shape.reduce((a, b) => a * b, 1);

/** `name = [[…` with the next rows under the first. */
function inline(name: string, body: string): string {
  const pad = ' '.repeat(name.length + 3);
  return body
    .split('\n')
    .map((l, i) => (i === 0 ? `${name} = ${l}` : l && pad + l))
    .join('\n');
}

/** Digits drawn on the graph, as `np.set_printoptions(precision=4)`; the details show all. */
export const DRAWN_PRECISION = 4;
/** And `linewidth=28`: a row of 4 wraps as numpy wraps it, so a label stays narrow. */
export const DRAWN_LINEWIDTH = 28;

/** A small array at the drawn precision; a 0-d one as numpy prints an element (`220.`, not `220.00000000000003`). */
function drawn(t: WireTensor): string {
  if (t.shape.length === 0) return formatArray({ shape: [1], data: t.data }, { precision: DRAWN_PRECISION }).slice(1, -1);
  return formatArray({ shape: t.shape, data: t.data }, { precision: DRAWN_PRECISION, linewidth: DRAWN_LINEWIDTH });
}

/** The drawn form of a value: in full when small, else a glyph with the shape and min / max. */
export function short(name: string, t: WireTensor, o: Flow = 'LR'): Short {
  if (!t.preview && size(t) <= SMALL) return { text: `${name}\n${drawn(t)}` };
  const s = t.preview ?? statsOf(t.data);
  // Top to bottom, labels sit side by side: narrow lines under the glyph; left to right, two lines.
  if (o === 'TB') return { text: `${name}\n${shapeText(t.shape)}\nmin ${num(s.min)}\nmax ${num(s.max)}`, glyph: t, glyphAt: 'top' };
  return { text: `${name} ${shapeText(t.shape)}\nmin ${num(s.min)} max ${num(s.max)}`, glyph: t, glyphAt: 'left' };
}

/** The name on its own line, then the array as numpy prints it. */
export function named(name: string, t: WireTensor): string {
  return `${name}\n${fmt(t)}`;
}

export function edgeLabels(graph: TraceGraph, o: Flow = 'LR'): Map<string, EdgeLabels> {
  return new Map(graph.edges.map((e) => [e.id, labelsOf(e, o)]));
}

function labelsOf(e: GraphEdge, o: Flow): EdgeLabels {
  const fName = e.forwardName ?? 'value';
  const bName = e.backwardName ?? `d${fName}`;
  return {
    forward: e.forward ? named(fName, e.forward) : '',
    backward: e.backward ? named(bName, e.backward) : '',
    forwardShort: e.forward ? short(fName, e.forward, o) : undefined,
    backwardShort: e.backward ? short(bName, e.backward, o) : undefined,
  };
}

export { formatMask, maskCount };

/** A node's cached state: `full` for the description and report, `short` drawn in the node. */
export interface NodeState {
  full: string;
  short: string;
}

type Mask = NonNullable<CacheEntry['mask']>;

/** A mask's print and True count: a big mask's come from the host, made from all its elements. */
export function maskText(mask: Mask, on = ' True', off = 'False'): string {
  if (!mask.preview) return formatMask(mask.data, mask.shape, on, off);
  return on === ' True' && off === 'False' ? mask.preview.text : relabelMask(mask.preview.text, on, off);
}
export const maskTrue = (mask: Mask): number => mask.preview?.count ?? maskCount(mask.data);
export const maskSize = (mask: Mask): number => mask.shape.reduce((a, b) => a * b, 1);

/** ReLU's mask view (expanded): which elements the mask blocks (■) and which pass (▶). */
function gateView(name: string, mask: Mask): string {
  return `${name} = (x <= 0)\n${maskText(mask, '■', '▶')}\n■ ${maskTrue(mask)}/${maskSize(mask)}`;
}

function cacheFull(c: CacheEntry, graph: TraceGraph, expanded: boolean): string | undefined {
  if (c.mask) return expanded ? gateView(c.name, c.mask) : `${c.name}\n${maskText(c.mask)}`;
  if (c.value) return `${c.name}\n${fmt(c.value)}`;
  const e = c.edge !== undefined ? graph.edges.find((x) => x.id === c.edge) : undefined;
  return e?.forward ? `${c.name}\n${fmt(e.forward)}` : undefined;
}

/** Drawn in the layer node: ReLU's mask in full when small, Sigmoid's out as the edge it is. */
function cacheShort(c: CacheEntry, graph: TraceGraph, expanded: boolean): string {
  if (c.mask) {
    const { shape } = c.mask;
    const total = maskSize(c.mask);
    if (expanded && total <= SMALL) return gateView(c.name, c.mask);
    // `mask = [[False  True]`, numpy's rows under the first: one line less in the node.
    if (total <= SMALL) return inline(c.name, maskText(c.mask));
    return `${c.name} ${shapeText(shape)}\n${maskTrue(c.mask)}/${total} True`;
  }
  if (c.edge !== undefined) {
    const e = graph.edges.find((x) => x.id === c.edge);
    return `${c.name} = ${e?.forwardName ?? '→'}`;
  }
  return c.value ? `${c.name} ${shapeText(c.value.shape)}` : c.name;
}

/** What a node keeps or receives: a layer's cache (mask, out…), an input's summed gradient. */
export function nodeState(node: GraphNode, graph: TraceGraph): NodeState | undefined {
  const cache = node.cache ?? [];
  if (cache.length) {
    const full = cache.map((c) => cacheFull(c, graph, !!node.expanded)).filter((s): s is string => !!s);
    // Drawn in the node: the book's named caches (ReLU's mask, Sigmoid's out). The rest (Mul's
    // x, y…) are the values on the edges into the node; they are in the details and the text.
    // An edge-referenced cache is drawn when it is the node's own output (Sigmoid's out = y);
    // one that is an input (Affine's x) is on the edge in already.
    const own = (c: CacheEntry) => c.edge !== undefined && graph.edges.some((e) => e.id === c.edge && e.source === node.id);
    const lines = cache.filter((c) => c.mask || own(c)).map((c) => cacheShort(c, graph, !!node.expanded));
    return { full: full.join('\n'), short: lines.join('\n') };
  }
  if (node.grad) return { full: named(gradName(node), node.grad), short: '' };
  return undefined;
}

export const gradName = (node: GraphNode): string => node.gradName ?? `d${node.label}`;

/**
 * The summed gradient drawn under an input or parameter where its value branches (the book adds
 * the gradients of every edge leaving it, fig 5-16); one edge's gradient is on that edge already.
 */
export function gradSum(node: GraphNode, graph: TraceGraph, o: Flow = 'LR'): Short | undefined {
  if (!node.grad || (node.kind !== 'input' && node.kind !== 'param')) return undefined;
  const out = graph.edges.filter((e) => e.source === node.id && e.backward).length;
  return out >= 2 ? short(gradName(node), node.grad, o) : undefined;
}
