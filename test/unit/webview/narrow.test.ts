// The narrow try (planSceneIn's last, scene.ts): the graphs that panned in a narrow side panel at
// 12 px (fig 5-17's four inputs, the book's Affine → Softmax-with-Loss, run mode's layers_import
// and mnist_batch) fit it at zoom ≥ 1, with every value and gradient still on the graph, and
// nothing drawn narrow that fits some other way.
import * as assert from 'assert';
import cytoscape from 'cytoscape';
import { bookExample, buildExample } from '../../../src/engine/graph/examples';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import { FIXTURES } from '../../fixtures/graphs';
import { elementsOf, planSceneIn, PAD } from '../../../src/webview/elements';
import { fitZoom } from '../../../src/scene/layout';
import { lv } from './levels';
import { buildScene, charMeasure, FONT_PX, NAME_PX, type Scene } from '../../../src/scene/scene';
import { graphStyle } from '../../../src/webview/style';
import { toSvg } from '../../../src/webview/svg';
import { RUN_AREA, traced } from './traced';

/** The side panel's graph area in a 1000×800 window (the browser suite's '1000x800-side' less its toolbar). */
const SIDE = { width: 351, height: 629 };
const THEME = { fg: '#cccccc', red: '#f14c4c', nodeBg: '#252526', accent: '#0078d4', mono: 'monospace' };

const zoomOf = (sc: Scene, a: { width: number; height: number }) => fitZoom(sc.layout, a.width, a.height, PAD);

/** Fits at 12 px, narrow, where no earlier try does; every edge's value and gradient drawn, the full texts kept. */
function fitsNarrow(g: TraceGraph, a: { width: number; height: number }, narrow = true): Scene {
  const sc = planSceneIn(g, a.width, a.height, charMeasure);
  assert.ok(zoomOf(sc, a) >= 1, `zoom ${zoomOf(sc, a).toFixed(3)}: ${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)}`);
  // #21: parameters inside their layer's card (a level with numbers) now comes before the fewest words.
  assert.ok(sc.tight && (!narrow || sc.narrow), `drawn narrow (${sc.level})`);
  const tight = buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true, tight: true, room: a.width - 2 * PAD }));
  assert.ok(zoomOf(tight, a) < 1, 'the tight try fits already');
  const ids = new Set(elementsOf(sc).elements.map((d) => d.data.id));
  for (const e of g.edges) {
    assert.ok(ids.has(`${e.id}__fl`) && (!e.backward || ids.has(`${e.id}__bl`)), `${e.id}: value and gradient drawn`);
    const l = sc.labels.get(e.id)!;
    assert.ok(l.forward.startsWith(`${e.forwardName}\n`), `${e.id}: the hover keeps the name`);
  }
  return sc;
}

describe('webview narrow layout', function () {
  this.timeout(60_000);
  const had = (globalThis as { document?: unknown }).document;
  before(() => ((globalThis as { document?: unknown }).document = { createElement: () => ({ getContext: () => null }) }));
  after(() => ((globalThis as { document?: unknown }).document = had));

  it('fig 5-17 (appleOrange) fits the 1000×800 side panel: names at 12 px, the inputs\' edges show only their numbers', () => {
    const g = FIXTURES.appleOrange();
    const sc = fitsNarrow(g, SIDE);
    // Before: 394×657 at zoom 0.83 (the rank of four inputs at 14 px, each edge named again).
    for (const n of g.nodes) assert.strictEqual(sc.nodeText.get(n.id)!.px, FONT_PX, `${n.id} at 12 px`);
    assert.strictEqual(planSceneIn(g, 1400, 800, charMeasure).nodeText.get('orange')!.px, NAME_PX, 'a wide panel keeps the 14 px names');
    const orange = sc.labels.get('e_orange_mul1')!;
    // #25: the book's orange = 150 is an int, drawn as the program prints it (was `150.`)
    assert.deepStrictEqual([orange.forwardShort?.text, orange.backwardShort?.text], ['150', '3.3']);
    // An edge named otherwise than its source keeps its name.
    assert.match(sc.labels.get('e_mul1_add0')!.forwardShort!.text, /^orange_price\n/);
    // The canvas's stylesheet and the first frame's SVG draw the names at the scene's 12 px.
    const defs = elementsOf(sc).elements;
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle(THEME), elements: JSON.parse(JSON.stringify(defs)) });
    assert.strictEqual(cy.$id('orange').style('font-size'), `${FONT_PX}px`);
    cy.destroy();
    assert.match(toSvg(defs, THEME, '#1e1e1e'), new RegExp(`font-size="${FONT_PX}" fill="${THEME.fg}" text-anchor="middle"[^>]*><tspan[^>]*>orange<`));
  });

  it('the book\'s Affine → Softmax-with-Loss fits the same panel with its numbers: W and b in the Affine card (#21 item 2)', () => {
    const sc = fitsNarrow(buildExample(bookExample('affine_softmax')!), SIDE, false);
    assert.strictEqual(sc.presentation.params, 'inside');
    assert.strictEqual(sc.presentation.arrays, 'full', 'numbers, not glyphs');
    const card = sc.layout.nodes.get('affine0')!.card!;
    const inside = (r: { x: number; y: number; width: number; height: number }) => r.x - r.width / 2 >= card.x - card.width / 2 - 0.5 && r.x + r.width / 2 <= card.x + card.width / 2 + 0.5 && r.y - r.height / 2 >= card.y - card.height / 2 - 0.5 && r.y + r.height / 2 <= card.y + card.height / 2 + 0.5;
    for (const p of ['affine0_W', 'affine0_b']) {
      const e = sc.graph.edges.find((x) => x.source === p)!;
      const at = sc.layout.edges.get(e.id)!;
      for (const r of [sc.layout.nodes.get(p)!.body, at.forwardLabel!, at.backwardLabel!]) assert.ok(inside(r), `${p}: ${JSON.stringify(r)} inside the card ${JSON.stringify(card)}`);
      assert.match(sc.labels.get(e.id)!.forwardShort!.text, /\d\.\d/, `${p}: its numbers drawn`);
    }
  });

  for (const example of ['layers_import/main.py', 'mnist_batch.py']) {
    it(`examples/${example} (run mode) fits the 1400×900 side panel at zoom ≥ 1`, () => {
      fitsNarrow(traced(example), RUN_AREA, false);
    });
  }

  it('a graph that fits wider is drawn as before: the 1400×900 side panel keeps fig 5-17 and the Affine example as they were', () => {
    for (const g of [FIXTURES.appleOrange(), buildExample(bookExample('affine_softmax')!)]) {
      const sc = planSceneIn(g, 700, 860, charMeasure);
      assert.ok(!sc.narrow && zoomOf(sc, { width: 700, height: 860 }) >= 1);
    }
  });
});
