// The trace webview: receives a graph from the host, draws it with cytoscape, plays the flow and
// reports back what it drew. It never computes gradients; it only formats and draws what the host
// sent. Its state is one object (state.ts); every drawing goes through one sequence (render.ts):
// the first trace is drawn as an SVG of the same layout at the same zoom while cytoscape's chunk
// loads, then the canvas takes over. This file wires messages, the toolbar and window events to them.
import './chunks';
import { decodePageData } from '../pageData';
import { isToWebviewMessage, whyNotToWebview, type ToWebviewMessage } from '../protocol';
import { reveal } from './flow';
import { createInspect } from './inspect';
import { createRenderer, doutShown } from './render';
import { $, post, save, view } from './state';
import { applyStrings, setStrings } from './strings';
import { toSvg } from './svg';
import { theme } from './theme';
import { bindToolbar, showSettings } from './toolbar';
import { bindRunPage, endRunPage, showProblem, showProgress } from './runPage';
import { applyVerdicts } from './verdicts';
import { takeHostPlan } from './elements';

const inspect = createInspect((g) => renderer.render(g));
const renderer = createRenderer(inspect);
const { render, withCanvas } = renderer;

async function exportImage(format: 'png' | 'svg', inReplyTo: number): Promise<void> {
  const { drawn, canvas } = view;
  if (!drawn || !canvas) return;
  const bg = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#ffffff';
  if (format === 'svg') return post({ type: 'exported', format, inReplyTo, data: toSvg(canvas.definitionsOf(drawn.cy), theme(), bg) });
  const blob = drawn.cy.png({ output: 'blob', full: true, scale: 2, bg, maxWidth: 4096, maxHeight: 4096 });
  post({ type: 'exported', format, inReplyTo, data: new Uint8Array(await blob.arrayBuffer()) });
}

/** The problem the status line shows (a refusal, a failed run) until a trace or progress replaces it, or the user acts. */
let problem: Extract<ToWebviewMessage, { type: 'problem' }> | undefined;

function handle(m: ToWebviewMessage): void {
  if (m.type === 'trace' || m.type === 'progress') problem = undefined;
  switch (m.type) {
    case 'init':
      setStrings(m.strings);
      applyStrings(document);
      showSettings(m.settings, doutShown(view.graph));
      break;
    case 'trace':
      endRunPage();
      render(m.graph, m.restore);
      break;
    case 'verdicts': {
      // into the graph shown, once the canvas has it (a first frame is taken over first)
      const patch = m;
      withCanvas(() => applyVerdicts(patch, render));
      break;
    }
    case 'settings':
      showSettings(m.settings, doutShown(view.graph));
      break;
    case 'flow':
      if (m.to !== undefined) {
        const to = m.to;
        withCanvas(() => view.flow?.goto(to));
      } else act(m.action);
      break;
    case 'exportImage': {
      const { format, requestId } = m;
      withCanvas(() => void exportImage(format, requestId));
      break;
    }
    case 'status':
      $('status').textContent = m.text;
      break;
    case 'progress':
      showProgress(m);
      break;
    case 'problem':
      problem = m;
      showProblem(m);
      onResize();
      break;
  }
}

/** Toolbar buttons, keyboard shortcuts and host commands all end here. */
function act(action: string): void {
  problem = undefined;
  const { canvas, drawn, flow: f } = view;
  // Pressed on the first frame: done once the canvas has taken over.
  if (!canvas) {
    if (view.graph) view.waiting.push(() => act(action));
    return;
  }
  if (!drawn || !f) return;
  const { fitAll, fitReadable, zoomBy } = canvas;
  const actions: Record<string, () => void> = {
    play: () => f.play(),
    pause: () => f.pause(),
    toggle: () => (f.playing ? f.pause() : f.play()),
    step: () => (f.pause(), f.step()),
    stepBack: () => f.back(),
    reset: () => (f.pause(), f.goto(0)),
    end: () => (f.pause(), f.goto(f.total)),
    fit: () => fitAll(drawn.cy),
    fitReadable: () => fitReadable(drawn.cy, drawn.orientation),
    zoomIn: () => zoomBy(drawn.cy, 1.25),
    zoomOut: () => zoomBy(drawn.cy, 0.8),
  };
  actions[action]?.();
}

