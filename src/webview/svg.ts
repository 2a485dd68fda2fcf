// The graph as an SVG document, built from cytoscape's element positions (cytoscape only renders
// to canvas). Text is escaped; the colours are the current theme's, so the export looks as drawn.
import type cytoscape from 'cytoscape';
import type { Theme } from './theme';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function text(label: string, x: number, y: number, size: number, fill: string, font: string, anchor: 'start' | 'middle'): string {
  const lines = label.split('\n');
  const lh = size * 1.25;
  const top = y - ((lines.length - 1) * lh) / 2;
  const spans = lines.map((l, i) => `<tspan x="${x}" y="${(top + i * lh).toFixed(1)}">${esc(l)}</tspan>`).join('');
  return `<text font-family="${esc(font)}" font-size="${size}" fill="${fill}" text-anchor="${anchor}" dominant-baseline="middle" xml:space="preserve">${spans}</text>`;
}

export function toSvg(cy: cytoscape.Core, t: Theme, background: string): string {
  const bb = cy.elements().boundingBox();
  const pad = 16;
  const out: string[] = [];
  cy.edges().forEach((e) => {
    const s = e.sourceEndpoint();
    const d = e.targetEndpoint();
    const color = e.hasClass('backward') ? t.red : t.fg;
    out.push(`<line x1="${s.x}" y1="${s.y}" x2="${d.x}" y2="${d.y}" stroke="${color}" stroke-width="2" marker-end="url(#${e.hasClass('backward') ? 'b' : 'f'})"/>`);
  });
  cy.nodes().forEach((n) => {
    if (n.hasClass('pulse')) return;
    const p = n.position();
    const label = String(n.data('label') ?? '').replace(/\u00a0/g, ' ');
    const w = Number(n.data('w'));
    const h = Number(n.data('h'));
    if (n.hasClass('label')) {
      if (n.hasClass('pending')) return;
      const fill = n.hasClass('backward') ? t.red : t.fg;
      out.push(text(label, p.x - w / 2 + 3, p.y, 12, fill, t.mono, 'start'));
      return;
    }
    const stroke = n.hasClass('dout') ? t.red : n.hasClass('input') || n.hasClass('output') ? t.accent : t.fg;
    const dash = n.hasClass('dout') ? ' stroke-dasharray="5 3"' : '';
    const round = n.hasClass('output') || n.hasClass('dout') || n.hasClass('primitive');
    out.push(
      round
        ? `<ellipse cx="${p.x}" cy="${p.y}" rx="${w / 2}" ry="${h / 2}" fill="${t.nodeBg}" stroke="${stroke}" stroke-width="2"${dash}/>`
        : `<rect x="${p.x - w / 2}" y="${p.y - h / 2}" width="${w}" height="${h}" rx="6" fill="${t.nodeBg}" stroke="${stroke}" stroke-width="2"/>`,
    );
    const stateful = n.hasClass('stateful');
    out.push(text(label, stateful ? p.x - w / 2 + 10 : p.x, p.y, stateful ? 12 : 15, n.hasClass('dout') ? t.red : t.fg, t.mono, stateful ? 'start' : 'middle'));
  });
  const marker = (id: string, color: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
  const vb = `${bb.x1 - pad} ${bb.y1 - pad} ${bb.w + 2 * pad} ${bb.h + 2 * pad}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="${Math.ceil(bb.w + 2 * pad)}" height="${Math.ceil(bb.h + 2 * pad)}">` +
    `<defs>${marker('f', t.fg)}${marker('b', t.red)}</defs>` +
    `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${bb.w + 2 * pad}" height="${bb.h + 2 * pad}" fill="${background}"/>` +
    out.join('') +
    '</svg>'
  );
}
