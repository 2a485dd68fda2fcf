// Runs the first trace's own path once, a few seconds after activation and only if nothing was
// traced yet, so the learner's first trace in a window runs code already compiled: each window has
// its own extension host, where every function runs cold the first time. Cold, the seed's first
// frame took 23 ms of CPU to lay out and after the book's three examples still 8; after a literal
// of the same layers 5 (Node 20, quiet). The literal goes the way a small selection goes
// (read, parsed and traced on the host's thread, its wire form, its first frame, the page's data
// with its guards), with the layers the settings say.
import { BOOK_EXAMPLES, buildExample, type TraceGraph } from '../engine';
import { encodePageData } from '../pageData';
import { firstFrameFor } from './firstLook';
import { host } from './host';
import { inThreadRunner } from './literal/pipeline';
import { Cancelled, Slicer } from './literal/slicer';
import { runOptions } from './literal/source';
import { readSettings } from './panel/settings';
import { initMessage } from './panel/webviewStrings';

/** How long after activation the path is warmed: past the window's own start-up work. */
const WARM_AFTER_MS = 3000;
/** A small literal like the seed's, with both signs (ReLU's mask) and a zero. */
const LITERAL = '[[1.0, -0.5], [2.0, 0]]';

/** The literal through the host's pipeline (as a small selection goes); its wire form. */
async function warmLiteral(stop: () => boolean): Promise<TraceGraph> {
  const runner = inThreadRunner(LITERAL, Number.MAX_SAFE_INTEGER, new Slicer(stop), () => undefined);
  await runner.parse();
  const { wire } = await runner.trace(runOptions(readSettings().layers, 'ones'), 'x', { expanded: new Set() });
  return wire;
}

/** The graph's first frame and the page's data, as a new panel's page is made (html.ts); true if both were made. */
function warmPage(graph: TraceGraph): boolean {
  const frame = firstFrameFor(graph, undefined);
  const page = encodePageData({ init: initMessage(), trace: { type: 'trace', graph }, plan: frame?.plan });
  return frame !== undefined && page !== undefined;
}

const nextTurn = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The literal, then the book's examples, one per turn of the event loop (the host is never held
 * for more than one layout), until `stop` says a trace has begun. How many pages were made.
 */
export async function warmPath(stop: () => boolean): Promise<number> {
  if (stop()) return 0;
  let made = warmPage(await warmLiteral(stop)) ? 1 : 0;
  for (const example of BOOK_EXAMPLES) {
    await nextTurn();
    if (stop()) break;
    if (warmPage(buildExample(example, { skipGradcheck: true }))) made++;
  }
  return made;
}

export function warmFirstTrace(): void {
  // A trace under way stops it (its Slicer throws Cancelled): nothing to say, the trace is the user's.
  // Anything else only means the first trace runs cold: said in the log, not to the user.
  const failed = (e: unknown) => {
    if (!(e instanceof Cancelled)) console.warn(`[backprop-trace] warming the first trace's path failed: ${e instanceof Error ? e.message : String(e)}`);
  };
  setTimeout(() => void warmPath(() => host.generation > 0).catch(failed), WARM_AFTER_MS);
}
