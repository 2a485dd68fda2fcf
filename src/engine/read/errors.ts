import { parseMessage, type ParseArgs, type ParseErrorCode } from './messages';

/** Where an offset falls in a text, as 1-based line and column (UTF-16 units, like VS Code). */
export function locate(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * The one error the parser throws: a sentence saying what is wrong, plus where.
 * The message carries no location so the editor can place it itself; `toString()` adds it.
 */
export class ParseError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** What went wrong, for a host to word in the reader's language (see PARSE_MESSAGES). */
  readonly code: ParseErrorCode;
  readonly args: ParseArgs;

  /**
   * `text` is the parsed text (line and column are computed from it), or the location itself when
   * known. The message is the English sentence for `code` and `args`.
   */
  constructor(code: ParseErrorCode, args: ParseArgs, text: string | { line: number; column: number }, offset: number) {
    super(parseMessage(code, args));
    this.code = code;
    this.args = args;
    this.name = 'ParseError';
    const at = typeof text === 'string' ? locate(text, offset) : text;
    this.offset = typeof text === 'string' ? Math.max(0, Math.min(offset, text.length)) : offset;
    this.line = at.line;
    this.column = at.column;
  }

  /** "line:column: message", the form the CLI prints. */
  override toString(): string {
    return `${this.line}:${this.column}: ${this.message}`;
  }
}

/**
 * A layer numpy itself refuses for x's dtype: Sigmoid's `-x` on a bool array (numpy raises
 * TypeError). `code` names the case, for a host to word in the reader's language.
 */
export class LayerError extends Error {
  constructor(
    readonly code: 'bool_negative',
    /** The registry name of the layer that refused ('sigmoid'). */
    readonly layer: string,
    message: string,
  ) {
    super(message);
    this.name = 'LayerError';
  }
}

/** A dout that cannot be used with a layer's output (wrong shape, unknown keyword). */
export class DoutError extends Error {
  readonly expected: readonly number[];
  readonly actual: readonly number[] | undefined;

  constructor(message: string, expected: readonly number[], actual?: readonly number[]) {
    super(message);
    this.name = 'DoutError';
    this.expected = expected;
    this.actual = actual;
  }
}

export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
