// The tight layout (planSceneIn's try for a graph of many big values, as run mode's two-layer
// net): the glyph left of two lines, a parameter's value and gradient beside its node, the port
// names' band on the inflow side only; and the real two_layer_net.py, traced by the real tracer,
// fitting the side panel's graph area at 12 px as code-server measures it at 1400×900.
import * as assert from 'assert';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import { FIXTURES } from '../../fixtures/graphs';
import { elementsOf, planSceneIn, PAD } from '../../../src/webview/elements';
import { DRAWN_LINEWIDTH, short, WRAPPED } from '../../../src/scene/labels';
import { fitZoom, PORT_BAND } from '../../../src/scene/layout';
import { lv } from './levels';
import { buildScene, charMeasure, GLYPH, GLYPH_GAP, shortBox } from '../../../src/scene/scene';
import { ATTACHED_GAP } from '../../../src/scene/tight';
import { RUN_AREA as AREA, traced } from './traced';

const tight = (g: TraceGraph) => buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true, tight: true }));

describe('webview tight layout', function () {
  this.timeout(60_000);
  // elementsOf draws the glyphs on a canvas: none here (glyph.ts gives an empty picture).
  const had = (globalThis as { document?: unknown }).document;
  before(() => ((globalThis as { document?: unknown }).document = { createElement: () => ({ getContext: () => null }) }));
  after(() => ((globalThis as { document?: unknown }).document = had));

  it('a big value: the glyph left of two lines (name and shape, min…max), a third the height of the glyph on top', () => {
    const x = FIXTURES.big().edges.find((e) => e.id === 'e_x_relu0')!.forward!;
    const side = short('x', x, lv('TB', { tight: true }));
    const top = short('x', x, lv('TB', { compact: true }));
    assert.strictEqual(side.glyphAt, 'left');
    assert.match(side.text, /^x \(\d+, \d+\)\n-?[\d.e-]+…-?[\d.e-]+$/);
    const [sb, tb, text] = [shortBox(side, charMeasure)!, shortBox(top, charMeasure)!, charMeasure(side.text, 12)];
    assert.deepStrictEqual(sb, { width: text.width + GLYPH + GLYPH_GAP, height: Math.max(text.height, GLYPH + 4) });
    assert.ok(sb.height <= tb.height / 2, `${sb.height} vs ${tb.height}`);
    // A small array in full (#21: its shape kept): a single long row wrapped as numpy's
    // linewidth=28 wraps it, each broken line marked; at numpy's usual width, one line.
    const v = { shape: [5], data: Float64Array.of(0.448, 0.985, -0.282, -0.208, 0) };
    const db = short('db', v, lv('TB', { tight: true }));
    assert.strictEqual(db.text, `db\n[ 0.448  0.985 -0.282 ${WRAPPED}\n -0.208  0.   ]`);
    assert.ok(db.text.split('\n').every((l) => l.length <= DRAWN_LINEWIDTH + 2));
    assert.strictEqual(short('db', v, lv('TB', { compact: true })).text, 'db\n[ 0.448  0.985 -0.282 -0.208  0.   ]');
    // A 2×3 matrix: two lines, one per row, at every level; a 3-element row: one line.
    const dW = { shape: [2, 3], data: Float64Array.of(0.303, 0.079, -0.382, -0.735, 0.395, 0.34) };
    for (const t of [{}, { compact: true }, { tight: true }, { tight: true, narrow: {} }] as const) {
      assert.strictEqual(short('dW', dW, lv('TB', t)).text.split('\n').length, 3, JSON.stringify(t));
      assert.strictEqual(short('db', { shape: [3], data: Float64Array.of(-0.288, 0.316, -0.028) }, lv('TB', t)).text.split('\n').length, 2, JSON.stringify(t));
    }
  });

  it('a parameter\'s value above its gradient beside its node (left in TB); its edge keeps both arrows', () => {
    const g = FIXTURES.affine();
    const sc = tight(g);
    const params = g.edges.filter((e) => g.nodes.find((n) => n.id === e.source)?.kind === 'param');
    assert.ok(params.length >= 2);
    for (const e of params) {
      const at = sc.beside.get(e.id);
      const node = sc.layout.nodes.get(e.source)!;
      assert.ok(at?.forwardLabel && at.backwardLabel && node.extra, `${e.id} drawn beside ${e.source}`);
      const [f, b, box] = [at.forwardLabel, at.backwardLabel, node.extra];
      assert.ok(Math.abs(f.y + f.height / 2 + ATTACHED_GAP - (b.y - b.height / 2)) < 0.01, `${e.id}: the gradient right under the value`);
      for (const r of [f, b]) {
        assert.ok(r.x + r.width / 2 <= node.body.x - node.body.width / 2, `${e.id}: left of the node`);
        assert.ok(Math.abs(r.y - box.y) * 2 <= box.height - r.height + 0.01 && Math.abs(r.x - box.x) * 2 <= box.width - r.width + 0.01, `${e.id}: inside the node's box`);
      }
      const placed = sc.layout.edges.get(e.id)!;
      assert.ok(!placed.forwardLabel && !placed.backwardLabel, 'no texts on the edge itself');
      assert.ok(placed.forward.length >= 2 && placed.backward && placed.backward.length >= 2, 'both arrows');
      // The panel draws them where the scene put them, with their full text kept for the hover.
      const drawn = elementsOf(sc).elements.find((d) => d.data.id === `${e.id}__bl`)!;
      assert.deepStrictEqual(drawn.position, { x: b.x, y: b.y });
      assert.match(sc.labels.get(e.id)!.backward, new RegExp(`^${e.backwardName}\\n\\[`));
    }
    // Not tight: on the edge, as before.
    assert.ok(buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true })).beside.size === 0);
  });

  it('the port names\' band is on the inflow side only: a ported layer is one band shorter', () => {
    const g = FIXTURES.affine();
    const [t, c] = [tight(g).layout.nodes.get('affine0')!, buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true })).layout.nodes.get('affine0')!];
    assert.strictEqual(c.body.height - t.body.height, PORT_BAND);
    for (const p of t.ports) assert.ok(p.label.y - p.label.height / 2 >= t.body.y - t.body.height / 2 && p.label.y + p.label.height / 2 <= t.body.y - t.body.height / 2 + PORT_BAND + 0.01, `${p.name} in the band`);
    assert.ok(elementsOf(tight(g)).elements.find((d) => d.data.id === 'affine0')!.classes.includes('ported-top'));
  });

  it('examples/two_layer_net.py fits the 1400×900 side panel at zoom ≥ 1, tight, its Affine inputs in the book\'s order x, W, b', () => {
    const g = traced('two_layer_net.py');
    const sc = planSceneIn(g, AREA.width, AREA.height, charMeasure);
    const zoom = fitZoom(sc.layout, AREA.width, AREA.height, PAD);
    assert.ok(zoom >= 1, `zoom ${zoom.toFixed(3)}: ${sc.layout.width}×${sc.layout.height}`);
    assert.ok(sc.tight && sc.layout.orientation === 'TB');
    // No other try fits: the tight one is what makes it.
    for (const [o, st, c] of [['LR', false, false], ['TB', false, false], ['TB', true, false], ['LR', false, true], ['TB', false, true], ['TB', true, true]] as const) {
      assert.ok(fitZoom(buildScene(g, charMeasure, lv(o, { stacked: st, compact: c })).layout, AREA.width, AREA.height, PAD) < 1, `${o} ${st} ${c} fits already`);
    }
    for (const layer of g.nodes.filter((n) => n.label === 'Affine')) {
      const ins = g.edges.filter((e) => e.target === layer.id);
      const x = (port: string) => sc.layout.nodes.get(ins.find((e) => e.targetPort === port)!.source)!.body.x;
      // #21: the book's order x, W, b (it was W, x, b to balance the rank).
      assert.ok(x('x') < x('W') && x('W') < x('b'), `${layer.id}: x ${x('x')}, W ${x('W')}, b ${x('b')}`);
    }
    // Every value and gradient is on the graph.
    const ids = new Set(elementsOf(sc).elements.map((d) => d.data.id));
    for (const e of g.edges) assert.ok(ids.has(`${e.id}__fl`) && (!e.backward || ids.has(`${e.id}__bl`)), `${e.id} labelled`);
  });

  for (const example of ['apple.py', 'apple_orange.py']) {
    it(`examples/${example} (run mode) fits the same panel at zoom ≥ 1`, () => {
      const sc = planSceneIn(traced(example), AREA.width, AREA.height, charMeasure);
      const zoom = fitZoom(sc.layout, AREA.width, AREA.height, PAD);
      assert.ok(zoom >= 1, `zoom ${zoom.toFixed(3)}: ${sc.layout.width}×${sc.layout.height}`);
    });
  }

  it('a graph that fits at 12 px some other way keeps that look: tight only where nothing else fits', () => {
    let tightened = 0;
    for (const name of Object.keys(FIXTURES)) {
      for (const [w, h] of [[526, 706], [526, 666], [351, 587], [1000, 600]]) {
        const g = FIXTURES[name]();
        const sc = planSceneIn(g, w, h, charMeasure);
        const others = [['LR', false, false], ['TB', false, false], ['TB', true, false], ['LR', false, true], ['TB', false, true], ['TB', true, true]] as const;
        const fits = others.some(([o, st, c]) => fitZoom(buildScene(g, charMeasure, lv(o, { stacked: st, compact: c })).layout, w, h, PAD) >= 1);
        if (fits) assert.ok(!sc.tight && !sc.narrow, `${name} at ${w}×${h}`);
        // Nor narrow where the tight try fits (planSceneIn builds it packed into the panel's width).
        if (fitZoom(buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true, tight: true, room: w - 2 * PAD })).layout, w, h, PAD) >= 1) assert.ok(!sc.narrow, `${name} at ${w}×${h}: narrow`);
        if (sc.tight) tightened++;
      }
    }
    assert.ok(tightened > 0, 'some fixture is drawn tight in some panel (the try is reached)');
  });
});
