// The layer stack folded into columns (scene/layout/fold.ts, the levels after "layer stack"): a
// net traced by the real tracer (the debugger tests' two-layer net, mnist_batch.py) in a short wide
// panel is drawn in two or three columns read in order, chosen only where the plain stack does
// not fit at 12 px; the sizes in, the level and the geometry out.
import * as assert from 'assert';
import { fitZoom, LEVELS, type Layout, type Rect } from '../../../src/scene/layout';
import { COLUMN_GAP } from '../../../src/scene/layout/fold';
import { buildScene, charMeasure, type Scene } from '../../../src/scene/scene';
import { PAD, planSceneIn } from '../../../src/webview/elements';
import { monoMeasure } from '../../../src/scene/firstFrame';
import { traced } from './traced';

const PAUSED_NET = '../test/fixtures/debug/two_layer_net.py';
const STACK = LEVELS.find((l) => l.name === 'layer stack')!.p;

const left = (r: Rect) => r.x - r.width / 2;
const right = (r: Rect) => r.x + r.width / 2;
const overlap = (a: Rect, b: Rect) => Math.abs(a.x - b.x) * 2 < a.width + b.width - 0.5 && Math.abs(a.y - b.y) * 2 < a.height + b.height - 0.5;

/** Every box drawn (a card's title, its rows' parameter boxes, every text), named. */
function boxes(l: Layout): [string, Rect][] {
  const out: [string, Rect][] = [];
  for (const [id, n] of l.nodes) out.push([id, n.body]);
  for (const [id, e] of l.edges) for (const [k, r] of [['fl', e.forwardLabel], ['bl', e.backwardLabel]] as const) if (r) out.push([`${id}__${k}`, r]);
  return out;
}

/** The layers' boxes (a card, or a layer's own box) in the order the net runs them. */
const cards = (sc: Scene) => sc.graph.nodes.filter((n) => n.kind === 'layer').map((n) => sc.layout.nodes.get(n.id)!).map((n) => n.card ?? n.body);

