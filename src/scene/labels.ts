// Text of every label in the graph, computed once and shared by the canvas, the SVG export and the
// accessible description so all of them always say the same thing. Two forms of each value:
// the short one drawn on the graph (small arrays in full, numpy-style, as the book's figures do;
// bigger ones as a glyph: a tiny heatmap, the shape and min/max) and the full one for the
// description, the report and the hover (numpy's own print, summarised for big arrays).
// Pure: no DOM, so the layout tests measure the same text the panel draws.
import { shapeText } from '../engine/read/errors';
import { elementOf, formatArray, scalarText, shortNumber } from '../engine/print/format';
import { endOf } from '../engine/print/exact';
import { fewestInt, fewestInts } from './longInts';
import { isIntegral } from '../engine/tensor';
import type { GraphEdge, GraphNode, TraceGraph, WireTensor } from '../engine/graph/graph';
import { formatMask, maskCount } from '../engine/print/formatMask';
import { statsOf } from '../engine/graph/summary';
import { inCard, isFewest, isShort, level, offEdge, type Presentation } from './layout/levels';
import { say } from '../engine/graph/sayings';

const BOOK = level();

/** Arrays up to this many values are drawn in full; bigger ones as a glyph. */
export const SMALL = 6;

/** What one drawn label shows: lines of text, and a heatmap glyph before them for big arrays. */
export interface Short {
  text: string;
  glyph?: WireTensor;
  /** Where the glyph goes: left of the text (LR, where height is scarce), above it (TB, width), or `line`: a small one left of one line (scene.ts MARK). */
  glyphAt?: 'left' | 'top' | 'line';
}

export interface EdgeLabels {
  /** Full text (name, newline, numpy's print): the description, the report, the hover. */
  forward: string;
  backward: string;
  /** What is drawn on the edge; absent when the edge carries no such value. */
  forwardShort?: Short;
  backwardShort?: Short;
}

export { shapeText };

/** Short numbers, 4 significant digits: for min/max beside a glyph (the engine's one short-number format). */
export const num = (v: number): string => shortNumber(v, 4);

/** numpy's print of each array, made once: every presentation level the layout tries shows the same full text. */
const printed = new WeakMap<WireTensor, string>();

export function fmt(t: WireTensor): string {
  // A big array arrives with its numpy summary already made from all of its values.
  if (t.preview) return t.preview.text;
  if (t.text !== undefined) return t.text; // an integer past 2**53 as the program's str(): its float64 would differ
  const known = printed.get(t);
  if (known !== undefined) return known;
  const text = formatArray({ shape: t.shape, data: t.data, dtype: t.dtype, exact: t.exact });
  printed.set(t, text);
  return text;
}

const size = (t: { shape: readonly number[] }) => t.shape.reduce((a, b) => a * b, 1);

/** `name = [[…` with the next rows under the first. */
export function inline(name: string, body: string): string {
  const pad = ' '.repeat(name.length + 3);
  return body
    .split('\n')
    .map((l, i) => (i === 0 ? `${name} = ${l}` : l && pad + l))
    .join('\n');
}

/** Digits drawn on the graph, as `np.set_printoptions(precision=4)`; the details show all. */
export const DRAWN_PRECISION = 4;
/** And `linewidth=28` for a single long row where a level wraps narrow (a 3-element db stays on one line). */
export const DRAWN_LINEWIDTH = 28;

/**
 * Compact mode, for a graph that fits its panel at 12 px no other way: numbers are drawn to this
 * many significant digits (the details and the hover keep all of them).
 */
export const COMPACT_DIGITS = 3;

/**
 * numpy's `precision` (digits after the point, one for the whole array so the columns stay
 * aligned) that gives the array's largest value `digits` significant digits; never more than
 * the usual DRAWN_PRECISION.
 */
export function precisionFor(data: Float64Array, digits: number): number {
  let top = 0;
  for (const v of data) if (Number.isFinite(v)) top = Math.max(top, Math.abs(v));
  if (top === 0) return DRAWN_PRECISION;
  return Math.min(DRAWN_PRECISION, Math.max(0, digits - 1 - Math.floor(Math.log10(top))));
}

