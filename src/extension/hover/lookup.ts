// Where is the array under the cursor? Pure (no vscode), so the bench and the unit tests run it in
// plain Node. A hover fires on every mouse rest, so the lookup reads only a bounded window of the
// document; the explicit "Trace backprop" click may afford one full scan (literalSpanning).
import { FIND_WINDOW, findArrayLiteral, parseArray, ParseError, type ParsedArray } from '../../engine';
import { isArrayCall } from '../../engine/read/scalars';

/** A name character (letters, digits, _ $ and . for dotted names like np.array), as the engine reads names. */
const isIdentChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 36;

/** The two reads the lookup needs: a vscode.TextDocument adapter and a plain string both fit. */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
}

/** How far either side of the cursor a hover looks (the same bound as the trace command). */
export const HOVER_WINDOW = FIND_WINDOW;

export type Lookup =
  | { kind: 'array'; start: number; end: number; parsed: ParsedArray }
  /** The cursor is in an array that reaches past the window: say so rather than stall. */
  | { kind: 'tooLarge' }
  /** The cursor is in a row of an array that does not parse (ragged): the row alone is not it. */
  | { kind: 'invalid'; start: number; end: number; error: ParseError };

/** Characters that make up numeric literals (after the names nan/inf are removed). */
const NUMERIC = /^[\s\d.,eE+\-[\]()]*$/;
const NAMED_NUMBERS = /(?:np\.|numpy\.|math\.|float\(['"])?(?:nan|inf|NaN|Infinity|-Infinity)(?:['"]\))?/g;
const AROUND = 128;
const [OPEN_SQUARE, CLOSE_SQUARE, OPEN_PAREN, CLOSE_PAREN] = [91, 93, 40, 41];

function looksNumeric(s: string): boolean {
  const t = s.replace(NAMED_NUMBERS, '0');
  return NUMERIC.test(t) && /\d/.test(t);
}

/**
 * The unmatched bracket walking from `from`: going left (`step` -1) an opener '[' / '(' before
 * `from`, going right (+1) a closer ']' / ')' at or after it; -1 when the window's edge is reached.
 */
function enclosing(text: string, from: number, step: -1 | 1): number {
  const [away, back] = step < 0 ? [[CLOSE_SQUARE, CLOSE_PAREN], [OPEN_SQUARE, OPEN_PAREN]] : [[OPEN_SQUARE, OPEN_PAREN], [CLOSE_SQUARE, CLOSE_PAREN]];
  for (let i = step < 0 ? from - 1 : from, pending = 0; step < 0 ? i >= 0 : i < text.length; i += step) {
    const c = text.charCodeAt(i);
    if (c === away[0] || c === away[1]) pending++;
    else if (c === back[0] || c === back[1]) {
      if (pending === 0) return i;
      pending--;
    }
  }
  return -1;
}

/** Unmatched '[' / '(' left of `from`, or -1 when the window's edge is reached. */
const enclosingOpener = (text: string, from: number): number => enclosing(text, from, -1);
/** Unmatched ']' / ')' at or right of `from`, or -1 when the window's edge is reached. */
const enclosingCloser = (text: string, from: number): number => enclosing(text, from, 1);

/**
 * The array literal around `offset`, read from at most `window` characters each way.
 * A literal found inside the window may be only one row of a bigger array whose brackets lie
 * beyond it: then, and when the cursor sits among numbers with no bracket in reach, the answer is
 * 'tooLarge'. Undefined means "no array here".
 */
export function lookupAt(src: TextSource, offset: number, window = HOVER_WINDOW): Lookup | undefined {
  offset = Math.floor(offset);
  if (!(offset >= 0 && offset <= src.length)) return undefined;
  const lo = Math.max(0, offset - window);
  const hi = Math.min(src.length, offset + window);
  const text = src.slice(lo, hi);
  const at = offset - lo;
  const cutLeft = lo > 0;
  const cutRight = hi < src.length;
  const found = findArrayLiteral(text, at);
  if (found) {
    if ((cutLeft || cutRight) && rowOfBigger(text, found, cutLeft, cutRight)) return { kind: 'tooLarge' };
    const outer = brokenOuter(text, found);
    if (outer) return { kind: 'invalid', start: lo + outer.start, end: lo + outer.end, error: outer.error };
    return { kind: 'array', start: lo + found.start, end: lo + found.end, parsed: found.parsed };
  }
  // A digit next to the cursor is the cheap first test, before any scan.
  if ((cutLeft || cutRight) && /\d/.test(text.slice(Math.max(0, at - 4), at + 4))) {
    // Among numbers: it is an array only if some bracket encloses the cursor out of reach.
    const open = enclosingOpener(text, at);
    const close = enclosingCloser(text, at);
    if ((open >= 0 || cutLeft) && (close >= 0 || cutRight) && !(open >= 0 && close >= 0)) {
      // Only what lies inside the enclosing bracket has to look like numbers (not `x = np.array(`).
      const from = Math.max(open + 1, at - AROUND);
      const to = close >= 0 ? Math.min(close, at + AROUND) : at + AROUND;
      if (looksNumeric(text.slice(from, to))) return { kind: 'tooLarge' };
    }
  }
  return undefined;
}

/**
 * `found` is a row of an enclosing numeric list that is itself no array (`[[1, 2], [3]]` with the
 * cursor in `[1, 2]`): the enclosing list and its error, so the user hears about the ragged array
 * instead of getting a silent trace of one row.
 */
function brokenOuter(text: string, found: { start: number; end: number }): { start: number; end: number; error: ParseError } | undefined {
  let start = enclosingOpener(text, found.start);
  const close = start >= 0 ? enclosingCloser(text, found.end) : -1;
  if (start < 0 || close < 0 || text[start] !== '[' || text[close] !== ']' || !looksNumeric(text.slice(start, close + 1))) return undefined;
  // Go out to the outermost numeric list, as the user sees the array.
  for (let open = enclosingOpener(text, start); open >= 0 && text[open] === '['; open = enclosingOpener(text, open)) {
    const c = enclosingCloser(text, close + 1);
    if (c < 0 || !looksNumeric(text.slice(open, c + 1))) break;
    start = open;
  }
  const end = enclosingCloserFrom(text, start);
  try {
    parseArray(text.slice(start, end));
    return undefined;
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { start, end, error: e };
  }
}

/** The end (exclusive) of the bracket list opening at `open`. */
function enclosingCloserFrom(text: string, open: number): number {
  const c = enclosingCloser(text, open + 1);
  return c < 0 ? text.length : c + 1;
}

/** Is `found` an element of a numeric list whose enclosing brackets are not both in the window? */
function rowOfBigger(text: string, found: { start: number; end: number }, cutLeft: boolean, cutRight: boolean): boolean {
  const before = text.slice(Math.max(0, found.start - AROUND), found.start);
  const after = text.slice(found.end, found.end + AROUND);
  const prev = before.trimEnd().slice(-1);
  const next = after.trimStart()[0] ?? '';
  if (!(prev === ',' || prev === '[') || !(next === ',' || next === ']')) return false;
  // Sibling rows on a side separated by ',' must look like numbers too (not e.g. a list of calls).
  if (prev === ',' && !looksNumeric(before)) return false;
  if (next === ',' && !looksNumeric(after)) return false;
  const open = enclosingOpener(text, found.start);
  const close = enclosingCloser(text, found.end);
  // Both brackets in reach: the enclosing literal fits, findArrayLiteral judged it (e.g. ragged).
  if (open >= 0 && close >= 0) return false;
  return (open >= 0 || cutLeft) && (close >= 0 || cutRight);
}

/**
 * The whole array literal around `offset`, however large: pairs brackets over the full text and
 * returns the outermost candidate that parses. Only for an explicit click (Trace backprop on a
 * literal too large to preview), never per hover.
 */
export function literalSpanning(text: string, offset: number): { start: number; end: number } | undefined {
  offset = Math.floor(offset);
  if (!(offset >= 0 && offset <= text.length)) return undefined;
  const openers: number[] = [];
  for (let i = offset - 1, pending = 0; i >= 0; i--) {
    const c = text[i];
    if (c === ']' || c === ')') pending++;
    else if (c === '[' || c === '(') {
      if (pending > 0) pending--;
      else openers.push(i);
    }
  }
  const closers: number[] = [];
  for (let i = offset, pending = 0; i < text.length && closers.length < openers.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') pending++;
    else if (c === ']' || c === ')') {
      if (pending > 0) pending--;
      else closers.push(i);
    }
  }
  let attempts = 0;
  for (let k = closers.length - 1; k >= 0 && attempts < 4; k--) {
    const open = openers[k];
    if ((text[open] === '[') !== (text[closers[k]] === ']')) continue;
    let n = open;
    while (n > 0 && (text[n - 1] === ' ' || text[n - 1] === '\t')) n--;
    let s = n;
    while (s > 0 && isIdentChar(text.charCodeAt(s - 1))) s--;
    const name = text.slice(s, n);
    if (text[open] === '(' && !isArrayCall(name)) continue;
    if (text[open] === '[' && (name || /[\])]/.test(text[n - 1] ?? ''))) continue; // indexing, not a literal
    const start = text[open] === '(' ? s : open;
    attempts++;
    try {
      parseArray(text.slice(start, closers[k] + 1));
      return { start, end: closers[k] + 1 };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
  }
  return undefined;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Markdown: is `offset` inside a ``` or ~~~ fenced block? Walks the fence lines in the window
 * before the cursor's line (CommonMark: a fence closes with the same character, at least as long,
 * and no info string). A window that starts mid-document is assumed to start outside a block.
 */
export function insideFence(src: TextSource, offset: number, window = HOVER_WINDOW): boolean {
  const lo = Math.max(0, offset - window);
  const before = src.slice(lo, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let open: string | undefined;
  const lines = before.slice(0, lineStart).split('\n');
  if (lo > 0) lines.shift(); // a partial first line
  for (const line of lines) {
    const m = FENCE.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    if (open === undefined) open = m[1];
    else if (m[1][0] === open[0] && m[1].length >= open.length && m[2].trim() === '') open = undefined;
  }
  // The cursor's own line being a fence is not "inside".
  const lineEnd = src.slice(offset, Math.min(src.length, offset + 1024)).split('\n')[0];
  if (FENCE.test((before.slice(lineStart) + lineEnd).replace(/\r$/, ''))) return false;
  return open !== undefined;
}
