import { locate, ParseError } from './errors';
import { cursor, readNumber } from './number';
import { isScalarCall, namedScalar, stringScalar } from './scalars';

/** What the scanner found: values in row-major order, the shape, and where the literal ended. */
export interface Scanned {
  shape: number[];
  data: Float64Array;
  end: number;
}

const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 46;
}
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 160 || c === 0xfeff;
}

/** The token at `i` quoted for a message, e.g. `'foo'`, or "the end of the input". */
export function describeAt(text: string, i: number): string {
  if (i >= text.length) return 'the end of the input';
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

/** Reads a dotted name (`np.nan`, `float`) at `i`; returns its end. */
export function readName(text: string, i: number): number {
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  return i;
}

/** A scalar spelled with letters at `i` (`nan`, `np.inf`, `float('nan')`); sets `scalarEnd`. */
let scalarEnd = 0;
function readNamedScalar(text: string, i: number): number {
  const nameEnd = readName(text, i);
  const name = text.slice(i, nameEnd);
  const after = skipBlank(text, nameEnd);
  if (text.charCodeAt(after) === OPEN_PAREN && isScalarCall(name)) {
    let j = skipBlank(text, after + 1);
    const q = text.charCodeAt(j);
    let v: number | undefined;
    if (q === 39 || q === 34) {
      const close = text.indexOf(text[j], j + 1);
      if (close < 0) throw new ParseError('This string is never closed', text, j);
      v = stringScalar(text.slice(j + 1, close));
      if (v === undefined) throw new ParseError(`${name}() cannot read '${text.slice(j + 1, close)}' as a number`, text, j);
      j = close + 1;
    } else if (isIdentStart(q)) {
      v = readNamedScalar(text, j);
      j = scalarEnd;
    } else {
      v = readNumber(text, j);
      if (cursor.end < 0) throw new ParseError(`Expected a number inside ${name}(), found ${describeAt(text, j)}`, text, j);
      j = cursor.end;
    }
    j = skipBlank(text, j);
    if (text.charCodeAt(j) !== CLOSE_PAREN) throw new ParseError(`Expected ')' to close ${name}(, found ${describeAt(text, j)}`, text, j);
    scalarEnd = j + 1;
    return v;
  }
  const v = namedScalar(name);
  if (v === undefined) {
    const why = name === 'None' ? 'None is not a number' : `Expected a number, found '${name}'`;
    throw new ParseError(why, text, i);
  }
  scalarEnd = nameEnd;
  return v;
}

function grow(data: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(Math.max(need, data.length * 2));
  grown.set(data);
  return grown;
}

const MIN_JSON_ROW = 48; // shorter rows are cheaper to scan by hand than to slice and JSON.parse
let jsonRowEnd = 0;

/**
 * The fast path for plain JSON-like number lists: an innermost row `[n, n, ...]` at `open` goes
 * to the engine's native JSON.parse, which converts numbers exactly (correctly rounded) and much
 * faster than a JS loop. Returns the numbers (and sets `jsonRowEnd` to the ']'), null when the
 * row is not worth it or not innermost, undefined when it is not JSON (the caller stops trying).
 */
function jsonRow(text: string, open: number): number[] | null | undefined {
  const close = text.indexOf(']', open + 1);
  if (close < 0 || close - open < MIN_JSON_ROW) return null;
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
  jsonRowEnd = close;
  return row as number[];
}

function raggedMessage(count: number[], depth: number, k: number, want: number): string {
  const el = (m: number) => `${m} element${m === 1 ? '' : 's'}`;
  if (depth === 2) return `Row ${count[1]} has ${el(k)} but row 1 has ${want} (ragged array)`;
  const path: number[] = [];
  const first: number[] = [];
  for (let d = 1; d < depth; d++) {
    path.push(count[d] - 1);
    first.push(0);
  }
  return `The list at index [${path.join(', ')}] has ${el(k)} but the one at [${first.join(', ')}] has ${want} (ragged array)`;
}

/**
 * Scans one value at `start`: a scalar, or a (nested) list/tuple in Python, JS or numpy-print
 * syntax. Iterative with explicit per-depth stacks, so 10,000 levels of nesting cannot overflow
 * the call stack. Shapes are checked as lists close: the first list closed at each depth fixes
 * that dimension, every later one must match.
 */
export function scanLiteral(text: string, start: number): Scanned {
  const len = text.length;
  let data = new Float64Array(1024);
  let n = 0;
  // Per open list, indexed by depth (1-based): where it opened, its bracket, how many elements, whether a comma was seen.
  const openPos: number[] = [0];
  const openCh: number[] = [0];
  const count: number[] = [0];
  const comma: boolean[] = [false];
  // Per depth: the length every list opened at that depth must have, and whether it was `(x)` (no tuple).
  const dims: number[] = [0];
  const transparent: boolean[] = [false];
  let depth = 0;
  let ndim = -1; // depth at which numbers sit; -1 until known
  let i = start;
  let state = 0; // 0: just opened (or nothing yet), 1: after a value, 2: after a comma
  let spaced = false; // whitespace since the last value: numpy's printed form separates by spaces
  let jsonRows = true; // innermost rows are handed to JSON.parse until one is not JSON

  const fail = (message: string, at: number): never => {
    throw new ParseError(message, text, at);
  };

  while (true) {
    if (i >= len) {
      if (depth === 0) return fail('Expected an array, found the end of the input', i);
      const ch = openCh[depth] === OPEN_SQUARE ? '[' : '(';
      return fail(`This '${ch}' is never closed (expected '${ch === '[' ? ']' : ')'}' before the end of the input)`, openPos[depth]);
    }
    let c = text.charCodeAt(i);
    let v = 0;
    let valueAt = i;
    if ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43) {
      const c1 = text.charCodeAt(i + 1);
      if ((c === 45 || c === 43) && (isIdentStart(c1) || isSpace(c1))) {
        // a sign before a name: -inf, -np.inf
        const j = skipBlank(text, i + 1);
        if (!isIdentStart(text.charCodeAt(j))) fail(`Expected a number after '${text[i]}', found ${describeAt(text, j)}`, j);
        v = readNamedScalar(text, j);
        if (c === 45) v = -v;
        i = scalarEnd;
      } else if (c === 46 && c1 === 46) {
        fail("This array was printed in summarised form ('...'): the values in between are missing. Print it in full with np.set_printoptions(threshold=sys.maxsize)", i);
      } else {
        v = readNumber(text, i);
        const j = cursor.end;
        if (j < 0) fail(`Expected a number, found ${describeAt(text, i)}`, i);
        const c2 = text.charCodeAt(j);
        if (isIdentChar(c2)) {
          if (c2 === 106 || c2 === 74) fail('Complex numbers are not supported', i);
          fail(`${describeAt(text, i)} is not a number`, i);
        }
        i = j;
      }
    } else if (c === 44) {
      if (state !== 1) fail(state === 2 ? 'Missing value between two commas' : `Expected a value before ','`, i);
      comma[depth] = true;
      state = 2;
      i++;
      continue;
    } else if (isSpace(c) || c === 35 || c === 47 || c === 92) {
      const j = skipBlank(text, i);
      if (j === i) fail(`Unexpected ${describeAt(text, i)}`, i);
      i = j;
      spaced = true;
      continue;
    } else if (c === OPEN_SQUARE || c === OPEN_PAREN) {
      if (state === 1 && !spaced) fail(`Expected ',' before ${describeAt(text, i)}`, i);
      if (depth > 0) {
        if (ndim !== -1 && depth >= ndim) fail('Found a list where a number was expected (ragged array)', i);
        count[depth]++;
      }
      depth++;
      openPos[depth] = i;
      openCh[depth] = c;
      count[depth] = 0;
      comma[depth] = false;
      state = 0;
      i++;
      if (jsonRows && c === OPEN_SQUARE && (ndim === -1 || ndim === depth)) {
        const row = jsonRow(text, i - 1);
        if (row === undefined) jsonRows = false; // not JSON (numpy print, trailing commas, nan...): scan by hand from now on
        else if (row !== null) {
          if (row.length > 0) ndim = depth;
          if (n + row.length > data.length) data = grow(data, n + row.length);
          for (let k = 0; k < row.length; k++) data[n + k] = row[k];
          n += row.length;
          count[depth] = row.length;
          state = 1;
          i = jsonRowEnd; // at the ']', which the close branch checks as usual
        }
      }
      continue;
    } else if (c === CLOSE_SQUARE || c === CLOSE_PAREN) {
      if (depth === 0) fail(`Unexpected '${text[i]}' with no matching opening bracket`, i);
      const want = openCh[depth] === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_PAREN;
      if (c !== want) {
        const opened = openCh[depth] === OPEN_SQUARE ? '[' : '(';
        const at = locate(text, openPos[depth]);
        fail(`Expected '${String.fromCharCode(want)}' to close the '${opened}' opened on line ${at.line}, column ${at.column}, found '${text[i]}'`, i);
      }
      const k = count[depth];
      if (k === 0 && ndim === -1) ndim = depth;
      const isTransparent = c === CLOSE_PAREN && k === 1 && !comma[depth]; // (x) is x, (x,) is a tuple
      if (dims[depth] === undefined) {
        dims[depth] = k;
        transparent[depth] = isTransparent;
      } else if (dims[depth] !== k) {
        fail(raggedMessage(count, depth, k, dims[depth]), openPos[depth]);
      } else if (transparent[depth] !== isTransparent) {
        fail('Parenthesised values mix with tuples at the same level (ragged array)', openPos[depth]);
      }
      depth--;
      i++;
      if (depth === 0) break;
      state = 1;
      spaced = false;
      continue;
    } else if (isIdentStart(c)) {
      v = readNamedScalar(text, i);
      i = scalarEnd;
    } else if (c === 39 || c === 34) {
      return fail('Expected a number, found a string', i);
    } else {
      return fail(`Unexpected ${describeAt(text, i)}`, i);
    }
    // a value was read at valueAt
    if (depth === 0) return { shape: [], data: Float64Array.of(v), end: i };
    if (state === 1 && !spaced) fail(`Expected ',' before ${describeAt(text, valueAt)}`, valueAt);
    if (depth !== ndim) {
      if (ndim !== -1) fail('Found a number where a list was expected (ragged array)', valueAt);
      ndim = depth;
    }
    count[depth]++;
    if (n === data.length) data = grow(data, n + 1);
    data[n++] = v;
    state = 1;
    spaced = false;
  }
  const shape: number[] = [];
  for (let d = 1; d <= ndim; d++) if (!transparent[d]) shape.push(dims[d]);
  return { shape, data: n === data.length ? data : data.slice(0, n), end: i };
}
