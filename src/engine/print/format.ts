// print/: numbers to text as numpy prints them. format.ts is numpy's array repr (digits.ts: Python's
// float repr), formatMask.ts a bool mask, wirePreview.ts the previews of big arrays the webview
// gets, json.ts and traceJson.ts the JSON of a run and of a trace.
import { pyFloatRepr, positionalParts, scientificParts } from './digits';
import { isIntegral, roundingOf } from '../tensor';
import type { ExactInts, Tensor } from '../tensor';

/** numpy's print options that matter for float64 arrays. */
export interface FormatOptions {
  /** Digits after the decimal point (numpy `precision`, default 8). */
  precision?: number;
  /** Arrays with more elements than this are summarised with '...' (default 1000). */
  threshold?: number;
  /** Items kept at each edge of a summarised axis (default 3). */
  edgeitems?: number;
  /** Line width before wrapping (default 75). */
  linewidth?: number;
}

/** One element's text; `i`, its flat index, finds its exact digits (an int64 past 2**53). */
type ElementFormat = (x: number, i?: number) => string;

/**
 * numpy's FloatingFormat (legacy=False, floatmode='maxprec', suppress=False): one layout for
 * all elements, chosen from the finite values that will be shown.
 */
function floatingFormat(values: Float64Array, precision: number, round: ((v: number) => number) | undefined): ElementFormat {
  let maxAbs = 0;
  let minAbs = Infinity;
  let finite = 0;
  let negInf = false;
  for (const v of values) {
    if (Number.isFinite(v)) {
      finite++;
      const a = Math.abs(v);
      if (a !== 0) {
        if (a > maxAbs) maxAbs = a;
        if (a < minAbs) minAbs = a;
      }
    } else if (v === -Infinity) negInf = true;
  }
  const expFormat = maxAbs !== 0 && (maxAbs >= 1e8 || minAbs < 0.0001 || maxAbs / minAbs > 1000);
  let padLeft = 0;
  let padRight = 0;
  let expSize = 0;
  let sciPrecision = 0;
  if (finite > 0 && expFormat) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      const [, frac, exp] = scientificParts(Math.abs(v), precision, round);
      sciPrecision = Math.max(sciPrecision, frac.length);
      expSize = Math.max(expSize, Math.max(2, String(Math.abs(exp)).length));
      padLeft = Math.max(padLeft, v < 0 || Object.is(v, -0) ? 2 : 1);
    }
    padRight = expSize + 2 + sciPrecision;
  } else if (finite > 0) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      const [ip, fp] = positionalParts(Math.abs(v), precision, round);
      const neg = v < 0 || Object.is(v, -0);
      padLeft = Math.max(padLeft, ip.length + (neg ? 1 : 0));
      padRight = Math.max(padRight, fp.length);
    }
  }
  if (finite < values.length) {
    // room for 'nan', 'inf', '-inf' in the same column width
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = padLeft + padRight + 1;
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      const s = x !== x ? 'nan' : x < 0 ? '-inf' : 'inf';
      return s.padStart(width);
    }
    const sign = x < 0 || Object.is(x, -0) ? '-' : '';
    if (expFormat) {
      const [lead, frac, exp] = scientificParts(Math.abs(x), sciPrecision, round, sciPrecision);
      const e = String(Math.abs(exp)).padStart(expSize, '0');
      return `${(sign + lead).padStart(padLeft)}.${frac.padEnd(sciPrecision, '0')}e${exp < 0 ? '-' : '+'}${e}`;
    }
    const [ip, fp] = positionalParts(Math.abs(x), precision, round);
    return `${(sign + ip).padStart(padLeft)}.${fp.padEnd(padRight)}`;
  };
}

/** numpy's IntegerFormat: every digit (integerText: String(2 ** 60) is 1152921504606847000), an
 *  element past 2**53 as its exact digits (`exact`, by flat index), one width for all. */
