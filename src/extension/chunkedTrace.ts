// Runs the layers over a big input in slices. ReLU and Sigmoid work element by element, so the
// trace of x is the trace of its pieces laid end to end: we build the trace of each flat slice
// of x with the engine's own buildTrace, yield between slices, and join the slices' arrays.
// If the pieces' graphs ever differ in anything but their arrays (a future layer that mixes
// elements, a new per-trace statistic), we fall back to one whole buildTrace, so the result is
// always exactly the engine's. The one per-trace statistic we know, each layer's gradient check,
// is computed by the engine on the first GRADCHECK_MAX elements only: our first slice covers them,
// so its checks are the whole array's, and later slices skip theirs.
import { buildTrace, type RunOptions, type Tensor } from '../engine';
import { GRADCHECK_MAX, type TraceView } from '../engine';
import type { TraceGraph } from '../protocol';
import { Slicer } from './slicer';

/** Elements per slice: a few milliseconds of forward and backward work. */
export const CHUNK_ELEMENTS = 64 * 1024;

type Typed = Float64Array | Uint8Array;
const isTyped = (v: unknown): v is Typed => v instanceof Float64Array || v instanceof Uint8Array;

/** The graph's structure and small values, without its arrays or shapes, for comparing pieces. */
function skeleton(graph: TraceGraph): string {
  return JSON.stringify(graph, (key, value: unknown) => (isTyped(value) || key === 'shape' || key === 'gradcheck' ? undefined : value));
}

export async function buildTraceChunked(
  x: Tensor,
  opts: RunOptions,
  title: string,
  view: TraceView = {},
  slicer: Slicer = new Slicer(),
  onProgress?: (fraction: number) => void,
  chunk = CHUNK_ELEMENTS,
): Promise<TraceGraph> {
  const n = x.data.length;
  // Only dout specs that are themselves element-wise can be cut with x.
  const elementwiseDout = opts.dout === undefined || opts.dout === 'ones' || opts.dout === 'same';
  if (n <= chunk || !elementwiseDout) return buildTrace(x, opts, title, view);

  const parts: TraceGraph[] = [];
  for (let a = 0; a < n; ) {
    const b = Math.min(n, a + (a === 0 ? Math.max(chunk, GRADCHECK_MAX) : chunk));
    parts.push(buildTrace({ shape: [b - a], data: x.data.subarray(a, b), dtype: x.dtype }, opts, title, a === 0 ? view : { ...view, skipGradcheck: true }));
    onProgress?.(b / n);
    a = b;
    await slicer.pause();
  }
  if (parts.length === 1) return buildTrace(x, opts, title, view);
  const first = skeleton(parts[0]);
  if (skeleton(parts[1]) !== first || skeleton(parts[parts.length - 1]) !== first) return buildTrace(x, opts, title, view);
  const joined = join(parts, x);
  if (!joined) return buildTrace(x, opts, title, view);
  // Filling the joined arrays (about 8 MB each for 1M elements) is itself sliced.
  for (const fill of joined.fills) {
    fill();
    await slicer.pause();
  }
  return joined.graph;
}

/**
 * Joins the pieces' graphs; undefined when an array is not one value per element of x. The
 * joined arrays are allocated here and filled by the returned `fills`, one array each.
 */
function join(parts: TraceGraph[], x: Tensor): { graph: TraceGraph; fills: (() => void)[] } | undefined {
  const n = x.data.length;
  let clean = true;
  const fills: (() => void)[] = [];
  const walk = (values: unknown[]): unknown => {
    const v0 = values[0];
    if (isTyped(v0)) {
      // Arrays that are views of x itself (the forward value into each layer) stay x.
      let at = 0;
      const viewsOfX = values.every((v) => {
        const ok = v instanceof Float64Array && v.buffer === x.data.buffer && v.byteOffset === x.data.byteOffset + at * 8;
        at += isTyped(v) ? v.length : 0;
        return ok;
      });
      if (viewsOfX) return x.data;
      const pieces = values.filter(isTyped);
      if (pieces.length !== values.length || pieces.reduce((sum, v) => sum + v.length, 0) !== n) {
        clean = false;
        return v0;
      }
      const out = v0 instanceof Float64Array ? new Float64Array(n) : new Uint8Array(n);
      fills.push(() => {
        let offset = 0;
        for (const v of pieces) {
          out.set(v, offset);
          offset += v.length;
        }
      });
      return out;
    }
    if (Array.isArray(v0)) return v0.map((_, i) => walk(values.map((v) => (v as unknown[])[i])));
    if (typeof v0 === 'object' && v0 !== null) {
      const rec = v0 as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(rec)) {
        // Every tensor, and the graph itself, has x's shape rather than the slice's.
        if (key === 'shape' && Array.isArray(rec[key])) out[key] = [...x.shape];
        else if (key === 'gradcheck') out[key] = rec[key]; // the first slice's: see the top of the file
        else out[key] = walk(values.map((v) => (v as Record<string, unknown>)[key]));
      }
      return out;
    }
    return v0;
  };
  const graph = walk(parts) as TraceGraph;
  return clean ? { graph, fills } : undefined;
}
