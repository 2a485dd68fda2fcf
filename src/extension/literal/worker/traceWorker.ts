// The trace worker (dist/traceWorker.js): parses a big literal and runs the layers on a thread of
// its own, so the extension host's event loop stays free for VS Code. One worker per trace; the
// host terminates it to cancel. Values come back in transferred buffers, not copied.
import { parentPort, workerData } from 'worker_threads';
import { setPhrasebook, type Phrasebook, type Tensor } from '../../../engine';
import { LimitedParser } from '../reader';
import { traceJson } from '../../../engine/print/traceJson';
import { buffersOf, failureOf, traceJob, xOf } from './job';
import type { FromWorker, ToWorker } from './messages';

const port = parentPort;
if (!port) throw new Error('traceWorker.js runs as a worker thread only');
setPhrasebook((workerData as { phrasebook?: Phrasebook } | null)?.phrasebook ?? {});

let parser: LimitedParser | undefined;
let reported = -1;
let x: Tensor | undefined;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: ToWorker) => {
  try {
    handle(m);
  } catch (e) {
    parser = undefined;
    send({ type: 'failed', failure: failureOf(e) });
  }
});

function handle(m: ToWorker): void {
  if (m.type === 'parse') {
    parser = new LimitedParser(m.totalChars, m.maxElements);
  } else if (m.type === 'text') {
    if (!parser) return; // already failed: the host stops sending as soon as it hears
    // Whole percents only: the host shows no finer steps.
    const pct = Math.floor(parser.write(m.piece) * 100);
    if (pct > reported) send({ type: 'progress', fraction: (reported = pct) / 100 });
  } else if (m.type === 'end') {
    if (!parser) throw new Error('end before parse');
    const parsed = xOf(parser.end());
    parser = undefined;
    x = parsed.x;
    send({ type: 'parsed', ...parsed.info });
  } else {
    const input = m.x ?? x;
    if (!input) throw new Error('trace asked before parse');
    const { graph, wire } = traceJob(input, m);
    // Only what the host asked for is moved there (the wire form's previews are copies, not views).
    const result = { x: m.x ? undefined : input, graph: m.full ? graph : undefined, wire, json: m.json ? new TextEncoder().encode(traceJson(graph)) : undefined };
    x = undefined;
    send({ type: 'traced', ...result }, buffersOf(result));
  }
}
