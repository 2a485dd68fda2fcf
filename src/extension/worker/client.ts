// The host's side of the trace worker (desktop only: the web build swaps in client.web.ts, which
// has no worker_threads). A trace is two round trips, parse then trace, because the title (and so
// which nodes stay expanded) needs the literal's position first. The worker is terminated when
// the trace is cancelled, when it finishes, and on any failure; a crash becomes a message, never
// a hang.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Cancelled } from '../slicer';
import { errorOf, WorkerCrashed } from './errors';
import type { FromWorker, ToWorker, WorkerTrace } from './messages';

export { WORKER_CHARS } from './errors';

/** How often a running trace asks whether it should stop (cancel, a newer trace). */
const STOP_POLL_MS = 20;

export const workerAvailable = true;

/** dist/traceWorker.js beside dist/extension.js; tests pass the compiled one. */
export const workerScript = (extensionPath: string): string => path.join(extensionPath, 'dist', 'traceWorker.js');

/**
 * Starts a worker on `text`. `shouldStop` is polled while it runs: true terminates the worker
 * and the pending step rejects with Cancelled.
 */
export function startWorkerTrace(script: string, text: string, maxElements: number, shouldStop: () => boolean, onProgress?: (fraction: number) => void): WorkerTrace {
  const worker = new Worker(script);
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
  const ask = <T extends FromWorker['type']>(m: ToWorker, want: T): Promise<Extract<FromWorker, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (ended) return reject(ended);
      pending = { resolve: resolve as (m: FromWorker) => void, reject, want };
      worker.postMessage(m);
    });
  const parsed = ask({ type: 'parse', text, maxElements }, 'parsed').then(({ start, shape }) => ({ start, shape }));
  parsed.catch(() => undefined); // seen by the caller; never an unhandled rejection here
  return {
    parsed,
    async trace(req) {
      const { x, graph, wire } = await ask({ type: 'trace', ...req }, 'traced');
      end(new Cancelled()); // done: the thread goes (there is nothing pending to reject)
      return { x, graph, wire };
    },
    stop: () => end(new Cancelled()),
    exited,
  };
}
