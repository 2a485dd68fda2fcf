// The one graph both modes feed (literal arrays run through registry layers, and the reader's own
// Python layers as recorded by the tracer): a DAG of inputs, parameters, layer calls and outputs,
// joined port to port. Everything after this point (wire form, protocol, webview) is shared, and
// the webview never computes a number: every value and gradient here comes from the engine or
// from the user's own Python.
//
// Pure types: no vscode, no DOM, no Node. src/protocol/ imports these, never the reverse.
import type { ExactInts } from '../tensor';

/** A tensor on the wire: values travel as a binary Float64Array (structured clone), never as JSON text. */
export interface WireTensor {
  shape: number[];
  /** All values, or, when `preview` is set, a strided sample of shape `preview.sampleShape`. */
  data: Float64Array;
  /** numpy's dtype name when it is not float64 (`float32`, `int64`, `bool`). */
  dtype?: string;
  preview?: TensorPreview;
  /** A number rather than an array (shape []): Python's int or float, or a numpy scalar (its dtype said). */
  scalar?: ScalarType;
  /** A number as the program's str() gives it, when `data` cannot hold it exactly (an integer past
   *  2**53, whose float64 has other last digits): drawn instead of `data`. */
  text?: string;
  /** An int64 array's elements past 2**53 as the program prints them, by flat index in `data`
   *  (the Tensor's `exact`): the labels, the details and the hover show these digits. */
  exact?: ExactInts;
}

/** The types of a number a program holds: Python's `int` (dtype int64) and `float`, or a numpy scalar. */
export const SCALAR_TYPES = ['int', 'float', 'numpy'] as const;

/** The most nodes, and edges, a graph sent to the panel has (protocol.ts checks it; the webview drops a graph over it). */
export const MAX_ITEMS = 256;
export type ScalarType = (typeof SCALAR_TYPES)[number];

/** What the webview shows of a big array, computed by the host from all of its values. */
export interface TensorPreview {
  /** numpy's summarised print of the whole array. */
  text: string;
  min: number;
  max: number;
  mean: number;
  sampleShape: number[];
  /** Step along each axis between sampled elements. */
  strides: number[];
}

/** What the webview shows of a big mask, computed by the host from all of its elements. */
export interface MaskPreview {
  /** numpy's summarised print of the whole bool array (`[[False  True ...`). */
  text: string;
  /** How many elements are True (blocked by ReLU). */
  count: number;
  sampleShape: number[];
  strides: number[];
}

/**
 * input: a value with no producer (`x`, `t`, a selection); param: a layer's parameter (`W`, `b`),
 * drawn beside its layer with its gradient (`dW`, `db`); layer: one call of a layer's forward;
 * primitive: a node of an expanded layer (figs 5-19..5-22); output: a result of the graph, where
 * dout enters; loss: a scalar output (its dout is 1).
 */
export type NodeKind = 'input' | 'param' | 'layer' | 'primitive' | 'output' | 'loss';

/** A layer's backward against central differences on one port; maxAbsDiff is null when it is NaN. */
export interface GradCheckResult {
  maxAbsDiff: number | null;
  /** Flat index of the largest difference, -1 for an empty array. */
  index: number;
  /** How many elements were checked (big arrays are checked on a sample). */
  checked: number;
  /** Within tolerance. */
  ok: boolean;
  /** Elements at a kink (ReLU at 0), accepted apart (checkRule.ts). */
  kinks?: number;
  /** The tolerance the port was held to: atol * min(1, max |dout|) + rtol * scale (checkRule.ts). */
  tol?: number;
  /** The worst elements, largest |analytic - numerical| first, with both values. */
  worst?: { index: number; analytic: number; numerical: number }[];
}

/** A layer's gradient check in one word and one sentence: ok, FAILED (where), not checked (why), or
 *  still checking (run mode: the graph is drawn when the code ends; the verdicts follow into it). */
export interface Verdict {
  status: 'ok' | 'failed' | 'unchecked' | 'checking';
  text: string;
  /** FAILED: the ports (inputs or parameters) whose gradient disagrees. */
  ports?: string[];
}

