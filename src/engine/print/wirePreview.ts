// Big arrays do not travel to the webview whole: 1,000,000 float64s per edge is ~8 MB, and a
// trace has seven of them, which took seconds to cross code-server's websocket. The webview only
// ever shows a numpy summary (corners), statistics, a heatmap and the first rows of a table, so
// for big arrays the host sends exactly that: the summary text and stats it computes from all
// values, plus a strided sample (still binary) for the heatmap and the table. ReLU's mask goes
// the same way: its print and True count from every element, a sample on the same grid as x's.
//
// What the webview needs of a big array is a glyph (48 px), a heatmap and the first rows of a
// table, so the sample budget is what those show, not the whole array: a 1000x1000 array travels
// as 63x63. The rule (`big`, `sample`) is the tracer's too, from src/constants.json: a run-mode
// record and a literal's trace send the same preview of the same array.
import type { CacheEntry, TensorPreview, TraceGraph, WireTensor } from '../graph/graph';
import { formatArray } from './format';
import { formatMask, maskCount } from './formatMask';
import { statsOf } from '../graph/summary';
import { sizeOf } from '../tensor';
import shared from '../../constants.json';

/** Arrays up to this many elements (100x100) are sent whole. */
export const WIRE_FULL_MAX = shared.preview.big;
/** The sample of a bigger array holds at most about this many elements (64 a side in 2-D). */
export const SAMPLE_MAX = shared.preview.sample;

/** Every axis is stepped through with the same budget (as the tracer's values.py does): 1000x1000 gives strides of 16. */
export function sampleStrides(shape: readonly number[], budget = SAMPLE_MAX): number[] {
  const perAxis = Math.max(1, Math.floor(budget ** (1 / Math.max(1, shape.length))));
  return shape.map((d) => Math.max(1, Math.ceil(d / perAxis)));
}

/** The elements of `data` (row-major, `shape`) on the strided grid: `sampleShape` of them. */
function sampleGrid<T extends Float64Array | Uint8Array>(data: T, out: T, shape: readonly number[], strides: readonly number[], sampleShape: readonly number[]): T {
  // Row-major walk over the sampled grid: an odometer over the leading axes, a strided run
  // along the last one (the hot loop).
  const rank = shape.length;
  const fullStride = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const lastStep = rank ? strides[rank - 1] : 1;
  const lastLen = rank ? sampleShape[rank - 1] : 1;
  const idx = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let k = 0; k < out.length; k += lastLen) {
    let off = 0;
    for (let a = 0; a < rank - 1; a++) off += idx[a] * strides[a] * fullStride[a];
    for (let j = 0; j < lastLen; j++) out[k + j] = data[off + j * lastStep];
    for (let a = rank - 2; a >= 0; a--) {
      if (++idx[a] < sampleShape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

function grid(shape: readonly number[]): { strides: number[]; sampleShape: number[] } {
  const strides = sampleStrides(shape);
  return { strides, sampleShape: shape.map((d, i) => Math.ceil(d / strides[i])) };
}

export function previewTensor(t: WireTensor): WireTensor {
  const { shape, data } = t;
  if (data.length <= WIRE_FULL_MAX) return t;
  const { strides, sampleShape } = grid(shape);
  const sample = sampleGrid(data, new Float64Array(sizeOf(sampleShape)), shape, strides, sampleShape);
  const { min, max, mean } = statsOf(data);
  const preview: TensorPreview = {
    text: formatArray({ shape, data, dtype: t.dtype }),
    min,
    max,
    mean,
    sampleShape,
    strides,
  };
  return { ...t, shape: [...shape], data: sample, preview };
}

type Mask = NonNullable<CacheEntry['mask']>;

/** A big mask as its print and True count (from every element) and a sample on x's grid. */
export function previewMask(m: Mask): Mask {
  const { shape, data } = m;
  if (data.length <= WIRE_FULL_MAX || m.preview) return m;
  const { strides, sampleShape } = grid(shape);
  const sample = sampleGrid(data, new Uint8Array(sizeOf(sampleShape)), shape, strides, sampleShape);
  return { shape: [...shape], data: sample, preview: { text: formatMask(data, shape), count: maskCount(data), sampleShape, strides } };
}

const previewCache = (c: CacheEntry, once: (t: WireTensor) => WireTensor): CacheEntry =>
  c.value ? { ...c, value: once(c.value) } : c.mask ? { ...c, mask: previewMask(c.mask) } : c;

/** Every tensor of the graph: edge values and gradients, node gradients, cached values. */
function* tensorsOf(graph: TraceGraph): Generator<WireTensor> {
  for (const e of graph.edges) {
    if (e.forward) yield e.forward;
    if (e.backward) yield e.backward;
  }
  for (const n of graph.nodes) {
    if (n.grad) yield n.grad;
    for (const c of n.cache ?? []) if (c.value) yield c.value;
  }
}

/** The graph as it goes on the wire: big arrays replaced by previews, each array done once. */
export function previewGraph(graph: TraceGraph, done = new Map<Float64Array, WireTensor>()): TraceGraph {
  const once = (t: WireTensor): WireTensor => {
    let p = done.get(t.data);
    if (!p) done.set(t.data, (p = previewTensor(t)));
    return p;
  };
  const opt = (t: WireTensor | undefined) => t && once(t);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => ({
      ...n,
      ...(n.grad ? { grad: once(n.grad) } : {}),
      ...(n.cache ? { cache: n.cache.map((c) => previewCache(c, once)) } : {}),
    })),
    edges: graph.edges.map((e) => ({ ...e, forward: opt(e.forward), backward: opt(e.backward) })),
  };
}

/**
 * The same, with `pause` awaited after each big array's preview (a few ms each), so a host can
 * give its event loop a turn in between instead of doing a 1M-element trace's previews at once.
 */
export async function previewGraphSliced(graph: TraceGraph, pause: () => Promise<void>): Promise<TraceGraph> {
  const done = new Map<Float64Array, WireTensor>();
  for (const t of tensorsOf(graph)) {
    if (done.has(t.data)) continue;
    done.set(t.data, previewTensor(t));
    if (t.data.length > WIRE_FULL_MAX) await pause();
  }
  return previewGraph(graph, done);
}
