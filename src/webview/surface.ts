// The two drawings of a trace behind render.ts's one sequence: the first frame (an SVG of the
// scene at the zoom and pan the canvas will take, before cytoscape's chunk has run) and the canvas,
// which takes over the first frame's scene when the area kept its size so the hand-over does not
// move the graph. Each gives the sequence its texts, placement, saved state, phase and report.
import type { TraceGraph } from '../engine/graph/graph';
import type { RenderReport } from '../protocol';
import { afterLoad, codeCame } from './chunks';
import { onCanvas, onFirstFrame, type Focusable, type Placement } from './describe';
import type { Drawn } from './draw';
import { elementsOf, planScene } from './elements';
import { Flow, type FlowInfo } from './flow';
import { doneKey, flowOrder, FlowState } from './flowState';
import { geometry } from './geometry';
import { notesShown } from './notes';
import { t } from './strings';
import { svgTree, toElement } from './svg';
import type { Theme } from './theme';
import { pickersShown, showPhase } from './toolbar';
import { boundsOf, fitView } from './viewport';
import { post, view, type DrawModule, type FirstShown, type Saved } from './state';

/** What the canvas calls back into when a node or an edge is tapped (inspect.ts). */
export interface Inspector {
  /** A node or an edge tapped on the canvas. */
  open(f: Focusable): void;
  /** A text item over the graph took focus. */
  focus(f: Focusable): void;
  /** A new canvas drawing is up: the drawer and focus follow it. */
  follow(g: TraceGraph): void;
}

/** The part of the sequence that differs between the first frame and the canvas. */
export interface Surface {
  texts: Pick<Drawn, 'labels' | 'states'>;
  placement?: Placement;
  saved: Partial<Saved>;
  showPhase(): void;
  /** On the frame after the drawing (when the user sees it); `at` is when the trace arrived (performance.now()). */
  painted(report: Omit<RenderReport, 'width' | 'height'>, rect: DOMRect, at: number): void;
}

const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)');

export function phaseText(f: Pick<FlowInfo, 'phase' | 'pass' | 'playing'>, g: Pick<TraceGraph, 'pass'>): string {
  const { phase, pass } = f;
  return phase === 'done' ? t(doneKey(g.pass)) : phase === 'idle' ? (f.playing ? t('phaseForward', 0, pass.of) : t('phaseIdle')) : t(phase === 'forward' ? 'phaseForward' : 'phaseBackward', pass.k, pass.of);
}

function onPhase(f: FlowInfo, g: TraceGraph): void {
  showPhase(phaseText(f, g), f.playing);
  // The host hears of a step once its value has arrived (tests wait on it).
  // With where everything is, so the tests can see the view hold still through Play.
  if (f.settled) post({ type: 'stepped', step: f.at, total: f.total, phase: f.phase, ...(view.drawn ? { geometry: geometry(view.drawn.cy, view.drawn.orientation) } : {}) });
}

/** Before the canvas: a new trace starts fully travelled, the phase the flow will report. */
export function showFirstPhase(g: TraceGraph): void {
  const s = new FlowState(flowOrder(g.nodes, g.edges));
  showPhase(phaseText({ phase: s.phase(), pass: s.passStep(), playing: false }, g), false);
}

/** Before cytoscape is here: the scene as an SVG, at the zoom and pan the canvas's fit will take. */
export function firstFrame(g: TraceGraph, container: HTMLElement, th: Theme, first: Omit<FirstShown, 'scene' | 'width' | 'height'>, loadCanvas: () => void): Surface {
  const [width, height] = [container.clientWidth || 600, container.clientHeight || 400];
  const scene = planScene(g, container);
  const { elements } = elementsOf(scene);
  const bb = boundsOf(elements);
  const fit = bb && fitView(bb, width, height, scene.layout.orientation);
  // The export's SVG tree, as DOM nodes (svg.ts): the same drawing, no markup parsed.
  const svg = fit && toElement(document, svgTree(elements, th, 'transparent', { view: fit, width, height }));
  container.replaceChildren(...(svg ? [svg] : []));
  view.first = { ...first, scene, width, height };
  return {
    texts: scene,
    placement: fit && onFirstFrame(container, elements, fit),
    saved: {},
    showPhase: () => showFirstPhase(g),
    painted: () => {
      view.firstShownMs = performance.now() - first.at;
      // The frame is painted (and shown: the page has loaded): now the chunk may take the thread.
      afterLoad(loadCanvas);
    },
  };
}

/** The canvas: the first frame's scene if it is being taken over at the same size, else a new one. */
export function onCanvasDrawn(canvas: DrawModule, g: TraceGraph, container: HTMLElement, first: FirstShown | undefined, inspector: Pick<Inspector, 'open'>): Surface {
  const planned = first?.scene && first.width === container.clientWidth && first.height === container.clientHeight ? first.scene : undefined;
  container.querySelector(':scope > svg.first-frame')?.remove();
  // A re-layout (resize) keeps the flow where it was; a new trace starts fully travelled.
  const at = g === view.graphDrawn ? view.flow?.at : undefined;
  view.flow?.dispose();
  const drawn = canvas.drawGraph(container, g, (target) => inspector.open(target), view.drawn?.cy, planned);
  view.drawn = drawn;
  view.graphDrawn = g;
  const flow = new Flow(drawn.cy, g, (f) => onPhase(f, g), () => reduceMotion.matches);
  view.flow = flow;
  flow.speed = view.speed;
  if (at !== undefined && at !== flow.total) flow.goto(at);
  return {
    texts: drawn,
    placement: onCanvas(drawn.cy),
    saved: { expanded: g.nodes.flatMap((n) => (n.expanded ? [n.id] : n.parent ? [n.parent] : [])) },
    showPhase: () => {
      flow.render();
      onPhase({ at: flow.at, total: flow.total, phase: flow.phase(), playing: false, pass: flow.state.passStep(), settled: true }, g);
    },
    painted: (report, rect, at) => {
      if (!view.drawn) return;
      const ms = first && view.firstShownMs !== undefined ? { firstFrameMs: view.firstShownMs } : {};
      const full: RenderReport = { ...report, width: rect.width, height: rect.height, drawMs: performance.now() - at, ...ms, code: codeCame, pickers: pickersShown(), notes: notesShown(), geometry: geometry(view.drawn.cy, view.drawn.orientation) };
      post({ type: 'rendered', report: full });
    },
  };
}