function intFormat(values: Float64Array, exact: ExactInts | undefined, whole: boolean): ElementFormat {
  const text = (x: number) => (Number.isFinite(x) ? integerText(x) : String(x));
  const at = (x: number, i?: number) => (i !== undefined && exact?.[i] !== undefined ? exact[i] : text(x));
  let width = 1;
  // every element shown, by its index (an element's text in `exact` may be shorter than its float64's)
  values.forEach((v, i) => (width = Math.max(width, at(v, whole ? i : undefined).length)));
  if (!whole) for (const k in exact) width = Math.max(width, exact[Number(k)].length);
  return (x: number, i?: number) => at(x, i).padStart(width);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  for (let i = shape.length - 1, acc = 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  return strides;
}

/** The indices shown along an axis: all, or `edge` from each end when summarising. */
function shownIndices(len: number, edge: number, summarise: boolean): number[] {
  return summarise && len > 2 * edge ? [...range(0, edge), ...range(len - edge, len)] : range(0, len);
}

/** The elements numpy looks at to choose the layout: all of them, or only the edges when summarising. */
function shownValues(t: Tensor, edge: number, summarise: boolean): Float64Array {
  if (!summarise) return t.data;
  const { shape, data } = t;
  const strides = stridesOf(shape);
  const kept = shape.map((len) => shownIndices(len, edge, true));
  const out: number[] = [];
  // odometer over the kept indices of every axis (iterative: rank may be large)
  const pos = new Array<number>(shape.length).fill(0);
  for (;;) {
    let flat = 0;
    for (let a = 0; a < shape.length; a++) flat += kept[a][pos[a]] * strides[a];
    out.push(data[flat]);
    let a = shape.length - 1;
    while (a >= 0 && ++pos[a] === kept[a].length) pos[a--] = 0;
    if (a < 0) break;
  }
  return Float64Array.from(out);
}

function range(a: number, b: number): number[] {
  const r: number[] = [];
  for (let i = a; i < b; i++) r.push(i);
  return r;
}

/** numpy's _extendLine: wrap before `word` when the line would grow past the width. */
function extendLine(acc: { s: string; line: string }, word: string, width: number, indent: string): void {
  if (acc.line.length + word.length > width && acc.line.length > indent.length) {
    acc.s += acc.line.trimEnd() + '\n';
    acc.line = indent;
  }
  acc.line += word;
}

/** What every row of one print shares: the values, where each axis steps, the element format, the summary. */
interface PrintPlan {
  shape: readonly number[];
  data: ArrayLike<number>;
  strides: readonly number[];
  summarise: boolean;
  edge: number;
  fmt: ElementFormat;
}

/** One innermost row, wrapped like numpy's _formatArray does for the last axis. */
function formatRow(p: PrintPlan, base: number, indent: string, width: number): string {
  const { shape, data, strides, summarise, edge, fmt } = p;
  const len = shape[shape.length - 1];
  const stride = strides[shape.length - 1];
  const summary = summarise && 2 * edge < len;
  const elemWidth = width - 1; // max(len(separator.rstrip()), len(']'))
  const acc = { s: '', line: indent };
  const add = (word: string, last: boolean): void => {
    extendLine(acc, word, elemWidth, indent);
    if (!last) acc.line += ' ';
  };
  const at = (k: number) => fmt(data[k], k);
  for (let i = 0; i < (summary ? edge : 0); i++) add(at(base + i * stride), false);
  if (summary) add('...', false);
  for (let i = summary ? edge : len; i >= 1; i--) add(at(base + (len - i) * stride), i === 1);
  return '[' + (acc.s + acc.line).slice(indent.length) + ']';
}

/** One level of the nesting being printed: its child indices (-1 for the '...' row) and the text so far. */
interface Frame {
  axis: number;
  base: number;
  indent: string;
  width: number;
  items: number[];
  k: number;
  s: string;
}

/**
 * The rows nested in brackets for a 2-D or higher array. numpy recurses over the axes; we keep
 * explicit frames so a 10,000-level array cannot overflow the stack.
 */
function formatNested(p: PrintPlan, linewidth: number): string {
  const { shape, strides, summarise, edge } = p;
  const frame = (axis: number, base: number, indent: string, width: number): Frame => {
    const len = shape[axis];
    const summary = summarise && 2 * edge < len;
    const items = summary ? [...range(0, edge), -1, ...range(len - edge, len)] : range(0, len);
    return { axis, base, indent, width, items, k: 0, s: '' };
  };
  const lineSep = (f: Frame) => (f.k < f.items.length - 1 ? '\n'.repeat(shape.length - f.axis - 1) : '');
  const stack: Frame[] = [frame(0, 0, ' ', linewidth)];
  for (;;) {
    const f = stack[stack.length - 1];
    if (f.k < f.items.length) {
      const idx = f.items[f.k];
      const childBase = f.base + idx * strides[f.axis];
      // the first item's indent is the one numpy strips again (s[len(hanging_indent):])
      if (idx === -1) {
        f.s += (f.k === 0 ? '' : f.indent) + '...' + '\n'.repeat(shape.length - f.axis - 1);
        f.k++;
      } else if (f.axis + 2 === shape.length) {
        f.s += (f.k === 0 ? '' : f.indent) + formatRow(p, childBase, f.indent + ' ', f.width - 1) + lineSep(f);
        f.k++;
      } else stack.push(frame(f.axis + 1, childBase, f.indent + ' ', f.width - 1));
      continue;
    }
    const done = '[' + f.s + ']';
    stack.pop();
    const parent = stack[stack.length - 1];
    if (!parent) return done;
    parent.s += (parent.k === 0 ? '' : parent.indent) + done + lineSep(parent);
    parent.k++;
  }
}

/**
 * Exactly numpy's `str(arr)` for a float64 array: "[[1. 0.]\n [2. 0.]]", "[ 1.  -0.5]",
 * '...' past `threshold` elements, lines wrapped at 75 characters, a 0-d array as its scalar.
 */
export function formatArray(t: Tensor, opts: FormatOptions = {}): string {
  const precision = opts.precision ?? 8;
  const threshold = opts.threshold ?? 1000;
  const edge = opts.edgeitems ?? 3;
  const linewidth = opts.linewidth ?? 75;
  const { shape, data } = t;
  const integral = isIntegral(t.dtype);
  if (shape.length === 0) return t.exact?.[0] ?? scalarText(data[0], t.dtype);
  if (data.length === 0) return '[]';
  const summarise = data.length > threshold;
  const shown = shownValues(t, edge, summarise);
  // numpy's IntegerFormat and BoolFormat for those dtypes; float32 and float16 print their own shortest digits.
  const fmt = t.dtype === 'bool' ? (x: number) => (x ? ' True' : 'False') : integral ? intFormat(shown, t.exact, !summarise) : floatingFormat(shown, precision, roundingOf(t.dtype));
  const plan: PrintPlan = { shape, data, strides: stridesOf(shape), summarise, edge, fmt };
  return shape.length === 1 ? formatRow(plan, 0, ' ', linewidth) : formatNested(plan, linewidth);
}

/**
 * The one short number for statistics and tables (min / max / mean in the hover, the CLI's
 * --summary, the panel's details): `significant` digits, nan / inf spelt as numpy does, and
 * exponent form outside 1e-4 … 1e6 so a column never grows wide.
 */
export function shortNumber(v: number, significant = 6): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e6 || a < 1e-4 ? v.toExponential(Math.max(0, significant - 2)) : String(Number(v.toPrecision(significant)));
}

