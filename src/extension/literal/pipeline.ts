// Where a literal's parse and layers run: on the host's thread in time slices (small inputs,
// and the web build, which has no worker_threads), or for a big one in a worker thread, so the
// extension host's event loop is never held by the engine. Both give the same x, graph and wire
// form and throw the same errors (ParseError, TooManyElements, DoutError, Cancelled).
import * as vscode from 'vscode';
import type { RunOptions, Tensor, TraceGraph } from '../../engine';
import type { TraceView } from '../../engine/graph/trace';
import { previewGraphSliced } from '../../engine/print/wirePreview';
import { buildTraceChunked } from './chunkedTrace';
import type { Slicer } from './slicer';
import { startWorkerTrace, traceTensorInWorker, WORKER_CHARS, WORKER_ELEMENTS, workerAvailable, workerScript } from './worker/client';
import { parseJob } from './worker/job';
import type { ParsedInfo } from './worker/messages';

export interface TraceRunner {
  /** Where the literal starts in the text and x's shape. */
  parse(): Promise<ParsedInfo>;
  /** After parse: x (dtype applied) and the wire form; the whole graph too when it was made here. */
  trace(opts: RunOptions, title: string, view: TraceView): Promise<{ x: Tensor; graph?: TraceGraph; wire: TraceGraph }>;
  /** Ends the work early (a refused shape, an error): a worker's thread goes. Idempotent. */
  stop(): void;
}

/** The extension's folder (set at activation), where the worker bundle is: re-traces have no Uri of their own. */
let home: vscode.Uri | undefined;
export function setWorkerHome(extensionUri: vscode.Uri): void {
  home = extensionUri;
}

/**
 * A re-trace of an x the host holds (a node expanded, a layers change, a reload, an export): in
 * the worker when x is big, else in slices here. The same wire form either way; the whole graph
 * when it was made here anyway, or from the worker only when `full` asks for it; `json`: the
 * worker writes the JSON export too (a small x's caller writes it from the graph).
 */
export async function retrace(x: Tensor, opts: RunOptions, title: string, view: TraceView, slicer: Slicer, full = false, json = false): Promise<{ graph?: TraceGraph; wire: TraceGraph; json?: Uint8Array }> {
  if (home && x.data.length >= WORKER_ELEMENTS && useWorker(WORKER_CHARS, home.scheme)) {
    return traceTensorInWorker(workerScript(home.fsPath), x, { opts, title, view, full, json }, () => slicer.stopRequested());
  }
  const graph = await buildTraceChunked(x, opts, title, view, slicer);
  const wire = await previewGraphSliced(graph, () => slicer.yieldNow());
  return { graph, wire };
}

/** The worker reads the text in pieces this long: each read and post holds the host ~2 ms, not ~50. */
export const PIECE_CHARS = 1 << 20;

/** Part of the text by offsets within it; throws (e.g. the document changed) to stop the trace. */
export type ReadText = (from: number, to: number) => string;

/** A big selection in a worker (desktop), else in slices here. `report` takes 0..1; parsing is the first 60 %. */
export function runnerFor(extensionUri: vscode.Uri, chars: number, read: ReadText, limit: number, slicer: Slicer, report: (fraction: number) => void): TraceRunner {
  if (useWorker(chars, extensionUri.scheme)) return workerRunner(workerScript(extensionUri.fsPath), chars, read, limit, slicer, report);
  return inThreadRunner(read(0, chars), limit, slicer, report);
}

/** A worker for big text only: a small trace would wait ~30 ms for the thread to start. Needs the bundle on disk. */
export function useWorker(chars: number, extensionScheme: string): boolean {
  return workerAvailable && chars >= WORKER_CHARS && extensionScheme === 'file';
}

export function workerRunner(script: string, chars: number, read: ReadText, limit: number, slicer: Slicer, report: (fraction: number) => void): TraceRunner {
  const job = startWorkerTrace(script, chars, limit, () => slicer.stopRequested(), (f) => report(0.6 * f));
  return {
    async parse() {
      // Read and sent a piece at a time, the event loop free in between; the worker parses as they come.
      for (let at = 0; at < chars; at += PIECE_CHARS) {
        if (!job.feed(read(at, Math.min(chars, at + PIECE_CHARS)))) break; // it failed: parsed() says why
        await slicer.pause();
      }
      return job.parsed();
    },
    async trace(opts, title, view) {
      const result = await job.trace({ opts, title, view });
      report(1);
      return result;
    },
    stop: () => job.stop(),
  };
}

export function inThreadRunner(text: string, limit: number, slicer: Slicer, report: (fraction: number) => void): TraceRunner {
  let x: Tensor | undefined;
  return {
    async parse() {
      const parsed = await parseJob(text, limit, (f) => report(0.6 * f), slicer);
      x = parsed.x;
      return parsed.info;
    },
    async trace(opts, title, view) {
      if (!x) throw new Error('trace before parse');
      const graph = await buildTraceChunked(x, opts, title, view, slicer, (f) => report(0.6 + 0.4 * f));
      // The webview's previews of big arrays, made here in slices rather than at once in show().
      await slicer.yieldNow();
      const wire = await previewGraphSliced(graph, () => slicer.yieldNow());
      return { x, graph, wire };
    },
    stop: () => undefined,
  };
}
