// The trace graph as it crosses to the webview, as valibot schemas checked against the engine's own
// types at compile time (graph.ts is the one definition; these only check what arrives): values,
// previews, caches, gradient checks, nodes, edges. The messages that carry a graph are index.ts.
import * as v from 'valibot';
import type { CacheEntry, GradCheckResult, GraphEdge, GraphNode, MaskPreview, TensorPreview, TraceGraph, WireTensor } from '../engine/graph/graph';
import { MAX_ITEMS, SCALAR_TYPES } from '../engine/graph/graph';
import { MAX_RANK as MAX_DIMS } from '../engine/tensor';

// ---- building blocks ------------------------------------------------------------------------

export { MAX_ITEMS };
export const str = (max = 10_000) => v.pipe(v.string(), v.maxLength(max));
/** Ids end up in DOM attributes and CSS selectors: a closed alphabet. */
export const Id = v.pipe(v.string(), v.maxLength(100), v.regex(/^[A-Za-z0-9_-]+$/));
export const Int = v.pipe(v.number(), v.integer());
export const NonNeg = v.pipe(v.number(), v.integer(), v.minValue(0));
// As many as a graph has nodes: a layer of 70 Params draws 70 parameter nodes (a longer list was a graph the webview dropped).
const Names = v.pipe(v.array(str(40)), v.maxLength(MAX_ITEMS));

export const Finite = v.pipe(v.number(), v.finite());
export const Shape = v.pipe(v.array(NonNeg), v.maxLength(MAX_DIMS));
/** instanceof checks typed as the engine's arrays (any buffer, as structured clone gives). */
const F64 = v.custom<Float64Array>((x) => x instanceof Float64Array, 'a Float64Array');
export const U8 = v.custom<Uint8Array>((x) => x instanceof Uint8Array, 'a Uint8Array');
const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

const Preview = v.object({
  text: str(1_000_000),
  min: v.number(),
  max: v.number(),
  mean: v.number(),
  sampleShape: Shape,
  strides: v.pipe(v.array(v.pipe(Int, v.minValue(1))), v.maxLength(MAX_DIMS)),
});

export const WireTensorSchema = v.pipe(
  v.object({ shape: Shape, data: F64, dtype: v.optional(str(20)), preview: v.optional(Preview), scalar: v.optional(v.picklist(SCALAR_TYPES)), text: v.optional(str(400)), exact: v.optional(v.record(v.string(), str(30))) }),
  v.check((t) => {
    if ((t.scalar || t.text !== undefined) && t.shape.length > 0) return false;
    if (!t.preview) return size(t.shape) === t.data.length;
    const p = t.preview;
    return p.sampleShape.length === t.shape.length && p.strides.length === t.shape.length && size(p.sampleShape) === t.data.length;
  }, 'values do not match the shape'),
);

/** A big mask's preview: the whole mask's print and True count, and a strided sample. */
const MaskPreviewSchema = v.object({
  text: str(1_000_000),
  count: NonNeg,
  sampleShape: Shape,
  strides: v.pipe(v.array(v.pipe(Int, v.minValue(1))), v.maxLength(MAX_DIMS)),
});

const NotNaN = v.pipe(v.number(), v.check((n) => !Number.isNaN(n)));
/** Any number, NaN and infinities included (a worst element's values, as the check saw them). */
const AnyNumber = v.custom<number>((x) => typeof x === 'number', 'a number');
const GradCheck = v.object({
  maxAbsDiff: v.nullable(NotNaN),
  index: Int,
  checked: NonNeg,
  ok: v.boolean(),
  kinks: v.optional(NonNeg),
  tol: v.optional(v.number()),
  worst: v.optional(v.pipe(v.array(v.object({ index: NonNeg, analytic: AnyNumber, numerical: AnyNumber })), v.maxLength(64))),
});
const VerdictSchema = v.object({ status: v.picklist(['ok', 'failed', 'unchecked', 'checking']), text: str(2000), ports: v.optional(Names) });

