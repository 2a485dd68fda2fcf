// The trace worker's work, as plain functions of the engine (no worker, no vscode), so a unit
// test can hold its results against the host's in-thread path value for value.
import { DoutError, ParseError, tracedX, type ParsedArray, type Tensor, type TraceGraph } from '../../../engine';
import { buildTrace } from '../../../engine/graph/trace';
import { previewGraph } from '../../../engine/print/wirePreview';
import { parseChunked, TooManyElements } from '../reader';
import { Slicer } from '../slicer';
import type { ParsedInfo, TraceRequest, WorkerFailure } from './messages';

/** A worker has its thread to itself: the parser never needs to yield. */
const noYield = new Slicer(() => false, Infinity);

/**
 * The one parse of a traced literal, in the host's slices or the worker's one go: the streaming
 * parser, then the dtype named in the text. Throws ParseError, TooManyElements or Cancelled.
 */
export async function parseJob(text: string, maxElements: number, onProgress?: (fraction: number) => void, slicer = noYield): Promise<{ x: Tensor; info: ParsedInfo }> {
  return xOf(await parseChunked(text, { slicer, maxElements, onProgress }));
}

/** x as traced: a dtype named in the text (dtype=np.float32, torch.float32) is computed in, as numpy would. */
export function xOf(parsed: ParsedArray): { x: Tensor; info: ParsedInfo } {
  const x = tracedX(parsed);
  return { x, info: { start: parsed.start, shape: [...x.shape] } };
}

/** The engine's own whole trace and its wire form (big arrays as previews). */
export function traceJob(x: Tensor, req: Omit<TraceRequest, 'type' | 'x'>): { graph: TraceGraph; wire: TraceGraph } {
  const graph = buildTrace(x, req.opts, req.title, req.view);
  return { graph, wire: previewGraph(graph) };
}

/** An error as data for the host; anything that is not the user's input is a crash (message only, never a stack). */
export function failureOf(e: unknown): WorkerFailure {
  if (e instanceof ParseError) return { kind: 'parse', code: e.code, args: e.args, line: e.line, column: e.column, offset: e.offset };
  if (e instanceof TooManyElements) return { kind: 'tooMany', limit: e.limit, found: e.found };
  if (e instanceof DoutError) return { kind: 'dout', message: e.message, expected: [...e.expected], actual: e.actual && [...e.actual] };
  return { kind: 'crash', message: e instanceof Error ? e.message : String(e) };
}

/** Every distinct ArrayBuffer under `value`, to move (not copy) to the host. */
export function buffersOf(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
  };
  walk(value);
  return [...found];
}
