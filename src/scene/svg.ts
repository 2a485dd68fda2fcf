// The graph as SVG, built from plain element definitions (elements.ts: what cytoscape is handed,
// or what it holds now, flow classes included) and the layout's arrow points. The shapes, borders
// (double for expandable layers), arrowheads, port names and glyphs match the canvas, so SVG and
// PNG look the same. One tree, two outputs: markup (text escaped) for the export and for the first
// frame the host puts into the page's HTML, and DOM nodes for the webview's own first frame
// (webview/svg.ts: text as textContent, no HTML is ever parsed in the panel). Pure: no DOM.
import type { ElementDef } from './elements';
import { PORT_BAND, type Point } from './layout';
import { GLYPH, LINE_H, MARK } from './scene';
import { BORDER, boundsOf, EDGE_W, type View } from './viewport';

/** The colours and font the drawing uses (the webview reads them from the VS Code theme: webview/theme.ts). */
export interface Theme {
  fg: string;
  red: string;
  nodeBg: string;
  accent: string;
  mono: string;
}

/** An SVG element: its attributes in order, and either children or text. */
export interface SvgNode {
  tag: string;
  attrs: [string, string][];
  children?: SvgNode[];
  text?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (v: number) => v.toFixed(1);
/** cytoscape's triangle arrowhead for a 2 px line: about 8.7 px long and wide. */
const ARROW = 8.7;

const h = (tag: string, attrs: Record<string, string | number | undefined>, children?: SvgNode[], text?: string): SvgNode => ({
  tag,
  attrs: Object.entries(attrs).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])),
  ...(children ? { children } : {}),
  ...(text !== undefined ? { text } : {}),
});

function text(label: string, x: number, y: number, size: number, fill: string, font: string, anchor: 'start' | 'middle', opacity = 1): SvgNode {
  const lines = label.split('\n');
  const top = y - ((lines.length - 1) * LINE_H) / 2;
  const spans = lines.map((l, i) => h('tspan', { x: f1(x), y: f1(top + i * LINE_H) }, undefined, l));
  const attrs = { 'font-family': font, 'font-size': size, fill, 'text-anchor': anchor, 'dominant-baseline': 'middle', 'xml:space': 'preserve', opacity: opacity < 1 ? opacity : undefined };
  return h('text', attrs, spans);
}

/** A definition with its classes as a set (`hasClass` as cytoscape's elements have it). */
interface El {
  def: ElementDef;
  hasClass(c: string): boolean;
  p: Point;
  data(k: string): unknown;
}

function el(def: ElementDef): El {
  const classes = new Set(def.classes.split(' '));
  return { def, hasClass: (c) => classes.has(c), p: def.position ?? { x: 0, y: 0 }, data: (k) => def.data[k] };
}

function shapeOf(n: El, w: number, ht: number, fill: string, stroke: string, width: number): SvgNode {
  const p = n.p;
  const [x, y] = [p.x - w / 2, p.y - ht / 2];
  const paint = { fill, stroke, 'stroke-width': width };
  if (n.hasClass('output') || n.hasClass('primitive')) return h('ellipse', { cx: f1(p.x), cy: f1(p.y), rx: f1(w / 2), ry: f1(ht / 2), ...paint });
  if (n.hasClass('loss')) {
    const c = Math.min(w, ht) * 0.29;
    const pts = [[x + c, y], [x + w - c, y], [x + w, y + c], [x + w, y + ht - c], [x + w - c, y + ht], [x + c, y + ht], [x, y + ht - c], [x, y + c]];
    return h('polygon', { points: pts.map(([a, b]) => `${f1(a)},${f1(b)}`).join(' '), ...paint });
  }
  const rx = n.hasClass('param') ? 0 : Math.min(8, ht / 4);
  return h('rect', { x: f1(x), y: f1(y), width: f1(w), height: f1(ht), rx, ...paint });
}

function node(n: El, t: Theme): SvgNode[] {
  const w = Number(n.data('w'));
  const ht = Number(n.data('h'));
  const stroke = n.hasClass('input') || n.hasClass('param') || n.hasClass('output') || n.hasClass('loss') ? t.accent : t.fg;
  const out: SvgNode[] = [];
  if (n.hasClass('card')) return [shapeOf(n, w, ht, t.nodeBg, t.fg, 1)];
  if (n.hasClass('expandable')) {
    // cytoscape's double border: two thin lines, the outer on the node's edge.
    const bw = 2 * BORDER + 1;
    out.push(shapeOf(n, w + bw - 1.5, ht + bw - 1.5, t.nodeBg, stroke, 1.5), shapeOf(n, w - bw + 1.5, ht - bw + 1.5, 'none', stroke, 1.5));
  } else out.push(shapeOf(n, w, ht, t.nodeBg, stroke, BORDER));
  const p = n.p;
  const label = String(n.data('label') ?? '').replace(/\u00a0/g, ' ');
  const px = Number(n.data('px')) || 14;
  const mx = n.hasClass('ported-LR') ? 7 : 0;
  const my = n.hasClass('ported-top') ? PORT_BAND / 2 : n.hasClass('ported-TB') ? 8 : 0;
  if (n.hasClass('stateful')) {
    const widest = Math.max(...label.split('\n').map((l) => [...l].length)) * px * 0.6;
    out.push(text(label, p.x + mx - widest / 2, p.y + my, px, t.fg, t.mono, 'start'));
  } else out.push(text(label, p.x + mx, p.y + my, px, t.fg, t.mono, 'middle'));
  return out;
}

