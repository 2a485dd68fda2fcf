// The SVG from plain element definitions (what the first frame draws, before cytoscape is
// loaded) against the SVG of the same elements after a round trip through cytoscape (what the
// export draws): the same document for every fixture graph, and the canvas's flow state shows.
import * as assert from 'assert';
import cytoscape from 'cytoscape';
import { FIXTURES } from '../../fixtures/graphs';
import { definitionsOf } from '../../../src/webview/draw';
import { elementsOf, planSceneIn, type ElementDef } from '../../../src/webview/elements';
import { charMeasure } from '../../../src/scene/scene';
import { toSvg } from '../../../src/webview/svg';
import { boundsOf, fitView } from '../../../src/webview/viewport';

/** Where two texts part, with a little context (the whole SVG would drown the message). */
const firstDiff = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `char ${i}: …${a.slice(Math.max(0, i - 40), i + 40)}… vs …${b.slice(Math.max(0, i - 40), i + 40)}…`;
};

const THEME = { fg: '#cccccc', red: '#f14c4c', nodeBg: '#252526', accent: '#0078d4', mono: 'monospace' };

describe('SVG of the first frame and of the canvas', () => {
  const had = (globalThis as { document?: unknown }).document;
  // Glyphs are drawn on a canvas: without one (Node) glyphUrl gives '' and the image stays empty.
  before(() => ((globalThis as { document?: unknown }).document = { createElement: () => ({ getContext: () => null }) }));
  after(() => ((globalThis as { document?: unknown }).document = had));

  const defsOf = (name: string, w = 1400, h = 800): ElementDef[] => elementsOf(planSceneIn(FIXTURES[name](), w, h, charMeasure)).elements;
  const canvasOf = (defs: ElementDef[]) => cytoscape({ headless: true, elements: JSON.parse(JSON.stringify(defs)), layout: { name: 'preset' } });

  for (const name of Object.keys(FIXTURES)) {
    it(`${name}: the same SVG from the definitions and from cytoscape's elements, wide, narrow and the 1000×800 side panel (the narrow try)`, () => {
      for (const [w, h] of [[1400, 800], [360, 900], [351, 629]]) {
        const defs = defsOf(name, w, h);
        const cy = canvasOf(defs);
        const plain = toSvg(defs, THEME, '#1e1e1e');
        const round = toSvg(definitionsOf(cy), THEME, '#1e1e1e');
        assert.ok(round === plain, `${w}×${h}: differs from ${firstDiff(round, plain)}`);
        // Every node and label drawn: one <text> per node and per non-empty label, and one "…" per
        // glyph with no picture yet (Node has no canvas; the host's first frame has none either).
        const waiting = defs.filter((d) => d.classes.split(' ').includes('glyph') && !d.data.img).length;
        const texts = defs.filter((d) => d.group === 'nodes' && String(d.data.label ?? '') !== '').length + waiting;
        assert.strictEqual((plain.match(/<text /g) ?? []).length, texts, 'texts drawn');
        assert.strictEqual((plain.match(/<polyline /g) ?? []).length, defs.filter((d) => d.group === 'edges').length, 'arrows drawn');
        cy.destroy();
      }
    });
  }

  it("the export follows the canvas's flow: labels not yet travelled are left out, arrows dimmed", () => {
    const defs = defsOf('seed');
    const cy = canvasOf(defs);
    cy.elements('.backward').addClass('pending');
    const svg = toSvg(definitionsOf(cy), THEME, '#1e1e1e');
    assert.notStrictEqual(svg, toSvg(defs, THEME, '#1e1e1e'));
    assert.ok(!svg.includes(THEME.red + '" font-family') && !/fill="#f14c4c" text-anchor/.test(svg), 'a pending gradient label was drawn');
    assert.ok(/stroke="#f14c4c" stroke-width="2" opacity="0.2"/.test(svg), 'pending backward arrows are not dimmed');
  });

  it('the first frame shows the graph area at the fit: its viewBox is the area seen at that zoom and pan', () => {
    const defs = defsOf('chain');
    const bb = boundsOf(defs);
    assert.ok(bb);
    const view = fitView(bb, 1000, 600, 'LR');
    assert.ok(view && view.zoom >= 1 && view.zoom <= 1.6, `zoom ${view?.zoom}`);
    const svg = toSvg(defs, THEME, 'transparent', { view, width: 1000, height: 600 });
    const [, vx, vy, vw, vh] = /viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"/.exec(svg)?.map(Number) ?? [];
    assert.ok(Math.abs(vw * view.zoom - 1000) < 0.2 && Math.abs(vh * view.zoom - 600) < 0.2, `viewBox ${vw}×${vh} at zoom ${view.zoom}`);
    assert.ok(Math.abs(-vx * view.zoom - view.pan.x) < 0.2 && Math.abs(-vy * view.zoom - view.pan.y) < 0.2, 'viewBox origin is not the pan');
    // The graph's own box, centred: the same margin left and right.
    const [l, r] = [bb.x1 * view.zoom + view.pan.x, 1000 - (bb.x2 * view.zoom + view.pan.x)];
    assert.ok(Math.abs(l - r) < 0.01 && l >= 12 - 1e-9, `margins ${l} / ${r}`);
    // In the panel's document: no style attribute (the CSP refuses them).
    assert.ok(!svg.includes('style='), 'a style attribute in the first frame');
  });

  it('a graph too big for 12 px text keeps zoom 1 and starts at its left end (LR)', () => {
    const view = fitView({ x1: 0, y1: 0, x2: 3000, y2: 200 }, 800, 600, 'LR');
    assert.deepStrictEqual(view, { zoom: 1, pan: { x: 12, y: 200 } });
    assert.strictEqual(fitView({ x1: 0, y1: 0, x2: 0, y2: 0 }, 800, 600, 'LR'), undefined);
  });
});
