// Parses a big selection in slices so the extension host never stops answering for long: the
// text is fed to the engine's streaming ArrayParser a piece at a time, and the event loop gets
// a turn between pieces. Results and error messages are exactly the parser's, since it is the
// same parser; only the feeding is ours. Works alike in the Node and web-worker hosts.
import { ArrayParser, type ParsedArray } from '../../engine';
import { Slicer } from './slicer';

/** Characters fed per write: a few milliseconds of parsing. */
export const CHUNK_CHARS = 64 * 1024;

/** The selection holds more elements than `backpropTrace.maxElements` allows. */
export class TooManyElements extends Error {
  constructor(
    readonly limit: number,
    readonly found: number,
  ) {
    super(`more than ${limit} elements`);
    this.name = 'TooManyElements';
  }
}

export interface ChunkedOptions {
  slicer?: Slicer;
  /** Fraction of the text read so far, 0..1. */
  onProgress?: (fraction: number) => void;
  /** Stop as soon as more values than this have been read. */
  maxElements?: number;
  chunkChars?: number;
}

/**
 * The streaming parser with the size limit, fed piece by piece: by parseChunked from one string,
 * or by the trace worker as the host sends the text over. `totalChars` sizes its buffer.
 */
export class LimitedParser {
  private readonly parser: ArrayParser;
  private read = 0;

  constructor(
    private readonly totalChars: number,
    private readonly limit = Infinity,
  ) {
    // Every value takes at least one character, so this bound on the buffer is never too small.
    this.parser = new ArrayParser({ capacity: Math.min(Math.ceil(totalChars / 2) + 1, limit + 1) });
  }

  /** Throws ParseError or TooManyElements; returns the fraction of the text read so far. */
  write(piece: string): number {
    this.parser.write(piece);
    this.read += piece.length;
    if (this.parser.valuesRead > this.limit) throw new TooManyElements(this.limit, this.parser.valuesRead);
    return Math.min(1, this.read / Math.max(1, this.totalChars));
  }

  end(): ParsedArray {
    const parsed = this.parser.end();
    if (parsed.tensor.data.length > this.limit) throw new TooManyElements(this.limit, parsed.tensor.data.length);
    return parsed;
  }
}

/** Throws ParseError (bad input), TooManyElements, or Cancelled (from the slicer). */
export async function parseChunked(text: string, opts: ChunkedOptions = {}): Promise<ParsedArray> {
  const slicer = opts.slicer ?? new Slicer();
  const step = opts.chunkChars ?? CHUNK_CHARS;
  const parser = new LimitedParser(text.length, opts.maxElements);
  for (let at = 0; at < text.length; at += step) {
    const fraction = parser.write(text.slice(at, at + step));
    opts.onProgress?.(fraction);
    await slicer.pause();
  }
  return parser.end();
}
