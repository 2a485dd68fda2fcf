// Messages between the extension host and the trace webview, as valibot schemas: the types are
// inferred from the schemas (one source), and every message is checked on receipt, both ways,
// because a webview is untrusted input. What they carry: the graph (graph.ts, checked
// against the engine's types) and the panel's records (records.ts).
import * as v from 'valibot';
import type { TraceGraph, WireTensor } from '../engine/graph/graph';
import { Id, NonNeg, Shape, str, TraceGraphSchema, U8, WireTensorSchema } from './graph';
import { LookSchema, PanelSettingsSchema, RenderReportSchema, RestoreInfoSchema } from './records';
import { VerdictPatchSchema } from './verdicts';

export type { CacheEntry, GradCheckResult, GraphEdge, GraphNode, MaskPreview, NodeKind, PassInfo, TensorPreview, TraceGraph, WireTensor } from '../engine/graph/graph';
export type { LookReport, PanelSettings, RenderReport, RestoreInfo } from './records';
export type { VerdictPatch } from './verdicts';

// ---- messages -----------------------------------------------------------------------------------

export const FLOW_ACTIONS = ['play', 'pause', 'step', 'stepBack', 'reset', 'end', 'fit', 'zoomIn', 'zoomOut'] as const;
/** Toolbar and keyboard actions the host can also trigger (commands, tests). */
export type FlowAction = (typeof FLOW_ACTIONS)[number];
export type ExportFormat = 'png' | 'svg' | 'json' | 'numpy';

/** Run mode's progress: the program being run, so the panel shows run mode's page (its file and a Cancel button). */
const RunInfo = v.object({ file: str(1000) });

const ToWebview = v.variant('type', [
  /** UI strings (localised on the host) and the current settings; sent first. */
  v.object({ type: v.literal('init'), strings: v.pipe(v.record(str(100), str(2000)), v.check((r) => Object.keys(r).length <= 500)), settings: PanelSettingsSchema }),
  /** Draw this trace, replacing what is shown; keep `restore` in the webview state. */
  v.object({ type: v.literal('trace'), graph: TraceGraphSchema, restore: v.optional(RestoreInfoSchema) }),
  /** Run mode: gradient-check verdicts for the graph shown, put in place (verdicts.ts), the view kept. */
  v.object({ type: v.literal('verdicts'), ...VerdictPatchSchema.entries }),
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

/** What is wrong with a message the webview drops, for its console: the first issue's place and message. */
export function whyNotToWebview(m: unknown): string {
  try {
    const r = v.safeParse(ToWebview, m);
    if (r.success) return 'not a plain record';
    const i = r.issues[0];
    return `${(i.path ?? []).map((p) => String(p.key)).join('.')}: ${i.message}`;
  } catch (e) {
    return String(e);
  }
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