/** numpy's own `linewidth=75`: where a level lets a single long row run (`wrap: 'usual'`). */
export const NUMPY_LINEWIDTH = 75;

/**
 * A small array at the drawn precision, keeping its shape: one line per row, never wrapped (a 2×3
 * dW on two lines); only a single long row may wrap at the level's line width, each broken line
 * marked `↩` so it is not read as a second row. A number as the program prints it (`100`, `220.00000000000003`).
 */
function drawn(t: WireTensor, p: Presentation): string {
  const precision = isShort(p) ? precisionFor(t.data, COMPACT_DIGITS) : DRAWN_PRECISION;
  if (t.text !== undefined) return p.ints === 'cut' ? fewestInt(t.text) : t.text; // an integer past 2**53 as the program's str(): its float64 would differ
  if (t.shape.length === 0) return scalarText(isShort(p) ? compactScalar(t.data[0], t.dtype) : t.data[0], t.dtype);
  const rows = t.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  // the elements as the program prints them (an int64's past 2**53 too); long ones cut where the fewest words are drawn
  const a = { shape: t.shape, data: t.data, dtype: t.dtype, exact: p.ints === 'cut' ? fewestInts(t) : t.exact };
  if (rows > 1) return formatArray(a, { precision, linewidth: Number.MAX_SAFE_INTEGER });
  const text = formatArray(a, { precision, linewidth: p.wrap === 'narrow' ? DRAWN_LINEWIDTH : NUMPY_LINEWIDTH });
  return text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l} ${WRAPPED}` : l)).join('\n');
}

/**
 * A float where the layout is short of room: COMPACT_DIGITS significant digits, still printed as
 * Python prints a float (`715.0`, `2.35`; never `715.`); an int keeps every digit (`100`).
 */
function compactScalar(v: number, dtype: string | undefined): number {
  return isIntegral(dtype) || !Number.isFinite(v) ? v : Number(v.toPrecision(COMPACT_DIGITS));
}

/** Ends a line of a single row that numpy's line width broke: the row goes on below. */
export const WRAPPED = '↩';

/**
 * The drawn form of a value at a presentation level (layout/levels.ts): in full when small, else
 * a glyph with the shape and min / max. Parameters off their edges (TB): the glyph left of two
 * lines, `x (3, 4)` and its range `-0.469…1.58`, a third as tall as the glyph on top of four.
 * `nameless`: the source node names the value (fewest words), the edge leaves the name out.
 */
export function short(name: string, t: WireTensor, p: Presentation = BOOK, nameless = false, gradient = false): Short {
  const shown = nameless ? '' : name;
  const lines = (...ls: string[]) => ls.filter(Boolean).join('\n');
  const titled = (shape: string) => (shown ? `${shown} ${shape}` : shape);
  // A scalar on one line, `out = 2.35`, where a column of cards is short of height, not width.
  if (!t.preview && t.shape.length === 0 && shown && isFewest(p) && inCard(p)) return { text: `${shown} = ${drawn(t, p)}` };
  if (!t.preview && size(t) <= SMALL && (p.arrays === 'full' || t.shape.length === 0)) return { text: lines(shown, drawn(t, p)) };
  // Small glyphs: the name and shape on one line; the range is in the details and the hover.
  // Tiny: a gradient by its name alone (dx has x's shape, written beside x).
  if (p.arrays === 'tiny' && gradient) return { text: name, glyph: t, glyphAt: 'line' };
  if (p.arrays === 'mark' || p.arrays === 'tiny') return { text: titled(shapeText(t.shape)), glyph: t, glyphAt: 'line' };
  const s = t.preview ?? statsOf(t.data);
  // An int64's or bool's range as numpy prints its elements (-48…48, False…True), in full.
  // past 2**53, the exact least / greatest (endOf)
  const int = (v: number, sign: 1 | -1) => (t.preview ? elementOf(v, t.dtype) : endOf(t, v, sign));
  const n = (v: number, sign: 1 | -1 = 1) => (isIntegral(t.dtype) ? (p.ints === 'cut' ? fewestInt(int(v, sign)) : int(v, sign)) : isFewest(p) ? shortNumber(v, NARROW_DIGITS) : isShort(p) ? shortNumber(v, COMPACT_DIGITS) : num(v));
  if (offEdge(p)) return { text: `${titled(shapeText(t.shape))}\n${n(s.min, -1)}…${n(s.max)}`, glyph: t, glyphAt: 'left' };
  // Top to bottom, labels sit side by side: narrow lines under the glyph; left to right, two lines.
  if (p.flow === 'TB') return { text: lines(shown, shapeText(t.shape), `min ${n(s.min, -1)}`, `max ${n(s.max)}`), glyph: t, glyphAt: 'top' };
  return { text: `${titled(shapeText(t.shape))}\nmin ${n(s.min, -1)} max ${n(s.max)}`, glyph: t, glyphAt: 'left' };
}

/**
 * The fewest words (layout/levels.ts, for a panel too narrow for any other level): a big value's range
 * beside its glyph to two significant digits. The glyph is a summary already; the details, the
 * hover and the description keep every digit.
 */
export const NARROW_DIGITS = 2;

/** The name on its own line, then the array as numpy prints it. */
export function named(name: string, t: WireTensor): string {
  return `${name}\n${fmt(t)}`;
}

/** Every edge's texts at a presentation level (layout/levels.ts). */
export function edgeLabels(graph: TraceGraph, p: Presentation = BOOK, valueNamed?: Set<string>): Map<string, EdgeLabels> {
  const compact = isShort(p);
  const shared = compact ? new Set([...sharedValues(graph).values()].flat().map((e) => e.id)) : new Set<string>();
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  return new Map(graph.edges.map((e) => {
    // Fewest words: an input's or parameter's value is named by its node, right before it (the
    // book's fig 5-17 writes only the numbers on such edges): the edge drops the name, and the gradient's.
    const nameless = isFewest(p) && !!e.forwardName && label.get(e.source) === e.forwardName;
    // `valueNamed`: edges whose source's box names the value right beside it (cards.ts): the value's
    // text drops the name, the gradient keeps its own (dW).
    return [e.id, labelsOf(e, p, compact && { shared: shared.has(e.id) }, { value: nameless || !!valueNamed?.has(e.id), grad: nameless && !valueNamed?.has(e.id) }, startOf(e, graph))];
  }));
}

function labelsOf(e: GraphEdge, p: Presentation, compact: false | { shared: boolean }, nameless: { value: boolean; grad: boolean }, start?: Start): EdgeLabels {
  const fName = e.forwardName ?? 'value';
  const bName = e.backwardName ?? `d${fName}`;
  return {
    forward: e.forward ? named(fName, e.forward) : '',
    backward: e.backward ? named(bName, e.backward) : '',
    // Short words: a value printed in its source node shows only its name here.
    forwardShort: e.forward ? (compact && compact.shared ? { text: fName } : short(fName, e.forward, p, nameless.value)) : undefined,
    backwardShort: e.backward ? (start ? startShort(bName, e.backward, p, start) : nameless.value && !nameless.grad ? inlined(bName, e.backward, p) : short(bName, e.backward, p, nameless.grad, true)) : undefined,
  };
}

/** Where backward starts: an edge into the graph's output, and the dout the settings chose there. */
interface Start {
  ones: boolean;
  source: TraceGraph['doutSource'];
  /** The loss it starts at (its name, `L`): the book's ∂L/∂L = 1 there. */
  loss?: string;
}

function startOf(e: GraphEdge, graph: TraceGraph): Start | undefined {
  const target = graph.nodes.find((n) => n.id === e.target);
  if (!e.backward || (target?.kind !== 'output' && target?.kind !== 'loss')) return undefined;
  return { ones: onesDout(e, graph), source: graph.doutSource, loss: target.kind === 'loss' ? target.label : undefined };
}

/**
 * The gradient backward starts from, said where it is drawn (#21): at a loss the book's
 * `dL/dL = 1 (the start of backward)` (∂L/∂L: the value drawn there is L itself), another
 * output's scalar as `dL/dout = 1`, an array of ones as `dout = ones`, any other dout (the
 * settings' `dout = x`, the second selection, the learner's own) named and printed, then the sentence.
 */
function startShort(bName: string, t: WireTensor, p: Presentation, s: Start): Short {
  // The sentence on two lines, no wider than the dout's own name and value (two outputs side by
  // side stay within a side panel); but in a column of cards with the fewest words, height is
  // what is short (as short() says of a scalar).
  const why = isFewest(p) && inCard(p) ? say('dout_start') : halves(say('dout_start'));
  if (s.ones) {
    const scalar = size(t) === 1;
    const d = s.loss && `d${s.loss}`;
    const head = scalar ? `${d ? `${d}/${d}` : bName === 'dout' ? 'dL/dout' : bName} = 1` : `${bName} = ones`;
    // Tiny arrays (a panel short of width and height): the book's own words; the sentence is in the details.
    if (p.arrays === 'tiny') return { text: head };
    return { text: `${head}\n${why}` };
  }
  const name = s.source === 'same' ? `${bName} = x` : s.source === 'selection' ? say('dout_selection', bName) : bName;
  const drawnShort = short(name, t, p);
  return { ...drawnShort, text: `${drawnShort.text}\n${why}` };
}

/** A small array as `db = [ 0.448 …]` (its rows under the first), a big one as short() draws it. */
function inlined(name: string, t: WireTensor, p: Presentation): Short {
  const s = short(name, t, p, false, true);
  return s.glyph ? s : { text: inline(name, drawn(t, p)) };
}

/** A sentence broken at the space nearest its middle (any language that spaces its words). */
function halves(text: string): string {
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) if (best < 0 || Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2)) best = i;
  return best < 0 ? text : `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}

