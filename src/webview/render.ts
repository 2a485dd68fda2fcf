// One render sequence for every drawing of a trace: header, the drawing itself, the text items over
// it, the saved state, the toolbar and the phase, then a report once painted. Only the drawing
// differs: before cytoscape's chunk has run it is the first frame (an SVG of the same scene at the
// zoom and pan the canvas will take, svg.ts), after it the canvas (draw.ts), which takes over the
// first frame's scene when the area kept its size, so the hand-over does not move the graph.
import { shapeText } from '../engine/read/errors';
import type { TraceGraph } from '../engine/graph/graph';
import type { RenderReport, RestoreInfo } from '../protocol';
import { afterLoad } from './chunks';
import { describeGraph, onCanvas, onFirstFrame, type Focusable, type Placement } from './describe';
import type { Drawn } from './draw';
import { elementsOf, monoAdvance, planScene } from './elements';
import { Flow, type FlowInfo } from './flow';
import { flowOrder, FlowState } from './flowState';
import { geometry } from './geometry';
import { t } from './strings';
import { svgTree, toElement } from './svg';
import { theme, type Theme } from './theme';
import { pickersShown, showGraphInfo, showPhase, showSettings, showTitle } from './toolbar';
import { boundsOf, fitView } from './viewport';
import { $, post, save, saved, view, type DrawModule, type FirstShown, type Saved } from './state';

/** What the drawing calls back into: the drawer and focus (inspect.ts). */
export interface Inspector {
  /** A node or an edge tapped on the canvas. */
  open(f: Focusable): void;
  /** A text item over the graph took focus. */
  focus(f: Focusable): void;
  /** A new canvas drawing is up: the drawer and focus follow it. */
  follow(g: TraceGraph): void;
}

export interface Renderer {
  /** Draws `g`: the first frame until the canvas is here, the canvas after; `first` is the first frame being taken over or drawn again. */
  render(g: TraceGraph, restore?: RestoreInfo, first?: FirstShown): void;
  /** Now if the canvas is there, else once it is (nothing asked for before then is lost). */
  withCanvas(run: () => void): void;
}

/** The part of the sequence that differs between the first frame and the canvas. */
interface Surface {
  texts: Pick<Drawn, 'labels' | 'states'>;
  placement?: Placement;
  saved: Partial<Saved>;
  showPhase(): void;
  /** On the frame after the drawing (when the user sees it); `at` is when the trace arrived (performance.now()). */
  painted(report: Omit<RenderReport, 'width' | 'height'>, rect: DOMRect, at: number): void;
}

const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)');

/** The toolbar's dout button names where dout came from; a book example's is given by the graph. */
export const doutShown = (g: TraceGraph | undefined) => (g?.doutSource === 'given' ? undefined : g?.doutSource);

function phaseText(f: Pick<FlowInfo, 'phase' | 'pass' | 'playing'>): string {
  const { phase, pass } = f;
  return phase === 'done' ? t('phaseDone') : phase === 'idle' ? (f.playing ? t('phaseForward', 0, pass.of) : t('phaseIdle')) : t(phase === 'forward' ? 'phaseForward' : 'phaseBackward', pass.k, pass.of);
}

function onPhase(f: FlowInfo): void {
  showPhase(phaseText(f), f.playing);
  // The host hears of a step once its value has arrived (tests wait on it).
  if (f.settled) post({ type: 'stepped', step: f.at, total: f.total, phase: f.phase });
}

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

  /** Before cytoscape is here: the scene as an SVG, at the zoom and pan the canvas's fit will take. */
  function firstFrame(g: TraceGraph, container: HTMLElement, th: Theme, first: Omit<FirstShown, 'scene' | 'width' | 'height'>): Surface {
    const [width, height] = [container.clientWidth || 600, container.clientHeight || 400];
    const scene = planScene(g, container);
    const { elements } = elementsOf(scene);
    const bb = boundsOf(elements);
    const fit = bb && fitView(bb, width, height, scene.layout.orientation);
    // The export's SVG tree, as DOM nodes (svg.ts): the same drawing, no markup parsed.
    const svg = fit && toElement(document, svgTree(elements, th, 'transparent', { view: fit, width, height }));
    container.replaceChildren(...(svg ? [svg] : []));
    view.first = { ...first, scene, width, height };
    // A new trace starts fully travelled: the phase the flow will report.
    const s = new FlowState(flowOrder(g.nodes, g.edges));
    return {
      texts: scene,
      placement: fit && onFirstFrame(container, elements, fit),
      saved: {},
      showPhase: () => showPhase(phaseText({ phase: s.phase(), pass: s.passStep(), playing: false }), false),
      painted: () => {
        view.firstShownMs = performance.now() - first.at;
        // The frame is painted (and shown: the page has loaded): now the chunk may take the thread.
        afterLoad(loadCanvas);
      },
    };
  }

  /** The canvas: the first frame's scene if it is being taken over at the same size, else a new one. */
  function onCanvasDrawn(canvas: DrawModule, g: TraceGraph, container: HTMLElement, first: FirstShown | undefined): Surface {
    const planned = first && first.width === container.clientWidth && first.height === container.clientHeight ? first.scene : undefined;
    container.querySelector(':scope > svg.first-frame')?.remove();
    // A re-layout (resize) keeps the flow where it was; a new trace starts fully travelled.
    const at = g === view.graphDrawn ? view.flow?.at : undefined;
    view.flow?.dispose();
    const drawn = canvas.drawGraph(container, g, (target) => inspector.open(target), view.drawn?.cy, planned);
    view.drawn = drawn;
    view.graphDrawn = g;
    const flow = new Flow(drawn.cy, g, onPhase, () => reduceMotion.matches);
    view.flow = flow;
    flow.speed = view.speed;
    if (at !== undefined && at !== flow.total) flow.goto(at);
    return {
      texts: drawn,
      placement: onCanvas(drawn.cy),
      saved: { expanded: g.nodes.flatMap((n) => (n.expanded ? [n.id] : n.parent ? [n.parent] : [])) },
      showPhase: () => {
        flow.render();
        onPhase({ at: flow.at, total: flow.total, phase: flow.phase(), playing: false, pass: flow.state.passStep(), settled: true });
      },
      painted: (report, rect, at) => {
        if (!view.drawn) return;
        const ms = first && view.firstShownMs !== undefined ? { firstFrameMs: view.firstShownMs } : {};
        const full: RenderReport = { ...report, width: rect.width, height: rect.height, drawMs: performance.now() - at, ...ms, pickers: pickersShown(), geometry: geometry(view.drawn.cy, view.drawn.orientation) };
        post({ type: 'rendered', report: full });
      },
    };
  }

  function render(g: TraceGraph, restore?: RestoreInfo, first?: FirstShown): void {
    const at = first?.at ?? performance.now();
    const receivedAt = first?.receivedAt ?? Date.now();
    view.graph = g;
    const container = $('graph');
    document.body.classList.add('has-trace');
    showTitle(g.shape ? t('titleShape', g.title, shapeText(g.shape)) : g.title);
    const th = theme();
    // The focus colour (kept apart from the gradients' red) for the CSS focus rings over the graph.
    document.body.style.setProperty('--bpt-accent', th.accent);
    const surface = view.canvas ? onCanvasDrawn(view.canvas, g, container, first) : firstFrame(g, container, th, { graph: g, restore, at, receivedAt });
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
