// The trace worker (dist/traceWorker.js): parses a big literal and runs the layers on a thread of
// its own, so the extension host's event loop stays free for VS Code. One worker per trace; the
// host terminates it to cancel. Values come back in transferred buffers, not copied.
import { parentPort } from 'worker_threads';
import type { Tensor } from '../../engine';
import { buffersOf, failureOf, parseJob, traceJob } from './job';
import type { FromWorker, ToWorker } from './messages';

const port = parentPort;
if (!port) throw new Error('traceWorker.js runs as a worker thread only');

let x: Tensor | undefined;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: ToWorker) => void handle(m).catch((e: unknown) => send({ type: 'failed', failure: failureOf(e) })));

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'parse') {
    let reported = -1;
    const parsed = await parseJob(m.text, m.maxElements, (f) => {
      // Whole percents only: the host shows no finer steps.
      const pct = Math.floor(f * 100);
      if (pct > reported) send({ type: 'progress', fraction: (reported = pct) / 100 });
    });
    x = parsed.x;
    send({ type: 'parsed', ...parsed.info });
  } else {
    if (!x) throw new Error('trace asked before parse');
    const { graph, wire } = traceJob(x, m);
    const result = { x, graph, wire };
    x = undefined;
    send({ type: 'traced', ...result }, buffersOf(result));
  }
}
