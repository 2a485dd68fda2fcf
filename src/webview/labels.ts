// Text of every label in the graph, numpy-style, computed once and shared by the canvas, the SVG
// export and the accessible description so all of them always say the same thing.
import { formatArray } from '../engine/format';
import type { GraphNode, TraceGraph, WireTensor } from '../protocol';

export interface EdgeLabels {
  forward: string;
  backward: string;
}

export function fmt(t: WireTensor): string {
  // A big array arrives with its numpy summary already made from all of its values.
  return t.preview ? t.preview.text : formatArray({ shape: t.shape, data: t.data });
}

/** The name on its own line, then the array as numpy prints it: narrow enough for a side panel. */
export function named(name: string, t: WireTensor): string {
  return `${name}\n${fmt(t)}`;
}

export function edgeLabels(graph: TraceGraph): Map<string, EdgeLabels> {
  return new Map(
    graph.edges.map((e) => [
      e.id,
      {
        forward: e.forward ? named(e.forwardName ?? 'value', e.forward) : '',
        // Where dout enters, its values are already on the edge into y: name it only.
        backward: !e.backward ? '' : e.forward ? named(e.backwardName ?? 'd', e.backward) : e.backwardName ?? '',
      },
    ]),
  );
}

/** numpy's bool array print, `[[False  True]`, summarised like formatArray for big arrays. */
export function formatMask(mask: Uint8Array, shape: readonly number[], on = ' True', off = 'False'): string {
  if (shape.length === 0) return mask[0] ? on.trim() : off;
  const summarise = mask.length > 1000;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const rows: string[] = [];
  const walk = (axis: number, base: number, prefix: string): string => {
    const n = shape[axis];
    const idx = summarise && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    if (axis === shape.length - 1) {
      return `[${idx.map((i) => (i < 0 ? '...' : mask[base + i * strides[axis]] ? on : off)).join(' ')}]`;
    }
    const inner = idx.map((i) => (i < 0 ? '...' : walk(axis + 1, base + i * strides[axis], prefix + ' ')));
    const sep = `\n${'\n'.repeat(shape.length - axis - 2)}${prefix} `;
    return `[${inner.join(sep)}]`;
  };
  rows.push(walk(0, 0, ''));
  return rows.join('\n');
}

export function maskCount(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** The cached state drawn inside a layer node: ReLU's mask (or its gate view), Sigmoid's out. */
export function nodeState(node: GraphNode, graph: TraceGraph): string | undefined {
  const mask = node.cache?.find((c) => c.mask)?.mask;
  if (mask) {
    const shape = mask.shape;
    if (node.expanded) {
      const n = maskCount(mask.data);
      return `mask = (x <= 0)\n${formatMask(mask.data, shape, '■', '▶')}\n■ ${n}/${mask.data.length}`;
    }
    return `mask\n${formatMask(mask.data, shape)}`;
  }
  const out = node.cache?.find((c) => c.name === 'out' && c.edge);
  if (out) {
    const e = graph.edges.find((x) => x.id === out.edge);
    if (e?.forward) return `out\n${fmt(e.forward)}`;
  }
  return undefined;
}
