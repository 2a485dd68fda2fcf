// The first frame as markup, made where the trace is made (the extension host) so it travels in the
// panel's HTML and paints with the document, before any script has run. The same plan (planFit),
// elements, fit and SVG tree as the webview's own first frame (webview/render.ts), measured the way
// a monospace font measures: characters × the font's advance, the advance the webview reported for
// the editor's font (0.6 em until it has). Glyphs are outlines saying "…" here: their pictures are
// drawn by the panel's script, which then takes the frame over.
import type { TraceGraph } from '../engine/graph/graph';
import { elementsOf, type ElementDef } from './elements';
import { planFit, sentPlan } from './layout/policy';
import type { SentPlan } from './layout/sent';
import { LINE_H, type Measure, type Scene } from './scene';
import { serialize, svgTree, type Frame, type Theme } from './svg';
import { boundsOf, fitView } from './viewport';

/** What the host knows of the panel's look: the editor font's advance (em per character) and the theme's colours. */
export interface Look {
  advance: number;
  theme: Theme;
}

/** Before the webview has reported its look: the theme's CSS variables (VS Code sets them in the panel) and 0.6 em. */
export const DEFAULT_LOOK: Look = {
  advance: 0.6,
  theme: {
    fg: 'var(--vscode-editor-foreground, #333333)',
    red: 'var(--vscode-charts-red, #e51400)',
    nodeBg: 'var(--vscode-editorWidget-background, #f3f3f3)',
    accent: 'var(--vscode-focusBorder, #0078d4)',
    mono: 'monospace',
  },
};

/** A monospace font's measure: the widest line's characters × the advance, as the canvas's measure rounds it (webview/elements.ts). */
export function monoMeasure(advance: number): Measure {
  return (text, px) => {
    if (!text) return { width: 0, height: 0 };
    const lines = text.split('\n');
    const chars = Math.max(...lines.map((l) => [...l].length));
    return { width: Math.ceil(chars * advance * px) + 6, height: lines.length * LINE_H + 4 };
  };
}

/** The host's first frame: its SVG markup, and its plan, which the webview takes over instead of laying the graph out again. */
export interface HostFrame {
  svg: string;
  plan: SentPlan;
}

/** The first frame of `graph` in a graph area of width × height, as the SVG the webview would build, and its plan; undefined when there is nothing to fit. */
export function hostFrame(graph: TraceGraph, width: number, height: number, look: Look): HostFrame | undefined {
  const m = monoMeasure(look.advance);
  const framed = sceneFrame(planFit(graph, width, height, m, `mono ${look.advance}`), width, height);
  if (!framed) return undefined;
  return { svg: serialize(svgTree(framed.elements, look.theme, 'transparent', framed.frame)), plan: sentPlan(graph, width, height, m, look.advance) };
}

/** A scene's elements (glyphs as outlines) and the frame the canvas's fit shows them in, in a width × height area; undefined when there is nothing to fit. */
export function sceneFrame(scene: Scene, width: number, height: number): { elements: ElementDef[]; frame: Frame } | undefined {
  const { elements } = elementsOf(scene, () => '');
  const bb = boundsOf(elements);
  const view = bb && fitView(bb, width, height, scene.layout.orientation);
  return view && { elements, frame: { view, width, height } };
}
