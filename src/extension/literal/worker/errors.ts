// How the worker's failures come back to the host: as the errors the in-thread path throws for
// the same input, so both paths word them alike (with line:column). No Node here: the web build
// shares this file.
import { DoutError, ParseError } from '../../../engine';
import { TooManyElements } from '../reader';
import type { WorkerFailure } from './messages';

/** Selections at least this long go to the worker; shorter ones are traced in-thread (no thread start-up). */
export const WORKER_CHARS = 1024 * 1024;

/** Re-traces (expand, a layers change) of an x this big go to the worker: about what 1 MB of text holds. */
export const WORKER_ELEMENTS = 100_000;

/** A failure the host words itself: a crash of the worker (not the user's input). */
export class WorkerCrashed extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'WorkerCrashed';
  }
}

/** The error the in-thread path would have thrown for the same input. */
export function errorOf(f: WorkerFailure): Error {
  switch (f.kind) {
    case 'parse':
      return new ParseError(f.code, f.args, { line: f.line, column: f.column }, f.offset);
    case 'tooMany':
      return new TooManyElements(f.limit, f.found);
    case 'dout':
      return new DoutError(f.message, f.expected, f.actual);
    default:
      return new WorkerCrashed(f.message);
  }
}
