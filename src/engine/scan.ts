import { ParseError } from './errors';
import { cursor, readNumber } from './number';
import { MAX_RANK } from './tensor';
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
    readonly message: string,
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
      if (e instanceof ParseError) throw new ScanFailure(e.message, base + e.offset);
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
    const fail = (message: string, at: number): never => {
      throw new ScanFailure(message, at);
    };

    while (true) {
      if (i >= limit) {
        if (!final) return save();
        if (depth === 0) return fail('Expected an array, found the end of the input', base + i);
        const ch = openCh[depth] === OPEN_SQUARE ? '[' : '(';
        return fail(`This '${ch}' is never closed (expected '${ch === '[' ? ']' : ')'}' before the end of the input)`, openPos[depth]);
      }
      const c = text.charCodeAt(i);
      const valueAt = i;
      let v = 0;
      if ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43) {
        const c1 = text.charCodeAt(i + 1);
        if ((c === 45 || c === 43) && (isIdentStart(c1) || isSpace(c1))) {
          // a sign before a name: -inf, -np.inf
          const j = skipBlank(text, i + 1);
          if (!isIdentStart(text.charCodeAt(j))) fail(`Expected a number after '${text[i]}', found ${describeAt(text, j)}`, base + j);
          v = readNamedScalar(text, j);
          if (c === 45) v = -v;
          i = scalarCursor.end;
        } else if (c === 46 && c1 === 46) {
          fail("This array was printed in summarised form ('...'): the values in between are missing. Print it in full with np.set_printoptions(threshold=sys.maxsize)", base + i);
        } else {
          v = readNumber(text, i);
          const j = cursor.end;
          if (j < 0) fail(`Expected a number, found ${describeAt(text, i)}`, base + i);
          if (j >= len && !final) return save(); // a number longer than MARGIN, cut by the chunk end
          const c2 = text.charCodeAt(j);
          if (isIdentChar(c2)) {
            if (c2 === 106 || c2 === 74) fail('Complex numbers are not supported', base + i);
            fail(`${describeAt(text, i)} is not a number`, base + i);
          }
          i = j;
        }
      } else if (c === 44) {
        if (state !== 1) fail(state === 2 ? 'Missing value between two commas' : `Expected a value before ','`, base + i);
        comma[depth] = true;
        state = 2;
        i++;
        continue;
      } else if (isSpace(c) || c === 35 || c === 47 || c === 92) {
        let j = skipBlank(text, i);
        if (j === i) fail(`Unexpected ${describeAt(text, i)}`, base + i);
        if (j + 8 >= len && !final) return save(); // a comment or a prompt may go on in the next chunk
        // A REPL prompt starting a continuation line (`... `, IPython's `   ...: `) is not
        // numpy's summary ellipsis: skip it and the blanks after it.
        for (let p = promptEnd(text, j, i); p > j; p = promptEnd(text, j, i)) j = skipBlank(text, p);
        i = j;
        spaced = true;
        continue;
      } else if (c === OPEN_SQUARE || c === OPEN_PAREN) {
        if (state === 1 && !spaced) fail(`Expected ',' before ${describeAt(text, i)}`, base + i);
        if (depth > 0 && ndim !== -1 && depth >= ndim) fail('Found a list where a number was expected (ragged array)', base + i);
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
        if (depth === 0) fail(`Unexpected '${text[i]}' with no matching opening bracket`, base + i);
        const want = openCh[depth] === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_PAREN;
        if (c !== want) {
          const opened = openCh[depth] === OPEN_SQUARE ? '[' : '(';
          throw new MismatchFailure(`Expected '${String.fromCharCode(want)}' to close the '${opened}' opened on line {line}, column {column}, found '${text[i]}'`, base + i, openPos[depth]);
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
        if (scalarCursor.end >= len && !final) return save();
        i = scalarCursor.end;
      } else if (c === 39 || c === 34) {
        return fail('Expected a number, found a string', base + i);
      } else {
        return fail(`Unexpected ${describeAt(text, i)}`, base + i);
      }
      // a value was read at valueAt
      if (depth === 0) {
        data[0] = v;
        n = 1;
        break;
      }
      if (state === 1 && !spaced) fail(`Expected ',' before ${describeAt(text, valueAt)}`, base + valueAt);
      if (depth !== ndim) {
        if (ndim !== -1) fail('Found a number where a list was expected (ragged array)', base + valueAt);
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
      if (++rank > MAX_RANK) fail(`This array nests deeper than ${MAX_RANK} levels: numpy arrays have at most ${MAX_RANK} dimensions`, firstOpen[d]);
    }
    this.done = true;
    this.end = base + i;
    return save();
  }
}

/** A closing bracket of the wrong kind: the message names where the opening one is, filled in by the caller. */
export class MismatchFailure extends ScanFailure {
  constructor(
    message: string,
    offset: number,
    readonly openedAt: number,
  ) {
    super(message, offset);
  }
}
