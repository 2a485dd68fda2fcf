// The web build's stand-in for client.ts: a browser extension host has no worker_threads, so big
// literals take the sliced in-thread path there (webpack.config.js swaps this module in).
import type { WorkerTrace } from './messages';

export { WORKER_CHARS, WORKER_ELEMENTS } from './errors';

export const workerAvailable = false;

export const workerScript = (_extensionPath: string): string => '';

export function startWorkerTrace(): WorkerTrace {
  throw new Error('no worker threads in a web extension host');
}

export function traceTensorInWorker(): Promise<never> {
  return Promise.reject(new Error('no worker threads in a web extension host'));
}
