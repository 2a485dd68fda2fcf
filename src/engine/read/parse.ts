// read/: text to numbers. The one reader of arrays as people write and print them (numpy, torch,
// jax, TensorFlow, JS, MATLAB/Julia, CSV): prefix.ts finds where the literal starts and its call,
// scan.ts and rows.ts read the numbers, constructors.ts evaluates np.arange and friends, methods.ts
// applies .reshape/.T, sizeCalls.ts and printed.ts know printed forms. parse.ts is the entry:
// parseArray (whole) and ArrayParser (streamed in pieces), and tracedX (x in the dtype named).
import { ParseError } from './errors';
import { LineIndex } from './lines';
import { buildConstructor } from './constructors';
import { applyMethods } from './methods';
import { closeOuter } from './outer';
import { checkTrailing, isPythonCall, type Prefix, readCallTail, readPrefix } from './prefix';
import { readRows } from './rows';
import { applyNdmin, applyShapeKeyword, applySizeCall } from './sizeCalls';
import { LiteralScanner, MismatchFailure, ScanFailure } from './scan';
import { skipBlank } from './tokens';
import { castTo, numpyDtype, Tensor } from '../tensor';
import { writtenDType } from './written';

export interface ParsedArray {
  tensor: Tensor;
  /** The dtype named in the call (`dtype=np.float32` -> 'float32'), else the one numpy gives the values as written (`[5, -1, 0]` -> 'int64', float64 left out); values are float64 regardless. */
  dtype?: string;
  /** The wrapper call around the literal, e.g. 'np.array', when there was one. */
  wrapper?: string;
  /** Text range of the literal itself (brackets or scalar) within the input. */
  start: number;
  end: number;
}

export interface ParserOptions {
  /**
   * Copy the values into an array of exactly the right length (default). false keeps the
   * scanner's growing buffer and returns a view of it: one copy less, for the CLI.
   */
  trim?: boolean;
  /**
   * Room for this many values up front (an upper bound, e.g. file size / 2). Pages of a fresh
   * zeroed buffer that are never written cost no memory, so a generous bound avoids the copies of
   * a growing buffer.
   */
  capacity?: number;
}

/** How much text to see before deciding where the literal starts. */
const PREFIX_WINDOW = 1 << 16;

/**
 * Parses an array literal fed in chunks (`write`, then `end`), so a huge file never needs to be
 * held whole; `parseArray` is the one-chunk case. Throws only ParseError, with line and column
 * relative to the whole input.
 */
export class ArrayParser {
  private buf = '';
  private base = 0; // absolute offset of buf[0]
  private pos = 0; // where to continue in buf
  private phase: 'prefix' | 'literal' | 'build' | 'matrix' | 'suffix' = 'prefix';
  private prefix?: Prefix;
  private readonly lines = new LineIndex();
  private readonly scanner = new LiteralScanner();
  private wrapper?: { name: string; paren: number; at: number; isNew: boolean };
  private build?: { name: string; paren: number; at: number };
  private result?: ParsedArray;

  constructor(private readonly options: ParserOptions = {}) {
    if (options.capacity !== undefined && options.capacity > this.scanner.data.length) {
      try {
        this.scanner.data = new Float64Array(Math.min(options.capacity, 1 << 27));
      } catch {
        // no room for the hint: grow as usual
      }
    }
  }

  write(chunk: string): this {
    this.lines.add(chunk, this.base + this.buf.length);
    this.buf += chunk;
    this.guard(() => this.advance(false));
    return this;
  }

  end(): ParsedArray {
    if (!this.result) this.guard(() => this.advance(true));
    return this.result as ParsedArray;
  }

  /** Values read so far: lets a caller feeding chunks show progress or stop at a size limit early. */
  get valuesRead(): number {
    return this.scanner.n;
  }

  /** Everything the phases throw becomes a ParseError placed in the whole input. */
  private guard(step: () => void): void {
    try {
      step();
    } catch (e) {
      if (e instanceof ScanFailure) {
        let args = e.args;
        // a bare word selected on its own (`hello`) is no name inside an array: say what was expected
        const code = e.code === 'name_not_value' && !this.wrapper && e.offset === this.scanner.start ? 'row_expected_number' : e.code;
        if (e instanceof MismatchFailure) {
          const at = this.lines.locate(e.openedAt); // where the bracket opened, named in the sentence
          args = [...args, at.line, at.column];
        }
        throw new ParseError(code, args, this.lines.locate(e.offset), e.offset);
      }
      if (e instanceof ParseError) throw e;
      // A bug must not surface as a stack trace in the editor: report it as a parse failure.
      const offset = this.base + this.pos;
      throw new ParseError('internal_error', [e instanceof Error ? e.message : String(e)], this.lines.locate(offset), offset);
    }
  }

