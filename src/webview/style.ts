// cytoscape's stylesheet for the trace, from the VS Code theme's colours (see theme.ts). Flow
// classes: `pending` (not travelled yet: dim arrow, hidden label), `active` (travelling now).
// svg.ts draws the same shapes, borders and arrowheads from these constants.
import type cytoscape from 'cytoscape';
import { PORT_BAND } from '../scene/layout';
import { FONT_PX, GLYPH, LINE_H, MARK, NAME_PX } from '../scene/scene';
import type { Theme } from './theme';
import { BORDER, EDGE_W } from '../scene/viewport';

export { BORDER, EDGE_W } from '../scene/viewport';

export function graphStyle(t: Theme): cytoscape.StylesheetJson {
  return [...nodeStyle(t), ...labelStyle(t), ...edgeStyle(t)];
}

/** Nodes by kind: inputs, parameters, outputs, layers, cards, expandable ones, port room. */
function nodeStyle(t: Theme): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-valign': 'center',
        'text-halign': 'center',
        // Lines break only at the text's own newlines (a very wide max width).
        'text-wrap': 'wrap',
        'text-max-width': '100000px',
        'font-size': NAME_PX,
        'font-family': t.mono,
        color: t.fg,
        'background-color': t.nodeBg,
        'border-width': BORDER,
        'border-color': t.fg,
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
      },
    },
    // A node's own text at the size the scene measured it (scene.ts: 12 px values, a bare name at
    // 14 px or, with the fewest words, 12 px), as svg.ts draws it from the same data.
    { selector: 'node[px]', style: { 'font-size': 'data(px)' } },
    { selector: 'node.stateful', style: { 'font-size': FONT_PX, 'line-height': LINE_H / FONT_PX, 'text-justification': 'left', 'text-wrap': 'wrap', 'text-max-width': '100000px' } },
    { selector: 'node.input, node.param', style: { 'border-color': t.accent } },
    { selector: 'node.param', style: { shape: 'rectangle' } },
    { selector: 'node.output', style: { shape: 'ellipse', 'border-color': t.accent } },
    { selector: 'node.loss', style: { shape: 'octagon', 'border-color': t.accent } },
    { selector: 'node.primitive', style: { shape: 'ellipse', 'border-color': t.fg } },
    // A layer's card holding its parameters (scene/cards.ts): a thin frame under the layer's title.
    { selector: 'node.card', style: { shape: 'round-rectangle', 'border-width': 1, 'border-color': t.fg, 'background-opacity': 0.5, label: '' } },
    { selector: 'node.expandable', style: { 'border-style': 'double', 'border-width': 2 * BORDER + 1 } },
    // Port names sit inside the node's inflow side: move the node's own text out of their way.
    { selector: 'node.ported-LR', style: { 'text-margin-x': 7 } },
    { selector: 'node.ported-TB', style: { 'text-margin-y': 8 } },
    // The tight layout (scene.ts) has the port names' band on the inflow side only: half of it.
    { selector: 'node.ported-top', style: { 'text-margin-y': PORT_BAND / 2 } },
  ];
}

/** The texts on the graph (values, gradients, port names, glyphs) and the flow's pulse. */
function labelStyle(t: Theme): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node.label',
      style: {
        shape: 'rectangle',
        'background-opacity': 0,
        'border-width': 0,
        'font-size': FONT_PX,
        'line-height': LINE_H / FONT_PX,
        'text-wrap': 'wrap',
        'text-max-width': '100000px',
        'text-justification': 'left',
        'transition-property': 'text-opacity, background-image-opacity',
        'transition-duration': 200,
      },
    },
    { selector: 'node.label.port', style: { events: 'no', opacity: 0.85 } },
    {
      selector: 'node.label.glyph',
      style: {
        'background-image': 'data(img)',
        'background-width': GLYPH,
        'background-height': GLYPH,
        'background-position-x': 0,
        'background-position-y': '50%',
        'background-clip': 'none',
        'background-image-smoothing': 'no',
        'text-margin-x': 'data(shift)',
        'text-margin-y': 'data(drop)',
      } as unknown as cytoscape.Css.Node,
    },
    { selector: 'node.label.glyph-top', style: { 'background-position-x': '50%', 'background-position-y': 0 } },
    { selector: 'node.label.glyph-line', style: { 'background-width': MARK, 'background-height': MARK } },
    { selector: 'node.label.backward', style: { color: t.red } },
    { selector: 'node.label.pending', style: { 'text-opacity': 0, 'background-image-opacity': 0 } },
    {
      selector: 'node.pulse',
      style: { shape: 'ellipse', width: 14, height: 14, 'border-width': 0, 'background-color': t.fg, label: '', events: 'no', 'z-index': 99 },
    },
    { selector: 'node.pulse.backward', style: { 'background-color': t.red } },
  ];
}

/** Edges (forward, backward, bent), the flow's classes, the check's verdicts, focus. */
function edgeStyle(t: Theme): cytoscape.StylesheetJson {
  return [
    {
      selector: 'edge',
      style: {
        'curve-style': 'straight',
        'source-endpoint': 'data(se)',
        'target-endpoint': 'data(te)',
        'edge-distances': 'endpoints',
        'target-arrow-shape': 'triangle',
        width: EDGE_W,
        'overlay-padding': 6,
      } as unknown as cytoscape.Css.Edge,
    },
    { selector: 'edge.bent', style: { 'curve-style': 'segments', 'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)' } as unknown as cytoscape.Css.Edge },
    { selector: 'edge.forward', style: { 'line-color': t.fg, 'target-arrow-color': t.fg } },
    { selector: 'edge.backward', style: { 'line-color': t.red, 'target-arrow-color': t.red } },
    { selector: 'edge.pending', style: { opacity: 0.2 } },
    { selector: 'edge.active', style: { width: 4 } },
    // The gradient check's verdict (checkRule.ts): FAILED in red with a thick dashed border, on top
    // of the ✗ and the word drawn in the node (colour is never the only sign); ok stays quiet.
    { selector: 'node.verdict-failed', style: { 'border-color': t.red, 'border-width': 4, 'border-style': 'dashed', color: t.red } },
    { selector: 'node.verdict-unchecked', style: { 'border-style': 'dotted' } },
    { selector: 'node.verdict-checking', style: { 'border-style': 'dashed' } },
    { selector: 'edge.gradfail', style: { width: 4, 'line-style': 'dashed' } },
    { selector: 'node.label.gradfail', style: { 'font-weight': 'bold' } },
    { selector: 'node:selected, node.focused', style: { 'border-width': 4, 'border-color': t.accent, 'border-style': 'solid' } },
    { selector: 'edge:selected, edge.focused', style: { width: 4, 'underlay-color': t.accent, 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
  ];
}
