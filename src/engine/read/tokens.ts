import { ParseError } from './errors';
import type { ParseArgs, ParseErrorCode } from './messages';
import { cursor, readNumber } from './number';
import { isScalarCall, namedScalar, stringScalar } from './scalars';

// Tokens of array literals: blanks and comments, names, named scalars, JSON rows.

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 46;
}
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 160 || c === 0xfeff;
}

/** What describeAt says past the last character: an English phrase a host may word itself. */
export const END_OF_INPUT = 'the end of the input';

/** The token at `i` quoted for a message, e.g. `'foo'`, or "the end of the input". */
export function describeAt(text: string, i: number): string {
  if (i >= text.length) return END_OF_INPUT;
  let j = i + 1;
  if (isIdentChar(text.charCodeAt(i)) || text[i] === '-') {
    while (j < text.length && j - i < 24 && isIdentChar(text.charCodeAt(j))) j++;
  }
  return `'${text.slice(i, j)}'`;
}

/** Skips whitespace, `#`/`//`/`/* *\/` comments and backslash line continuations. */
export function skipBlank(text: string, i: number): number {
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? len : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? len : close + 2;
    } else if (c === 92 && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) i += 2;
    else break;
  }
  return i;
}

/**
 * The end of a REPL prompt at `j` when `j` starts a line (`lineFrom` is where the blanks before it
 * began): Python's `>>> ` / `... ` at column 1, IPython's `In [3]: `, `Out[3]: ` and its
 * indented `   ...: `. Returns `j` when there is none. numpy never prints `...` at column 1 or
 * `...:`, so its summary ellipsis is not taken for a prompt.
 */
export function promptEnd(text: string, j: number, lineFrom: number): number {
  // Only the blanks in [lineFrom, j) are searched for the line break: a long line costs nothing.
  let lineStart = j;
  while (lineStart > lineFrom && text[lineStart - 1] !== '\n') {
    const c = text[lineStart - 1];
    if (c !== ' ' && c !== '\t') return j; // a comment before it on this line
    lineStart--;
  }
  if (lineStart > 0 && text[lineStart - 1] !== '\n') return j; // not the first thing on a line
  const m = /^(?:(?:>>>|\.\.\.)(?=[ \t\r\n]|$)|\.\.\.:|(?:In|Out) ?\[\d*\]:)/.exec(text.slice(j, j + 16));
  if (!m) return j;
  // `>>>`/`...` prompts sit at column 1 exactly; numpy's summary rows are indented
  if (m[0][0] !== 'I' && m[0][0] !== 'O' && m[0] !== '...:' && j !== lineStart) return j;
  return j + m[0].length;
}

/** Reads a dotted name (`np.nan`, `float`) at `i`; returns its end. */
export function readName(text: string, i: number): number {
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  return i;
}

/** Where the last readNamedScalar stopped. */
export const scalarCursor = { end: 0 };

/** A scalar spelled with letters at `i` (`nan`, `np.inf`, `float('nan')`); sets `scalarCursor.end`. */
export function readNamedScalar(text: string, i: number): number {
  const nameEnd = readName(text, i);
  const name = text.slice(i, nameEnd);
  const after = skipBlank(text, nameEnd);
  if (text.charCodeAt(after) === OPEN_PAREN && isScalarCall(name)) {
    let j = skipBlank(text, after + 1);
    const q = text.charCodeAt(j);
    let v: number | undefined;
    if (q === 39 || q === 34) {
      const close = text.indexOf(text[j], j + 1);
      if (close < 0) throw new ParseError('string_never_closed', [], text, j);
      v = stringScalar(text.slice(j + 1, close));
      if (v === undefined) throw new ParseError('cannot_read_as_number', [name, text.slice(j + 1, close)], text, j);
      j = close + 1;
    } else if (isIdentStart(q)) {
      v = readNamedScalar(text, j);
      j = scalarCursor.end;
    } else {
      v = readNumber(text, j);
      if (cursor.end < 0) throw new ParseError('expected_number_inside_found', [name, describeAt(text, j)], text, j);
      j = cursor.end;
    }
    j = skipBlank(text, j);
    if (text.charCodeAt(j) !== CLOSE_PAREN) throw new ParseError('expected_close_found', [name, describeAt(text, j)], text, j);
    scalarCursor.end = j + 1;
    return v;
  }
  const v = namedScalar(name);
  if (v === undefined) throw notAValue(text, name, i, after);
  scalarCursor.end = nameEnd;
  return v;
}

/** Why a name inside an array is not read: None, a call (range(...) suggests np.arange), a variable. */
function notAValue(text: string, name: string, i: number, after: number): ParseError {
  if (name === 'None') return new ParseError('none_not_number', [], text, i);
  if (text.charCodeAt(after) === OPEN_PAREN) return new ParseError(name === 'range' ? 'range_not_evaluated' : 'call_not_evaluated', [name], text, i);
  return new ParseError('name_not_value', [name], text, i);
}

export function grow(data: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(Math.max(need, data.length * 2));
  grown.set(data);
  return grown;
}

export const MIN_JSON_ROW = 48; // shorter rows are cheaper to scan by hand than to slice and JSON.parse
export const jsonRowCursor = { end: 0 };

/**
 * The fast path for plain JSON-like number lists: an innermost row `[n, n, ...]` at `open` goes
 * to the engine's native JSON.parse, which converts numbers exactly (correctly rounded) and much
 * faster than a JS loop. Returns the numbers (and sets `jsonRowCursor.end` to the ']'), null when the
 * row is not worth it or not innermost, undefined when it is not JSON (the caller stops trying),
 * false when its ']' is not in the text yet (streaming: wait for more).
 */
export function jsonRow(text: string, open: number): number[] | null | undefined | false {
  // A list opening right inside this one means this one is not innermost: say so without searching
  // ahead for ']', which for `[[[[…` would cost the whole text at every level (quadratic).
  let k = open + 1;
  while (isSpace(text.charCodeAt(k))) k++;
  if (text.charCodeAt(k) === 91) return null;
  const close = text.indexOf(']', open + 1);
  if (close < 0) return false;
  if (close - open < MIN_JSON_ROW) return null;
  const inner = text.indexOf('[', open + 1);
  if (inner !== -1 && inner < close) return null;
  let row: unknown;
  try {
    row = JSON.parse(text.slice(open, close + 1));
  } catch {
    return undefined;
  }
  if (!Array.isArray(row)) return undefined;
  for (let k = 0; k < row.length; k++) if (typeof row[k] !== 'number') return undefined;
  jsonRowCursor.end = close;
  return row as number[];
}

export function raggedMessage(count: number[], depth: number, k: number, want: number): { code: ParseErrorCode; args: ParseArgs } {
  if (depth === 2) return { code: 'ragged_row', args: [count[1], k, want] };
  const path: number[] = [];
  const first: number[] = [];
  for (let d = 1; d < depth; d++) {
    path.push(count[d] - 1);
    first.push(0);
  }
  return { code: 'ragged_nested', args: [path.join(', '), k, first.join(', '), want] };
}