  private advance(final: boolean): void {
    if (this.phase === 'prefix') {
      // nothing has been dropped yet, so buffer offsets are absolute
      if (!final && (this.buf.length < PREFIX_WINDOW || skipBlank(this.buf, 0) >= this.buf.length)) return;
      const prefix = readPrefix(this.buf);
      const at = prefix.nameAt ?? prefix.start;
      if (prefix.wrapper !== undefined && prefix.paren !== undefined) this.wrapper = { name: prefix.wrapper, paren: prefix.paren, at, isNew: prefix.isNew === true };
      if (prefix.build !== undefined && prefix.paren !== undefined) this.build = { name: prefix.build, paren: prefix.paren, at };
      this.prefix = prefix;
      this.pos = prefix.start;
      this.phase = this.build ? 'build' : prefix.matrix ? 'matrix' : 'literal';
    }
    if (this.phase === 'matrix') {
      if (!final) return; // held whole, as a constructor is
      const rows = readRows(this.buf, this.pos + 1, this.base, true);
      this.finish({ shape: rows.shape, data: rows.data }, undefined, rows.end, this.base + this.pos, this.base + rows.end);
      return;
    }
    if (this.phase === 'build') {
      // A constructor is short text: it is held whole and evaluated at the end.
      if (!final) return;
      const b = this.build as { name: string; paren: number; at: number };
      const built = buildConstructor(this.buf, b.paren, this.base, b.name, b.at);
      this.finish(built.tensor, built.dtype, built.end, b.at, this.base + built.end);
      return;
    }
    if (this.phase === 'literal') {
      const stop = this.scanner.scan(this.buf, this.pos, this.base, final);
      if (!this.scanner.done) {
        // keep only the unscanned tail: this is what bounds memory for a streamed input
        this.buf = this.buf.slice(stop);
        this.base += stop;
        this.pos = 0;
        return;
      }
      this.pos = stop;
      this.phase = 'suffix';
    }
    if (!final) return;
    const s = this.scanner;
    const data = s.n === s.data.length ? s.data : this.options.trim === false ? s.data.subarray(0, s.n) : s.data.slice(0, s.n);
    let tensor: Tensor = { shape: s.shape, data };
    let dtype: string | undefined;
    let after = this.pos;
    const w = this.wrapper;
    if (w) {
      const tail = readCallTail(this.buf, this.pos, this.base, w.name, w.paren);
      dtype = tail.dtype;
      after = tail.end;
      const call = (w.isNew ? 'new ' : '') + this.buf.slice(w.at - this.base, Math.min(tail.end, w.at - this.base + 60));
      tensor = applySizeCall(w.name, call, tensor, w.at, dtype);
      if (tail.shape) tensor = applyShapeKeyword(tensor, tail.shape);
      if (tail.ndmin) tensor = applyNdmin(tensor, w.name, tail.ndmin);
    }
    dtype ??= this.prefix?.dtype ?? this.writtenDType(w?.name);
    const length = this.prefix?.length;
    if (length !== undefined && (tensor.shape.length !== 1 || tensor.data.length !== length)) {
      throw new ScanFailure('node_announced_values_but', [length, tensor.data.length], this.prefix?.nameAt ?? s.start);
    }
    try {
      this.finish(tensor, dtype, after, s.start, s.end);
    } catch (e) {
      // One number and then more: rows of numbers, one row per line (CSV or blank-separated).
      if (!(e instanceof ScanFailure) || w || tensor.shape.length !== 0 || this.base > s.start) throw e;
      const rows = this.rowsOr(s.start - this.base, e);
      this.result = { tensor: { shape: rows.shape, data: rows.data }, start: s.start, end: this.base + rows.end };
    }
  }

  /** Rows from buf[at] (`1 -2 3`), or `e` when they are not rows either and `e` says more (`2 * np.array(...)`). */
  private rowsOr(at: number, e: ScanFailure): ReturnType<typeof readRows> {
    try {
      return readRows(this.buf, at, this.base, false);
    } catch (r) {
      throw e.code === 'arithmetic_not_evaluated' ? e : r;
    }
  }

  /** The dtype numpy gives the values as written (np.array([5, -1, 0]) is int64), unless the call names one. */
  private writtenDType(wrapper: string | undefined): string | undefined {
    if (this.prefix?.length !== undefined) return undefined; // Node's typed array: floats
    const dtype = writtenDType(this.scanner.written.kind, wrapper);
    const big = this.scanner.written.bigAt;
    if (dtype !== undefined && dtype !== 'bool' && big >= 0) throw new ScanFailure('whole_number_beyond_exact', [], big);
    return dtype;
  }

  /**
   * The methods after the array (`.reshape(2, 3)`, `.T`), what may follow, and the result.
   * `after` indexes this.buf; `start` and `end` (the range reported without methods) are absolute.
   */
  private finish(tensor: Tensor, dtype: string | undefined, after: number, start: number, end: number): void {
    let applied = applyMethods(this.buf, after, this.base, tensor, dtype ?? this.prefix?.dtype);
    if (this.prefix?.outer) applied = closeOuter(this.buf, this.base, this.prefix.outer, applied);
    if (this.prefix?.angle) {
      // TensorFlow's `<tf.Tensor: ... numpy=...>` closes with '>'
      const close = skipBlank(this.buf, applied.end);
      if (this.buf[close] !== '>') throw new ScanFailure('expected_close_tensorflow_value', [], this.base + close);
      applied.end = close + 1;
    }
    checkTrailing(this.buf, applied.end, this.base, isPythonCall(this.wrapper?.name ?? this.build?.name));
    const result: ParsedArray = { tensor: applied.tensor, start, end: applied.end > after ? this.base + applied.end : end };
    if (this.wrapper) result.wrapper = this.wrapper.name;
    if (this.build) result.wrapper = this.build.name;
    if (applied.dtype !== undefined) result.dtype = applied.dtype;
    this.result = result;
  }
}

/**
 * Parses whatever array a user is likely to select: Python lists/tuples, numpy's repr and printed
 * form, JS/JSON arrays, `np.array(...)`-style calls with keyword arguments, an assignment around
 * it, scalars. Throws only ParseError, whatever the input.
 */
export function parseArray(text: string): ParsedArray {
  return new ArrayParser().write(text).end();
}

/**
 * x as traced: a dtype the text names (dtype=np.float32, torch.float32) is computed in, as numpy
 * would; the one place the parsed array becomes the traced x (editor, worker, reload, hover, CLI).
 */
export function tracedX(parsed: ParsedArray): Tensor {
  return castTo(parsed.tensor, numpyDtype(parsed.dtype, parsed.wrapper?.split('.')[0]));
}