describe('webview fold: the layer stack in columns', function () {
  this.timeout(60_000);
  const had = (globalThis as { document?: unknown }).document;
  before(() => ((globalThis as { document?: unknown }).document = { createElement: () => ({ getContext: () => null }) }));
  after(() => ((globalThis as { document?: unknown }).document = had));

  for (const [example, w, h] of [[PAUSED_NET, 700, 400], ['mnist_batch.py', 700, 400], ['two_layer_net.py', 560, 420]] as const) {
    it(`${example} in a ${w}×${h} panel: the stack does not fit at 12 px, two columns do, in order, nothing overlapping`, () => {
      const g = traced(example);
      const stack = buildScene(g, charMeasure, { ...STACK, room: w - 2 * PAD }).layout;
      assert.ok(fitZoom(stack, w, h, PAD) < 1, `the plain stack fits (${stack.width.toFixed(0)}×${stack.height.toFixed(0)})`);
      const sc = planSceneIn(g, w, h, charMeasure);
      assert.strictEqual(sc.level, 'layer stack, two columns');
      assert.strictEqual(sc.presentation.columns, 2);
      assert.ok(fitZoom(sc.layout, w, h, PAD) >= 1, `${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)} in ${w}×${h}`);
      const all = boxes(sc.layout);
      for (const [i, [a, ra]] of all.entries()) for (const [b, rb] of all.slice(i + 1)) assert.ok(!overlap(ra, rb), `${a} ${JSON.stringify(ra)} overlaps ${b} ${JSON.stringify(rb)}`);
      // The texts between cards (edges with arrows) clear of every card.
      for (const [id, e] of sc.layout.edges) for (const r of e.forward.length ? [e.forwardLabel, e.backwardLabel] : []) for (const c of cards(sc)) assert.ok(!r || !overlap(r, c), `${id}'s text on a card`);
      // Read in order: down the first column, then down the second (each card below the one
      // before it, or at the top of the next column, right of it past the gap).
      const cs = cards(sc);
      let columns = 1;
      for (let k = 1; k < cs.length; k++) {
        if (cs[k].y > cs[k - 1].y) continue;
        columns++;
        assert.ok(left(cs[k]) >= right(cs[k - 1]) + COLUMN_GAP - 0.5, `card ${k} starts the next column right of card ${k - 1}`);
      }
      assert.strictEqual(columns, 2, 'two columns of cards');
      // The arrow that leaves the first column climbs the gap and enters the second from above.
      const climb = [...sc.layout.edges.values()].find((e) => e.forward.some((p, i) => i > 0 && p.y < e.forward[i - 1].y - 50));
      assert.ok(climb, 'one arrow runs up between the columns');
      const top = Math.min(...cs.map((c) => c.y - c.height / 2));
      assert.ok(Math.min(...climb.forward.map((p) => p.y)) < top, 'over the top of the next column');
      assert.ok(climb.backward && Math.min(...climb.backward.map((p) => p.y)) < top, 'its gradient back the same way');
      // Values above their gradients, as in every stacked label.
      for (const e of sc.layout.edges.values()) if (e.forwardLabel && e.backwardLabel && Math.abs(e.forwardLabel.x - e.backwardLabel.x) < 40) assert.ok(e.forwardLabel.y < e.backwardLabel.y);
    });
  }

  it('chosen only where the plain stack does not fit: the 1000×800 side panel keeps one column', () => {
    for (const example of ['two_layer_net.py', 'mnist_batch.py']) {
      const sc = planSceneIn(traced(example), 351, 569, charMeasure);
      assert.strictEqual(sc.presentation.columns, 1, `${example}: ${sc.level}`);
    }
  });

  it('the paused net with the Debug Console open (≈526×345): folded, it shows larger than the plain stack', () => {
    const g = traced(PAUSED_NET);
    const [w, h] = [526, 345];
    const stack = fitZoom(buildScene(g, charMeasure, { ...STACK, room: w - 2 * PAD }).layout, w, h, PAD);
    const sc = planSceneIn(g, w, h, charMeasure);
    const zoom = fitZoom(sc.layout, w, h, PAD);
    assert.ok(sc.presentation.columns > 1, sc.level);
    assert.ok(zoom > stack + 0.1, `folded ${zoom.toFixed(2)} vs the stack ${stack.toFixed(2)}`);
    console.log(`      paused net at ${w}×${h}: ${sc.level}, ${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)}, zoom ${zoom.toFixed(2)} (the stack ${stack.toFixed(2)})`);
  });
  it('the paused net in the Debug Console\'s panel (502×321): small glyphs in two columns, whole at zoom ≥ 1, the ranges left to the details', () => {
    const g = traced(PAUSED_NET);
    const [w, h] = [502, 321];
    const sc = planSceneIn(g, w, h, charMeasure);
    assert.strictEqual(sc.level, 'layer stack, small glyphs, two columns');
    const zoom = fitZoom(sc.layout, w, h, PAD);
    assert.ok(zoom >= 1, `${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)} in ${w}×${h}: zoom ${zoom.toFixed(2)}`);
    const all = boxes(sc.layout);
    for (const [i, [a, ra]] of all.entries()) for (const [b, rb] of all.slice(i + 1)) assert.ok(!overlap(ra, rb), `${a} ${JSON.stringify(ra)} overlaps ${b} ${JSON.stringify(rb)}`);
    // Each big value: one line (name and shape) beside a glyph one line tall; no range on the graph.
    const texts = [...sc.labels.values()].flatMap((l) => [l.forwardShort, l.backwardShort]).filter((s) => s?.glyph);
    assert.ok(texts.length > 8, `${texts.length} glyphs`);
    for (const s of texts) assert.ok(s!.glyphAt === 'line' && !s!.text.includes('\n') && !s!.text.includes('…'), JSON.stringify(s!.text));
  });
  it('the paused net in the 1000×800 window\'s panel above the Debug Console (351×326): tiny glyphs in two columns, whole with its arrows at zoom ≥ 1', () => {
    const g = traced(PAUSED_NET);
    const [w, h] = [351, 326];
    const sc = planSceneIn(g, w, h, charMeasure);
    assert.strictEqual(sc.level, 'layer stack, tiny, two columns');
    // layout.width / height bound every box and every arrow's point (fold.ts placedBounds).
    assert.ok(sc.layout.width + 2 * PAD <= w && sc.layout.height + 2 * PAD <= h, `${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)} in ${w}×${h}`);
    const all = boxes(sc.layout);
    for (const [i, [a, ra]] of all.entries()) for (const [b, rb] of all.slice(i + 1)) assert.ok(!overlap(ra, rb), `${a} ${JSON.stringify(ra)} overlaps ${b} ${JSON.stringify(rb)}`);
    // A gradient by its name beside its glyph (its shape is its value's); every value keeps its shape.
    const texts = [...sc.labels.values()];
    for (const l of texts) if (l.backwardShort?.glyph) assert.ok(!l.backwardShort.text.includes('('), `gradient ${l.backwardShort.text}`);
    for (const l of texts) if (l.forwardShort?.glyph) assert.match(l.forwardShort.text, /\(.*\)/);
    // The run over the second column takes no height of its own: no arrow above the first card.
    const top = Math.min(...cards(sc).map((c) => c.y - c.height / 2));
    for (const e of sc.layout.edges.values()) for (const p of e.forward) assert.ok(p.y >= top - 0.5, `an arrow at y ${p.y} above the cards (${top})`);
  });
  it('mnist_batch.py in the 1000×800 side panel (351×569) in a monospace font of 0.66 em: whole at zoom ≥ 1 (small glyphs)', () => {
    const sc = planSceneIn(traced('mnist_batch.py'), 351, 569, monoMeasure(0.66));
    const zoom = fitZoom(sc.layout, 351, 569, PAD);
    assert.ok(zoom >= 1, `${sc.level}: ${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)}, zoom ${zoom.toFixed(2)}`);
    const all = boxes(sc.layout);
    for (const [i, [a, ra]] of all.entries()) for (const [b, rb] of all.slice(i + 1)) assert.ok(!overlap(ra, rb), `${a} overlaps ${b}`);
  });
});
