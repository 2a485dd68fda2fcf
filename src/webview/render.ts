// One render sequence for every drawing of a trace: header, the drawing itself, the text items over
// it, the saved state, the toolbar and the phase, then a report once painted. Only the drawing
// differs: before cytoscape's chunk has run it is the first frame (an SVG of the same scene at the
// zoom and pan the canvas will take, svg.ts: the host's as it came with the page while it fits,
// else the script's own), after it the canvas (draw.ts), which takes over the
// first frame's scene when the area kept its size, so the hand-over does not move the graph.
import { shapeText } from '../engine/read/errors';
import type { TraceGraph } from '../engine/graph/graph';
import type { RestoreInfo } from '../protocol';
import { describeGraph } from './describe';
import { monoAdvance } from './elements';
import { t } from './strings';
import { afterLoad } from './chunks';
import { firstFrame, onCanvasDrawn, showFirstPhase, type Inspector } from './surface';
import { hostScene } from './elements';
import { refitFrame } from './svg';
import { sceneFrame } from '../scene/firstFrame';
import type { Scene } from '../scene/scene';
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
    // Marks for bench:ui's breakdown of the time from the first frame to the canvas (frames.ts).
    performance.mark('bpt-canvas-asked');
    void import(/* webpackChunkName: "cytoscape" */ './draw').then(
      (m) => {
        performance.mark('bpt-canvas-ran');
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

  /** Whether the page's own trace has been drawn (the host's first frame is for it alone). */
  let pageTraceDrawn = false;

  function render(g: TraceGraph, restore?: RestoreInfo, first?: FirstShown): void {
    const at = first?.at ?? performance.now();
    const receivedAt = first?.receivedAt ?? Date.now();
    view.graph = g;
    const hostFrame = !first && !pageTraceDrawn && hostFrameOf(g);
    pageTraceDrawn = true;
    if (hostFrame) return keepHostFrame(g, restore, at, receivedAt, loadCanvas, hostFrame.scene);
    draw(g, restore, first, at, receivedAt);
  }

  function draw(g: TraceGraph, restore: RestoreInfo | undefined, first: FirstShown | undefined, at: number, receivedAt: number): void {
    const container = $('graph');
    document.body.classList.add('has-trace');
    showTitle(g.shape ? t('titleShape', g.title, shapeText(g.shape)) : g.title);
    // The pass bar and the notes take their room before the graph's area is measured for its layout.
    showGraphInfo(g);
    const th = theme();
    // The focus colour (kept apart from the gradients' red) for the CSS focus rings over the graph.
    document.body.style.setProperty('--bpt-accent', th.accent);
    const surface = view.canvas ? onCanvasDrawn(view.canvas, g, container, first, inspector) : firstFrame(g, container, th, { graph: g, restore, at, receivedAt }, loadCanvas);
    const report = describeGraph($('graph-text'), g, surface.texts, (f) => inspector.focus(f), surface.placement);
    save({ restore: restore ?? saved.restore, ...surface.saved });
    if (view.canvas) inspector.follow(g);
    showSettings(undefined, doutShown(g));
    surface.showPhase();
    if (view.canvas) performance.mark('bpt-canvas-drawn');
    requestAnimationFrame(() => {
      // Read in the frame, not here: a read now would lay the page out once more before it (the canvas and the list over it just came).
      const rect = container.getBoundingClientRect();
      surface.painted({ ...report, receivedAt }, rect, at);
      // The host draws the next panel's first frame with this font, these colours, this area
      // (extension/firstLook.ts): said once the canvas is up, so the first frame posts nothing.
      if (view.canvas) post({ type: 'look', look: { advance: monoAdvance(), theme: th, area: { width: container.clientWidth, height: container.clientHeight } } });
    });
  }

  return { render, withCanvas };
}

/**
 * The host's first frame of the page's trace is on screen: it stays until the canvas takes over,
 * asked for once the page has loaded (this script comes after that). The script draws no frame of
 * its own: its layout (60–180 ms) ran on the main thread that the workbench and every webview share
 * in a remote window, after cytoscape's chunk had arrived (bench:ui's Chromium trace), so the canvas
 * waited for it. The canvas takes the host's layout over (`scene`: the page's plan, pageData.ts) or,
 * without it, lays the graph out once; the text items over the graph come with it. A resize
 * meanwhile draws the script's own frame.
 */
function keepHostFrame(g: TraceGraph, restore: RestoreInfo | undefined, at: number, receivedAt: number, loadCanvas: () => void, scene: Scene | undefined): void {
  const container = $('graph');
  view.first = { graph: g, restore, at, receivedAt, scene, width: container.clientWidth, height: container.clientHeight };
  view.firstShownMs = 0;
  save({ restore: restore ?? saved.restore });
  showSettings(undefined, doutShown(g));
  showFirstPhase(g);
  afterLoad(loadCanvas);
}

/**
 * The host's first frame of the page's trace if it stands (and no canvas yet): drawn for the graph
 * area's size, or for another size in the same size class of its plan (layout/policy.ts), then
 * moved to this area's fit. Its scene, when the page brought the plan. The pass bar and the notes
 * take their room first: the area is measured after them.
 */
function hostFrameOf(g: TraceGraph): { scene?: Scene } | undefined {
  const container = $('graph');
  const svg = container.querySelector<SVGSVGElement>(':scope > svg.first-frame');
  if (view.canvas || !svg) return undefined;
  showGraphInfo(g);
  const [width, height] = [container.clientWidth, container.clientHeight];
  const scene = hostScene(g, container);
  if (svg.getAttribute('width') === String(width) && svg.getAttribute('height') === String(height)) return { scene };
  const framed = scene && sceneFrame(scene, width, height);
  if (!framed) return undefined;
  refitFrame(svg, framed.frame);
  return { scene };
}
