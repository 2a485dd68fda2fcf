import { ParseError } from './errors';
import type { ParseArgs, ParseErrorCode } from './messages';
import { cursor, readNumber } from './number';
import { MAX_RANK } from '../tensor';
import { Written } from './written';
import { describeAt, grow, isIdentChar, isIdentStart, isSpace, jsonRow, jsonRowCursor, promptEnd, raggedMessage, readNamedScalar, scalarCursor, skipBlank } from './tokens';

const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
/** Text left unscanned at the end of a chunk, so that no number or name is cut in two. */
const MARGIN = 256;
/** A JSON row longer than this is scanned by hand rather than waiting for its ']' to arrive. */
const MAX_ROW_WAIT = 1 << 22;

/** An error at an absolute offset of the whole input; the caller turns it into a ParseError with line and column. */
export class ScanFailure {
  constructor(
    readonly code: ParseErrorCode,
    readonly args: ParseArgs,
    readonly offset: number,
  ) {}
}

/** `run` stops to wait for more text; the scan resumes at the index it returned. */
const PAUSE = -1;

function fail(code: ParseErrorCode, args: ParseArgs, at: number): never {
  throw new ScanFailure(code, args, at);
}

/** The text being scanned: `text[0]` is at absolute offset `base`; `final` when no more text comes. */
interface Piece {
  text: string;
  base: number;
  final: boolean;
}

function isNumberStart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43;
}

/**
 * Scans one value: a scalar, or a (nested) list/tuple in Python, JS or numpy-print syntax.
 * Resumable, so a huge input can be fed in chunks and never held whole. Iterative with explicit
 * per-depth stacks, so 10,000 levels of nesting cannot overflow the call stack. Shapes are checked
 * as lists close: the first list closed at each depth fixes that dimension, every later one must match.
 * `run` reads one token at a time and hands it to the step that knows it (number, name, comma,
 * blank, open, close); each step returns where the next token starts, or PAUSE for more text.
 */
export class LiteralScanner {
  data: Float64Array<ArrayBuffer> = new Float64Array(1024);
  n = 0;
  done = false;
  /** Absolute offsets of the literal. */
  start = -1;
  end = -1;
  // Per open list, indexed by depth (1-based): where it opened (absolute), its bracket, element count, whether a comma was seen.
  private readonly openPos: number[] = [0];
  private readonly openCh: number[] = [0];
  private readonly count: number[] = [0];
  private readonly comma: boolean[] = [false];
  // Per depth: the length every list opened at that depth must have, and whether it was `(x)` (no tuple).
  private readonly dims: number[] = [0];
  private readonly transparent: boolean[] = [false];
  // Per depth: where the first list at that depth opened (absolute), to place a too-deep error.
  private readonly firstOpen: number[] = [0];
  private depth = 0;
  private ndim = -1; // depth at which numbers sit; -1 until known
  private state = 0; // 0: just opened (or nothing yet), 1: after a value, 2: after a comma
  private spaced = false; // whitespace since the last value: numpy's printed form separates by spaces
  private jsonRows = true; // innermost rows go to JSON.parse until one is not JSON
  private closed = false; // the outermost list closed, or a scalar was read at depth 0
  /** What the values were written as: the dtype numpy gives them. */
  readonly written = new Written();

  /** The shape, once done: `(x)` levels dropped, as Python drops them. */
  get shape(): number[] {
    const shape: number[] = [];
    for (let d = 1; d <= this.ndim; d++) if (!this.transparent[d]) shape.push(this.dims[d]);
    return shape;
  }

  /**
   * Scans `text` from `from`, where text[0] is at absolute offset `base`. Returns where it stopped:
   * the end of the literal when done, else (only when !final) the first index it needs again
   * together with more text. Throws only ScanFailure.
   */
  scan(text: string, from: number, base: number, final: boolean): number {
    try {
      return this.run({ text, base, final }, from);
    } catch (e) {
      if (e instanceof ParseError) throw new ScanFailure(e.code, e.args, base + e.offset);
      throw e;
    }
  }

