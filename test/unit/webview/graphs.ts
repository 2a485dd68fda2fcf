// Graphs shaped as the engine sends them (GRAPH-SHAPES.md), for the webview's pure logic and the
// browser check. Values follow the book: the seed x = [[1, -0.5], [2, 0]], fig 5-16's apples.
import type { CacheEntry, GraphEdge, GraphNode, TraceGraph, WireTensor } from '../../../src/engine/graph/graph';

export const SEED_X = [1, -0.5, 2, 0];
const sig = (v: number) => 1 / (1 + Math.exp(-v));

export const tensor = (shape: number[], values: number[]): WireTensor => ({ shape, data: Float64Array.from(values) });
const t22 = (values: number[]) => tensor([2, 2], values);
const scalar = (v: number) => tensor([], [v]);

function edge(id: string, source: string, target: string, fwd?: WireTensor, bwd?: WireTensor, names: [string, string] = ['x', 'dx'], port?: string): GraphEdge {
  const e: GraphEdge = { id, source, target, forwardName: names[0], backwardName: names[1] };
  if (fwd) e.forward = fwd;
  if (bwd) e.backward = bwd;
  if (port) e.targetPort = port;
  return e;
}

const reluMask = (x: number[]): CacheEntry => ({ name: 'mask', mask: { shape: [2, 2], data: Uint8Array.from(x.map((v) => (v <= 0 ? 1 : 0))) } });

/** relu,sigmoid side by side on the seed array, dout = ones. */
export function seedParallel(): TraceGraph {
  const x = SEED_X;
  const y1 = x.map((v) => (v > 0 ? v : 0));
  const y2 = x.map(sig);
  const ones = [1, 1, 1, 1];
  const dxRelu = x.map((v) => (v > 0 ? 1 : 0));
  const dxSig = y2.map((o) => o * (1 - o));
  const nodes: GraphNode[] = [
    { id: 'x', kind: 'input', label: 'x', grad: t22(dxRelu.map((d, i) => d + dxSig[i])), gradName: 'dx' },
    { id: 'relu0', kind: 'layer', label: 'ReLU', layer: 'relu', section: '5.5.1', inputs: ['x'], cache: [reluMask(x)], expandable: true },
    { id: 'sigmoid1', kind: 'layer', label: 'Sigmoid', layer: 'sigmoid', section: '5.5.2', inputs: ['x'], cache: [{ name: 'out', edge: 'e_sigmoid1_y1' }], expandable: true },
    { id: 'y0', kind: 'output', label: 'y₁' },
    { id: 'y1', kind: 'output', label: 'y₂' },
  ];
  const edges = [
    edge('e_x_relu0', 'x', 'relu0', t22(x), t22(dxRelu)),
    edge('e_x_sigmoid1', 'x', 'sigmoid1', t22(x), t22(dxSig)),
    edge('e_relu0_y0', 'relu0', 'y0', t22(y1), t22(ones), ['y₁', 'dout']),
    edge('e_sigmoid1_y1', 'sigmoid1', 'y1', t22(y2), t22(ones), ['y₂', 'dout']),
  ];
  edges[0].gradcheck = { maxAbsDiff: 0.5, index: 3, checked: 4, ok: false };
  edges[1].gradcheck = { maxAbsDiff: 2e-11, index: 0, checked: 4, ok: true };
  return { title: 'seed.py:3:5', source: 'literal', shape: [2, 2], mode: 'parallel', nodes, edges, doutSource: 'ones' };
}

/** relu>sigmoid: x → relu0 → sigmoid1 → y0. */
export function seedChain(): TraceGraph {
  const x = SEED_X;
  const h = x.map((v) => (v > 0 ? v : 0));
  const y = h.map(sig);
  const dh = y.map((o) => o * (1 - o));
  const dx = dh.map((d, i) => (x[i] > 0 ? d : 0));
  return {
    title: 'seed.py:3:5',
    source: 'literal',
    shape: [2, 2],
    mode: 'chain',
    doutSource: 'ones',
    nodes: [
      { id: 'x', kind: 'input', label: 'x', grad: t22(dx), gradName: 'dx' },
      { id: 'relu0', kind: 'layer', label: 'ReLU', layer: 'relu', inputs: ['x'], cache: [reluMask(x)] },
      { id: 'sigmoid1', kind: 'layer', label: 'Sigmoid', layer: 'sigmoid', inputs: ['x'], cache: [{ name: 'out', edge: 'e_sigmoid1_y0' }] },
      { id: 'y0', kind: 'output', label: 'y' },
    ],
    edges: [
      edge('e_x_relu0', 'x', 'relu0', t22(x), t22(dx)),
      edge('e_relu0_sigmoid1', 'relu0', 'sigmoid1', t22(h), t22(dh), ['h₁', 'dh₁']),
      edge('e_sigmoid1_y0', 'sigmoid1', 'y0', t22(y), t22([1, 1, 1, 1]), ['y', 'dout']),
    ],
  };
}

