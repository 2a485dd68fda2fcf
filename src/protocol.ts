// Messages between the extension host and the trace webview. Shared types plus runtime guards:
// a webview is untrusted input, so every message is checked on receipt, both ways.

/** A tensor on the wire: values travel as a binary Float64Array (structured clone), never as JSON text. */
export interface WireTensor {
  shape: number[];
  /** All values, or, when `preview` is set, a strided sample of shape `preview.sampleShape`. */
  data: Float64Array;
  preview?: TensorPreview;
}

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

export type LayerName = 'relu' | 'sigmoid';
export type NodeKind = 'input' | 'layer' | 'primitive' | 'output' | 'dout';

/** A layer's backward against central differences; maxAbsDiff is null when it is NaN. */
export interface GradCheckResult {
  maxAbsDiff: number | null;
  /** Flat index of the largest difference, -1 for an empty array. */
  index: number;
  /** How many leading elements were checked (big arrays are checked on a prefix: the layers act element-wise). */
  checked: number;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Short name drawn in the node: `x`, `ReLU`, `Sigmoid`, `y`, `dout`. */
  label: string;
  layer?: LayerName;
  /** ReLU's cached mask (1 where x <= 0 blocks the gradient). */
  mask?: Uint8Array;
  /** Sigmoid: the edge whose forward value is the cached `out` (sent once, not twice). */
  outEdge?: string;
  /** ReLU shown in its mask view. (An expanded Sigmoid is replaced by its primitive nodes.) */
  expanded?: boolean;
  /** Primitive nodes: the layer they were expanded from, so clicking one collapses it again. */
  parent?: string;
  gradcheck?: GradCheckResult;
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
  /** Where dout came from: all ones, a copy of x, or the second selection. */
  doutSource: 'ones' | 'same' | 'selection';
}

/** What the webview drew, as text: the accessible description and what tests assert on. */
export interface RenderReport {
  /** `state` is a layer's cached value as drawn (ReLU's mask, Sigmoid's out). */
  nodes: { id: string; label: string; state?: string }[];
  edges: { id: string; forward: string; backward: string }[];
  /** Size of the graph container in CSS pixels: zero means nothing is visible. */
  width: number;
  height: number;
  /** Milliseconds the webview spent from receiving the trace to the drawn frame. */
  drawMs?: number;
  /** When the webview received the trace (epoch ms): the host's send time to this is transfer. */
  receivedAt?: number;
}

/** Enough for the host to trace again after a window reload; the webview keeps it with setState. */
export interface RestoreInfo {
  title: string;
  /** x as written in the document, or where it is when it is too big to keep. */
  xText?: string;
  xFrom?: { uri: string; start: number; end: number };
  doutText?: string;
}

/** Panel settings the toolbar shows; the host owns them (they live in VS Code's settings). */
export interface PanelSettings {
  /** The `backpropTrace.layers` value, e.g. `relu,sigmoid` or `relu>sigmoid`. */
  layers: string;
  dout: 'auto' | 'ones' | 'same';
  followSelection: boolean;
}

/** Toolbar and keyboard actions the host can also trigger (commands, tests). */
export type FlowAction = 'play' | 'pause' | 'step' | 'stepBack' | 'reset' | 'end' | 'fit' | 'zoomIn' | 'zoomOut';
export const FLOW_ACTIONS: readonly FlowAction[] = ['play', 'pause', 'step', 'stepBack', 'reset', 'end', 'fit', 'zoomIn', 'zoomOut'];

export type ExportFormat = 'png' | 'svg' | 'json' | 'numpy';

