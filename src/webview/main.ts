// The trace webview: receives a graph from the host, draws it with cytoscape, plays the flow and
// reports back what it drew. It never computes gradients; it only formats and draws what the host
// sent. Its state (what to re-trace, speed) survives reloads through getState/setState.
// This first script holds no cytoscape: the first trace is drawn as an SVG of the same layout at
// the same zoom (firstFrame), while cytoscape's chunk loads; then the canvas takes over.
import './chunks';
import { shapeText } from '../engine/read/errors';
import type { TraceGraph } from '../engine/graph/graph';
import { isToWebviewMessage, type FromWebviewMessage, type RenderReport, type RestoreInfo, type ToWebviewMessage } from '../protocol';
import { describeGraph, onCanvas, onFirstFrame, type Focusable } from './describe';
import { showDetails } from './details';
import type { Drawn } from './draw';
import { elementsOf, planScene } from './elements';
import { geometry } from './geometry';
import { Flow, reveal, type FlowInfo } from './flow';
import { flowOrder, FlowState } from './flowState';
import { drawerBeside } from './follow';
import { applyStrings, setStrings, t } from './strings';
import { svgTree, toElement, toSvg } from './svg';
import { theme } from './theme';
import { bindToolbar, pickersShown, showGraphInfo, showSettings, showPhase, showTitle } from './toolbar';
import { boundsOf, fitView } from './viewport';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface State {
  restore?: RestoreInfo;
  expanded?: string[];
  speed?: number;
}

const vscode = acquireVsCodeApi();
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const saved = (vscode.getState() ?? {}) as State;
const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)');

let graph: TraceGraph | undefined;
/** The graph the current drawing is of (a re-layout draws the same one again). */
let graphDrawn: TraceGraph | undefined;
let drawn: Drawn | undefined;
let flow: Flow | undefined;
let speed = saved.speed ?? 1;
let detailsFor: Focusable | undefined;

type DrawModule = typeof import('./draw');
/** cytoscape and what draws with it: a chunk of its own, asked for at once, here when it is. */
let canvas: DrawModule | undefined;
/** What waits for the canvas (toolbar actions, keys, host commands, exports), in arrival order. */
const waiting: (() => void)[] = [];
/** The trace the first frame shows, until the canvas draws it. */
let firstShown: { graph: TraceGraph; restore?: RestoreInfo; scene: ReturnType<typeof planScene>; width: number; height: number; at: number; receivedAt: number } | undefined;

let canvasAsked = false;
/**
 * Runs cytoscape's chunk (chunks.ts has it fetched already): after the first frame is on screen,
 * or at once when something needs the canvas before that. Never twice.
 */
function loadCanvas(): void {
  if (canvasAsked) return;
  canvasAsked = true;
  void import(/* webpackChunkName: "cytoscape" */ './draw').then(
    (m) => {
      canvas = m;
      const f = firstShown;
      firstShown = undefined;
      if (f) render(f.graph, f.restore, f);
      for (const run of waiting.splice(0)) run();
    },
    (e: unknown) => post({ type: 'error', message: `the graph's drawing code did not load: ${e instanceof Error ? e.message : String(e)}` }),
  );
}

/** Now if the canvas is there, else once it is (nothing asked for before then is lost). */
function withCanvas(run: () => void): void {
  if (canvas) return run();
  waiting.push(run);
  loadCanvas();
}

/** The toolbar's dout button names where dout came from; a book example's is given by the graph. */
const doutShown = (g: TraceGraph | undefined) => (g?.doutSource === 'given' ? undefined : g?.doutSource);

function post(m: FromWebviewMessage): void {
  vscode.postMessage(m);
}

function save(patch: Partial<State>): void {
  Object.assign(saved, patch);
  vscode.setState(saved);
}

function phaseText(f: Pick<FlowInfo, 'phase' | 'pass' | 'playing'>): string {
  const { phase, pass } = f;
  return phase === 'done' ? t('phaseDone') : phase === 'idle' ? (f.playing ? t('phaseForward', 0, pass.of) : t('phaseIdle')) : t(phase === 'forward' ? 'phaseForward' : 'phaseBackward', pass.k, pass.of);
}

function onPhase(f: FlowInfo): void {
  const { phase } = f;
  showPhase(phaseText(f), f.playing);
  // The host hears of a step once its value has arrived (tests wait on it).
  if (f.settled) post({ type: 'stepped', step: f.at, total: f.total, phase });
}

function focusInGraph(f: Focusable): void {
  if (!drawn) return;
  const cy = drawn.cy;
  markInspected(detailsFor);
  const els = inspected(cy, f);
  els.addClass('focused');
  // Keep the focused element in view: pan, zooming out only if it cannot fit.
  reveal(cy, els);
}

