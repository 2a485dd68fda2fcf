// The hover's Markdown for one array literal. Pure (no vscode): the provider passes vscode.l10n
// and the command link, the unit tests and the bench pass stand-ins.
import { DEFAULT_LAYERS, elementOf, endOf, formatArray, LayerError, layerSpec, refusedLayers, runLiteral, tracedX, shortNumber, shapeText, sizeOf, summarizeLayers, type ParsedArray, type Stats, type Tensor } from '../../engine';

/** The slice of vscode.l10n we use: '{0}'-style placeholders. */
export interface L10n {
  t(message: string, ...args: (string | number | boolean)[]): string;
}

/** Fills '{0}' placeholders, for callers without vscode (tests, bench). */
export const plainL10n: L10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m)),
};

/** Arrays up to about 4x4 get every value; larger ones get min / max / mean. */
export function isSmall(shape: readonly number[]): boolean {
  if (shape.length === 0) return true;
  if (shape.length === 1) return shape[0] <= 8;
  return shape.length === 2 && shape[0] <= 4 && shape[1] <= 4;
}

/** Backslash-escapes everything Markdown could read as syntax (text taken from the document). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~&"'$]/g, '\\$&');
}

/** A `command:` link whose arguments VS Code passes to the command as one object. */
export function commandLink(command: string, arg: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

function traceLine(l10n: L10n, link: string): string {
  return `[$(type-hierarchy) ${l10n.t('Trace backprop')}](${link} "${l10n.t('Open the backprop graph for this array')}")`;
}

/** The tooltip over an array that cannot be traced: the parser's sentence and where (`seed.py:3:14`), as the command says it. */
export function refusalMarkdown(l10n: L10n, message: string, where: string): string {
  return `$(warning) ${escapeMarkdown(l10n.t('Not traced: {0} ({1})', message, where))}`;
}

/** The short tooltip for a literal too large to preview. */
export function tooLargeMarkdown(l10n: L10n, link: string): string {
  return `${l10n.t('Array too large to preview here.')} ${traceLine(l10n, link)}`;
}

/** One pass over x: NaN and ±Inf counts, and how many entries ReLU's mask (x <= 0) zeroes. */
function census(d: Float64Array): { nan: number; inf: number; masked: number } {
  let nan = 0;
  let inf = 0;
  let masked = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v <= 0) masked++; // NaN is not <= 0: ReLU passes it through, as numpy does
    if (v !== v) nan++;
    else if (v === Infinity || v === -Infinity) inf++;
  }
  return { nan, inf, masked };
}

/** Thousands separators without Intl (constructing a number format costs more than the hover). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** NaN / Inf counts as one warning line, or '' when all values are finite. */
function nonFiniteWarning({ nan, inf }: { nan: number; inf: number }, l10n: L10n): string {
  if (nan === 0 && inf === 0) return '';
  const parts: string[] = [];
  if (nan > 0) parts.push(l10n.t('{0} NaN', nan));
  if (inf > 0) parts.push(l10n.t('{0} Inf', inf));
  return `$(warning) ${l10n.t('x contains {0}: they propagate through both layers.', parts.join(', '))}`;
}

/** Label column on the left, numpy's multi-line output on the right, continuation lines aligned. */
function block(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .map(([label, value]) => value.split('\n').map((line, i) => (i === 0 ? label.padEnd(width) : ' '.repeat(width)) + line).join('\n'))
    .join('\n');
}

const num = (v: number): string => shortNumber(v, 5);

/** min and max as numpy prints an element of the array's dtype (an int64's 5, a bool's True; x's past 2**53, its
 *  exact digits); the mean is a float64. */
function statsRow(label: string, s: Stats, x?: Tensor): string {
  const end = (v: number, sign: 1 | -1) => (x ? endOf(x, v, sign, 5) : elementOf(v, s.dtype, 5));
  return [label.padEnd(12), end(s.min, -1).padStart(11), end(s.max, 1).padStart(11), num(s.mean).padStart(11)].join(' ');
}

