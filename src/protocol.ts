// Messages between the extension host and the trace webview, as valibot schemas: the types are
// inferred from the schemas (one source), and every message is checked on receipt, both ways,
// because a webview is untrusted input. The graph's own types live in the engine (graph.ts); the
// schema for them below is checked against those types at compile time.
import * as v from 'valibot';
import type { CacheEntry, GradCheckResult, GraphEdge, GraphNode, MaskPreview, TensorPreview, TraceGraph, WireTensor } from './engine/graph/graph';
import { MAX_RANK as MAX_DIMS } from './engine/tensor';

export type { CacheEntry, GradCheckResult, GraphEdge, GraphNode, MaskPreview, NodeKind, PassInfo, TensorPreview, TraceGraph, WireTensor } from './engine/graph/graph';

// ---- building blocks ------------------------------------------------------------------------

const MAX_ITEMS = 256;
const BIG_TEXT = 512 * 1024;
const str = (max = 10_000) => v.pipe(v.string(), v.maxLength(max));
/** Ids end up in DOM attributes and CSS selectors: a closed alphabet. */
const Id = v.pipe(v.string(), v.maxLength(100), v.regex(/^[A-Za-z0-9_-]+$/));
const Int = v.pipe(v.number(), v.integer());
const NonNeg = v.pipe(v.number(), v.integer(), v.minValue(0));
const Names = v.pipe(v.array(str(40)), v.maxLength(16));

const Finite = v.pipe(v.number(), v.finite());
const Shape = v.pipe(v.array(NonNeg), v.maxLength(MAX_DIMS));
/** instanceof checks typed as the engine's arrays (any buffer, as structured clone gives). */
const F64 = v.custom<Float64Array>((x) => x instanceof Float64Array, 'a Float64Array');
const U8 = v.custom<Uint8Array>((x) => x instanceof Uint8Array, 'a Uint8Array');
const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

const Preview = v.object({
  text: str(1_000_000),
  min: v.number(),
  max: v.number(),
  mean: v.number(),
  sampleShape: Shape,
  strides: v.pipe(v.array(v.pipe(Int, v.minValue(1))), v.maxLength(MAX_DIMS)),
});

export const WireTensorSchema = v.pipe(
  v.object({ shape: Shape, data: F64, dtype: v.optional(str(20)), preview: v.optional(Preview) }),
  v.check((t) => {
    if (!t.preview) return size(t.shape) === t.data.length;
    const p = t.preview;
    return p.sampleShape.length === t.shape.length && p.strides.length === t.shape.length && size(p.sampleShape) === t.data.length;
  }, 'values do not match the shape'),
);

/** A big mask's preview: the whole mask's print and True count, and a strided sample. */
const MaskPreviewSchema = v.object({
  text: str(1_000_000),
  count: NonNeg,
  sampleShape: Shape,
  strides: v.pipe(v.array(v.pipe(Int, v.minValue(1))), v.maxLength(MAX_DIMS)),
});

const NotNaN = v.pipe(v.number(), v.check((n) => !Number.isNaN(n)));
/** Any number, NaN and infinities included (a worst element's values, as the check saw them). */
const AnyNumber = v.custom<number>((x) => typeof x === 'number', 'a number');
const GradCheck = v.object({
  maxAbsDiff: v.nullable(NotNaN),
  index: Int,
  checked: NonNeg,
  ok: v.boolean(),
  kinks: v.optional(NonNeg),
  tol: v.optional(v.number()),
  worst: v.optional(v.pipe(v.array(v.object({ index: NonNeg, analytic: AnyNumber, numerical: AnyNumber })), v.maxLength(64))),
});
const VerdictSchema = v.object({ status: v.picklist(['ok', 'failed', 'unchecked', 'checking']), text: str(2000), ports: v.optional(Names) });

const Cache = v.pipe(
  v.object({
    name: str(40),
    mask: v.optional(
      v.pipe(
        v.object({ shape: Shape, data: U8, preview: v.optional(MaskPreviewSchema) }),
        v.check((m) => {
          if (!m.preview) return size(m.shape) === m.data.length;
          const p = m.preview;
          return p.sampleShape.length === m.shape.length && p.strides.length === m.shape.length && size(p.sampleShape) === m.data.length && p.count <= size(m.shape);
        }, 'mask does not match its shape'),
      ),
    ),
    value: v.optional(WireTensorSchema),
    edge: v.optional(Id),
  }),
  v.check((c) => [c.mask, c.value, c.edge].filter((x) => x !== undefined).length === 1, 'one of mask, value, edge'),
);

