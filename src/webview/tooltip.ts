// The full value on hover: the graph draws short labels (a glyph for a big array); pointing at an
// edge, its labels or a node shows numpy's whole print (summarised by the host for big arrays)
// in a tooltip. Text only (textContent), and never in the way: it ignores the mouse itself.
import type cytoscape from 'cytoscape';

let tip: HTMLElement | undefined;

function element(): HTMLElement {
  if (!tip) {
    tip = document.createElement('div');
    tip.className = 'graph-tip';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    document.body.append(tip);
  }
  return tip;
}

export function hideTooltip(): void {
  if (tip) tip.hidden = true;
}

/** `textOf` gives the full text for what the pointer is on, or undefined for nothing to show. */
export function bindTooltips(cy: cytoscape.Core, textOf: (el: cytoscape.SingularElementReturnValue) => string | undefined): void {
  hideTooltip();
  cy.on('mouseover', 'node, edge', (ev) => {
    const text = textOf(ev.target as cytoscape.SingularElementReturnValue);
    const t = element();
    if (!text) return void (t.hidden = true);
    t.textContent = text;
    t.hidden = false;
    const box = cy.container()?.getBoundingClientRect();
    const p = ev.renderedPosition ?? { x: 0, y: 0 };
    const x = (box?.left ?? 0) + p.x + 14;
    const y = (box?.top ?? 0) + p.y + 14;
    // Kept inside the window: flipped to the pointer's other side when it would overflow.
    const w = t.offsetWidth;
    const h = t.offsetHeight;
    t.style.left = `${Math.max(4, x + w > innerWidth - 4 ? x - w - 28 : x)}px`;
    t.style.top = `${Math.max(4, y + h > innerHeight - 4 ? y - h - 28 : y)}px`;
  });
  cy.on('mouseout', 'node, edge', hideTooltip);
  cy.on('viewport tapstart', hideTooltip);
}