function openDetails(f: Focusable): void {
  if (!graph || !drawn) return;
  const pane = $('details');
  const shown = showDetails(pane, graph, f, {
    expand: (node, expanded) => expand(node, expanded),
    close: closeDetails,
  });
  if (!shown) return closeDetails();
  const same = detailsFor && JSON.stringify(detailsFor) === JSON.stringify(f);
  detailsFor = f;
  placeDrawer();
  markInspected(f);
  // The drawer takes room from the graph: fit again, then make sure the element inspected is
  // in what is left (the drawer is beside the canvas, never over it).
  if (!same) {
    // The drawer may change the graph area's shape enough to want the other orientation: lay
    // out again on the next frame (not now: this may run inside one of cytoscape's tap handlers).
    if (!relaying && canvas!.wantsOtherOrientation(drawn, $('graph'))) relayout();
    canvas!.fitReadable(drawn.cy, drawn.orientation);
    reveal(drawn.cy, inspected(drawn.cy, f));
    (pane.querySelector('.details-head button') as HTMLElement | null)?.focus();
  }
}

let relaying = false;
let relayoutQueued = false;

/** Lay out again on the next frame, then put focus back on `focus` (its item is new). */
function relayout(focus?: Focusable): void {
  if (relayoutQueued) return;
  relayoutQueued = true;
  requestAnimationFrame(() => {
    relayoutQueued = false;
    if (!graph) return;
    relaying = true;
    try {
      render(graph);
    } finally {
      relaying = false;
    }
    focusItem(focus);
  });
}

/** Bottom when the panel is narrow or tall, beside the graph when it is wide. */
function placeDrawer(): void {
  const side = drawerBeside(window.innerWidth, window.innerHeight);
  document.body.classList.toggle('drawer-side', side);
  document.body.classList.toggle('drawer-bottom', !side);
}

function inspected(cy: Drawn['cy'], f: Focusable) {
  return 'node' in f ? cy.getElementById(f.node) : cy.elements().filter((el) => el.data('edge') === f.edge);
}

/** The selection border follows the drawer: on what it shows, nowhere once it closes. */
function markInspected(f: Focusable | undefined): void {
  if (!drawn) return;
  const cy = drawn.cy;
  cy.elements('.focused').removeClass('focused');
  cy.elements(':selected').unselect();
  if (f) inspected(cy, f).addClass('focused');
}

/** Focus the text item over an element (Esc and E come back to it). */
function focusItem(f: Focusable | undefined): void {
  if (!f) return;
  const key = 'node' in f ? `node:${f.node}` : `edge:${f.edge}`;
  const item = Array.from(document.querySelectorAll<HTMLElement>('[data-target]')).find((e) => e.dataset.target === key);
  item?.focus();
}

function closeDetails(): void {
  if ($('details').hidden) return;
  const was = detailsFor;
  detailsFor = undefined;
  $('details').hidden = true;
  document.body.classList.remove('drawer-side', 'drawer-bottom');
  markInspected(undefined);
  if (drawn && canvas?.wantsOtherOrientation(drawn, $('graph'))) relayout(was);
  else if (drawn) canvas?.fitReadable(drawn.cy, drawn.orientation);
  focusItem(was);
}

/** After an expand the element may be gone (Sigmoid becomes its primitives): focus what replaced it. */
let refocus: string | undefined;

function expand(node: string, expanded: boolean): void {
  refocus = node;
  post({ type: 'expand', node, expanded });
}

function afterRender(g: TraceGraph): void {
  if (refocus === undefined) return;
  const id = refocus;
  refocus = undefined;
  const target = g.nodes.find((n) => n.id === id) ?? g.nodes.find((n) => n.parent === id);
  if (!target) return;
  const f = { node: target.id };
  if (detailsFor) openDetails(f);
  focusItem(f);
}

/**
 * Before cytoscape is here: the scene as an SVG in the graph area, at the zoom and pan the canvas's
 * fit will take, with the text items over it, the toolbar and the phase as they will be.
 */
