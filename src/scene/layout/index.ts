// The layout's public face for the drawing code: shapes, distances, the levels and the placer.
// The policy that picks a level for a panel is policy.ts (it builds scenes, so it is imported on
// its own, not from here: scene.ts imports this folder).
export * from './types';
export { LEVELS, level, type LevelOptions, type Presentation } from './levels';
export { COMPACT_RANKSEP, layout, NARROW_NODESEP } from './place';

/** The zoom at which the whole layout fits the viewport, less a padding on every side. */
export function fitZoom(l: { width: number; height: number }, width: number, height: number, pad: number): number {
  if (l.width <= 0 || l.height <= 0) return 1;
  return Math.min((width - 2 * pad) / l.width, (height - 2 * pad) / l.height);
}
