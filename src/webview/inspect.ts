// The drawer and focus: what a tap, a focused text item or Enter shows in the details drawer, the
// selection border that follows it, the re-layout when the drawer changes the graph area's shape,
// and where focus goes after an expand replaced the element. State lives in `view` (state.ts).
import type { TraceGraph } from '../engine/graph/graph';
import type { Focusable } from './describe';
import { showDetails } from './details';
import type { Drawn } from './draw';
import { reveal } from './flow';
import { drawerBeside } from './follow';
import type { Inspector } from './render';
import { $, post, view } from './state';

export interface Inspect extends Inspector {
  close(): void;
  expand(node: string, expanded: boolean): void;
  /** Bottom when the panel is narrow or tall, beside the graph when it is wide. */
  placeDrawer(): void;
  inspected(cy: Drawn['cy'], f: Focusable): ReturnType<Drawn['cy']['elements']>;
}

function inspected(cy: Drawn['cy'], f: Focusable) {
  return 'node' in f ? cy.getElementById(f.node) : cy.elements().filter((el) => el.data('edge') === f.edge);
}

/** The selection border follows the drawer: on what it shows, nowhere once it closes. */
function markInspected(f: Focusable | undefined): void {
  if (!view.drawn) return;
  const cy = view.drawn.cy;
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

function placeDrawer(): void {
  const side = drawerBeside(window.innerWidth, window.innerHeight);
  document.body.classList.toggle('drawer-side', side);
  document.body.classList.toggle('drawer-bottom', !side);
}

/** A text item over the graph took focus: its element gets the focus border and is kept in view. */
function focus(f: Focusable): void {
  if (!view.drawn) return;
  const cy = view.drawn.cy;
  markInspected(view.detailsFor);
  const els = inspected(cy, f);
  els.addClass('focused');
  // Keep the focused element in view: pan, zooming out only if it cannot fit.
  reveal(cy, els);
}

/** Ask the host to expand or collapse a node; focus goes to what the new drawing makes of it. */
function expand(node: string, expanded: boolean): void {
  view.refocus = node;
  post({ type: 'expand', node, expanded });
}

/** `render` draws the graph again (a re-layout for the drawer's new shape of the graph area). */
export function createInspect(render: (g: TraceGraph) => void): Inspect {
  /** Lay out again on the next frame, then put focus back on `focus` (its item is new). */
  function relayout(focus?: Focusable): void {
    if (view.relayoutQueued) return;
    view.relayoutQueued = true;
    requestAnimationFrame(() => {
      view.relayoutQueued = false;
      if (!view.graph) return;
      view.relaying = true;
      try {
        render(view.graph);
      } finally {
        view.relaying = false;
      }
      focusItem(focus);
    });
  }

  function open(f: Focusable): void {
    const { graph, drawn, canvas } = view;
    if (!graph || !drawn || !canvas) return;
    const pane = $('details');
    const shown = showDetails(pane, graph, f, { expand, close });
    if (!shown) return close();
    const same = view.detailsFor && JSON.stringify(view.detailsFor) === JSON.stringify(f);
    view.detailsFor = f;
    placeDrawer();
    markInspected(f);
    // The drawer takes room from the graph: fit again, then make sure the element inspected is
    // in what is left (the drawer is beside the canvas, never over it).
    if (same) return;
    // The drawer may change the graph area's shape enough to want the other orientation: lay
    // out again on the next frame (not now: this may run inside one of cytoscape's tap handlers).
    if (!view.relaying && canvas.wantsOtherOrientation(drawn, $('graph'))) relayout();
    canvas.fitReadable(drawn.cy, drawn.orientation);
    reveal(drawn.cy, inspected(drawn.cy, f));
    (pane.querySelector('.details-head button') as HTMLElement | null)?.focus();
  }

  function close(): void {
    if ($('details').hidden) return;
    const was = view.detailsFor;
    view.detailsFor = undefined;
    $('details').hidden = true;
    document.body.classList.remove('drawer-side', 'drawer-bottom');
    markInspected(undefined);
    const { drawn, canvas } = view;
    if (drawn && canvas?.wantsOtherOrientation(drawn, $('graph'))) relayout(was);
    else if (drawn) canvas?.fitReadable(drawn.cy, drawn.orientation);
    focusItem(was);
  }

  /** A new drawing: the drawer stays on the same thing if it still exists; focus goes to what an expand made. */
  function follow(g: TraceGraph): void {
    if (view.detailsFor) {
      const f = view.detailsFor;
      view.detailsFor = undefined;
      const exists = 'node' in f ? g.nodes.some((n) => n.id === f.node) : g.edges.some((e) => e.id === f.edge);
      if (exists) open(f);
      else if (view.refocus === undefined) close();
    }
    if (view.refocus === undefined) return;
    const id = view.refocus;
    view.refocus = undefined;
    const target = g.nodes.find((n) => n.id === id) ?? g.nodes.find((n) => n.parent === id);
    if (!target) return;
    const f = { node: target.id };
    if (view.detailsFor) open(f);
    focusItem(f);
  }

  return { open, focus, follow, close, expand, placeDrawer, inspected };
}