/** Fig 5-16: apple 100 × 2 × tax 1.1 = 220; the nodes listed in a scrambled order on purpose. */
export function apple(): TraceGraph {
  return {
    title: 'fig 5-16',
    source: 'example',
    doutSource: 'given',
    nodes: [
      { id: 'price', kind: 'output', label: 'price' },
      { id: 'mul1', kind: 'layer', label: '×', layer: 'mul', inputs: ['x', 'y'], cache: [{ name: 'x', value: scalar(200) }, { name: 'y', value: scalar(1.1) }] },
      { id: 'tax', kind: 'input', label: 'tax', grad: scalar(200), gradName: 'dtax' },
      { id: 'mul0', kind: 'layer', label: '×', layer: 'mul', inputs: ['x', 'y'], cache: [{ name: 'x', value: scalar(100) }, { name: 'y', value: scalar(2) }] },
      { id: 'apple', kind: 'input', label: 'apple', grad: scalar(2.2), gradName: 'dapple' },
      { id: 'apple_num', kind: 'input', label: 'apple_num', grad: scalar(110), gradName: 'dapple_num' },
    ],
    edges: [
      edge('e_mul1_price', 'mul1', 'price', scalar(220), scalar(1), ['price', 'dout']),
      edge('e_tax_mul1', 'tax', 'mul1', scalar(1.1), scalar(200), ['tax', 'dtax'], 'y'),
      edge('e_mul0_mul1', 'mul0', 'mul1', scalar(200), scalar(1.1), ['apple_price', 'dapple_price'], 'x'),
      edge('e_apple_mul0', 'apple', 'mul0', scalar(100), scalar(2.2), ['apple', 'dapple'], 'x'),
      edge('e_apple_num_mul0', 'apple_num', 'mul0', scalar(2), scalar(110), ['apple_num', 'dapple_num'], 'y'),
    ],
  };
}

/** 5.6: Affine → SoftmaxWithLoss; t has no gradient; W and b are param nodes. */
export function affineSoftmax(): TraceGraph {
  const x = tensor([1, 2], [0.6, 0.9]);
  const W = tensor([2, 3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  const b = tensor([3], [0.1, 0.2, 0.3]);
  const a = tensor([1, 3], [0.52, 0.77, 1.02]);
  const dW = tensor([2, 3], [0.19, 0.2, -0.39, 0.28, 0.3, -0.58]);
  return {
    title: 'two_layer_net.py',
    source: 'run',
    doutSource: 'given',
    pass: { index: 0, count: 3 },
    notes: ['cells 1-4 run in a fresh process'],
    nodes: [
      { id: 'x', kind: 'input', label: 'x' },
      { id: 'affine0', kind: 'layer', label: 'Affine', layer: 'affine', inputs: ['x'], params: ['W', 'b'], cache: [{ name: 'x', value: x }], line: 12 },
      { id: 'affine0_W', kind: 'param', label: 'W', grad: dW, gradName: 'dW' },
      { id: 'affine0_b', kind: 'param', label: 'b', grad: tensor([3], [0.32, 0.33, -0.65]), gradName: 'db' },
      { id: 't', kind: 'input', label: 't' },
      { id: 'softmaxWithLoss1', kind: 'layer', label: 'Softmax-with-Loss', layer: 'SoftmaxWithLoss', inputs: ['x', 't'], notes: ['forward wrote into its argument x'] },
      { id: 'L', kind: 'loss', label: 'L' },
    ],
    edges: [
      edge('e_x_affine0', 'x', 'affine0', x, tensor([1, 2], [0.1, 0.2]), ['x', 'dx'], 'x'),
      edge('e_affine0_W_affine0', 'affine0_W', 'affine0', W, dW, ['W', 'dW'], 'W'),
      edge('e_affine0_b_affine0', 'affine0_b', 'affine0', b, tensor([3], [0.32, 0.33, -0.65]), ['b', 'db'], 'b'),
      edge('e_affine0_softmaxWithLoss1', 'affine0', 'softmaxWithLoss1', a, tensor([1, 3], [0.32, 0.33, -0.65]), ['a', 'da'], 'x'),
      edge('e_t_softmaxWithLoss1', 't', 'softmaxWithLoss1', tensor([1, 3], [0, 0, 1]), undefined, ['t', ''], 't'),
      edge('e_softmaxWithLoss1_L', 'softmaxWithLoss1', 'L', scalar(1.1), scalar(1), ['L', 'dout']),
    ],
  };
}
