// cytoscape's stylesheet for the trace, from the VS Code theme's colours (see theme.ts). Flow
// classes: `pending` (not travelled yet: dim arrow, hidden label), `active` (travelling now).
import type cytoscape from 'cytoscape';
import type { Theme } from './theme';

export const FONT_PX = 12;

export function graphStyle(t: Theme): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-valign': 'center',
        'text-halign': 'center',
        'text-wrap': 'wrap',
        'text-max-width': '100000px',
        'font-size': 15,
        'font-family': t.mono,
        color: t.fg,
        'background-color': t.nodeBg,
        'border-width': 2,
        'border-color': t.fg,
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
      },
    },
    { selector: 'node.stateful', style: { 'font-size': FONT_PX, 'text-justification': 'left' } },
    { selector: 'node.input', style: { 'border-color': t.accent } },
    { selector: 'node.output', style: { shape: 'ellipse', 'border-color': t.accent } },
    { selector: 'node.primitive', style: { shape: 'ellipse', 'border-style': 'solid', 'border-color': t.fg } },
    { selector: 'node.dout', style: { shape: 'ellipse', 'border-color': t.red, color: t.red, 'border-style': 'dashed' } },
    { selector: 'node.expandable', style: { 'border-style': 'double', 'border-width': 4 } },
    {
      selector: 'node.label',
      style: {
        shape: 'rectangle',
        'background-opacity': 0,
        'border-width': 0,
        'font-size': FONT_PX,
        'text-justification': 'left',
        events: 'no',
        'transition-property': 'text-opacity',
        'transition-duration': 200,
      },
    },
    { selector: 'node.label.backward', style: { color: t.red } },
    { selector: 'node.label.pending', style: { 'text-opacity': 0 } },
    {
      selector: 'node.pulse',
      style: { shape: 'ellipse', width: 14, height: 14, 'border-width': 0, 'background-color': t.fg, label: '', events: 'no', 'z-index': 99 },
    },
    { selector: 'node.pulse.backward', style: { 'background-color': t.red } },
    {
      selector: 'edge',
      style: { 'curve-style': 'straight', 'target-arrow-shape': 'triangle', width: 2, 'overlay-padding': 6 },
    },
    { selector: 'edge.forward', style: { 'line-color': t.fg, 'target-arrow-color': t.fg } },
    { selector: 'edge.backward', style: { 'line-color': t.red, 'target-arrow-color': t.red } },
    { selector: 'edge.pending', style: { opacity: 0.2 } },
    { selector: 'edge.active', style: { width: 4 } },
    { selector: 'node:selected, node.focused', style: { 'border-width': 4, 'border-color': t.accent, 'border-style': 'solid' } },
    { selector: 'edge:selected, edge.focused', style: { width: 4, 'underlay-color': t.accent, 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
  ];
}