const Node = v.object({
  id: Id,
  kind: v.picklist(['input', 'param', 'layer', 'primitive', 'output', 'loss']),
  label: str(100),
  layer: v.optional(str(100)),
  section: v.optional(str(20)),
  inputs: v.optional(Names),
  params: v.optional(Names),
  cache: v.optional(v.pipe(v.array(Cache), v.maxLength(32))),
  notes: v.optional(v.pipe(v.array(str(500)), v.maxLength(32))),
  verdict: v.optional(VerdictSchema),
  badge: v.optional(str(4)),
  marks: v.optional(v.pipe(v.array(str(200)), v.maxLength(8))),
  expandable: v.optional(v.boolean()),
  expanded: v.optional(v.boolean()),
  parent: v.optional(Id),
  line: v.optional(NonNeg),
  grad: v.optional(WireTensorSchema),
  gradName: v.optional(str(100)),
});

const Edge = v.object({
  id: Id,
  source: Id,
  target: Id,
  targetPort: v.optional(str(40)),
  forward: v.optional(WireTensorSchema),
  backward: v.optional(WireTensorSchema),
  forwardName: v.optional(str(100)),
  backwardName: v.optional(str(100)),
  gradcheck: v.optional(GradCheck),
  zeros: v.optional(v.pipe(v.array(str(500)), v.maxLength(8))),
  note: v.optional(str(500)),
});

export const TraceGraphSchema = v.pipe(
  v.object({
    title: str(1000),
    source: v.picklist(['literal', 'run', 'example']),
    shape: v.optional(Shape),
    mode: v.optional(v.picklist(['chain', 'parallel'])),
    nodes: v.pipe(v.array(Node), v.maxLength(MAX_ITEMS)),
    edges: v.pipe(v.array(Edge), v.maxLength(MAX_ITEMS)),
    doutSource: v.picklist(['ones', 'same', 'selection', 'given']),
    pass: v.optional(v.object({ index: NonNeg, count: NonNeg, capped: v.optional(v.boolean()) })),
    notes: v.optional(v.pipe(v.array(str(500)), v.maxLength(32))),
  }),
  // Every edge must join two known nodes, or the drawing would silently lose it.
  v.check((g) => {
    const ids = new Set(g.nodes.map((n) => n.id));
    return ids.size === g.nodes.length && g.edges.every((e) => ids.has(e.source) && ids.has(e.target));
  }, 'edges must join known nodes'),
);

// The schema and the engine's types must describe the same thing (compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<v.InferOutput<typeof WireTensorSchema>, WireTensor>,
  Same<v.InferOutput<typeof Preview>, TensorPreview>,
  Same<v.InferOutput<typeof MaskPreviewSchema>, MaskPreview>,
  Same<v.InferOutput<typeof Cache>, CacheEntry>,
  Same<v.InferOutput<typeof GradCheck>, GradCheckResult>,
  Same<v.InferOutput<typeof Node>, GraphNode>,
  Same<v.InferOutput<typeof Edge>, GraphEdge>,
  Same<v.InferOutput<typeof TraceGraphSchema>, TraceGraph>,
] = [true, true, true, true, true, true, true, true];
void sameTypes;

// ---- shared records ---------------------------------------------------------------------------

const PanelSettingsSchema = v.object({ layers: str(100), dout: v.picklist(['auto', 'ones', 'same']), followSelection: v.boolean() });
/** Panel settings the toolbar shows; the host owns them (they live in VS Code's settings). */
export type PanelSettings = v.InferOutput<typeof PanelSettingsSchema>;

const RestoreInfoSchema = v.object({
  title: str(1000),
  /** x as written in the document, or where it is when it is too big to keep. */
  xText: v.optional(str(BIG_TEXT)),
  xFrom: v.optional(v.object({ uri: str(4000), start: Int, end: Int })),
  doutText: v.optional(str(BIG_TEXT)),
  /** A book example's id (Backprop: Open a book example). */
  example: v.optional(str(40)),
  /** Run mode: the file (and notebook cell) that was run. */
  run: v.optional(v.object({ uri: str(4000), cell: v.optional(NonNeg), selection: v.optional(v.object({ start: Int, end: Int })) })),
});
/** Enough for the host to trace again after a window reload; the webview keeps it with setState. */
export type RestoreInfo = v.InferOutput<typeof RestoreInfoSchema>;

