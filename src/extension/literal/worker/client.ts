// The host's side of the trace worker (desktop only: the web build swaps in client.web.ts, which
// has no worker_threads). A trace from text is two round trips, parse then trace, because the
// title (and so which nodes stay expanded) needs the literal's position first; a re-trace of an x
// already parsed (expand, a layers change) is one. The worker is terminated when the trace is
// cancelled, when it finishes, and on any failure; a crash becomes a message, never a hang.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { phrasebook, type Tensor, type TraceGraph } from '../../../engine';
import { Cancelled } from '../slicer';
import { errorOf, WorkerCrashed } from './errors';
import type { FromWorker, ToWorker, TraceRequest, WorkerTrace } from './messages';

export { WORKER_CHARS, WORKER_ELEMENTS } from './errors';

/** How often a running trace asks whether it should stop (cancel, a newer trace). */
const STOP_POLL_MS = 20;

export const workerAvailable = true;

/** dist/traceWorker.js beside dist/extension.js; tests pass the compiled one. */
export const workerScript = (extensionPath: string): string => path.join(extensionPath, 'dist', 'traceWorker.js');

interface Connection {
  /** Posts without waiting for an answer; false once the worker has ended. */
  tell(m: ToWorker): boolean;
  ask<T extends FromWorker['type']>(m: ToWorker, want: T): Promise<Extract<FromWorker, { type: T }>>;
  /** Ends the worker (idempotent); a pending ask rejects with `e`. */
  end(e: Error): void;
  exited: Promise<void>;
}

function connect(script: string, shouldStop: () => boolean, onProgress?: (fraction: number) => void): Connection {
  const worker = new Worker(script, { workerData: { phrasebook: phrasebook() } }); // its graphs speak the reader's language
  let pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void; want: FromWorker['type'] } | undefined;
  let ended: Error | undefined;
  const end = (e: Error) => {
    if (ended) return;
    ended = e;
    clearInterval(poll);
    void worker.terminate();
    pending?.reject(e);
    pending = undefined;
  };
  const poll = setInterval(() => shouldStop() && end(new Cancelled()), STOP_POLL_MS);
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'progress') return onProgress?.(m.fraction);
    if (m.type === 'failed') return end(errorOf(m.failure));
    if (pending?.want === m.type) {
      const p = pending;
      pending = undefined;
      p.resolve(m);
    }
  });
  // A thrown error inside the worker, or its thread dying (out of memory): a message, not a hang.
  worker.on('error', (e) => end(new WorkerCrashed(e.message)));
  const exited = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      end(new WorkerCrashed(`the trace worker stopped (exit code ${code})`));
      resolve();
    }),
  );
  return {
    tell: (m) => {
      if (ended) return false;
      worker.postMessage(m);
      return true;
    },
    ask: (m, want) =>
      new Promise((resolve, reject) => {
        if (ended) return reject(ended);
        pending = { resolve: resolve as (m: FromWorker) => void, reject, want };
        worker.postMessage(m);
      }),
    end,
    exited,
  };
}

/**
 * Starts a worker for a text of `totalChars`, fed with `feed`. `shouldStop` is polled while it
 * runs: true terminates the worker and the pending step rejects with Cancelled.
 */
export function startWorkerTrace(script: string, totalChars: number, maxElements: number, shouldStop: () => boolean, onProgress?: (fraction: number) => void): WorkerTrace {
  const c = connect(script, shouldStop, onProgress);
  c.tell({ type: 'parse', totalChars, maxElements });
  return {
    feed: (piece) => c.tell({ type: 'text', piece }),
    parsed: () => c.ask({ type: 'end' }, 'parsed').then(({ start, shape }) => ({ start, shape })),
    async trace(req) {
      const { x, graph, wire } = await c.ask({ type: 'trace', ...req }, 'traced');
      c.end(new Cancelled()); // done: the thread goes (there is nothing pending to reject)
      if (!x) throw new WorkerCrashed('the trace worker sent no x');
      return { x, graph, wire };
    },
    stop: () => c.end(new Cancelled()),
    exited: c.exited,
  };
}

/**
 * Traces an x the host already holds (it is copied, the host keeps its own) in a new worker: the
 * wire form, and with `req.full` the whole graph too, with `req.json` its JSON export.
 */
export async function traceTensorInWorker(script: string, x: Tensor, req: Omit<TraceRequest, 'type' | 'x'>, shouldStop: () => boolean): Promise<{ graph?: TraceGraph; wire: TraceGraph; json?: Uint8Array }> {
  const c = connect(script, shouldStop);
  try {
    const { graph, wire, json } = await c.ask({ type: 'trace', ...req, x }, 'traced');
    return json ? { graph, wire, json } : { graph, wire };
  } finally {
    c.end(new Cancelled());
  }
}