  private run(piece: Piece, from: number): number {
    const { text, base, final } = piece;
    const limit = final ? text.length : text.length - MARGIN;
    if (this.start < 0) this.start = base + from;
    let i = from;
    while (!this.closed) {
      if (i >= limit) {
        if (!final) return i;
        this.failAtEnd(base + i);
      }
      const c = text.charCodeAt(i);
      let next: number;
      if (isNumberStart(c)) next = this.number(piece, i, c);
      else if (c === 44) next = this.commaAt(piece, i);
      else if (isSpace(c) || c === 35 || c === 47 || c === 92) next = this.blank(piece, i);
      else if (c === OPEN_SQUARE || c === OPEN_PAREN) next = this.open(piece, i, c);
      else if (c === CLOSE_SQUARE || c === CLOSE_PAREN) next = this.close(piece, i, c);
      else if (isIdentStart(c)) next = this.name(piece, i);
      else if (c === 39 || c === 34) return fail('string_not_number', [], base + i);
      else if (c === 42 || c === 37 || c === 64) return fail('arithmetic_inside', [text[i]], base + i); // * % @
      else return fail('unexpected_token', [describeAt(text, i)], base + i);
      if (next === PAUSE) return i;
      i = next;
    }
    this.checkRank();
    this.done = true;
    this.end = base + i;
    return i;
  }

  /** The text ended inside the literal (or before it). */
  private failAtEnd(at: number): never {
    const depth = this.depth;
    if (depth === 0) return fail('expected_array_found_end', [], at);
    const ch = this.openCh[depth] === OPEN_SQUARE ? '[' : '(';
    return fail('bracket_never_closed', [ch, ch === '[' ? ']' : ')'], this.openPos[depth]);
  }

  /** A number, or a sign before a name (-inf, -np.inf). */
  private number(piece: Piece, i: number, c: number): number {
    const { text, base, final } = piece;
    const c1 = text.charCodeAt(i + 1);
    if ((c === 45 || c === 43) && (isIdentStart(c1) || isSpace(c1))) {
      const j = skipBlank(text, i + 1);
      if (!isIdentStart(text.charCodeAt(j))) fail('expected_number_after_found', [text[i], describeAt(text, j)], base + j);
      const v = readNamedScalar(text, j);
      this.written.name(text, j, scalarCursor.end, v);
      return this.value(piece, i, c === 45 ? -v : v, scalarCursor.end);
    }
    if (c === 46 && c1 === 46) fail('summarised_print', [], base + i);
    const v = readNumber(text, i);
    const j = cursor.end;
    if (j < 0) fail('expected_number_found', [describeAt(text, i)], base + i);
    if (j >= text.length && !final) return PAUSE; // a number longer than MARGIN, cut by the chunk end
    const c2 = text.charCodeAt(j);
    if (isIdentChar(c2)) {
      if (c2 === 106 || c2 === 74) fail('complex_number', [], base + i);
      if (/^[+-]?0[xXoObB]/.test(text.slice(i, i + 3))) fail('base_prefix_number', [describeAt(text, i)], base + i);
      fail('not_a_number', [describeAt(text, i)], base + i);
    }
    this.written.number(text, i, j, v, base);
    return this.value(piece, i, v, j);
  }

  /** A named scalar: nan, inf, np.pi, True... */
  private name(piece: Piece, i: number): number {
    const v = readNamedScalar(piece.text, i);
    if (scalarCursor.end >= piece.text.length && !piece.final) return PAUSE;
    this.written.name(piece.text, i, scalarCursor.end, v);
    return this.value(piece, i, v, scalarCursor.end);
  }

  private commaAt(piece: Piece, i: number): number {
    const state = this.state;
    if (state !== 1) fail(state === 2 ? 'missing_between_commas' : 'value_before_comma', [], piece.base + i);
    this.comma[this.depth] = true;
    this.state = 2;
    return i + 1;
  }

  /** Spaces, comments and line continuations; a REPL prompt starting a continuation line. */
  private blank(piece: Piece, i: number): number {
    const { text, base, final } = piece;
    let j = skipBlank(text, i);
    if (j === i) fail(text[i] === '/' ? 'arithmetic_inside' : 'unexpected_token', [text[i] === '/' ? '/' : describeAt(text, i)], base + i);
    if (j + 8 >= text.length && !final) return PAUSE; // a comment or a prompt may go on in the next chunk
    // A REPL prompt starting a continuation line (`... `, IPython's `   ...: `) is not
    // numpy's summary ellipsis: skip it and the blanks after it.
    for (let p = promptEnd(text, j, i); p > j; p = promptEnd(text, j, i)) j = skipBlank(text, p);
    this.spaced = true;
    return j;
  }

