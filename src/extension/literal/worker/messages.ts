// What the extension host and its trace worker say to each other. Both ends are our own code in
// one process, so these are plain types, not a schema: nothing here comes from the webview.
import type { ParseArgs, ParseErrorCode, RunOptions, Tensor, TraceGraph } from '../../../engine';
import type { TraceView } from '../../../engine/graph/trace';

/**
 * Host → worker: a text of `totalChars` comes next, in `text` pieces, then `end` (at most
 * `maxElements` values). Pieces, because reading and posting 11 MB at once held the host ~50 ms.
 */
export interface ParseRequest {
  type: 'parse';
  totalChars: number;
  maxElements: number;
}

/**
 * Host → worker, after `parsed`: run the layers on the parsed x (the title needs x's position
 * first); or, with `x`, on that x (a re-trace of one the host holds).
 */
export interface TraceRequest {
  type: 'trace';
  x?: Tensor;
  opts: RunOptions;
  title: string;
  view: TraceView;
  /**
   * Send the whole graph back too (an export asks for it). Otherwise only its wire form comes
   * back: the full arrays (~56 MB for 1000×1000) would land on the host's heap for nothing, and
   * collecting them held the host's event loop up to ~240 ms.
   */
  full?: boolean;
  /** Send the JSON export of the whole graph back (bytes, moved): writing it here keeps it off the host's thread. */
  json?: boolean;
}

export type ToWorker = ParseRequest | { type: 'text'; piece: string } | { type: 'end' } | TraceRequest;

/** Where the literal starts in the text and what it holds, so the host can name the trace. */
export interface ParsedInfo {
  start: number;
  shape: number[];
}

/** An error the user can act on, carried as data so the host words it (with line:column) as in-thread. */
export type WorkerFailure =
  | { kind: 'parse'; code: ParseErrorCode; args: ParseArgs; line: number; column: number; offset: number }
  | { kind: 'tooMany'; limit: number; found: number }
  | { kind: 'dout'; message: string; expected: number[]; actual?: number[] }
  | { kind: 'crash'; message: string };

export type FromWorker =
  | { type: 'progress'; fraction: number }
  | ({ type: 'parsed' } & ParsedInfo)
  /** x only when the worker parsed it (the host has none yet); graph only when asked `full`. */
  | { type: 'traced'; x?: Tensor; graph?: TraceGraph; wire: TraceGraph; json?: Uint8Array }
  | { type: 'failed'; failure: WorkerFailure };

/** A trace running in a worker: parse first, then (with the title made from `parsed`) trace. */
export interface WorkerTrace {
  /** Sends the text's next piece; false once the worker has ended (a parse error, a cancel). */
  feed(piece: string): boolean;
  /** After the last piece: where the literal starts, x's shape; or the parse's error. */
  parsed(): Promise<ParsedInfo>;
  /** x as parsed and the wire form; the whole graph too with `full`. */
  trace(req: Omit<TraceRequest, 'type' | 'x'>): Promise<{ x: Tensor; graph?: TraceGraph; wire: TraceGraph }>;
  /** Ends the worker (idempotent); a pending step rejects with Cancelled. */
  stop(): void;
  /** Resolves once the worker's thread is gone (tests check that a cancel ends it). */
  exited: Promise<void>;
}

