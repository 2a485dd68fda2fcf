// One render sequence for every drawing of a trace: header, the drawing itself, the text items over
// it, the saved state, the toolbar and the phase, then a report once painted. Only the drawing
// differs: before cytoscape's chunk has run it is the first frame (an SVG of the same scene at the
// zoom and pan the canvas will take, svg.ts), after it the canvas (draw.ts), which takes over the
// first frame's scene when the area kept its size, so the hand-over does not move the graph.
import { shapeText } from '../engine/read/errors';
import type { TraceGraph } from '../engine/graph/graph';
import type { RestoreInfo } from '../protocol';
import { describeGraph } from './describe';
import { monoAdvance } from './elements';
import { t } from './strings';
import { firstFrame, onCanvasDrawn, type Inspector } from './surface';
import { theme } from './theme';
import { showGraphInfo, showSettings, showTitle } from './toolbar';
import { $, post, save, saved, view, type FirstShown } from './state';

export type { Inspector };

export interface Renderer {
  /** Draws `g`: the first frame until the canvas is here, the canvas after; `first` is the first frame being taken over or drawn again. */
  render(g: TraceGraph, restore?: RestoreInfo, first?: FirstShown): void;
  /** Now if the canvas is there, else once it is (nothing asked for before then is lost). */
  withCanvas(run: () => void): void;
}

/** The toolbar's dout button names where dout came from; a book example's is given by the graph. */
export const doutShown = (g: TraceGraph | undefined) => (g?.doutSource === 'given' ? undefined : g?.doutSource);

export function createRenderer(inspector: Inspector): Renderer {
  /** Runs cytoscape's chunk (chunks.ts has it fetched already): after the first frame is painted, or when something needs the canvas before. Never twice. */
  function loadCanvas(): void {
    if (view.canvasAsked) return;
    view.canvasAsked = true;
    void import(/* webpackChunkName: "cytoscape" */ './draw').then(
      (m) => {
        view.canvas = m;
        const f = view.first;
        view.first = undefined;
        if (f) render(f.graph, f.restore, f);
        for (const run of view.waiting.splice(0)) run();
      },
      (e: unknown) => post({ type: 'error', message: `the graph's drawing code did not load: ${e instanceof Error ? e.message : String(e)}` }),
    );
  }

  function withCanvas(run: () => void): void {
    if (view.canvas) return run();
    view.waiting.push(run);
    loadCanvas();
  }

  /** The first trace whose own drawing waits for its task (hostFrameFits), if one does. */
  let ownFrameWaiting: TraceGraph | undefined;

  function render(g: TraceGraph, restore?: RestoreInfo, first?: FirstShown): void {
    const at = first?.at ?? performance.now();
    const receivedAt = first?.receivedAt ?? Date.now();
    view.graph = g;
    // The host's first frame is on screen at this size: the script's own (a cold layout, ~60 ms)
    // runs on a task of its own while cytoscape's chunk downloads (chunks.ts), not before the
    // script has said `ready` and let the page go on.
    if (!first && hostFrameFits()) {
      ownFrameWaiting = g;
      return void setTimeout(() => {
        if (ownFrameWaiting === g) draw(g, restore, undefined, at, receivedAt);
      }, 0);
    }
    draw(g, restore, first, at, receivedAt);
  }

  function draw(g: TraceGraph, restore: RestoreInfo | undefined, first: FirstShown | undefined, at: number, receivedAt: number): void {
    ownFrameWaiting = undefined;
    const container = $('graph');
    document.body.classList.add('has-trace');
    showTitle(g.shape ? t('titleShape', g.title, shapeText(g.shape)) : g.title);
    const th = theme();
    // The focus colour (kept apart from the gradients' red) for the CSS focus rings over the graph.
    document.body.style.setProperty('--bpt-accent', th.accent);
    const surface = view.canvas ? onCanvasDrawn(view.canvas, g, container, first, inspector) : firstFrame(g, container, th, { graph: g, restore, at, receivedAt }, loadCanvas);
    const report = describeGraph($('graph-text'), g, surface.texts, (f) => inspector.focus(f), surface.placement);
    save({ restore: restore ?? saved.restore, ...surface.saved });
    if (view.canvas) inspector.follow(g);
    showSettings(undefined, doutShown(g));
    showGraphInfo(g);
    surface.showPhase();
    const rect = container.getBoundingClientRect();
    requestAnimationFrame(() => {
      surface.painted({ ...report, receivedAt }, rect, at);
      // The host draws the next panel's first frame with this font, these colours, this area
      // (extension/firstLook.ts): said once the canvas is up, so the first frame posts nothing.
      if (view.canvas) post({ type: 'look', look: { advance: monoAdvance(), theme: th, area: { width: container.clientWidth, height: container.clientHeight } } });
    });
  }

  return { render, withCanvas };
}

/** Whether the page is still loading with the host's first frame in it, drawn for the graph area's size. */
function hostFrameFits(): boolean {
  if (document.readyState === 'complete' || view.canvas) return false;
  const container = $('graph');
  const svg = container.querySelector(':scope > svg.first-frame');
  return !!svg && svg.getAttribute('width') === String(container.clientWidth) && svg.getAttribute('height') === String(container.clientHeight);
}
