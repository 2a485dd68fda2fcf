// The graph as an SVG document, built from cytoscape's elements and the layout's arrow points
// (cytoscape only renders to canvas). The shapes, borders (double for expandable layers),
// arrowheads, port names and glyphs match the canvas, so SVG and PNG look the same. Text is escaped.
import type cytoscape from 'cytoscape';
import type { Point } from './layout';
import { GLYPH, LINE_H } from './scene';
import { BORDER, EDGE_W } from './style';
import type { Theme } from './theme';

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

function shapeOf(n: cytoscape.NodeSingular, w: number, h: number, fill: string, stroke: string, width: number): string {
  const p = n.position();
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

function node(n: cytoscape.NodeSingular, t: Theme): string {
  const w = Number(n.data('w'));
  const h = Number(n.data('h'));
  const stroke = n.hasClass('input') || n.hasClass('param') || n.hasClass('output') || n.hasClass('loss') ? t.accent : t.fg;
  const out: string[] = [];
  if (n.hasClass('expandable')) {
    // cytoscape's double border: two thin lines, the outer on the node's edge.
    const bw = 2 * BORDER + 1;
    out.push(shapeOf(n, w + bw - 1.5, h + bw - 1.5, t.nodeBg, stroke, 1.5), shapeOf(n, w - bw + 1.5, h - bw + 1.5, 'none', stroke, 1.5));
  } else out.push(shapeOf(n, w, h, t.nodeBg, stroke, BORDER));
  const p = n.position();
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

function labelNode(n: cytoscape.NodeSingular, t: Theme): string {
  if (n.hasClass('pending')) return '';
  const p = n.position();
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
    img = `<image href="${esc(String(n.data('img')))}" x="${f1(gx)}" y="${f1(gy)}" width="${GLYPH}" height="${GLYPH}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`;
    if (top) y += Number(n.data('drop'));
    else left += Number(n.data('shift')) * 2;
  }
  return img + text(label, left, y, 12, fill, t.mono, 'start');
}

export function toSvg(cy: cytoscape.Core, t: Theme, background: string): string {
  const bb = cy.elements().boundingBox();
  const pad = 16;
  const out: string[] = [];
  cy.edges().forEach((e) => {
    const pts = (e.data('pts') as Point[] | undefined) ?? [e.sourceEndpoint(), e.targetEndpoint()];
    const back = e.hasClass('backward');
    const color = back ? t.red : t.fg;
    const op = e.hasClass('pending') ? ' opacity="0.2"' : '';
    out.push(`<polyline points="${pts.map((p) => `${f1(p.x)},${f1(p.y)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="${EDGE_W}"${op} marker-end="url(#${back ? 'b' : 'f'})"/>`);
  });
  cy.nodes().forEach((n) => {
    if (n.hasClass('pulse')) return;
    out.push(n.hasClass('label') ? labelNode(n, t) : node(n, t));
  });
  const marker = (id: string, color: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="${ARROW}" markerHeight="${ARROW}" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
  const vb = `${f1(bb.x1 - pad)} ${f1(bb.y1 - pad)} ${f1(bb.w + 2 * pad)} ${f1(bb.h + 2 * pad)}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="${Math.ceil(bb.w + 2 * pad)}" height="${Math.ceil(bb.h + 2 * pad)}">` +
    `<defs>${marker('f', t.fg)}${marker('b', t.red)}</defs>` +
    `<rect x="${f1(bb.x1 - pad)}" y="${f1(bb.y1 - pad)}" width="${f1(bb.w + 2 * pad)}" height="${f1(bb.h + 2 * pad)}" fill="${background}"/>` +
    out.join('') +
    '</svg>'
  );
}