/**
 * A number as the program prints it (the one home for every scalar the user sees: labels, the
 * details, the hover, the CLI, the export): a Python int or numpy integer `100`, a bool `True`,
 * a Python float or float64 as repr() (`3.0`, `220.00000000000003`), a float32 or float16 as numpy
 * prints that scalar (`0.1`); a 0-d array as numpy's str() of it, which is the same text.
 */
export function scalarText(v: number, dtype: string | undefined): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (isIntegral(dtype) && Number.isFinite(v)) return integerText(v);
  return pyFloatRepr(v, roundingOf(dtype));
}

/** An integer's digits, all of them: String(2 ** 60) would end in 000, String(1e21) say `1e+21`. */
const integerText = (v: number): string => (Number.isSafeInteger(v) ? String(v) : BigInt(v).toString());

/**
 * One element of an integer or bool array as numpy's str() of it (`5`, `-1`, `True`), else the
 * short number: what a table, a min / max or a glyph's range shows, so `5` is never `5.0` nor
 * `1` a bool's `True`. (A mean is a float64 in numpy for any dtype: it stays a short number.)
 */
export function elementOf(v: number, dtype: string | undefined, significant = 6): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  return isIntegral(dtype) && Number.isFinite(v) ? integerText(v) : shortNumber(v, significant);
}

