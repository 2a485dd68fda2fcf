// The trace webview: receives a graph from the host, draws it with cytoscape, plays the flow and
// reports back what it drew. It never computes gradients; it only formats and draws what the host
// sent. Its state (what to re-trace, speed) survives reloads through getState/setState.
import type { TraceGraph } from '../engine/graph';
import { isToWebviewMessage, type FromWebviewMessage, type RenderReport, type RestoreInfo, type ToWebviewMessage } from '../protocol';
import { describeGraph, type Focusable } from './describe';
import { showDetails } from './details';
import { drawGraph, fitAll, fitReadable, wantsOtherOrientation, zoomBy, type Drawn } from './draw';
import { geometry } from './geometry';
import { Flow, type Phase } from './flow';
import { applyStrings, setStrings, t } from './strings';
import { toSvg } from './svg';
import { theme } from './theme';
import { bindToolbar, showSettings, showPhase } from './toolbar';

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

/** The toolbar's dout button names where dout came from; a book example's is given by the graph. */
const doutShown = (g: TraceGraph | undefined) => (g?.doutSource === 'given' ? undefined : g?.doutSource);

function post(m: FromWebviewMessage): void {
  vscode.postMessage(m);
}

function save(patch: Partial<State>): void {
  Object.assign(saved, patch);
  vscode.setState(saved);
}

function onPhase(at: number, total: number, phase: Phase, playing: boolean): void {
  showPhase(phase === 'idle' ? t('phaseIdle') : phase === 'done' ? t('phaseDone') : t(phase === 'forward' ? 'phaseForward' : 'phaseBackward', at, total), playing);
  post({ type: 'stepped', step: at, total, phase });
}

function focusInGraph(f: Focusable): void {
  if (!drawn) return;
  const cy = drawn.cy;
  cy.elements('.focused').removeClass('focused');
  const els = 'node' in f ? cy.getElementById(f.node) : cy.getElementById(`${f.edge}__f`).union(cy.getElementById(`${f.edge}__b`));
  els.addClass('focused');
  // Keep the focused element in view without changing the zoom.
  const bb = els.renderedBoundingBox();
  if (bb.x1 < 0 || bb.x2 > cy.width() || bb.y1 < 0 || bb.y2 > cy.height()) cy.center(els);
}

function openDetails(f: Focusable): void {
  if (!graph) return;
  detailsFor = f;
  showDetails($('details'), graph, f, {
    expand: (node, expanded) => post({ type: 'expand', node, expanded }),
    close: closeDetails,
  });
  drawn?.cy.resize();
}

function closeDetails(): void {
  detailsFor = undefined;
  $('details').hidden = true;
  drawn?.cy.resize();
}

function render(g: TraceGraph, restore?: RestoreInfo): void {
  const started = performance.now();
  const receivedAt = Date.now();
  graph = g;
  const container = $('graph');
  document.body.classList.add('has-trace');
  $('title').textContent = g.shape ? `${g.title} — shape (${g.shape.join(', ')}${g.shape.length === 1 ? ',' : ''})` : g.title;
  // A re-layout (resize) keeps the flow where it was; a new trace starts fully travelled.
  const at = g === graphDrawn ? flow?.at : undefined;
  flow?.dispose();
  drawn = drawGraph(container, g, (target) => openDetails(target), drawn?.cy);
  graphDrawn = g;
  flow = new Flow(drawn, g, onPhase, () => reduceMotion.matches);
  flow.speed = speed;
  if (at !== undefined && at !== flow.total) flow.goto(at);
  const report = describeGraph($('graph-text'), g, drawn, focusInGraph);
  save({ restore: restore ?? saved.restore, expanded: g.nodes.flatMap((n) => (n.expanded ? [n.id] : n.parent ? [n.parent] : [])) });
  // Keep the details pane on the same thing if it still exists (e.g. after expanding from it).
  if (detailsFor) {
    const f = detailsFor;
    const exists = 'node' in f ? g.nodes.some((n) => n.id === f.node) : g.edges.some((e) => e.id === f.edge);
    if (exists) openDetails(f);
    else closeDetails();
  }
  showSettings(undefined, doutShown(g));
  onPhase(flow.at, flow.total, flow.phase(), false);
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
      geometry: geometry(drawn.cy, drawn.orientation),
    };
    post({ type: 'rendered', report: full });
  });
}

async function exportImage(format: 'png' | 'svg', inReplyTo: number): Promise<void> {
  if (!drawn) return;
  const bg = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#ffffff';
  if (format === 'svg') return post({ type: 'exported', format, inReplyTo, data: toSvg(drawn.cy, theme(), bg) });
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
      if (m.to !== undefined) flow?.goto(m.to);
      else act(m.action);
      break;
    case 'exportImage':
      void exportImage(m.format, m.requestId);
      break;
    case 'status':
    case 'progress':
    case 'problem':
      $('status').textContent = m.text;
      break;
  }
}

/** Toolbar buttons, keyboard shortcuts and host commands all end here. */
function act(action: string): void {
  if (!drawn || !flow) return;
  const f = flow;
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
    openDetails(kind === 'node' ? { node: id } : { edge: id });
    return true;
  },
  toggleExpandFocused: () => {
    const target = (document.activeElement as HTMLElement | null)?.dataset.target ?? '';
    const node = graph?.nodes.find((n) => `node:${n.id}` === target);
    const layer = node?.parent ?? (node?.layer ? node.id : undefined);
    if (node && layer) post({ type: 'expand', node: layer, expanded: !(node.parent || node.expanded) });
  },
  closeDetails,
});
// A resize re-fits; when the panel's shape now calls for the other orientation, it re-lays out.
let resizeQueued = false;
window.addEventListener('resize', () => {
  if (resizeQueued) return;
  resizeQueued = true;
  requestAnimationFrame(() => {
    resizeQueued = false;
    if (!drawn || !graph) return;
    if (wantsOtherOrientation(drawn, $('graph'))) render(graph);
    else fitReadable(drawn.cy, drawn.orientation);
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