/** The gradient an output starts from is all ones (dout = ones, or the book's scalar 1). */
export function onesDout(e: GraphEdge, graph: TraceGraph): boolean {
  const b = e.backward;
  const target = graph.nodes.find((n) => n.id === e.target);
  if (!b || (target?.kind !== 'output' && target?.kind !== 'loss')) return false;
  return b.preview ? b.preview.min === 1 && b.preview.max === 1 : b.data.length > 0 && b.data.every((v) => v === 1);
}

const sameValue = (a: GraphEdge, b: GraphEdge) =>
  a.forwardName === b.forwardName && !!a.forward && !!b.forward && a.forward.shape.join() === b.forward.shape.join() && a.forward.data.every((v, i) => Object.is(v, b.forward!.data[i]));

/**
 * Small values that leave a node on several edges, the same on each (x into ReLU and into ×(−1)),
 * by source node: compact mode prints each once, in its source node, and only its name on the
 * edges. Big ones are a glyph on each edge already.
 */
export function sharedValues(graph: TraceGraph): Map<string, GraphEdge[]> {
  const out = new Map<string, GraphEdge[]>();
  for (const n of graph.nodes) {
    const es = graph.edges.filter((e) => e.source === n.id && e.forward);
    const v = es[0]?.forward;
    if (es.length >= 2 && v && !v.preview && size(v) <= SMALL && es.every((e) => sameValue(es[0], e))) out.set(n.id, es);
  }
  return out;
}

/**
 * A shared value as its source node prints it, `name = [[…` with the rows under the first, and
 * whether that line names the node too (the input `x`: no separate name line above it).
 */
export function sharedText(node: GraphNode, e: GraphEdge, p: Presentation): { text: string; named: boolean } {
  const name = e.forwardName ?? 'value';
  // the level's wrap and ints: a long row (an int64's 20 digits an element) breaks, or is cut, where the level is narrow
  return { text: inline(name, drawn(e.forward!, level({ words: 'short', wrap: p.wrap, ints: p.ints }))), named: name === node.label };
}

export { formatMask, maskCount };
