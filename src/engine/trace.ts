// Turns an input, a list of layers and dout into the graph the webview draws, as in the book's
// figures: nodes are x, the layers, the outputs and where dout enters; each edge carries the
// value flowing forward and the gradient flowing back. A Sigmoid can be shown expanded into its
// primitive nodes (figs 5-19 to 5-21), a ReLU in its mask view; both are computed here, never in
// the webview.
import type { GraphEdge, GraphNode, TraceGraph } from '../protocol';
import { gradcheck } from './gradcheck';
import { PRIMITIVE_LABEL, PRIMITIVE_OPS, sigmoidPrimitives } from './primitives';
import { runLayers, type RunOptions, type RunStep } from './run';
import type { Tensor } from './tensor';

const LAYER_LABEL = { relu: 'ReLU', sigmoid: 'Sigmoid' } as const;

/**
 * Elements the gradient check looks at (all of them up to this size). Central differences cost
 * about 1 ms per thousand elements, and the check runs in one go: 4,096 keeps it a few ms, well
 * inside one time slice of a big trace.
 */
export const GRADCHECK_MAX = 1 << 12;

const wire = (t: Tensor) => ({ shape: [...t.shape], data: t.data });

export interface TraceView {
  /** Ids of layer nodes shown expanded (Sigmoid: primitive graph; ReLU: mask view). */
  expanded?: ReadonlySet<string>;
  /** Where dout came from, shown in the panel: 'ones', 'same' (as x) or 'selection'. */
  doutSource?: TraceGraph['doutSource'];
  /** Skip the numerical gradient check (it costs two extra forward passes per layer). */
  skipGradcheck?: boolean;
}

/** Runs the layers forward then backward on `x` and describes the result as a graph. */
export function buildTrace(x: Tensor, opts: RunOptions, title: string, view: TraceView = {}): TraceGraph {
  const run = runLayers(x, opts);
  const nodes: GraphNode[] = [{ id: 'x', kind: 'input', label: 'x' }];
  const edges: GraphEdge[] = [];
  const outputs: { from: string; step: RunStep; suffix: string }[] = [];
  const layerIds: string[] = [];

  if (run.mode === 'chain') {
    // x -> L1 -> L2 -> ... -> y: the edge into each layer carries its input and its dx.
    let prev = 'x';
    let prevName = 'x';
    run.steps.forEach((step, i) => {
      const id = `${step.name}${i}`;
      layerIds.push(id);
      nodes.push(layerNode(id, step, view));
      edges.push(edge(prev, id, step.input, step.dx, prevName, i === 0 ? 'dx' : `d${prevName}`));
      prev = id;
      prevName = i === run.steps.length - 1 ? 'y' : `h${i + 1}`;
    });
    const last = run.steps[run.steps.length - 1];
    if (last) outputs.push({ from: prev, step: last, suffix: '' });
  } else {
    // The notebook's default: every layer applied to the same x, each with its own output.
    run.steps.forEach((step, i) => {
      const id = `${step.name}${i}`;
      layerIds.push(id);
      nodes.push(layerNode(id, step, view));
      edges.push(edge('x', id, step.input, step.dx, 'x', 'dx'));
      outputs.push({ from: id, step, suffix: run.steps.length > 1 ? subscript(i + 1) : '' });
    });
  }

  outputs.forEach(({ from, step, suffix }, i) => {
    const y = `y${i}`;
    const dout = `dout${i}`;
    nodes.push({ id: y, kind: 'output', label: `y${suffix}` });
    nodes.push({ id: dout, kind: 'dout', label: `∂L/∂y${suffix}` });
    edges.push(edge(from, y, step.out, step.dout, `y${suffix}`, 'dout'));
    // dout enters from the right: only a gradient flows on this edge.
    edges.push({ id: `e_${y}_${dout}`, source: y, target: dout, backward: wire(step.dout), backwardName: 'dout' });
  });

  // The edge leaving each layer carries its forward out: that is what a Sigmoid caches.
  for (const n of nodes) if (n.layer === 'sigmoid') n.outEdge = edges.find((e) => e.source === n.id)?.id;

  const graph: TraceGraph = { title, shape: [...x.shape], mode: run.mode, nodes, edges, doutSource: view.doutSource ?? 'ones' };
  run.steps.forEach((step, i) => {
    const id = layerIds[i];
    if (step.name === 'sigmoid' && view.expanded?.has(id)) expandSigmoid(graph, id, step);
  });
  return graph;
}

/** Replaces Sigmoid node `id` by ×(−1) → exp → +1 → /, keeping the edges into and out of it. */
function expandSigmoid(graph: TraceGraph, id: string, step: RunStep): void {
  const at = graph.nodes.findIndex((n) => n.id === id);
  const layer = graph.nodes[at];
  const prims = sigmoidPrimitives(step.input, step.dout);
  const primId = (op: string) => `${id}_${op}`;
  graph.nodes.splice(
    at,
    1,
    ...PRIMITIVE_OPS.map((op, i): GraphNode => {
      const n: GraphNode = { id: primId(op), kind: 'primitive', label: PRIMITIVE_LABEL[op], parent: id };
      // The whole layer's gradient check belongs with the node where dx leaves.
      if (i === 0 && layer.gradcheck) n.gradcheck = layer.gradcheck;
      return n;
    }),
  );
  const into = graph.edges.find((e) => e.target === id);
  const out = graph.edges.find((e) => e.source === id);
  // Boundary edges keep the layer's values, so the rest of the graph is unchanged.
  if (into) into.target = primId('neg');
  if (out) out.source = primId('div');
  const inner = prims.slice(1, 4).map((p, i) =>
    edge(primId(PRIMITIVE_OPS[i]), primId(PRIMITIVE_OPS[i + 1]), p.forward, p.backward, p.forwardName, p.backwardName),
  );
  const after = into ? graph.edges.indexOf(into) + 1 : graph.edges.length;
  graph.edges.splice(after, 0, ...inner);
  for (const e of [into, out]) if (e) e.id = `e_${e.source}_${e.target}`;
}

function layerNode(id: string, step: RunStep, view: TraceView): GraphNode {
  const node: GraphNode = { id, kind: 'layer', label: LAYER_LABEL[step.name], layer: step.name };
  if (step.mask) node.mask = step.mask;
  if (step.name === 'relu' && view.expanded?.has(id)) node.expanded = true;
  if (!view.skipGradcheck) {
    // The layer on its own input and dout: its backward against central differences. ReLU and
    // Sigmoid act element by element, so a prefix is as good a check and keeps 1e6 elements fast.
    const n = Math.min(step.input.data.length, GRADCHECK_MAX);
    const prefix = (t: Tensor): Tensor => ({ shape: [n], data: t.data.subarray(0, n) });
    const check = gradcheck(step.name, prefix(step.input), prefix(step.dout));
    node.gradcheck = { maxAbsDiff: Number.isNaN(check.maxAbsDiff) ? null : check.maxAbsDiff, index: check.index, checked: n };
  }
  return node;
}

function edge(source: string, target: string, fwd: Tensor, bwd: Tensor, fwdName: string, bwdName: string): GraphEdge {
  return {
    id: `e_${source}_${target}`,
    source,
    target,
    forward: wire(fwd),
    backward: wire(bwd),
    forwardName: fwdName,
    backwardName: bwdName,
  };
}

function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}