export type ToWebviewMessage =
  /** UI strings (localised on the host) and the current settings; sent after `ready`. */
  | { type: 'init'; strings: Record<string, string>; settings: PanelSettings }
  /** Draw this trace, replacing what is shown; keep `restore` in the webview state. */
  | { type: 'trace'; graph: TraceGraph; restore?: RestoreInfo }
  /** The settings changed (quick pick or settings editor): update the toolbar. */
  | { type: 'settings'; settings: PanelSettings }
  /** Run a flow action, or jump to step `to` (0 = nothing travelled yet) when given. */
  | { type: 'flow'; action: FlowAction; to?: number }
  /** Draw the graph as an image and send it back with `exported`. */
  | { type: 'exportImage'; format: 'png' | 'svg' }
  /** Show a short status line (e.g. why follow-selection skipped a trace). */
  | { type: 'status'; text: string };

export type FromWebviewMessage =
  /** The webview has loaded its script and listens; the host may post now. */
  | { type: 'ready' }
  /** The graph for the last trace is drawn; here is what it shows. */
  | { type: 'rendered'; report: RenderReport }
  /** Something failed inside the webview; the host logs it. */
  | { type: 'error'; message: string }
  /** Expand (or collapse) a layer node: the host recomputes the graph with it. */
  | { type: 'expand'; node: string; expanded: boolean }
  /** Open the host's quick pick for the layers or for dout. */
  | { type: 'pick'; what: 'layers' | 'dout' }
  /** Turn follow-selection on or off. */
  | { type: 'follow'; on: boolean }
  /** Export in this format: images are drawn by the webview first, JSON and numpy by the host. */
  | { type: 'export'; format: ExportFormat }
  /** The image asked for by `exportImage`: PNG bytes or SVG text. */
  | { type: 'exported'; format: 'png'; data: Uint8Array }
  | { type: 'exported'; format: 'svg'; data: string }
  /** The flow moved: `step` of `total` edges travelled, in phase forward or backward. */
  | { type: 'stepped'; step: number; total: number; phase: 'forward' | 'backward' | 'done' | 'idle' };

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

const isNumber = (v: unknown): v is number => typeof v === 'number';

function isPreview(v: unknown, rank: number): v is TensorPreview {
  return (
    isRec(v) &&
    isStr(v.text, 1_000_000) &&
    isNumber(v.min) &&
    isNumber(v.max) &&
    isNumber(v.mean) &&
    isShape(v.sampleShape) &&
    v.sampleShape.length === rank &&
    isShape(v.strides) &&
    v.strides.length === rank &&
    v.strides.every((s) => s >= 1)
  );
}

export function isWireTensor(v: unknown): v is WireTensor {
  if (!isRec(v) || !isShape(v.shape) || !(v.data instanceof Float64Array)) return false;
  if (v.preview === undefined) return v.shape.reduce((n, d) => n * d, 1) === v.data.length;
  return isPreview(v.preview, v.shape.length) && v.preview.sampleShape.reduce((n, d) => n * d, 1) === v.data.length;
}

function isGradCheck(v: unknown): v is GradCheckResult {
  return isRec(v) && (v.maxAbsDiff === null || (typeof v.maxAbsDiff === 'number' && !Number.isNaN(v.maxAbsDiff))) && Number.isInteger(v.index) && Number.isInteger(v.checked);
}