const Box = v.object({ id: str(120), kind: v.picklist(['node', 'label']), x: Finite, y: Finite, width: Finite, height: Finite });
const RenderReportSchema = v.object({
  /** `state` is a layer's cached value as drawn (ReLU's mask, Sigmoid's out). */
  nodes: v.pipe(v.array(v.object({ id: Id, label: str(100), state: v.optional(str(100_000)), verdict: v.optional(str(2000)), marks: v.optional(v.array(str(200))) })), v.maxLength(MAX_ITEMS)),
  edges: v.pipe(v.array(v.object({ id: Id, forward: str(100_000), backward: str(100_000) })), v.maxLength(MAX_ITEMS)),
  /** Size of the graph container in CSS pixels: zero means nothing is visible. */
  width: Finite,
  height: Finite,
  /** Milliseconds the webview spent from receiving the trace to the drawn frame. */
  drawMs: v.optional(Finite),
  /** When the webview received the trace (epoch ms): the host's send time to this is transfer. */
  receivedAt: v.optional(Finite),
  /** Received → the first frame (an SVG, before cytoscape's chunk is there) was on screen, if there was one. */
  firstFrameMs: v.optional(Finite),
  /** Whether the toolbar shows "Layers…" and "dout = …" (only for a literal's trace). */
  pickers: v.optional(v.object({ layers: v.boolean(), dout: v.boolean() })),
  /** Where everything is on screen, in viewport CSS px: what the legibility tests assert on. */
  geometry: v.optional(
    v.object({
      viewport: v.object({ width: Finite, height: Finite }),
      zoom: Finite,
      orientation: v.picklist(['LR', 'TB']),
      minFontPx: Finite,
      boxes: v.pipe(v.array(Box), v.maxLength(4 * MAX_ITEMS)),
    }),
  ),
});
/** What the webview drew, as text: the accessible description and what tests assert on. */
export type RenderReport = v.InferOutput<typeof RenderReportSchema>;

export const FLOW_ACTIONS = ['play', 'pause', 'step', 'stepBack', 'reset', 'end', 'fit', 'zoomIn', 'zoomOut'] as const;
/** Toolbar and keyboard actions the host can also trigger (commands, tests). */
export type FlowAction = (typeof FLOW_ACTIONS)[number];
export type ExportFormat = 'png' | 'svg' | 'json' | 'numpy';

// ---- messages -----------------------------------------------------------------------------------

/** Run mode's progress: the program being run, so the panel shows run mode's page (its file and a Cancel button). */
const RunInfo = v.object({ file: str(1000) });

