// Turns an input, a list of layers and dout into the graph the webview draws, as in the book's
// figures: nodes are x, the layers, the outputs and where dout enters; each edge carries the
// value flowing forward and the gradient flowing back.
import type { GraphEdge, GraphNode, TraceGraph } from '../protocol';
import { runLayers, type RunOptions } from './run';
import type { Tensor } from './tensor';

const LAYER_LABEL = { relu: 'ReLU', sigmoid: 'Sigmoid' } as const;

const wire = (t: Tensor) => ({ shape: [...t.shape], data: t.data });

/** Runs the layers forward then backward on `x` and describes the result as a graph. */
export function buildTrace(x: Tensor, opts: RunOptions, title: string): TraceGraph {
  const run = runLayers(x, opts);
  const nodes: GraphNode[] = [{ id: 'x', kind: 'input', label: 'x' }];
  const edges: GraphEdge[] = [];
  const outputs: { from: string; step: (typeof run.steps)[number]; suffix: string }[] = [];

  if (run.mode === 'chain') {
    // x -> L1 -> L2 -> ... -> y: the edge into each layer carries its input and its dx.
    let prev = 'x';
    let prevName = 'x';
    run.steps.forEach((step, i) => {
      const id = `${step.name}${i}`;
      nodes.push(layerNode(id, step));
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
      nodes.push(layerNode(id, step));
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

  return { title, shape: [...x.shape], mode: run.mode, nodes, edges };
}

function layerNode(id: string, step: { name: 'relu' | 'sigmoid'; mask?: Uint8Array }): GraphNode {
  const node: GraphNode = { id, kind: 'layer', label: LAYER_LABEL[step.name], layer: step.name };
  if (step.mask) node.mask = step.mask;
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
