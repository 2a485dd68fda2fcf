// Messages between the extension host and the trace webview. Shared types plus runtime guards:
// a webview is untrusted input, so every message is checked on receipt, both ways.

/** A tensor on the wire: values travel as a binary Float64Array (structured clone), never as JSON text. */
export interface WireTensor {
  shape: number[];
  data: Float64Array;
}

export type LayerName = 'relu' | 'sigmoid';
export type NodeKind = 'input' | 'layer' | 'output' | 'dout';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Short name drawn in the node: `x`, `ReLU`, `Sigmoid`, `y`, `dout`. */
  label: string;
  layer?: LayerName;
  /** ReLU's cached mask (1 where x <= 0 blocks the gradient). */
  mask?: Uint8Array;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** Value flowing forward (left to right); absent on the edge where dout enters. */
  forward?: WireTensor;
  /** Gradient flowing backward (right to left). */
  backward: WireTensor;
  /** Book-style names for the two values, e.g. `x` and `dx`. */
  forwardName?: string;
  backwardName: string;
}

export interface TraceGraph {
  /** Where the array came from, e.g. `seed.py:3:5`. */
  title: string;
  shape: number[];
  mode: 'chain' | 'parallel';
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** What the webview drew, as text: the accessible description and what tests assert on. */
export interface RenderReport {
  nodes: { id: string; label: string }[];
  edges: { id: string; forward: string; backward: string }[];
  /** Size of the graph container in CSS pixels: zero means nothing is visible. */
  width: number;
  height: number;
}

export type ToWebviewMessage =
  /** Draw this trace, replacing what is shown. */
  | { type: 'trace'; graph: TraceGraph };

export type FromWebviewMessage =
  /** The webview has loaded its script and listens; the host may post now. */
  | { type: 'ready' }
  /** The graph for the last trace is drawn; here is what it shows. */
  | { type: 'rendered'; report: RenderReport }
  /** Something failed inside the webview; the host logs it. */
  | { type: 'error'; message: string };

// ---- runtime guards ------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const isId = (v: unknown): v is string => isStr(v, 100) && /^[A-Za-z0-9_-]+$/.test(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArr = (v: unknown, max: number): v is unknown[] => Array.isArray(v) && v.length <= max;

const MAX_ITEMS = 256;

export function isShape(v: unknown): v is number[] {
  return isArr(v, 32) && v.every((d) => Number.isInteger(d) && (d as number) >= 0);
}

export function isWireTensor(v: unknown): v is WireTensor {
  if (!isRec(v) || !isShape(v.shape) || !(v.data instanceof Float64Array)) return false;
  return v.shape.reduce((n, d) => n * d, 1) === v.data.length;
}

function isNode(v: unknown): v is GraphNode {
  return (
    isRec(v) &&
    isId(v.id) &&
    (v.kind === 'input' || v.kind === 'layer' || v.kind === 'output' || v.kind === 'dout') &&
    isStr(v.label, 100) &&
    (v.layer === undefined || v.layer === 'relu' || v.layer === 'sigmoid') &&
    (v.mask === undefined || v.mask instanceof Uint8Array)
  );
}

function isEdge(v: unknown): v is GraphEdge {
  return (
    isRec(v) &&
    isId(v.id) &&
    isId(v.source) &&
    isId(v.target) &&
    (v.forward === undefined || isWireTensor(v.forward)) &&
    isWireTensor(v.backward) &&
    (v.forwardName === undefined || isStr(v.forwardName, 100)) &&
    isStr(v.backwardName, 100)
  );
}

export function isTraceGraph(v: unknown): v is TraceGraph {
  if (!isRec(v) || !isStr(v.title, 1000) || !isShape(v.shape)) return false;
  if (v.mode !== 'chain' && v.mode !== 'parallel') return false;
  if (!isArr(v.nodes, MAX_ITEMS) || !v.nodes.every(isNode)) return false;
  if (!isArr(v.edges, MAX_ITEMS) || !v.edges.every(isEdge)) return false;
  // Every edge must join two known nodes, or the drawing would silently lose it.
  const ids = new Set(v.nodes.map((n) => n.id));
  return v.edges.every((e) => ids.has(e.source) && ids.has(e.target));
}

export function isToWebviewMessage(v: unknown): v is ToWebviewMessage {
  return isRec(v) && v.type === 'trace' && isTraceGraph(v.graph);
}

function isRenderReport(v: unknown): v is RenderReport {
  return (
    isRec(v) &&
    isArr(v.nodes, MAX_ITEMS) &&
    v.nodes.every((n) => isRec(n) && isId(n.id) && isStr(n.label, 100)) &&
    isArr(v.edges, MAX_ITEMS) &&
    v.edges.every((e) => isRec(e) && isId(e.id) && isStr(e.forward, 100_000) && isStr(e.backward, 100_000)) &&
    isNum(v.width) &&
    isNum(v.height)
  );
}

export function isFromWebviewMessage(v: unknown): v is FromWebviewMessage {
  if (!isRec(v)) return false;
  switch (v.type) {
    case 'ready':
      return Object.keys(v).length === 1;
    case 'rendered':
      return isRenderReport(v.report);
    case 'error':
      return isStr(v.message);
    default:
      return false;
  }
}