/** A colour as CSS writes it (a name, #hex, rgb(…), var(--…, …)): no quotes, no url(). */
const Colour = v.pipe(v.string(), v.maxLength(200), v.regex(/^(?!.*url)[\w#(),.%\s-]+$/i));
/** What the host needs to draw the panel's first frame as the webview would: the editor font's advance, the theme's colours, the graph area. */
const LookSchema = v.object({
  advance: v.pipe(Finite, v.minValue(0.2), v.maxValue(2)),
  theme: v.object({ fg: Colour, red: Colour, nodeBg: Colour, accent: Colour, mono: v.pipe(v.string(), v.maxLength(500), v.regex(/^[\w ,-]+$/)) }),
  area: v.object({ width: v.pipe(Finite, v.minValue(0), v.maxValue(100_000)), height: v.pipe(Finite, v.minValue(0), v.maxValue(100_000)) }),
});
export type LookReport = v.InferOutput<typeof LookSchema>;

const ToWebview = v.variant('type', [
  /** UI strings (localised on the host) and the current settings; sent first. */
  v.object({ type: v.literal('init'), strings: v.pipe(v.record(str(100), str(2000)), v.check((r) => Object.keys(r).length <= 500)), settings: PanelSettingsSchema }),
  /** Draw this trace, replacing what is shown; keep `restore` in the webview state. */
  v.object({ type: v.literal('trace'), graph: TraceGraphSchema, restore: v.optional(RestoreInfoSchema) }),
  /** The settings changed (quick pick or settings editor): update the toolbar. */
  v.object({ type: v.literal('settings'), settings: PanelSettingsSchema }),
  /** Run a flow action, or jump to step `to` (0 = nothing travelled yet) when given. */
  v.object({ type: v.literal('flow'), action: v.picklist(FLOW_ACTIONS), to: v.optional(NonNeg) }),
  /** Draw the graph as an image and send it back with `exported`, quoting `requestId`. */
  v.object({ type: v.literal('exportImage'), format: v.picklist(['png', 'svg']), requestId: NonNeg }),
  /** Show a short status line (e.g. why follow-selection skipped a trace). */
  v.object({ type: v.literal('status'), text: str(1000) }),
  /** A trace is being prepared ("Tracing x (1000, 1000)…"): say so until the graph arrives. */
  v.object({ type: v.literal('progress'), text: str(1000), run: v.optional(RunInfo) }),
  /** The last trace failed: show why, and mark what is drawn as not current; `at` names the place (`file.py:3:5`) the panel links to. */
  v.object({ type: v.literal('problem'), text: str(4000), at: v.optional(str(1000)) }),
]);
export type ToWebviewMessage = v.InferOutput<typeof ToWebview>;

const MAX_IMAGE = 64 * 1024 * 1024;
const FromWebview = v.variant('type', [
  /** The webview has loaded its script and listens; the host may post now. */
  v.strictObject({ type: v.literal('ready') }),
  /** The graph for the last trace is drawn; here is what it shows. */
  v.object({ type: v.literal('rendered'), report: RenderReportSchema }),
  /** Something failed inside the webview; the host logs it. */
  v.object({ type: v.literal('error'), message: str() }),
  /** Expand (or collapse) a layer node: the host recomputes the graph with it. */
  v.object({ type: v.literal('expand'), node: Id, expanded: v.boolean() }),
  /** Open the host's quick pick for the layers or for dout. */
  v.object({ type: v.literal('pick'), what: v.picklist(['layers', 'dout']) }),
  /** Turn follow-selection on or off. */
  v.object({ type: v.literal('follow'), on: v.boolean() }),
  /** Export in this format: images are drawn by the webview first, JSON and numpy by the host. */
  v.object({ type: v.literal('export'), format: v.picklist(['png', 'svg', 'json', 'numpy']) }),
  /** The image asked for by `exportImage` number `inReplyTo`: PNG bytes or SVG text (bounded). */
  v.variant('format', [
    v.object({ type: v.literal('exported'), format: v.literal('png'), inReplyTo: NonNeg, data: v.pipe(U8, v.check((d) => d.length <= MAX_IMAGE)) }),
    v.object({ type: v.literal('exported'), format: v.literal('svg'), inReplyTo: NonNeg, data: v.pipe(v.string(), v.maxLength(MAX_IMAGE), v.startsWith('<svg')) }),
  ]),
  /** The flow moved: `step` of `total` edges travelled, in phase forward or backward. */
  v.pipe(
    v.object({ type: v.literal('stepped'), step: NonNeg, total: NonNeg, phase: v.picklist(['forward', 'backward', 'done', 'idle']), geometry: RenderReportSchema.entries.geometry }),
    v.check((s) => s.step <= s.total),
  ),
  /** Show another recorded pass of the reader's program (run mode). */
  v.object({ type: v.literal('pass'), index: NonNeg }),
  /** The panel's look (font advance, colours, graph area), for the host's next first frame. */
  v.object({ type: v.literal('look'), look: LookSchema }),
  /** Run mode's Cancel button: stop the program being run. */
  v.strictObject({ type: v.literal('cancelRun') }),
  /** The problem's place was clicked: the host opens the file at the line it sent (never a place the webview names). */
  v.strictObject({ type: v.literal('openProblem') }),
]);
export type FromWebviewMessage = v.InferOutput<typeof FromWebview>;

// ---- guards -------------------------------------------------------------------------------------

/** Own, plain records only: inherited fields and exotic objects never pass as messages. */
function plain(m: unknown): boolean {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const proto = Object.getPrototypeOf(m);
  return (proto === Object.prototype || proto === null) && Object.prototype.hasOwnProperty.call(m, 'type');
}

/** valibot never throws on `is`, but a hostile getter could: treat that as a malformed message. */
function safeIs<S extends v.GenericSchema>(schema: S, m: unknown): m is v.InferOutput<S> {
  try {
    return v.is(schema, m);
  } catch {
    return false;
  }
}

export function isToWebviewMessage(m: unknown): m is ToWebviewMessage {
  return plain(m) && safeIs(ToWebview, m);
}

export function isFromWebviewMessage(m: unknown): m is FromWebviewMessage {
  return plain(m) && safeIs(FromWebview, m);
}

export function isTraceGraph(g: unknown): g is TraceGraph {
  return safeIs(TraceGraphSchema, g);
}

export function isWireTensor(t: unknown): t is WireTensor {
  return safeIs(WireTensorSchema, t);
}

export function isShape(s: unknown): s is number[] {
  return safeIs(Shape, s);
}
