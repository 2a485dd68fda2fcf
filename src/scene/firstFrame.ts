// The first frame as markup, made where the trace is made (the extension host) so it travels in the
// panel's HTML and paints with the document, before any script has run. The same plan (planFit),
// elements, fit and SVG tree as the webview's own first frame (webview/render.ts), measured the way
// a monospace font measures: characters × the font's advance, the advance the webview reported for
// the editor's font (0.6 em until it has). Glyphs are outlines saying "…" here: their pictures are
// drawn by the panel's script, which then takes the frame over.
import type { TraceGraph } from '../engine/graph/graph';
import { elementsOf } from './elements';
import { planFit } from './layout/policy';
import { LINE_H, type Measure } from './scene';
import { serialize, svgTree, type Theme } from './svg';
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

/** The first frame of `graph` in a graph area of width × height, as the SVG markup the webview would build; undefined when there is nothing to fit. */
export function firstFrameSvg(graph: TraceGraph, width: number, height: number, look: Look): string | undefined {
  const scene = planFit(graph, width, height, monoMeasure(look.advance), `mono ${look.advance}`);
  const { elements } = elementsOf(scene, () => '');
  const bb = boundsOf(elements);
  const view = bb && fitView(bb, width, height, scene.layout.orientation);
  if (!view) return undefined;
  return serialize(svgTree(elements, look.theme, 'transparent', { view, width, height }));
}
