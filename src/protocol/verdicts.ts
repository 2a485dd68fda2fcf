// Run mode's verdicts as a patch, not a redraw: the graph is drawn when the reader's code ends, each
// layer "checking…", and the gradient checks' verdicts arrive after it. Redrawing the whole graph
// for them re-fit the view and reset the step-through, the zoom and the drawer; instead the host
// sends only what a verdict changes (a layer's verdict, badge, marks and notes; its edges' check
// and ✗ on the gradient's name; the graph's notes) and the webview puts it in place. The host
// finds it by comparing the graph drawn with the graph built again (verdictPatch: nothing else may
// differ, else it is a redraw), the webview applies it with patchGraph: one rule on both sides.
import * as v from 'valibot';
import type { GraphEdge, GraphNode, TraceGraph } from '../engine/graph/graph';
import { EdgeSchema, MAX_ITEMS, NodeSchema, str, type Same } from './graph';

/** What a verdict changes on a layer node and on an edge; every other field stays as drawn. */
const NODE_FIELDS = ['verdict', 'badge', 'marks', 'notes'] as const;
const EDGE_FIELDS = ['backwardName', 'gradcheck'] as const;

const NodePatch = v.pick(NodeSchema, ['id', ...NODE_FIELDS]);
const EdgePatch = v.pick(EdgeSchema, ['id', ...EDGE_FIELDS]);

/** Each changed node and edge with the whole of its verdict fields (a field left out is now absent). */
export const VerdictPatchSchema = v.object({
  nodes: v.pipe(v.array(NodePatch), v.maxLength(MAX_ITEMS)),
  edges: v.pipe(v.array(EdgePatch), v.maxLength(MAX_ITEMS)),
  notes: v.optional(v.pipe(v.array(str(500)), v.maxLength(32))),
});
export type VerdictPatch = v.InferOutput<typeof VerdictPatchSchema>;

// The patch carries the engine's own fields (compile-time check, as graph.ts does for the graph).
const sameTypes: [
  Same<v.InferOutput<typeof NodePatch>, Pick<GraphNode, 'id' | (typeof NODE_FIELDS)[number]>>,
  Same<v.InferOutput<typeof EdgePatch>, Pick<GraphEdge, 'id' | (typeof EDGE_FIELDS)[number]>>,
] = [true, true];
void sameTypes;

/** Deep equality of plain data: records, arrays, typed arrays, numbers (NaN equals NaN). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const [x, y] = [a as unknown as ArrayLike<number>, b as unknown as ArrayLike<number>];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function without<T extends object>(o: T, keys: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  for (const k of keys) delete out[k];
  return out as Partial<T>;
}

function pick<T extends { id: string }>(o: T, keys: readonly (keyof T & string)[]): Pick<T, 'id'> & Partial<T> {
  const out: Record<string, unknown> = { id: o.id };
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out as Pick<T, 'id'> & Partial<T>;
}

/** Pairs `before`'s and `after`'s items by position: the same ids, and nothing but `fields` differs. */
function changed<T extends { id: string }>(before: readonly T[], after: readonly T[], fields: readonly (keyof T & string)[]): T[] | undefined {
  if (before.length !== after.length) return undefined;
  const out: T[] = [];
  for (let i = 0; i < before.length; i++) {
    const [b, a] = [before[i], after[i]];
    if (b.id !== a.id || !same(without(b, fields), without(a, fields))) return undefined;
    if (!same(pick(b, fields), pick(a, fields))) out.push(pick(a, fields) as T);
  }
  return out;
}

/**
 * What turns the graph drawn (`before`) into `after` when they differ in verdicts only (the same
 * recording with more of its checks in); undefined when anything else differs (draw it again).
 * An empty patch (no node, no edge, no notes) means nothing changed.
 */
export function verdictPatch(before: TraceGraph, after: TraceGraph): VerdictPatch | undefined {
  if (!same(without(before, ['nodes', 'edges', 'notes']), without(after, ['nodes', 'edges', 'notes']))) return undefined;
  const nodes = changed(before.nodes, after.nodes, NODE_FIELDS);
  const edges = changed(before.edges, after.edges, EDGE_FIELDS);
  if (!nodes || !edges) return undefined;
  return { nodes, edges, ...(same(before.notes ?? [], after.notes ?? []) ? {} : { notes: after.notes ?? [] }) };
}

export const isEmptyPatch = (p: VerdictPatch): boolean => !p.nodes.length && !p.edges.length && !p.notes;

/** `graph` with the patch in place (a new graph; unknown ids are left out: the patch was for another drawing). */
export function patchGraph(graph: TraceGraph, p: VerdictPatch): TraceGraph {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const edges = new Map(p.edges.map((e) => [e.id, e]));
  const put = <T extends { id: string }>(item: T, with_: Partial<T> | undefined, fields: readonly (keyof T & string)[]): T => (with_ ? ({ ...without(item, fields), ...with_ } as T) : item);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => put(n, nodes.get(n.id), NODE_FIELDS)),
    edges: graph.edges.map((e) => put(e, edges.get(e.id), EDGE_FIELDS)),
    ...(p.notes ? { notes: p.notes.length ? p.notes : undefined } : {}),
  };
}
