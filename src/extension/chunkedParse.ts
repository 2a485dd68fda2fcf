// Parses a big selection in slices so the extension host never stops answering for long: the
// text is fed to the engine's streaming ArrayParser a piece at a time, and the event loop gets
// a turn between pieces. Results and error messages are exactly the parser's, since it is the
// same parser; only the feeding is ours. Works alike in the Node and web-worker hosts.
import { ArrayParser, type ParsedArray } from '../engine';
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

/** Throws ParseError (bad input), TooManyElements, or Cancelled (from the slicer). */
export async function parseChunked(text: string, opts: ChunkedOptions = {}): Promise<ParsedArray> {
  const slicer = opts.slicer ?? new Slicer();
  const limit = opts.maxElements ?? Infinity;
  const step = opts.chunkChars ?? CHUNK_CHARS;
  // Every value takes at least one character, so this bound on the buffer is never too small.
  const parser = new ArrayParser({ capacity: Math.min(Math.ceil(text.length / 2) + 1, limit + 1) });
  for (let at = 0; at < text.length; at += step) {
    parser.write(text.slice(at, at + step));
    if (parser.valuesRead > limit) throw new TooManyElements(limit, parser.valuesRead);
    opts.onProgress?.(Math.min(1, (at + step) / text.length));
    await slicer.pause();
  }
  const parsed = parser.end();
  if (parsed.tensor.data.length > limit) throw new TooManyElements(limit, parsed.tensor.data.length);
  return parsed;
}
