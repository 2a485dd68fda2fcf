// Literal mode: an array from the editor run through registry layers, side by side on the same x
// (the notebook) or as a chain, described as the graph the webview draws. A Sigmoid can be shown
// expanded into its primitive nodes (figs 5-19 to 5-21), a ReLU in its mask view; both are
// computed here, never in the webview.
import { buildGraph, wire, type BuildView } from './build';
import { runDag, type DagSpec } from './dag';
import type { GraphEdge, GraphNode, TraceGraph } from './graph';
import { PRIMITIVE_LABEL, PRIMITIVE_OPS, sigmoidPrimitives } from '../layers/primitives';
import { resolveDout, type RunOptions } from './run';
import type { Tensor } from '../tensor';

export { GRADCHECK_MAX } from './gradcheck';

export interface TraceView extends BuildView {
  /** Where dout came from, shown in the panel: 'ones', 'same' (as x) or 'selection'. */
  doutSource?: TraceGraph['doutSource'];
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
export const subscript = (n: number) => String(n).replace(/\d/g, (d) => SUB[Number(d)]);

/** Ones are left to the loop (np.ones_like of each output, in its dtype); else the given or same-as-x dout. */
const dout = (x: Tensor, opts: RunOptions): Tensor | undefined => (opts.dout === undefined || opts.dout === 'ones' ? undefined : resolveDout(opts.dout, x.shape, x));

/** The DAG of a literal trace: ids x, relu0, sigmoid1…, y0, y1… as the panel and tests know them. */
export function literalSpec(x: Tensor, opts: RunOptions): DagSpec {
  const ids = opts.layers.map((name, i) => `${name}${i}`);
  if (opts.mode === 'chain') {
    const last = ids.length - 1;
    const calls = ids.map((id, i) => ({ id, layer: opts.layers[i], args: [i ? ids[i - 1] : 'x'], out: i === last ? 'y' : `h${subscript(i + 1)}` }));
    const y = last >= 0 ? [{ id: 'y0', label: 'y', of: ids[last], dout: dout(x, opts) }] : [];
    return { inputs: [{ id: 'x', label: 'x', value: x }], calls, outputs: y };
  }
  const suffix = (i: number) => (ids.length > 1 ? subscript(i + 1) : '');
  return {
    inputs: [{ id: 'x', label: 'x', value: x }],
    calls: ids.map((id, i) => ({ id, layer: opts.layers[i], args: ['x'], out: `y${suffix(i)}` })),
    outputs: ids.map((id, i) => ({ id: `y${i}`, label: `y${suffix(i)}`, of: id, dout: dout(x, opts) })),
  };
}

/** Runs the layers forward then backward on `x` and describes the result as a graph. */
export function buildTrace(x: Tensor, opts: RunOptions, title: string, view: TraceView = {}): TraceGraph {
  const run = runDag(literalSpec(x, opts));
  const graph = buildGraph(run, { title, source: 'literal', shape: [...x.shape], mode: opts.mode, doutSource: view.doutSource ?? 'ones' }, view);
  for (const r of run.calls) if (r.spec.name === 'sigmoid' && view.expanded?.has(r.call.id)) expandSigmoid(graph, r.call.id, r.inputs[0], r.dout);
  return graph;
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