  /** `[` or `(`: a list opens; an innermost JSON row is read whole by JSON.parse. */
  private open(piece: Piece, i: number, c: number): number {
    const { text, base, final } = piece;
    const { depth, ndim } = this;
    if (this.state === 1 && !this.spaced) fail('expected_before', [describeAt(text, i)], base + i);
    if (depth > 0 && ndim !== -1 && depth >= ndim) fail('found_list_where_number', [], base + i);
    let row: number[] | null | undefined | false = null;
    if (this.jsonRows && c === OPEN_SQUARE && (ndim === -1 || ndim === depth + 1)) {
      row = jsonRow(text, i);
      if (row === false && !final && text.length - i < MAX_ROW_WAIT) return PAUSE;
      if (row === undefined) this.jsonRows = false; // not JSON (numpy print, trailing commas, nan...): scan by hand from now on
    }
    if (depth > 0) this.count[depth]++;
    const d = ++this.depth;
    if (this.firstOpen[d] === undefined) this.firstOpen[d] = base + i;
    this.openPos[d] = base + i;
    this.openCh[d] = c;
    this.count[d] = 0;
    this.comma[d] = false;
    this.state = 0;
    if (!row) return i + 1;
    if (row.length > 0) this.ndim = d;
    this.written.row(text, i, jsonRowCursor.end, row, base);
    let { data, n } = this;
    if (n + row.length > data.length) data = this.data = grow(data, n + row.length);
    for (let k = 0; k < row.length; k++) data[n + k] = row[k];
    n += row.length;
    this.n = n;
    this.count[d] = row.length;
    this.state = 1;
    return jsonRowCursor.end; // at the ']', which the close step checks as usual
  }

  /** `]` or `)`: the list's length is checked against the others at its depth. */
  private close(piece: Piece, i: number, c: number): number {
    const { text, base } = piece;
    const depth = this.depth;
    if (depth === 0) fail('unexpected_with_no_matching', [text[i]], base + i);
    const openCh = this.openCh[depth];
    const want = openCh === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_PAREN;
    if (c !== want) {
      const opened = openCh === OPEN_SQUARE ? '[' : '(';
      throw new MismatchFailure('mismatched_bracket', [String.fromCharCode(want), opened, text[i]], base + i, this.openPos[depth]);
    }
    const k = this.count[depth];
    if (k === 0 && this.ndim === -1) this.ndim = depth;
    const isTransparent = c === CLOSE_PAREN && k === 1 && !this.comma[depth]; // (x) is x, (x,) is a tuple
    const { dims, transparent } = this;
    if (dims[depth] === undefined) {
      dims[depth] = k;
      transparent[depth] = isTransparent;
    } else if (dims[depth] !== k) {
      const ragged = raggedMessage(this.count, depth, k, dims[depth]);
      fail(ragged.code, ragged.args, this.openPos[depth]);
    } else if (transparent[depth] !== isTransparent) {
      fail('parenthesised_values_mix_with', [], this.openPos[depth]);
    }
    this.depth = depth - 1;
    if (depth === 1) this.closed = true;
    this.state = 1;
    this.spaced = false;
    return i + 1;
  }

  /** A value read at `at`, ending at `end`: a scalar literal, or the next number of its list. */
  private value(piece: Piece, at: number, v: number, end: number): number {
    const depth = this.depth;
    if (depth === 0) {
      this.data[0] = v;
      this.n = 1;
      this.closed = true;
      return end;
    }
    if (this.state === 1 && !this.spaced) fail('expected_before', [describeAt(piece.text, at)], piece.base + at);
    if (depth !== this.ndim) {
      if (this.ndim !== -1) fail('found_number_where_list', [], piece.base + at);
      this.ndim = depth;
    }
    this.count[depth]++;
    if (this.n === this.data.length) this.data = grow(this.data, this.n + 1);
    this.data[this.n++] = v;
    this.state = 1;
    this.spaced = false;
    return end;
  }

  /** numpy's limit on dimensions, checked once the shape is known: `(x)` levels do not count. */
  private checkRank(): void {
    let rank = 0;
    for (let d = 1; d <= this.ndim; d++) {
      if (this.transparent[d]) continue;
      if (++rank > MAX_RANK) fail('too_many_dimensions', [MAX_RANK], this.firstOpen[d]);
    }
  }
}

/** A closing bracket of the wrong kind: the message names where the opening one is, filled in by the caller. */
export class MismatchFailure extends ScanFailure {
  constructor(
    code: ParseErrorCode,
    args: ParseArgs,
    offset: number,
    readonly openedAt: number,
  ) {
    super(code, args, offset);
  }
}