function firstFrame(g: TraceGraph, restore: RestoreInfo | undefined, receivedAt: number, started: number): void {
  graph = g;
  const container = $('graph');
  const [width, height] = [container.clientWidth || 600, container.clientHeight || 400];
  const scene = planScene(g, container);
  const { elements } = elementsOf(scene);
  const bb = boundsOf(elements);
  const view = bb && fitView(bb, width, height, scene.layout.orientation);
  document.body.classList.add('has-trace');
  showTitle(g.shape ? t('titleShape', g.title, shapeText(g.shape)) : g.title);
  const th = theme();
  document.body.style.setProperty('--bpt-accent', th.accent);
  // The export's SVG tree, as DOM nodes (svg.ts): the same drawing, no markup parsed.
  const svg = view && toElement(document, svgTree(elements, th, 'transparent', { view, width, height }));
  svg?.classList.add('first-frame');
  container.replaceChildren(...(svg ? [svg] : []));
  describeGraph($('graph-text'), g, scene, focusInGraph, view && onFirstFrame(container, elements, view));
  firstShown = { graph: g, restore, scene, width, height, at: started, receivedAt };
  save({ restore: restore ?? saved.restore });
  showSettings(undefined, doutShown(g));
  showGraphInfo(g);
  // A new trace starts fully travelled: the phase the flow will report.
  const s = new FlowState(flowOrder(g.nodes, g.edges));
  showPhase(phaseText({ phase: s.phase(), pass: s.passStep(), playing: false }), false);
  requestAnimationFrame(() => {
    firstShownMs = performance.now() - started;
    // The frame is painted: now the chunk may take the thread.
    setTimeout(loadCanvas, 0);
  });
}

/** Received → the first frame's animation frame (the bench's first-frame mark), for the report. */
let firstShownMs: number | undefined;

function render(g: TraceGraph, restore?: RestoreInfo, first?: NonNullable<typeof firstShown>): void {
  const started = first?.at ?? performance.now();
  const receivedAt = first?.receivedAt ?? Date.now();
  if (!canvas) return firstFrame(g, restore, receivedAt, started);
  graph = g;
  const container = $('graph');
  document.body.classList.add('has-trace');
  showTitle(g.shape ? t('titleShape', g.title, shapeText(g.shape)) : g.title);
  // The first frame's layout, if the area kept its size: the canvas shows exactly what it showed.
  const planned = first && first.width === container.clientWidth && first.height === container.clientHeight ? first.scene : undefined;
  container.querySelector(':scope > svg.first-frame')?.remove();
  // A re-layout (resize) keeps the flow where it was; a new trace starts fully travelled.
  const at = g === graphDrawn ? flow?.at : undefined;
  flow?.dispose();
  drawn = canvas.drawGraph(container, g, (target) => openDetails(target), drawn?.cy, planned);
  // The canvas's focus colour (kept apart from the gradients' red) for the CSS focus rings over it.
  document.body.style.setProperty('--bpt-accent', theme().accent);
  graphDrawn = g;
  flow = new Flow(drawn.cy, g, onPhase, () => reduceMotion.matches);
  flow.speed = speed;
  if (at !== undefined && at !== flow.total) flow.goto(at);
  const report = describeGraph($('graph-text'), g, drawn, focusInGraph, onCanvas(drawn.cy));
  save({ restore: restore ?? saved.restore, expanded: g.nodes.flatMap((n) => (n.expanded ? [n.id] : n.parent ? [n.parent] : [])) });
  // Keep the details pane on the same thing if it still exists (e.g. after expanding from it).
  if (detailsFor) {
    const f = detailsFor;
    detailsFor = undefined;
    const exists = 'node' in f ? g.nodes.some((n) => n.id === f.node) : g.edges.some((e) => e.id === f.edge);
    if (exists) openDetails(f);
    else if (refocus === undefined) closeDetails();
  }
  afterRender(g);
  showSettings(undefined, doutShown(g));
  showGraphInfo(g);
  flow.render();
  onPhase({ at: flow.at, total: flow.total, phase: flow.phase(), playing: false, pass: flow.state.passStep(), settled: true });
  const rect = container.getBoundingClientRect();
  // Reported after the canvas is drawn: the next frame is when the user sees it.
  requestAnimationFrame(() => {
    if (!drawn) return;
    const full: RenderReport = {
      ...report,
      width: rect.width,
      height: rect.height,
      drawMs: performance.now() - started,
      receivedAt,
      ...(first && firstShownMs !== undefined ? { firstFrameMs: firstShownMs } : {}),
      pickers: pickersShown(),
      geometry: geometry(drawn.cy, drawn.orientation),
    };
    post({ type: 'rendered', report: full });
  });
}

async function exportImage(format: 'png' | 'svg', inReplyTo: number): Promise<void> {
  if (!drawn || !canvas) return;
  const bg = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#ffffff';
  if (format === 'svg') return post({ type: 'exported', format, inReplyTo, data: toSvg(canvas.definitionsOf(drawn.cy), theme(), bg) });
  const blob = drawn.cy.png({ output: 'blob', full: true, scale: 2, bg, maxWidth: 4096, maxHeight: 4096 });
  post({ type: 'exported', format, inReplyTo, data: new Uint8Array(await blob.arrayBuffer()) });
}