function labelNode(n: El, t: Theme, inline: boolean): SvgNode[] {
  if (n.hasClass('pending')) return [];
  const p = n.p;
  const w = Number(n.data('w'));
  const label = String(n.data('label') ?? '').replace(/\u00a0/g, ' ');
  const fill = n.hasClass('backward') ? t.red : t.fg;
  if (n.hasClass('port')) return [text(label, p.x, p.y, 12, fill, t.mono, 'middle', 0.85)];
  let left = p.x - w / 2 + 3;
  const out: SvgNode[] = [];
  let y = p.y;
  if (n.hasClass('glyph')) {
    const ht = Number(n.data('h'));
    const top = n.hasClass('glyph-top');
    const side = n.hasClass('glyph-line') ? MARK : GLYPH;
    const [gx, gy] = top ? [p.x - side / 2, p.y - ht / 2] : [p.x - w / 2, p.y - side / 2];
    // In the panel the CSP refuses style attributes: webview.css keeps the pixels sharp there.
    const sharp = inline ? undefined : 'image-rendering:pixelated';
    const img = String(n.data('img') ?? '');
    // No picture yet (the host's first frame: glyphs are drawn by the panel's script): an outline
    // that says so, never an empty gap.
    if (img) out.push(h('image', { href: img, x: f1(gx), y: f1(gy), width: side, height: side, preserveAspectRatio: 'none', style: sharp }));
    else out.push(h('rect', { x: f1(gx + 0.5), y: f1(gy + 0.5), width: side - 1, height: side - 1, fill: 'none', stroke: t.fg, 'stroke-dasharray': '3 2', opacity: '0.6' }), text('…', gx + side / 2, gy + side / 2, 12, t.fg, t.mono, 'middle', 0.6));
    if (top) y += Number(n.data('drop'));
    else left += Number(n.data('shift')) * 2;
  }
  out.push(text(label, left, y, 12, fill, t.mono, 'start'));
  return out;
}

/** The panel's area the SVG fills, seen as the canvas will show it (zoom and pan). */
export interface Frame {
  view: View;
  width: number;
  height: number;
}

/** The model-space box a frame shows (the area at its zoom from its pan), as the SVG's viewBox and background's attributes. */
export function frameBox(frame: Frame): { viewBox: string; x: string; y: string; w: string; h: string } {
  const z = frame.view.zoom;
  const [x, y, w, h] = [-frame.view.pan.x / z, -frame.view.pan.y / z, frame.width / z, frame.height / z].map(f1);
  return { viewBox: `${x} ${y} ${w} ${h}`, x, y, w, h };
}

/**
 * The SVG of these definitions on `background`: the whole graph (the export), or, given a frame,
 * the graph area as the canvas will show it (the first frame).
 */
export function svgTree(defs: readonly ElementDef[], t: Theme, background: string, frame?: Frame): SvgNode {
  const pad = 16;
  const bb = boundsOf(defs) ?? { x1: 0, y1: 0, x2: 0, y2: 0 };
  // The model-space box shown: the graph and a margin, or the area the frame shows.
  const whole = { x: bb.x1 - pad, y: bb.y1 - pad, w: bb.x2 - bb.x1 + 2 * pad, h: bb.y2 - bb.y1 + 2 * pad };
  const els = defs.map(el);
  const arrows = els.flatMap((e) => {
    const pts = e.def.group === 'edges' ? (e.data('pts') as Point[] | undefined) : undefined;
    if (!pts?.length) return [];
    const back = e.hasClass('backward');
    const points = pts.map((p) => `${f1(p.x)},${f1(p.y)}`).join(' ');
    return [h('polyline', { points, fill: 'none', stroke: back ? t.red : t.fg, 'stroke-width': EDGE_W, opacity: e.hasClass('pending') ? '0.2' : undefined, 'marker-end': `url(#${back ? 'b' : 'f'})` })];
  });
  const nodes = els.flatMap((n) => (n.def.group !== 'nodes' || n.hasClass('pulse') ? [] : n.hasClass('label') ? labelNode(n, t, frame !== undefined) : node(n, t)));
  const marker = (id: string, color: string) =>
    h('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: ARROW, markerHeight: ARROW, orient: 'auto' }, [h('path', { d: 'M0,0 L10,5 L0,10 z', fill: color })]);
  const { viewBox, x, y, w, h: ht } = frame ? frameBox(frame) : { viewBox: [whole.x, whole.y, whole.w, whole.h].map(f1).join(' '), x: f1(whole.x), y: f1(whole.y), w: f1(whole.w), h: f1(whole.h) };
  return h('svg', { xmlns: 'http://www.w3.org/2000/svg', class: frame ? 'first-frame' : undefined, viewBox, width: frame ? frame.width : Math.ceil(whole.w), height: frame ? frame.height : Math.ceil(whole.h) }, [
    h('defs', {}, [marker('f', t.fg), marker('b', t.red)]),
    h('rect', { x, y, width: w, height: ht, fill: background }),
    ...arrows,
    ...nodes,
  ]);
}

/** The tree as markup, every attribute and text escaped. */
export function serialize(n: SvgNode): string {
  const attrs = n.attrs.map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  if (!n.children && n.text === undefined) return `<${n.tag}${attrs}/>`;
  return `<${n.tag}${attrs}>${n.text !== undefined ? esc(n.text) : (n.children ?? []).map(serialize).join('')}</${n.tag}>`;
}

/** The SVG document of the export. */
export function toSvg(defs: readonly ElementDef[], t: Theme, background: string, frame?: Frame): string {
  return serialize(svgTree(defs, t, background, frame));
}
