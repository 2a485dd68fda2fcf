// Until src/protocol.ts carries the graph model of src/engine/graph.ts (the lead's rewrite with
// valibot), a `trace` message with a graph of that model is checked here. Delete when the new
// protocol lands: its schema replaces this.
import type { TraceGraph } from '../engine/graph';
import type { RestoreInfo } from '../protocol';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === 'string' && v.length <= 200;
const isTensor = (v: unknown) => isRec(v) && Array.isArray(v.shape) && v.data instanceof Float64Array;

export function isGraphTrace(v: unknown): v is { type: 'trace'; graph: TraceGraph; restore?: RestoreInfo } {
  if (!isRec(v) || v.type !== 'trace' || !isRec(v.graph)) return false;
  const g = v.graph;
  if (typeof g.source !== 'string' || !Array.isArray(g.nodes) || !Array.isArray(g.edges) || g.nodes.length > 512 || g.edges.length > 512) return false;
  if (!g.nodes.every((n) => isRec(n) && isId(n.id) && typeof n.kind === 'string' && typeof n.label === 'string')) return false;
  const ids = new Set((g.nodes as Rec[]).map((n) => n.id));
  return g.edges.every(
    (e) => isRec(e) && isId(e.id) && ids.has(e.source) && ids.has(e.target) && (e.forward === undefined || isTensor(e.forward)) && (e.backward === undefined || isTensor(e.backward)),
  );
}
