// The host's plan for the page's first trace (scene/layout/sent.ts), as it travels in the page's
// data: checked like any message (the page's text is input like the rest), and tied to the
// scene's types so the two cannot drift apart.
import * as v from 'valibot';
import type { Box, PlacedEdge, PlacedNode, Point, Rect } from '../scene/layout/types';
import type { SentLayout, SentPlan } from '../scene/layout/sent';
import { Finite, str, type Same } from './graph';

/** More than any graph the panel draws has (the engine's and the tracer's caps are far lower). */
const MAX_PLACED = 10_000;
const NonNegFinite = v.pipe(Finite, v.minValue(0));
const PointSchema = v.object({ x: Finite, y: Finite });
const BoxSchema = v.object({ width: NonNegFinite, height: NonNegFinite });
const RectSchema = v.object({ ...PointSchema.entries, ...BoxSchema.entries });
const Points = v.pipe(v.array(PointSchema), v.maxLength(1000));

const PlacedNodeSchema = v.object({
  body: RectSchema,
  card: v.optional(RectSchema),
  extra: v.optional(RectSchema),
  ports: v.pipe(v.array(v.object({ name: str(100), at: PointSchema, label: RectSchema })), v.maxLength(64)),
});

const PlacedEdgeSchema = v.object({
  forward: Points,
  backward: v.optional(Points),
  forwardLabel: v.optional(RectSchema),
  backwardLabel: v.optional(RectSchema),
  port: v.optional(str(100)),
});

const SentLayoutSchema = v.object({
  orientation: v.picklist(['LR', 'TB']),
  stacked: v.boolean(),
  nodes: v.pipe(v.array(v.tuple([str(200), PlacedNodeSchema])), v.maxLength(MAX_PLACED)),
  edges: v.pipe(v.array(v.tuple([str(200), PlacedEdgeSchema])), v.maxLength(MAX_PLACED)),
  x1: Finite,
  y1: Finite,
  width: NonNegFinite,
  height: NonNegFinite,
});

export const SentPlanSchema = v.object({
  level: str(100),
  room: Finite,
  needs: v.pipe(v.array(BoxSchema), v.maxLength(64)),
  fits: v.boolean(),
  advance: v.pipe(Finite, v.minValue(0.1), v.maxValue(2)),
  layout: SentLayoutSchema,
});

// The schema and the scene's types must describe the same thing (compile-time check).
const sameTypes: [
  Same<v.InferOutput<typeof PointSchema>, Point>,
  Same<v.InferOutput<typeof BoxSchema>, Box>,
  Same<v.InferOutput<typeof RectSchema>, Rect>,
  Same<v.InferOutput<typeof PlacedNodeSchema>, PlacedNode>,
  Same<v.InferOutput<typeof PlacedEdgeSchema>, PlacedEdge>,
  Same<v.InferOutput<typeof SentLayoutSchema>, SentLayout>,
  Same<v.InferOutput<typeof SentPlanSchema>, SentPlan>,
] = [true, true, true, true, true, true, true];
void sameTypes;

export const isSentPlan = (x: unknown): x is SentPlan => v.is(SentPlanSchema, x);
