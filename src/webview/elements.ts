// The webview's side of the element definitions (scene/elements.ts): its text measure (the canvas,
// in the editor's font), the scene for its graph area, and glyphs as data: PNGs from its canvas.
import type { TraceGraph } from '../engine/graph/graph';
import { elementsOf as sceneElements, type ElementDef, type Segments } from '../scene/elements';
import { adoptedScene, adoptPlan, PAD, planFit } from '../scene/layout/policy';
import type { SentPlan } from '../scene/layout/sent';
import { monoMeasure } from '../scene/firstFrame';
import { buildScene, LINE_H, type Measure, type Scene } from '../scene/scene';
import { glyphUrl } from './glyph';
import { theme } from './theme';

export type { ElementDef, Segment, Segments } from '../scene/elements';
export { PAD };
export { MAX_FIT_ZOOM, READABLE_ZOOM } from '../scene/viewport';

/** The scene's elements, glyphs drawn on the webview's canvas. */
export const elementsOf = (scene: Scene): { elements: ElementDef[]; segments: Segments } => sceneElements(scene, glyphUrl);

let measureCtx: CanvasRenderingContext2D | null | undefined;

function measurer(mono: string): Measure {
  return (text, px) => {
    if (!text) return { width: 0, height: 0 };
    measureCtx ??= document.createElement('canvas').getContext('2d');
    const lines = text.split('\n');
    let width = 0;
    for (const l of lines) {
      let w = [...l].length * px * 0.6;
      if (measureCtx) {
        measureCtx.font = `${px}px ${mono}`;
        w = measureCtx.measureText(l).width;
      }
      width = Math.max(width, w);
    }
    return { width: Math.ceil(width) + 6, height: lines.length * LINE_H + 4 };
  };
}

/**
 * The scene for this graph in a graph area of w × h: the layout policy's choice (layout/policy.ts),
 * measured with the panel's canvas font unless a measure is given (Node: the bench and the tests).
 * Kept per graph and size class: the same scene object comes back while the choice stands.
 */
export function planSceneIn(graph: TraceGraph, w: number, h: number, m?: Measure): Scene {
  if (m) return planFit(graph, w, h, m);
  const mono = theme().mono;
  return planFit(graph, w, h, measurer(mono), `canvas ${mono}`);
}

/** The host's plan of the page's first trace (pageData.ts): its layout is this graph's scene wherever that plan's choice stands. */
export function takeHostPlan(graph: TraceGraph, plan: SentPlan): void {
  adoptPlan(graph, plan, monoMeasure(plan.advance));
}

/** The host's scene of `graph` if its plan stands in this graph area, else undefined. */
export function hostScene(graph: TraceGraph, container: HTMLElement): Scene | undefined {
  return adoptedScene(graph, container.clientWidth, container.clientHeight);
}

export function planScene(graph: TraceGraph, container: HTMLElement): Scene {
  return planSceneIn(graph, container.clientWidth || 600, container.clientHeight || 400);
}

/** `graph` at the level `scene` is drawn at, not the policy's choice (verdicts.ts takes a verdict's texts and boxes from it, the positions stay). */
export function sceneAtLevelOf(graph: TraceGraph, scene: Scene, container: HTMLElement): Scene {
  const [w, h] = [container.clientWidth || 600, container.clientHeight || 400];
  const p = scene.presentation;
  return buildScene(graph, measurer(theme().mono), { ...p, room: (p.flow === 'LR' ? h : w) - 2 * PAD }, scene.level);
}


/** The editor font's advance in em (the width of one character at 1 px): the host measures the first frame with it (scene/measure.ts). */
let advance: { mono: string; em: number } | undefined;
export function monoAdvance(): number {
  const mono = theme().mono;
  if (advance?.mono === mono) return advance.em;
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return 0.6;
  measureCtx.font = `100px ${mono}`;
  advance = { mono, em: measureCtx.measureText('0'.repeat(100)).width / 10000 };
  return advance.em;
}
