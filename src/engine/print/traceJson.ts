// The trace as JSON (the panel's export): the trace worker writes a big trace's JSON on its own
// thread and the host only saves the bytes.
import { writeNested, type Writer } from './json';
import type { ExactInts } from '../tensor';
import { PRIMITIVES_LAYER } from '../layers';
import type { GraphEdge, TraceGraph } from '../graph/graph';

/**
 * The trace as JSON, written from the whole graph the panel shows (a worker's trace is made again
 * there, the same values; a small one is not computed again): every
 * node and edge with its values, and for a literal trace also x and each layer's out, dout, dx
 * and cache, as the book names them.
 */
export function traceJson(graph: TraceGraph): string {
  const parts: string[] = [];
  const out: Writer = { write: (s: string) => parts.push(s) };
  // Each array as json.dumps(a.tolist()) writes it: an int64's 5, a bool's true, an integer past
  // 2**53 with the digits the program prints (an array's `exact`, a number's `text`).
  type Values = { shape: readonly number[]; data: Float64Array; dtype?: string; exact?: ExactInts; text?: string };
  const tensor = (t: Values) => writeNested(out, t.text !== undefined && t.shape.length === 0 ? { ...t, exact: { 0: t.text } } : t);
  const field = (k: string, t: Values | undefined) => {
    if (!t) return;
    out.write(`, ${JSON.stringify(k)}: `);
    tensor(t);
  };
  out.write(`{"title": ${JSON.stringify(graph.title)}, "source": "${graph.source}", "dout_source": "${graph.doutSource}"`);
  if (graph.shape) out.write(`, "shape": ${JSON.stringify(graph.shape)}`);
  if (graph.mode) out.write(`, "mode": "${graph.mode}"`);
  const x = graph.edges.find((e) => e.source === 'x' && e.forward);
  if (graph.source === 'literal') field('x', x?.forward);
  // Layers in graph order; an expanded Sigmoid counts as its layer (its primitives share a parent).
  const layers = [...new Set(graph.nodes.flatMap((n) => (n.kind === 'layer' ? [n.id] : n.parent ? [n.parent] : [])))];
  const inside = (id: string, node: string) => id === node || graph.nodes.some((n) => n.id === id && n.parent === node);
  out.write(',\n "layers": [');
  layers.forEach((id, i) => {
    const node = graph.nodes.find((n) => n.id === id);
    const into = graph.edges.filter((e) => inside(e.target, id) && !inside(e.source, id));
    const from = graph.edges.find((e) => inside(e.source, id) && !inside(e.target, id));
    // A layer expanded into primitives (the registry's one) has no node of its own left.
    const name = node?.layer ?? PRIMITIVES_LAYER.name;
    out.write(`${i ? ',' : ''}\n  {"id": ${JSON.stringify(id)}, "name": ${JSON.stringify(name)}`);
    field('out', from?.forward);
    field('dout', from?.backward);
    field('dx', into.find((e) => !e.targetPort || e.targetPort === node?.inputs?.[0])?.backward);
    for (const e of into) if (e.targetPort && e.targetPort !== 'x') field(`d${e.targetPort}`, e.backward);
    for (const c of node?.cache ?? []) field(c.name, c.mask ? { shape: c.mask.shape, data: Float64Array.from(c.mask.data), dtype: 'bool' } : c.value);
    out.write('}');
  });
  out.write('\n ],\n "edges": [');
  graph.edges.forEach((e: GraphEdge, i) => {
    out.write(`${i ? ',' : ''}\n  {"id": ${JSON.stringify(e.id)}, "source": ${JSON.stringify(e.source)}, "target": ${JSON.stringify(e.target)}`);
    if (e.targetPort) out.write(`, "port": ${JSON.stringify(e.targetPort)}`);
    field(e.forwardName ?? 'forward', e.forward);
    field(e.backwardName ?? 'backward', e.backward);
    out.write('}');
  });
  out.write('\n ]}\n');
  return parts.join('');
}
