import { ParseError } from './errors';
import type { ParseArgs, ParseErrorCode } from './messages';
import { cursor, readNumber } from './number';
import { MAX_RANK } from '../tensor';
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

/**
 * Scans one value: a scalar, or a (nested) list/tuple in Python, JS or numpy-print syntax.
 * Resumable, so a huge input can be fed in chunks and never held whole. Iterative with explicit
 * per-depth stacks, so 10,000 levels of nesting cannot overflow the call stack. Shapes are checked
 * as lists close: the first list closed at each depth fixes that dimension, every later one must match.
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
      return this.run(text, from, base, final);
    } catch (e) {
      if (e instanceof ParseError) throw new ScanFailure(e.code, e.args, base + e.offset);
      throw e;
    }
  }

  private run(text: string, from: number, base: number, final: boolean): number {
    const len = text.length;
    const limit = final ? len : len - MARGIN;
    const { openPos, openCh, count, comma, dims, transparent, firstOpen } = this;
    let { data, n, depth, ndim, state, spaced, jsonRows } = this;
    let i = from;
    if (this.start < 0) this.start = base + from;
    const save = (): number => {
      Object.assign(this, { data, n, depth, ndim, state, spaced, jsonRows });
      return i;
    };
    const fail = (code: ParseErrorCode, args: ParseArgs, at: number): never => {
      throw new ScanFailure(code, args, at);
    };

    while (true) {
      if (i >= limit) {
        if (!final) return save();
        if (depth === 0) return fail('expected_array_found_end', [], base + i);
        const ch = openCh[depth] === OPEN_SQUARE ? '[' : '(';
        return fail('bracket_never_closed', [ch, ch === '[' ? ']' : ')'], openPos[depth]);
      }
      const c = text.charCodeAt(i);
      const valueAt = i;
      let v = 0;
      if ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43) {
        const c1 = text.charCodeAt(i + 1);
        if ((c === 45 || c === 43) && (isIdentStart(c1) || isSpace(c1))) {
          // a sign before a name: -inf, -np.inf
          const j = skipBlank(text, i + 1);
          if (!isIdentStart(text.charCodeAt(j))) fail('expected_number_after_found', [text[i], describeAt(text, j)], base + j);
          v = readNamedScalar(text, j);
          if (c === 45) v = -v;
          i = scalarCursor.end;
        } else if (c === 46 && c1 === 46) {
          fail('summarised_print', [], base + i);
        } else {
          v = readNumber(text, i);
          const j = cursor.end;
          if (j < 0) fail('expected_number_found', [describeAt(text, i)], base + i);
          if (j >= len && !final) return save(); // a number longer than MARGIN, cut by the chunk end
          const c2 = text.charCodeAt(j);
          if (isIdentChar(c2)) {
            if (c2 === 106 || c2 === 74) fail('complex_number', [], base + i);
            fail('not_a_number', [describeAt(text, i)], base + i);
          }
          i = j;
        }
      } else if (c === 44) {
        if (state !== 1) fail(state === 2 ? 'missing_between_commas' : 'value_before_comma', [], base + i);
        comma[depth] = true;
        state = 2;
        i++;
        continue;
      } else if (isSpace(c) || c === 35 || c === 47 || c === 92) {
        let j = skipBlank(text, i);
        if (j === i) fail('unexpected_token', [describeAt(text, i)], base + i);
        if (j + 8 >= len && !final) return save(); // a comment or a prompt may go on in the next chunk
        // A REPL prompt starting a continuation line (`... `, IPython's `   ...: `) is not
        // numpy's summary ellipsis: skip it and the blanks after it.
        for (let p = promptEnd(text, j, i); p > j; p = promptEnd(text, j, i)) j = skipBlank(text, p);
        i = j;
        spaced = true;
        continue;
      } else if (c === OPEN_SQUARE || c === OPEN_PAREN) {
        if (state === 1 && !spaced) fail('expected_before', [describeAt(text, i)], base + i);
        if (depth > 0 && ndim !== -1 && depth >= ndim) fail('found_list_where_number', [], base + i);
        let row: number[] | null | undefined | false = null;
        if (jsonRows && c === OPEN_SQUARE && (ndim === -1 || ndim === depth + 1)) {
          row = jsonRow(text, i);
          if (row === false && !final && len - i < MAX_ROW_WAIT) return save();
          if (row === undefined) jsonRows = false; // not JSON (numpy print, trailing commas, nan...): scan by hand from now on
        }
        if (depth > 0) count[depth]++;
        depth++;
        if (firstOpen[depth] === undefined) firstOpen[depth] = base + i;
        openPos[depth] = base + i;
        openCh[depth] = c;
        count[depth] = 0;
        comma[depth] = false;
        state = 0;
        i++;
        if (row) {
          if (row.length > 0) ndim = depth;
          if (n + row.length > data.length) data = grow(data, n + row.length);
          for (let k = 0; k < row.length; k++) data[n + k] = row[k];
          n += row.length;
          count[depth] = row.length;
          state = 1;
          i = jsonRowCursor.end; // at the ']', which the close branch checks as usual
        }
        continue;
      } else if (c === CLOSE_SQUARE || c === CLOSE_PAREN) {
        if (depth === 0) fail('unexpected_with_no_matching', [text[i]], base + i);
        const want = openCh[depth] === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_PAREN;
        if (c !== want) {
          const opened = openCh[depth] === OPEN_SQUARE ? '[' : '(';
          throw new MismatchFailure('mismatched_bracket', [String.fromCharCode(want), opened, text[i]], base + i, openPos[depth]);
        }
        const k = count[depth];
        if (k === 0 && ndim === -1) ndim = depth;
        const isTransparent = c === CLOSE_PAREN && k === 1 && !comma[depth]; // (x) is x, (x,) is a tuple
        if (dims[depth] === undefined) {
          dims[depth] = k;
          transparent[depth] = isTransparent;
        } else if (dims[depth] !== k) {
          const ragged = raggedMessage(count, depth, k, dims[depth]);
          fail(ragged.code, ragged.args, openPos[depth]);
        } else if (transparent[depth] !== isTransparent) {
          fail('parenthesised_values_mix_with', [], openPos[depth]);
        }
        depth--;
        i++;
        if (depth === 0) break;
        state = 1;
        spaced = false;
        continue;
      } else if (isIdentStart(c)) {
        v = readNamedScalar(text, i);
        if (scalarCursor.end >= len && !final) return save();
        i = scalarCursor.end;
      } else if (c === 39 || c === 34) {
        return fail('string_not_number', [], base + i);
      } else {
        return fail('unexpected_token', [describeAt(text, i)], base + i);
      }
      // a value was read at valueAt
      if (depth === 0) {
        data[0] = v;
        n = 1;
        break;
      }
      if (state === 1 && !spaced) fail('expected_before', [describeAt(text, valueAt)], base + valueAt);
      if (depth !== ndim) {
        if (ndim !== -1) fail('found_number_where_list', [], base + valueAt);
        ndim = depth;
      }
      count[depth]++;
      if (n === data.length) data = grow(data, n + 1);
      data[n++] = v;
      state = 1;
      spaced = false;
    }
    // numpy's limit on dimensions, checked once the shape is known: `(x)` levels do not count.
    let rank = 0;
    for (let d = 1; d <= ndim; d++) {
      if (transparent[d]) continue;
      if (++rank > MAX_RANK) fail('too_many_dimensions', [MAX_RANK], firstOpen[d]);
    }
    this.done = true;
    this.end = base + i;
    return save();
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