function handle(m: ToWebviewMessage): void {
  switch (m.type) {
    case 'init':
      setStrings(m.strings);
      applyStrings(document);
      showSettings(m.settings, doutShown(graph));
      break;
    case 'trace':
      render(m.graph, m.restore);
      break;
    case 'settings':
      showSettings(m.settings, doutShown(graph));
      break;
    case 'flow':
      if (m.to !== undefined) {
        const to = m.to;
        withCanvas(() => flow?.goto(to));
      } else act(m.action);
      break;
    case 'exportImage': {
      const { format, requestId } = m;
      withCanvas(() => void exportImage(format, requestId));
      break;
    }
    case 'status':
    case 'progress':
    case 'problem':
      $('status').textContent = m.text;
      break;
  }
}

/** Toolbar buttons, keyboard shortcuts and host commands all end here. */
function act(action: string): void {
  // Pressed on the first frame: done once the canvas has taken over.
  if (!canvas) {
    if (graph) waiting.push(() => act(action));
    return;
  }
  if (!drawn || !flow) return;
  const f = flow;
  const { fitAll, fitReadable, zoomBy } = canvas;
  const actions: Record<string, () => void> = {
    play: () => f.play(),
    pause: () => f.pause(),
    toggle: () => (f.playing ? f.pause() : f.play()),
    step: () => (f.pause(), f.step()),
    stepBack: () => f.back(),
    reset: () => (f.pause(), f.goto(0)),
    end: () => (f.pause(), f.goto(f.total)),
    fit: () => fitAll(drawn!.cy),
    fitReadable: () => fitReadable(drawn!.cy, drawn!.orientation),
    zoomIn: () => zoomBy(drawn!.cy, 1.25),
    zoomOut: () => zoomBy(drawn!.cy, 0.8),
  };
  actions[action]?.();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the host's messages, and only well-formed ones, are acted on.
  if (!isToWebviewMessage(event.data)) {
    console.warn('backprop-trace: dropped a malformed message');
    return;
  }
  try {
    handle(event.data);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});

bindToolbar({
  act,
  post,
  speed: (s) => {
    speed = s;
    if (flow) flow.speed = s;
    save({ speed: s });
  },
  initialSpeed: speed,
  openFocused: () => {
    const target = (document.activeElement as HTMLElement | null)?.dataset.target;
    if (!target) return false;
    const [kind, id] = target.split(':');
    withCanvas(() => openDetails(kind === 'node' ? { node: id } : { edge: id }));
    return true;
  },
  toggleExpandFocused: () => {
    // The focused item, else what the drawer shows (a node clicked on the canvas, then E).
    const focused = (document.activeElement as HTMLElement | null)?.dataset.target;
    const target = focused ?? (detailsFor && 'node' in detailsFor ? `node:${detailsFor.node}` : '');
    const node = graph && graph.nodes.find((n) => `node:${n.id}` === target);
    const layer = node?.parent ?? (node?.expandable ? node.id : undefined);
    if (node && layer) expand(layer, !(node.parent || node.expanded));
  },
  closeDetails,
});
// A resize re-fits; when the panel's shape now calls for the other orientation, it re-lays out.
// An open drawer moves to the side or the bottom with it, and its element stays in view.
let resizeQueued = false;
window.addEventListener('resize', () => {
  if (resizeQueued) return;
  resizeQueued = true;
  requestAnimationFrame(() => {
    resizeQueued = false;
    // The first frame is drawn again for the new size (the canvas will take that one over).
    if (firstShown) return firstFrame(firstShown.graph, firstShown.restore, firstShown.receivedAt, firstShown.at);
    if (!drawn || !graph || !canvas) return;
    if (detailsFor) placeDrawer();
    if (canvas.wantsOtherOrientation(drawn, $('graph'))) return render(graph);
    canvas.fitReadable(drawn.cy, drawn.orientation);
    if (detailsFor) reveal(drawn.cy, inspected(drawn.cy, detailsFor));
  });
});
// Theme switches change the CSS variables; cytoscape needs the new colours as values.
// VS Code marks the theme kind on <body> (vscode-light, vscode-dark, vscode-high-contrast…).
const themeKind = () => document.body.dataset.vscodeThemeId ?? Array.from(document.body.classList).filter((c) => c.startsWith('vscode-')).join(' ');
let lastTheme = themeKind();
new MutationObserver(() => {
  if (themeKind() === lastTheme) return;
  lastTheme = themeKind();
  if (graph) render(graph);
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
post({ type: 'ready' });
