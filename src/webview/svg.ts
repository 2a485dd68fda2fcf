// The graph as an SVG document, built from plain element definitions (elements.ts: what cytoscape
// is handed, or what it holds now, flow classes included) and the layout's arrow points. The
// shapes, borders (double for expandable layers), arrowheads, port names and glyphs match the
// canvas, so SVG and PNG look the same; the panel's first frame is this SVG. Text is escaped.
import type { ElementDef } from './elements';
import type { Point } from './layout';
import { GLYPH, LINE_H } from './scene';
import { BORDER, EDGE_W } from './style';
import type { Theme } from './theme';
import { boundsOf, type View } from './viewport';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (v: number) => v.toFixed(1);
/** cytoscape's triangle arrowhead for a 2 px line: about 8.7 px long and wide. */
const ARROW = 8.7;

function text(label: string, x: number, y: number, size: number, fill: string, font: string, anchor: 'start' | 'middle', opacity = 1): string {
  const lines = label.split('\n');
  const lh = LINE_H;
  const top = y - ((lines.length - 1) * lh) / 2;
  const spans = lines.map((l, i) => `<tspan x="${f1(x)}" y="${f1(top + i * lh)}">${esc(l)}</tspan>`).join('');
  const op = opacity < 1 ? ` opacity="${opacity}"` : '';
  return `<text font-family="${esc(font)}" font-size="${size}" fill="${fill}" text-anchor="${anchor}" dominant-baseline="middle" xml:space="preserve"${op}>${spans}</text>`;
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

function shapeOf(n: El, w: number, h: number, fill: string, stroke: string, width: number): string {
  const p = n.p;
  const [x, y] = [p.x - w / 2, p.y - h / 2];
  const s = ` fill="${fill}" stroke="${stroke}" stroke-width="${width}"`;
  if (n.hasClass('output') || n.hasClass('primitive')) return `<ellipse cx="${f1(p.x)}" cy="${f1(p.y)}" rx="${f1(w / 2)}" ry="${f1(h / 2)}"${s}/>`;
  if (n.hasClass('loss')) {
    const c = Math.min(w, h) * 0.29;
    const pts = [[x + c, y], [x + w - c, y], [x + w, y + c], [x + w, y + h - c], [x + w - c, y + h], [x + c, y + h], [x, y + h - c], [x, y + c]];
    return `<polygon points="${pts.map(([a, b]) => `${f1(a)},${f1(b)}`).join(' ')}"${s}/>`;
  }
  const rx = n.hasClass('param') ? 0 : Math.min(8, h / 4);
  return `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(w)}" height="${f1(h)}" rx="${rx}"${s}/>`;
}

function node(n: El, t: Theme): string {
  const w = Number(n.data('w'));
  const h = Number(n.data('h'));
  const stroke = n.hasClass('input') || n.hasClass('param') || n.hasClass('output') || n.hasClass('loss') ? t.accent : t.fg;
  const out: string[] = [];
  if (n.hasClass('expandable')) {
    // cytoscape's double border: two thin lines, the outer on the node's edge.
    const bw = 2 * BORDER + 1;
    out.push(shapeOf(n, w + bw - 1.5, h + bw - 1.5, t.nodeBg, stroke, 1.5), shapeOf(n, w - bw + 1.5, h - bw + 1.5, 'none', stroke, 1.5));
  } else out.push(shapeOf(n, w, h, t.nodeBg, stroke, BORDER));
  const p = n.p;
  const label = String(n.data('label') ?? '').replace(/\u00a0/g, ' ');
  const px = Number(n.data('px')) || 14;
  const mx = n.hasClass('ported-LR') ? 7 : 0;
  const my = n.hasClass('ported-TB') ? 8 : 0;
  if (n.hasClass('stateful')) {
    const widest = Math.max(...label.split('\n').map((l) => [...l].length)) * px * 0.6;
    out.push(text(label, p.x + mx - widest / 2, p.y + my, px, t.fg, t.mono, 'start'));
  } else out.push(text(label, p.x + mx, p.y + my, px, t.fg, t.mono, 'middle'));
  return out.join('');
}

function labelNode(n: El, t: Theme, inline: boolean): string {
  if (n.hasClass('pending')) return '';
  const p = n.p;
  const w = Number(n.data('w'));
  const label = String(n.data('label') ?? '').replace(/\u00a0/g, ' ');
  const fill = n.hasClass('backward') ? t.red : t.fg;
  if (n.hasClass('port')) return text(label, p.x, p.y, 12, fill, t.mono, 'middle', 0.85);
  let left = p.x - w / 2 + 3;
  let img = '';
  let y = p.y;
  if (n.hasClass('glyph')) {
    const h = Number(n.data('h'));
    const top = n.hasClass('glyph-top');
    const [gx, gy] = top ? [p.x - GLYPH / 2, p.y - h / 2] : [p.x - w / 2, p.y - GLYPH / 2];
    img = `<image href="${esc(String(n.data('img')))}" x="${f1(gx)}" y="${f1(gy)}" width="${GLYPH}" height="${GLYPH}" preserveAspectRatio="none"${inline ? '' : ' style="image-rendering:pixelated"'}/>`;
    if (top) y += Number(n.data('drop'));
    else left += Number(n.data('shift')) * 2;
  }
  return img + text(label, left, y, 12, fill, t.mono, 'start');
}

/** The panel's area the SVG fills, seen as the canvas will show it (zoom and pan). */
export interface Frame {
  view: View;
  width: number;
  height: number;
}

/**
 * The SVG of these definitions on `background`: the whole graph (the export), or, given a frame,
 * the graph area as the canvas will show it (the first frame). That one goes into the panel's own
 * document, whose CSP refuses style attributes: the stylesheet (webview.css) keeps glyphs sharp.
 */
export function toSvg(defs: readonly ElementDef[], t: Theme, background: string, frame?: Frame): string {
  const inline = frame !== undefined;
  const pad = 16;
  const whole = boundsOf(defs) ?? { x1: 0, y1: 0, x2: 0, y2: 0 };
  // The model-space box shown: with a frame, the area's w × h at its zoom from its pan.
  const bb = frame
    ? { x1: -frame.view.pan.x / frame.view.zoom + pad, y1: -frame.view.pan.y / frame.view.zoom + pad, x2: (frame.width - frame.view.pan.x) / frame.view.zoom - pad, y2: (frame.height - frame.view.pan.y) / frame.view.zoom - pad }
    : whole;
  const [w, h] = [bb.x2 - bb.x1, bb.y2 - bb.y1];
  const out: string[] = [];
  const els = defs.map(el);
  for (const e of els) {
    if (e.def.group !== 'edges') continue;
    const pts = e.data('pts') as Point[] | undefined;
    if (!pts?.length) continue;
    const back = e.hasClass('backward');
    const color = back ? t.red : t.fg;
    const op = e.hasClass('pending') ? ' opacity="0.2"' : '';
    out.push(`<polyline points="${pts.map((p) => `${f1(p.x)},${f1(p.y)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="${EDGE_W}"${op} marker-end="url(#${back ? 'b' : 'f'})"/>`);
  }
  for (const n of els) {
    if (n.def.group !== 'nodes' || n.hasClass('pulse')) continue;
    out.push(n.hasClass('label') ? labelNode(n, t, inline) : node(n, t));
  }
  const marker = (id: string, color: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="${ARROW}" markerHeight="${ARROW}" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
  const vb = `${f1(bb.x1 - pad)} ${f1(bb.y1 - pad)} ${f1(w + 2 * pad)} ${f1(h + 2 * pad)}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="${frame ? frame.width : Math.ceil(w + 2 * pad)}" height="${frame ? frame.height : Math.ceil(h + 2 * pad)}">` +
    `<defs>${marker('f', t.fg)}${marker('b', t.red)}</defs>` +
    `<rect x="${f1(bb.x1 - pad)}" y="${f1(bb.y1 - pad)}" width="${f1(w + 2 * pad)}" height="${f1(h + 2 * pad)}" fill="${background}"/>` +
    out.join('') +
    '</svg>'
  );
}