const Cache = v.pipe(
  v.object({
    name: str(40),
    mask: v.optional(
      v.pipe(
        v.object({ shape: Shape, data: U8, preview: v.optional(MaskPreviewSchema) }),
        v.check((m) => {
          if (!m.preview) return size(m.shape) === m.data.length;
          const p = m.preview;
          return p.sampleShape.length === m.shape.length && p.strides.length === m.shape.length && size(p.sampleShape) === m.data.length && p.count <= size(m.shape);
        }, 'mask does not match its shape'),
      ),
    ),
    value: v.optional(WireTensorSchema),
    edge: v.optional(Id),
  }),
  v.check((c) => [c.mask, c.value, c.edge].filter((x) => x !== undefined).length === 1, 'one of mask, value, edge'),
);

export const NodeSchema = v.object({
  id: Id,
  kind: v.picklist(['input', 'param', 'layer', 'primitive', 'output', 'loss']),
  label: str(100),
  layer: v.optional(str(100)),
  section: v.optional(str(20)),
  inputs: v.optional(Names),
  params: v.optional(Names),
  cache: v.optional(v.pipe(v.array(Cache), v.maxLength(32))),
  notes: v.optional(v.pipe(v.array(str(500)), v.maxLength(32))),
  verdict: v.optional(VerdictSchema),
  badge: v.optional(str(4)),
  marks: v.optional(v.pipe(v.array(str(200)), v.maxLength(8))),
  expandable: v.optional(v.boolean()),
  expanded: v.optional(v.boolean()),
  parent: v.optional(Id),
  line: v.optional(NonNeg),
  grad: v.optional(WireTensorSchema),
  gradName: v.optional(str(100)),
});

export const EdgeSchema = v.object({
  id: Id,
  source: Id,
  target: Id,
  targetPort: v.optional(str(40)),
  forward: v.optional(WireTensorSchema),
  backward: v.optional(WireTensorSchema),
  forwardName: v.optional(str(100)),
  backwardName: v.optional(str(100)),
  gradcheck: v.optional(GradCheck),
  zeros: v.optional(v.pipe(v.array(str(500)), v.maxLength(8))),
  note: v.optional(str(500)),
});

export const TraceGraphSchema = v.pipe(
  v.object({
    title: str(1000),
    source: v.picklist(['literal', 'run', 'example']),
    shape: v.optional(Shape),
    mode: v.optional(v.picklist(['chain', 'parallel'])),
    nodes: v.pipe(v.array(NodeSchema), v.maxLength(MAX_ITEMS)),
    edges: v.pipe(v.array(EdgeSchema), v.maxLength(MAX_ITEMS)),
    doutSource: v.picklist(['ones', 'same', 'selection', 'given']),
    pass: v.optional(v.object({ index: NonNeg, count: NonNeg, capped: v.optional(v.boolean()), backwards: v.optional(NonNeg) })),
    notes: v.optional(v.pipe(v.array(str(500)), v.maxLength(32))),
  }),
  // Every edge must join two known nodes, or the drawing would silently lose it.
  v.check((g) => {
    const ids = new Set(g.nodes.map((n) => n.id));
    return ids.size === g.nodes.length && g.edges.every((e) => ids.has(e.source) && ids.has(e.target));
  }, 'edges must join known nodes'),
);

// The schema and the engine's types must describe the same thing (compile-time check).
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<v.InferOutput<typeof WireTensorSchema>, WireTensor>,
  Same<v.InferOutput<typeof Preview>, TensorPreview>,
  Same<v.InferOutput<typeof MaskPreviewSchema>, MaskPreview>,
  Same<v.InferOutput<typeof Cache>, CacheEntry>,
  Same<v.InferOutput<typeof GradCheck>, GradCheckResult>,
  Same<v.InferOutput<typeof NodeSchema>, GraphNode>,
  Same<v.InferOutput<typeof EdgeSchema>, GraphEdge>,
  Same<v.InferOutput<typeof TraceGraphSchema>, TraceGraph>,
] = [true, true, true, true, true, true, true, true];
void sameTypes;
