// The one layout policy: try the presentation levels in their declared order (levels.ts) and draw
// the first whose whole graph fits the panel at zoom 1 (12 px text); if none does, the one that
// shows it largest (it pans). The choice is measured, not guessed: each level is laid out. It is
// kept per graph and text measure with its size class, the panel sizes for which the same choice
// stands (the level drawn still fits, no earlier one does yet), so a resize inside the class
// neither re-lays out nor redraws.
import type { TraceGraph } from '../../engine/graph/graph';
import { sceneWithin, type Measure, type Scene } from '../scene';
import { fitZoom } from './index';
import { LEVELS, type LevelOptions } from './levels';
import { layoutOf, sendLayout, type SentPlan } from './sent';
import { forgetRanks } from './stacking';
import { longInts } from '../longInts';

/** Padding kept round the graph in the panel (elements.ts draws with it). */
export const PAD = 12;

interface Plan {
  scene: Scene;
  /** Each tried level's size with its padding, in order; the last is the one drawn unless none fit. */
  needs: { width: number; height: number }[];
  /** Whether the drawn level fits (else the graph pans at its largest). */
  fits: boolean;
}

const plans = new WeakMap<TraceGraph, Map<string, Plan[]>>();
const measureIds = new WeakMap<Measure, number>();
let nextMeasure = 0;
let measures = 0;

/** Forgets every kept plan (the bench times the policy cold). */
export function clearPlanCache(): void {
  nextMeasure++;
  forgetRanks();
}

const fitsIn = (n: { width: number; height: number }, w: number, h: number) => n.width <= w + 0.01 && n.height <= h + 0.01;

/** Does the plan's choice stand at w × h: the drawn level still fits (if it did), no earlier one fits now? */
function holds(plan: Pick<Plan, 'needs' | 'fits'>, w: number, h: number): boolean {
  const earlier = plan.fits ? plan.needs.slice(0, -1) : plan.needs;
  if (earlier.some((n) => fitsIn(n, w, h))) return false;
  return !plan.fits || fitsIn(plan.needs[plan.needs.length - 1], w, h);
}

/**
 * The fit loop over the levels: the first that fits is drawn. A level whose lower bound (its texts
 * alone, place.ts) exceeds the panel is not laid out; if no level fits, the one that shows the
 * graph largest is, laying out skipped ones only while their bound could still beat it.
 */
function plan(graph: TraceGraph, w: number, h: number, m: Measure): Plan {
  const needs: Plan['needs'] = [];
  const limit = { width: w - 2 * PAD, height: h - 2 * PAD };
  const skipped: { name: string; p: LevelOptions; zoom: number }[] = [];
  let best: Scene | undefined;
  let bestZoom = -Infinity;
  const consider = (sc: Scene) => {
    const zoom = fitZoom(sc.layout, w, h, PAD);
    if (zoom > bestZoom) [best, bestZoom] = [sc, zoom];
    return zoom;
  };
  const cut = longInts(graph);
  for (const { name, p } of LEVELS) {
    if (p.ints === 'cut' && !cut) continue; // the same as the level before it
    // Each layout wider across its flow than the panel at zoom 1 is packed into it (pack.ts).
    const lp = { ...p, room: (p.flow === 'LR' ? h : w) - 2 * PAD };
    const sc = sceneWithin(graph, m, lp, name, limit);
    if (!sc) continue; // not a level for this graph (scene.ts): neither drawn nor a size to keep
    if ('bound' in sc) {
      needs.push({ width: sc.bound.width + 2 * PAD, height: sc.bound.height + 2 * PAD });
      skipped.push({ name, p: lp, zoom: fitZoom(sc.bound, w, h, PAD) });
      continue;
    }
    needs.push({ width: sc.layout.width + 2 * PAD, height: sc.layout.height + 2 * PAD });
    if (consider(sc) >= 1) return { scene: sc, needs, fits: true };
  }
  for (const s of skipped.sort((a, b) => b.zoom - a.zoom)) {
    if (s.zoom <= bestZoom) break;
    consider(sceneWithin(graph, m, s.p, s.name) as Scene);
  }
  return { scene: best!, needs, fits: false };
}

/** The scene to draw for `graph` in a w × h graph area, measured with `m` (`key` names the measure when it is made afresh per call). */
export function planFit(graph: TraceGraph, w: number, h: number, m: Measure, key?: string): Scene {
  return adoptedScene(graph, w, h) ?? planFor(graph, w, h, m, key).scene;
}

function planFor(graph: TraceGraph, w: number, h: number, m: Measure, key?: string): Plan {
  if (!measureIds.has(m)) measureIds.set(m, ++measures);
  const k = `${nextMeasure}:${key ?? `m${measureIds.get(m)}`}`;
  const byMeasure = plans.get(graph) ?? plans.set(graph, new Map()).get(graph)!;
  const kept = byMeasure.get(k) ?? [];
  const hit = kept.find((pl) => holds(pl, w, h));
  if (hit) return hit;
  const made = plan(graph, w, h, m);
  byMeasure.set(k, [made, ...kept].slice(0, 4));
  return made;
}

/** The plan for `graph` at w × h as it travels with the page (the host's first frame), measured by a monospace advance. */
export function sentPlan(graph: TraceGraph, w: number, h: number, m: Measure, advance: number): SentPlan {
  const { scene, needs, fits } = planFor(graph, w, h, m, `mono ${advance}`);
  const room = scene.presentation.flow === 'LR' ? h - 2 * PAD : w - 2 * PAD;
  return { level: scene.level, room, needs, fits, advance, layout: sendLayout(scene.layout) };
}

/** Plans the host made for a graph the webview draws: taken wherever their choice stands (the same size class). */
const adopted = new WeakMap<TraceGraph, { sent: SentPlan; m: Measure; scene?: Scene }>();

/**
 * Takes the host's plan for `graph` (measured with `m`, the host's measure): while the panel is
 * in that plan's size class, the scene is the host's layout with its texts, laid out by no one
 * again. A level this code does not know is not taken.
 */
export function adoptPlan(graph: TraceGraph, sent: SentPlan, m: Measure): void {
  if (LEVELS.some((l) => l.name === sent.level)) adopted.set(graph, { sent, m });
}

/** The adopted plan's scene if its choice stands at w × h. */
export function adoptedScene(graph: TraceGraph, w: number, h: number): Scene | undefined {
  const a = adopted.get(graph);
  if (!a || !holds(a.sent, w, h)) return undefined;
  const p = LEVELS.find((l) => l.name === a.sent.level)!.p;
  a.scene ??= sceneWithin(graph, a.m, { ...p, room: a.sent.room }, a.sent.level, undefined, layoutOf(a.sent.layout)) as Scene;
  return a.scene;
}
