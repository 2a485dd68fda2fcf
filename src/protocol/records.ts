// What the messages between the host and the webview carry besides the graph, as valibot schemas:
// the panel's settings, what a reload needs to trace again, what the webview drew (the render
// report tests assert on), the panel's look for the host's first frame. The messages are index.ts.
import * as v from 'valibot';
import { Finite, Id, Int, MAX_ITEMS, NonNeg, str } from './graph';

const BIG_TEXT = 512 * 1024;

export const PanelSettingsSchema = v.object({ layers: str(100), dout: v.picklist(['auto', 'ones', 'same']), followSelection: v.boolean() });
/** Panel settings the toolbar shows; the host owns them (they live in VS Code's settings). */
export type PanelSettings = v.InferOutput<typeof PanelSettingsSchema>;

export const RestoreInfoSchema = v.object({
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
export const RenderReportSchema = v.object({
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
  /** How the page's code came: posted by the host beside the page, or linked from dist/ (extension/pageFiles.ts). */
  code: v.optional(v.picklist(['posted', 'linked'])),
  /** Whether the toolbar shows "Layers…" and "dout = …" (only for a literal's trace). */
  pickers: v.optional(v.object({ layers: v.boolean(), dout: v.boolean() })),
  /** The graph's notes above it: how many there are, how many are shown (the first, or all when opened), their height in CSS px. */
  notes: v.optional(v.object({ total: NonNeg, shown: NonNeg, height: Finite })),
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

/** A colour as CSS writes it (a name, #hex, rgb(…), var(--…, …)): no quotes, no url(). */
const Colour = v.pipe(v.string(), v.maxLength(200), v.regex(/^(?!.*url)[\w#(),.%\s-]+$/i));
/** What the host needs to draw the panel's first frame as the webview would: the editor font's advance, the theme's colours, the graph area. */
export const LookSchema = v.object({
  advance: v.pipe(Finite, v.minValue(0.2), v.maxValue(2)),
  theme: v.object({ fg: Colour, red: Colour, nodeBg: Colour, accent: Colour, mono: v.pipe(v.string(), v.maxLength(500), v.regex(/^[\w ,-]+$/)) }),
  area: v.object({ width: v.pipe(Finite, v.minValue(0), v.maxValue(100_000)), height: v.pipe(Finite, v.minValue(0), v.maxValue(100_000)) }),
});
export type LookReport = v.InferOutput<typeof LookSchema>;
