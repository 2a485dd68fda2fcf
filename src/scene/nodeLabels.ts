// What a node says beside its name: a layer's cache (ReLU's mask, Sigmoid's out) and, under an
// input or parameter whose value branches, the sum of its edges' gradients. Drawn from the same
// short forms as the edges' labels (labels.ts), so the canvas, the SVG and the description agree.
import type { CacheEntry, GraphNode, TraceGraph } from '../engine/graph/graph';
import { shapeText } from '../engine/read/errors';
import { formatMask, maskCount, relabelMask } from '../engine/print/formatMask';
import { say } from '../engine/graph/sayings';
import { inCard, isFewest, level, type Presentation } from './layout/levels';
import { fmt, inline, named, short, SMALL, type Short } from './labels';

const BOOK = level();

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
function cacheShort(c: CacheEntry, graph: TraceGraph, expanded: boolean, oneLine: boolean, shaped = true): string {
  if (c.mask) {
    const { shape } = c.mask;
    const total = maskSize(c.mask);
    if (expanded && total <= SMALL) return gateView(c.name, c.mask);
    // `mask = [[False  True]`, numpy's rows under the first: one line less in the node. Compact
    // too: the node's rank has width to spare once packed (layout/pack.ts), the height is what is short.
    if (total <= SMALL) return inline(c.name, maskText(c.mask));
    // Tiny arrays (levels.ts): the mask has its x's shape, drawn on the edge into the layer.
    if (!shaped) return `${c.name} ${maskTrue(c.mask)}/${total} True`;
    return `${c.name} ${shapeText(shape)}${oneLine ? ' ' : '\n'}${maskTrue(c.mask)}/${total} True`;
  }
  if (c.edge !== undefined) {
    const e = graph.edges.find((x) => x.id === c.edge);
    return `${c.name} = ${e?.forwardName ?? '→'}`;
  }
  return c.value ? `${c.name} ${shapeText(c.value.shape)}` : c.name;
}

/** What a node keeps or receives: a layer's cache (mask, out…), an input's summed gradient. */
export function nodeState(node: GraphNode, graph: TraceGraph, p: Presentation = BOOK): NodeState | undefined {
  const cache = node.cache ?? [];
  if (cache.length) {
    const full = cache.map((c) => cacheFull(c, graph, !!node.expanded)).filter((s): s is string => !!s);
    // Drawn in the node: the book's named caches (ReLU's mask, Sigmoid's out). The rest (Mul's
    // x, y…) are the values on the edges into the node; they are in the details and the text.
    // An edge-referenced cache is drawn when it is the node's own output (Sigmoid's out = y);
    // one that is an input (Affine's x) is on the edge in already.
    const own = (c: CacheEntry) => c.edge !== undefined && graph.edges.some((e) => e.id === c.edge && e.source === node.id);
    // With the fewest words in a column of cards a big mask's shape and count share a line: a line less.
    const lines = cache.filter((c) => c.mask || own(c)).map((c) => cacheShort(c, graph, !!node.expanded, isFewest(p) && inCard(p), p.arrays !== 'tiny'));
    return { full: full.join('\n'), short: lines.join('\n') };
  }
  if (node.grad) return { full: named(gradName(node), node.grad), short: '' };
  return undefined;
}

export const gradName = (node: GraphNode): string => node.gradName ?? `d${node.label}`;

/**
 * The summed gradient drawn under an input or parameter where its value branches (the book adds
 * the gradients of every edge leaving it, fig 5-16), saying so where it is drawn: `dx: sum of 2
 * edges`, then the sum. One edge's gradient is on that edge already.
 */
export function gradSum(node: GraphNode, graph: TraceGraph, p: Presentation = BOOK): Short | undefined {
  if (!node.grad || (node.kind !== 'input' && node.kind !== 'param')) return undefined;
  const out = graph.edges.filter((e) => e.source === node.id && e.backward).length;
  return out >= 2 ? short(`${gradName(node)}: ${sumOf(out)}`, node.grad, p) : undefined;
}

/** What a branching value's gradient is: the sum of its edges' gradients. */
export const sumOf = (edges: number): string => say('grad_sum', edges);
