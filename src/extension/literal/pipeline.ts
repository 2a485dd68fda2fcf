// The one literal pipeline: the text is read once (in pieces for a big one), parsed once by the
// streaming reader (reader.ts), traced once by the engine's stepwise trace (a block of x at a
// time), and made into its wire form (big arrays as previews). One decision, by size, says where
// that work runs: a worker thread for a big literal (desktop), else the host's thread, which gets
// its event loop back between steps (slicer.ts; also the web build, which has no worker_threads).
// Both places give the same x, graph and wire form and throw the same errors (ParseError,
// TooManyElements, DoutError, Cancelled).
import type * as vscode from 'vscode';
import { traceSteps, type RunOptions, type Tensor, type TraceGraph, type TraceView } from '../../engine';
import { previewGraphSliced } from '../../engine/print/wirePreview';
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

/** A literal's size: its text's characters (a first trace) or x's elements (a re-trace of an x held here). */
export type WorkSize = { chars: number } | { elements: number };

/**
 * The one decision of where a literal's work runs: a worker for big work only (a small trace would
 * wait ~30 ms for the thread to start), and only where the worker bundle is on disk (desktop).
 */
export function useWorker(size: WorkSize, extensionScheme: string): boolean {
  const big = 'chars' in size ? size.chars >= WORKER_CHARS : size.elements >= WORKER_ELEMENTS;
  return workerAvailable && big && extensionScheme === 'file';
}

/** The engine's stepwise trace on the host's thread: the event loop gets a turn between steps. `report` takes 0..1. */
export async function traceOnHost(x: Tensor, opts: RunOptions, title: string, view: TraceView, slicer: Slicer, report?: (fraction: number) => void): Promise<TraceGraph> {
  const steps = traceSteps(x, opts, title, view);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    report?.(step.value);
    await slicer.pause();
  }
}

/**
 * A re-trace of an x the host holds (a node expanded, a layers change, a reload, an export). The
 * same wire form wherever it runs; the whole graph when it was made here anyway, or from the
 * worker only when `full` asks for it; `json`: the worker writes the JSON export too (a small x's
 * caller writes it from the graph).
 */
export async function retrace(
  home: vscode.Uri,
  x: Tensor,
  job: { opts: RunOptions; title: string; view: TraceView },
  slicer: Slicer,
  want: { full?: boolean; json?: boolean } = {},
): Promise<{ graph?: TraceGraph; wire: TraceGraph; json?: Uint8Array }> {
  if (useWorker({ elements: x.data.length }, home.scheme)) {
    return traceTensorInWorker(workerScript(home.fsPath), x, { ...job, full: want.full, json: want.json }, () => slicer.stopRequested());
  }
  const graph = await traceOnHost(x, job.opts, job.title, job.view, slicer);
  const wire = await previewGraphSliced(graph, () => slicer.yieldNow());
  return { graph, wire };
}

/** The worker reads the text in pieces this long: each read and post holds the host ~2 ms, not ~50. */
export const PIECE_CHARS = 1 << 20;

/** Part of the text by offsets within it; throws (e.g. the document changed) to stop the trace. */
export type ReadText = (from: number, to: number) => string;

/** A first trace from text, where useWorker says. `report` takes 0..1; parsing is the first 60 %. */
export function runnerFor(home: vscode.Uri, chars: number, read: ReadText, limit: number, slicer: Slicer, report: (fraction: number) => void): TraceRunner {
  if (useWorker({ chars }, home.scheme)) return workerRunner(workerScript(home.fsPath), chars, read, limit, slicer, report);
  return inThreadRunner(read(0, chars), limit, slicer, report);
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
      const graph = await traceOnHost(x, opts, title, view, slicer, (f) => report(0.6 + 0.4 * f));
      // The webview's previews of big arrays, made here in slices rather than at once in show().
      await slicer.yieldNow();
      const wire = await previewGraphSliced(graph, () => slicer.yieldNow());
      return { x, graph, wire };
    },
    stop: () => undefined,
  };
}