/** A value a layer keeps between forward and backward, as the book's `self.mask` / `self.out`. */
export interface CacheEntry {
  /** The attribute name: `mask`, `out`, `x`, `y`, `t`, `dW`… */
  name: string;
  /**
   * A boolean array (ReLU's mask), 1 = True. Exactly one of mask / value / edge is set. `data` is
   * every element, or, when `preview` is set (big masks on the wire), a strided sample.
   */
  mask?: { shape: number[]; data: Uint8Array; preview?: MaskPreview };
  value?: WireTensor;
  /** The value is the forward value on this edge (Sigmoid's out is its output): sent once, not twice. */
  edge?: string;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Short name drawn in the node: `x`, `ReLU`, `×`, `Affine`, `W`, `L`. */
  label: string;
  /** Registry layer name (`relu`, `mul`…) in literal mode, the user's class name in run mode. */
  layer?: string;
  /** The book's section, e.g. `5.5.1`, when the layer is one of the book's. */
  section?: string;
  /** Input port names in order (`x`, `y` for a MulLayer; `x`, `t` for SoftmaxWithLoss). */
  inputs?: string[];
  /** Parameter names in order (`W`, `b`); each has a `param` node and an edge into this layer. */
  params?: string[];
  cache?: CacheEntry[];
  /** Things the learner should know, e.g. "forward wrote into its argument x". */
  notes?: string[];
  /** Layers: the gradient check's verdict (ok, FAILED, not checked), drawn on the node. */
  verdict?: Verdict;
  /** A symbol drawn after the node's name: ✓ checked ok, ✗ FAILED, ? not checked. */
  badge?: string;
  /** Short lines drawn in the node under its name ("forward wrote into x: the caller's x changed"). */
  marks?: string[];
  /** A layer that can be drawn expanded (Sigmoid into primitives, ReLU into its mask view). */
  expandable?: boolean;
  expanded?: boolean;
  /** Primitive nodes: the layer they were expanded from, so clicking one collapses it again. */
  parent?: string;
  /** Source location of the call (run mode), 1-based line. */
  line?: number;
  /**
   * input / param nodes: the gradient arriving at the value, summed over every edge leaving it
   * (the book adds gradients where a value branches, fig 5-16's apple price).
   */
  grad?: WireTensor;
  gradName?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** The port of `target` this edge feeds (`x`, `y`, `W`…); absent when the target has one input. */
  targetPort?: string;
  /** Value flowing forward (left to right). */
  forward?: WireTensor;
  /** Gradient flowing backward (right to left): absent where none flows (SoftmaxWithLoss's `t`). */
  backward?: WireTensor;
  /** Book-style names for the two values, e.g. `x` and `dx`. */
  forwardName?: string;
  backwardName?: string;
  /** The target layer's backward on this port against central differences. */
  gradcheck?: GradCheckResult;
  /** Why entries of the gradient are exactly zero, where known (ReLU's mask, dout already zero...). */
  zeros?: string[];
  /** What the value is when it is not what its name says (an array a forward changed in place). */
  note?: string;
}

/** The reader's program ran several passes (a training loop): which one this graph shows. */
export interface PassInfo {
  index: number;
  count: number;
  /** Recording stopped at the cap; the program went on. */
  capped?: boolean;
  /** Backward calls recorded in this pass (0: the program only ran forward here; the status says so). */
  backwards?: number;
}

export interface TraceGraph {
  /** Where the graph came from, e.g. `seed.py:3:5` or `two_layer_net.py`. */
  title: string;
  /** literal: an array run through registry layers; run: the reader's Python; example: a book figure. */
  source: 'literal' | 'run' | 'example';
  /** Shape of x (literal mode). */
  shape?: number[];
  /** literal mode: how the layers were combined. */
  mode?: 'chain' | 'parallel';
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Where dout came from: all ones, a copy of x, the second selection, or given by the graph (examples, run). */
  doutSource: 'ones' | 'same' | 'selection' | 'given';
  pass?: PassInfo;
  /** Graph-wide notes (e.g. "cells 1-4 run in a fresh process"). */
  notes?: string[];
}
