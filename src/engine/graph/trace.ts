// Literal mode: an array from the editor run through registry layers, side by side on the same x
// (the notebook) or as a chain, described as the graph the webview draws. A Sigmoid can be shown
// expanded into its primitive nodes (figs 5-19 to 5-21), a ReLU in its mask view; both are
// computed here, never in the webview.
import { runLiteralInBlocks, runToEnd } from './blocks';
import { buildGraph, wire, type BuildView } from './build';
import type { GraphEdge, GraphNode, TraceGraph } from './graph';
import { PRIMITIVE_LABEL, PRIMITIVE_OPS, sigmoidPrimitives } from '../layers/primitives';
import type { RunOptions } from './literal';
import type { Tensor } from '../tensor';

export interface TraceView extends BuildView {
  /** Where dout came from, shown in the panel: 'ones', 'same' (as x) or 'selection'. */
  doutSource?: TraceGraph['doutSource'];
}

/**
 * Runs the layers forward then backward on `x` and describes the result as a graph, a block of x
 * at a time (blocks.ts): yields the fraction done between steps, so a host can give its thread
 * back in between; returns the graph.
 */
export function* traceSteps(x: Tensor, opts: RunOptions, title: string, view: TraceView = {}): Generator<number, TraceGraph> {
  const run = yield* runLiteralInBlocks(x, opts);
  const graph = buildGraph(run, { title, source: 'literal', shape: [...x.shape], mode: opts.mode, doutSource: view.doutSource ?? 'ones' }, view);
  for (const r of run.calls) if (r.spec.expand === 'primitives' && view.expanded?.has(r.call.id)) expandSigmoid(graph, r.call.id, r.inputs[0], r.dout);
  return graph;
}

/** The same trace in one go. */
export function buildTrace(x: Tensor, opts: RunOptions, title: string, view: TraceView = {}): TraceGraph {
  return runToEnd(traceSteps(x, opts, title, view));
}

/** Replaces Sigmoid node `id` by ×(−1) → exp → +1 → /, keeping the edges into and out of it. */
export function expandSigmoid(graph: TraceGraph, id: string, x: Tensor, dout: Tensor): void {
  const at = graph.nodes.findIndex((n) => n.id === id);
  const prims = sigmoidPrimitives(x, dout);
  const primId = (op: string) => `${id}_${op}`;
  graph.nodes.splice(at, 1, ...PRIMITIVE_OPS.map((op): GraphNode => ({ id: primId(op), kind: 'primitive', label: PRIMITIVE_LABEL[op], parent: id })));
  const into = graph.edges.filter((e) => e.target === id);
  const out = graph.edges.filter((e) => e.source === id);
  // Boundary edges keep the layer's values, so the rest of the graph is unchanged.
  for (const e of into) e.target = primId('neg');
  for (const e of out) e.source = primId('div');
  const inner = prims.slice(1, 4).map(
    (p, i): GraphEdge => ({
      id: `e_${primId(PRIMITIVE_OPS[i])}_${primId(PRIMITIVE_OPS[i + 1])}`,
      source: primId(PRIMITIVE_OPS[i]),
      target: primId(PRIMITIVE_OPS[i + 1]),
      forward: wire(p.forward),
      forwardName: p.forwardName,
      backward: wire(p.backward),
      backwardName: p.backwardName,
    }),
  );
  const after = into.length ? graph.edges.indexOf(into[into.length - 1]) + 1 : graph.edges.length;
  graph.edges.splice(after, 0, ...inner);
  for (const e of [...into, ...out]) e.id = `e_${e.source}_${e.target}`;
  // The expanded Sigmoid's dx leaves ×(−1): its name there is the book's fig 5-21 formula.
  for (const e of into) e.backwardName = prims[0].backwardName;
}