function isNode(v: unknown): v is GraphNode {
  return (
    isRec(v) &&
    isId(v.id) &&
    (v.kind === 'input' || v.kind === 'layer' || v.kind === 'primitive' || v.kind === 'output' || v.kind === 'dout') &&
    isStr(v.label, 100) &&
    (v.layer === undefined || v.layer === 'relu' || v.layer === 'sigmoid') &&
    (v.mask === undefined || v.mask instanceof Uint8Array) &&
    (v.outEdge === undefined || isId(v.outEdge)) &&
    (v.expanded === undefined || typeof v.expanded === 'boolean') &&
    (v.parent === undefined || isId(v.parent)) &&
    (v.gradcheck === undefined || isGradCheck(v.gradcheck))
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
  if (v.doutSource !== 'ones' && v.doutSource !== 'same' && v.doutSource !== 'selection') return false;
  if (!isArr(v.nodes, MAX_ITEMS) || !v.nodes.every(isNode)) return false;
  if (!isArr(v.edges, MAX_ITEMS) || !v.edges.every(isEdge)) return false;
  // Every edge must join two known nodes, or the drawing would silently lose it.
  const ids = new Set(v.nodes.map((n) => n.id));
  return v.edges.every((e) => ids.has(e.source) && ids.has(e.target));
}

export function isPanelSettings(v: unknown): v is PanelSettings {
  return (
    isRec(v) &&
    isStr(v.layers, 100) &&
    (v.dout === 'auto' || v.dout === 'ones' || v.dout === 'same') &&
    typeof v.followSelection === 'boolean'
  );
}

const BIG_TEXT = 512 * 1024;

export function isRestoreInfo(v: unknown): v is RestoreInfo {
  if (!isRec(v) || !isStr(v.title, 1000)) return false;
  if (v.xText !== undefined && !isStr(v.xText, BIG_TEXT)) return false;
  if (v.doutText !== undefined && !isStr(v.doutText, BIG_TEXT)) return false;
  const f = v.xFrom;
  return f === undefined || (isRec(f) && isStr(f.uri, 4000) && Number.isInteger(f.start) && Number.isInteger(f.end));
}

const isStrings = (v: unknown): v is Record<string, string> =>
  isRec(v) && Object.keys(v).length <= 500 && Object.values(v).every((s) => isStr(s, 2000));

export function isToWebviewMessage(v: unknown): v is ToWebviewMessage {
  if (!isRec(v)) return false;
  switch (v.type) {
    case 'init':
      return isStrings(v.strings) && isPanelSettings(v.settings);
    case 'trace':
      return isTraceGraph(v.graph) && (v.restore === undefined || isRestoreInfo(v.restore));
    case 'settings':
      return isPanelSettings(v.settings);
    case 'flow':
      return (FLOW_ACTIONS as readonly unknown[]).includes(v.action) && (v.to === undefined || (Number.isInteger(v.to) && (v.to as number) >= 0));
    case 'exportImage':
      return v.format === 'png' || v.format === 'svg';
    case 'status':
      return isStr(v.text, 1000);
    default:
      return false;
  }
}

function isRenderReport(v: unknown): v is RenderReport {
  return (
    isRec(v) &&
    isArr(v.nodes, MAX_ITEMS) &&
    v.nodes.every((n) => isRec(n) && isId(n.id) && isStr(n.label, 100) && (n.state === undefined || isStr(n.state, 100_000))) &&
    isArr(v.edges, MAX_ITEMS) &&
    v.edges.every((e) => isRec(e) && isId(e.id) && isStr(e.forward, 100_000) && isStr(e.backward, 100_000)) &&
    isNum(v.width) &&
    isNum(v.height) &&
    (v.drawMs === undefined || isNum(v.drawMs)) &&
    (v.receivedAt === undefined || isNum(v.receivedAt))
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
    case 'expand':
      return isId(v.node) && typeof v.expanded === 'boolean';
    case 'pick':
      return v.what === 'layers' || v.what === 'dout';
    case 'follow':
      return typeof v.on === 'boolean';
    case 'export':
      return v.format === 'png' || v.format === 'svg' || v.format === 'json' || v.format === 'numpy';
    case 'exported':
      // An image of the graph: bounded so a compromised webview cannot make the host write gigabytes.
      if (v.format === 'png') return v.data instanceof Uint8Array && v.data.length <= 64 * 1024 * 1024;
      return v.format === 'svg' && isStr(v.data, 64 * 1024 * 1024) && (v.data as string).startsWith('<svg');
    case 'stepped':
      return (
        Number.isInteger(v.step) && Number.isInteger(v.total) && (v.step as number) >= 0 && (v.step as number) <= (v.total as number) &&
        (v.phase === 'forward' || v.phase === 'backward' || v.phase === 'done' || v.phase === 'idle')
      );
    default:
      return false;
  }
}