/** The hover's layers (the default trace's) and their row labels, `ReLU    out` over `        dx`, from the registry. */
const HOVER = { ...DEFAULT_LAYERS, layers: [...DEFAULT_LAYERS.layers], dout: 'ones' as const };
const LABEL_WIDTH = Math.max(...HOVER.layers.map((l) => layerSpec(l).label.length));
const rowLabels = (name: string): [string, string] => [`${layerSpec(name).label.padEnd(LABEL_WIDTH)} out`, `${' '.repeat(LABEL_WIDTH)} dx`];

type HoverRun = typeof HOVER;

function smallTable(x: Tensor, hover: HoverRun): string {
  const run = runLiteral(x, hover);
  return block([
    ['x', formatArray(x)],
    ...run.calls.flatMap((c): [string, string][] => {
      const [out, dx] = rowLabels(c.spec.name);
      return [[out, formatArray(c.out)], [dx, formatArray(c.dinputs[0] as Tensor)]];
    }),
  ]);
}

function summaryTable(x: Tensor, masked: number, l10n: L10n, hover: HoverRun): { table: string; note: string } {
  const s = summarizeLayers(x, hover);
  const table = [
    ''.padEnd(12) + ' ' + ['min', 'max', 'mean'].map((h) => h.padStart(11)).join(' '),
    statsRow('x', s.x, x),
    ...s.layers.flatMap((l, i) => {
      const [out, dx] = rowLabels(hover.layers[i]);
      return [statsRow(out, l.out), statsRow(dx, l.dx)];
    }),
  ].join('\n');
  const pct = ((100 * masked) / x.data.length).toFixed(1);
  const note = l10n.t('ReLU zeroes {0} of {1} entries ({2}%), and blocks their gradient.', grouped(masked), grouped(x.data.length), pct);
  return { table, note };
}

/** A layer numpy refuses for x's dtype (LayerError) in the reader's language: the hover's note and the command's message. */
export function layerErrorText(e: LayerError, l10n: L10n): string {
  switch (e.code) {
    case 'bool_negative':
      return l10n.t('Sigmoid cannot run on a bool array: numpy refuses -x there (TypeError: The numpy boolean negative, the `-` operator, is not supported). Write the values as numbers, e.g. [1, 0], or add .astype(int)');
  }
}


/**
 * The tooltip for a parsed literal, or undefined for an empty array such as `[]`, which would
 * only be noise over ordinary code.
 */
export function hoverMarkdown(parsed: ParsedArray, l10n: L10n, link: string): string | undefined {
  const x = tracedX(parsed);
  if (sizeOf(x.shape) === 0) return undefined;
  const head = [`**${l10n.t('Array')}** \`${shapeText(x.shape)}\``];
  if (parsed.dtype) head.push(`dtype ${escapeMarkdown(parsed.dtype.slice(0, 40))}`);
  const lines = [head.join(' · ')];
  const counts = census(x.data);
  const warning = nonFiniteWarning(counts, l10n);
  if (warning) lines.push(warning);
  // A layer numpy refuses for x's dtype (Sigmoid on a bool array) is left out, with numpy's reason.
  const refused = refusedLayers(x, HOVER);
  const hover = refused.length ? { ...HOVER, layers: HOVER.layers.filter((l) => !refused.some((e) => e.layer === l)) } : HOVER;
  if (isSmall(x.shape)) {
    lines.push('```text\n' + smallTable(x, hover) + '\n```');
  } else {
    const { table, note } = summaryTable(x, counts.masked, l10n, hover);
    lines.push('```text\n' + table + '\n```', note);
  }
  for (const e of refused) lines.push(`$(warning) ${escapeMarkdown(layerErrorText(e, l10n))}`);
  lines.push(`${l10n.t('Backward with dout = ones.')} ${traceLine(l10n, link)}`);
  return lines.join('\n\n');
}