function handleSafely(m: ToWebviewMessage): void {
  try {
    handle(m);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // The page's code, posted again as VS Code showed the panel again (extension/pageFiles.ts): the
  // page's loader line takes it where VS Code made the frame again; running already, there is nothing to do.
  if ((event.data as { type?: unknown } | null)?.type === 'code') return;
  // Only the host's messages, and only well-formed ones, are acted on.
  if (!isToWebviewMessage(event.data)) {
    console.warn(`backprop-trace: dropped a malformed message (${whyNotToWebview(event.data)})`);
    return;
  }
  handleSafely(event.data);
});

bindToolbar({
  act,
  post,
  speed: (s) => {
    view.speed = s;
    if (view.flow) view.flow.speed = s;
    save({ speed: s });
  },
  initialSpeed: view.speed,
  openFocused: () => {
    const target = (document.activeElement as HTMLElement | null)?.dataset.target;
    if (!target) return false;
    const [kind, id] = target.split(':');
    withCanvas(() => inspect.open(kind === 'node' ? { node: id } : { edge: id }));
    return true;
  },
  toggleExpandFocused: () => {
    // The focused item, else what the drawer shows (a node clicked on the canvas, then E).
    const focused = (document.activeElement as HTMLElement | null)?.dataset.target;
    const shown = view.detailsFor;
    const target = focused ?? (shown && 'node' in shown ? `node:${shown.node}` : '');
    const node = view.graph?.nodes.find((n) => `node:${n.id}` === target);
    const layer = node?.parent ?? (node?.expandable ? node.id : undefined);
    if (node && layer) inspect.expand(layer, !(node.parent || node.expanded));
  },
  closeDetails: () => inspect.close(),
});

// A resize re-fits; when the panel's shape now calls for the other orientation, it re-lays out.
// An open drawer moves to the side or the bottom with it, and its element stays in view. A problem
// shown above the graph (a refusal at a breakpoint) takes room from it the same way.
window.addEventListener('resize', onResize);

function onResize(): void {
  if (view.resizeQueued) return;
  view.resizeQueued = true;
  requestAnimationFrame(() => {
    view.resizeQueued = false;
    refit();
    // The problem stays in the status line: a new layout's phase would have written over it.
    if (problem) showProblem(problem);
  });
}

function refit(): void {
  // The first frame is drawn again for the new size (the canvas will take that one over).
  const { first, drawn, graph, canvas, detailsFor } = view;
  if (first) return render(first.graph, first.restore, first);
  if (!drawn || !graph || !canvas) return;
  if (detailsFor) inspect.placeDrawer();
  if (canvas.wantsOtherOrientation(drawn, $('graph'))) return render(graph);
  canvas.fitReadable(drawn.cy, drawn.orientation);
  if (detailsFor) reveal(drawn.cy, inspect.inspected(drawn.cy, detailsFor));
}

// Theme switches change the CSS variables; cytoscape needs the new colours as values.
// VS Code marks the theme kind on <body> (vscode-light, vscode-dark, vscode-high-contrast…).
const themeKind = () => document.body.dataset.vscodeThemeId ?? Array.from(document.body.classList).filter((c) => c.startsWith('vscode-')).join(' ');
view.themeKind = themeKind();
new MutationObserver(() => {
  if (themeKind() === view.themeKind) return;
  view.themeKind = themeKind();
  if (view.graph) render(view.graph);
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
// The first trace, when it travelled with the page (pageData.ts, checked by the protocol's
// guards): drawn now, while the page loads, so it is there when VS Code shows the frame.
const pageData = document.getElementById('page-data')?.textContent;
const page = pageData ? decodePageData(pageData) : undefined;
if (pageData && !page) console.warn('backprop-trace: dropped malformed page data');
bindRunPage();
// The host's layout of that trace comes with it: the first frame and the canvas take it over.
if (page?.trace && page.plan) takeHostPlan(page.trace.graph, page.plan);
if (page) [page.init, page.trace ?? page.progress].forEach(handleSafely);
performance.mark('bpt-page-handled');
post({ type: 'ready' });
