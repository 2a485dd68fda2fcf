// Compact mode (the last resort of planScene for a graph that fits its panel at 12 px no other
// way): each compaction on its own, the full values kept for the hover and the details, and the
// compact scene smaller than the normal one for the expanded Sigmoid.
import * as assert from 'assert';
import { FIXTURES, parallel, SEED } from '../../fixtures/graphs';
import { BOOK_EXAMPLES, buildExample } from '../../../src/engine/graph/examples';
import { onesDout, precisionFor, sharedValues } from '../../../src/scene/labels';
import { COMPACT_RANKSEP } from '../../../src/scene/layout';
import { lv } from './levels';
import { buildScene, charMeasure } from '../../../src/scene/scene';

const compact = (g = FIXTURES.expandedSigmoid()) => buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true }));
const normal = (g = FIXTURES.expandedSigmoid()) => buildScene(g, charMeasure, lv('TB', { stacked: true }));

describe('webview compact mode', () => {
  it('the dout backward starts from is said on the output edge: `dout = ones`, at a loss the book\'s `dL/dL = 1`, another output\'s `dL/dout = 1`, a chosen dout printed; the hover keeps the array (#21 item 5)', () => {
    const c = compact();
    for (const id of ['e_relu0_y0', 'e_sigmoid1_div_y1']) {
      // The sentence in two lines, no wider than `dout = ones` (two outputs side by side fit a side panel).
      assert.strictEqual(c.labels.get(id)!.backwardShort!.text, 'dout = ones\n(the start\nof backward)');
      assert.strictEqual(c.labels.get(id)!.backward, 'dout\n[[1. 1.]\n [1. 1.]]');
      assert.strictEqual(normal().labels.get(id)!.backwardShort!.text, 'dout = ones\n(the start\nof backward)');
    }
    // At a loss, the book's ∂L/∂L = 1 (the value drawn there is L itself), every level.
    assert.strictEqual(compact(FIXTURES.affine()).labels.get('e_softmaxWithLoss1_L')!.backwardShort!.text, 'dL/dL = 1\n(the start\nof backward)');
    assert.strictEqual(normal(FIXTURES.affine()).labels.get('e_softmaxWithLoss1_L')!.backwardShort!.text, 'dL/dL = 1\n(the start\nof backward)');
    const book = buildExample(BOOK_EXAMPLES.find((e) => e.id === 'apple')!);
    const price = book.edges.find((e) => book.nodes.find((n) => n.id === e.target)?.kind === 'output')!;
    assert.strictEqual(buildScene(book, charMeasure, lv('LR')).labels.get(price.id)!.backwardShort!.text, 'dL/dout = 1\n(the start\nof backward)');
    // A dout that is not all ones is printed under its name (the settings' `dout = x` named so), then the sentence.
    const g = FIXTURES.seed();
    const y = g.edges.find((e) => e.id === 'e_relu0_y0')!;
    assert.ok(onesDout(y, g));
    y.backward = { shape: [2, 2], data: Float64Array.of(1, 2, 1, 1) };
    assert.ok(!onesDout(y, g));
    assert.match(compact(g).labels.get('e_relu0_y0')!.backwardShort!.text, /^dout\n\[\[1\. 2\.\]\n \[1\. 1\.\]\]\n\(the start\nof backward\)$/);
    g.doutSource = 'same';
    assert.match(normal(g).labels.get('e_relu0_y0')!.backwardShort!.text, /^dout = x\n\[\[1\. 2\.\]/);
    g.doutSource = 'selection';
    assert.match(normal(g).labels.get('e_relu0_y0')!.backwardShort!.text, /^dout = the second selection\n\[\[1\. 2\.\][^]*\(the start\nof backward\)$/);
    assert.ok(!onesDout(g.edges.find((e) => e.id === 'e_x_relu0')!, g), 'dx into ReLU is not dout');
  });

  it('x, leaving on two edges, is printed once in its node; those edges show only its name, their gradients stay', () => {
    const c = compact();
    assert.deepStrictEqual(c.nodeText.get('x'), { text: 'x = [[ 1.  -0.5]\n     [ 2.   0. ]]', px: 12 });
    for (const id of ['e_x_relu0', 'e_x_sigmoid1_neg']) {
      const l = c.labels.get(id)!;
      assert.strictEqual(l.forwardShort!.text, 'x');
      assert.strictEqual(l.forward, 'x\n[[ 1.  -0.5]\n [ 2.   0. ]]', 'the hover and details keep the array');
      assert.match(l.backwardShort!.text, /\n\[\[/, 'each edge keeps its own gradient');
    }
    assert.notStrictEqual(c.labels.get('e_x_relu0')!.backwardShort!.text, c.labels.get('e_x_sigmoid1_neg')!.backwardShort!.text);
    assert.deepStrictEqual(normal().nodeText.get('x'), { text: 'x', px: 14 });
    // One edge out (the chain), or a big value (a glyph on each edge already): nothing moves.
    assert.strictEqual(sharedValues(FIXTURES.chain()).size, 0);
    assert.strictEqual(sharedValues(FIXTURES.big()).size, 0);
    assert.deepStrictEqual([...sharedValues(FIXTURES.seed()).keys()], ['x']);
  });

  it('numbers at 3 significant digits, numpy-aligned; the usual 4 otherwise', () => {
    assert.strictEqual(compact().labels.get('e_sigmoid1_div_y1')!.forwardShort!.text, 'y₂\n[[0.731 0.378]\n [0.881 0.5  ]]');
    assert.strictEqual(normal().labels.get('e_sigmoid1_div_y1')!.forwardShort!.text, 'y₂\n[[0.7311 0.3775]\n [0.8808 0.5   ]]');
    assert.strictEqual(compact().labels.get('e_sigmoid1_add1_sigmoid1_div')!.forwardShort!.text, '1+exp(−x)\n[[1.37 2.65]\n [1.14 2.  ]]');
    assert.strictEqual(precisionFor(Float64Array.of(220), 3), 0);
    assert.strictEqual(precisionFor(Float64Array.of(0.25, -0.1966), 3), 3);
    assert.strictEqual(precisionFor(Float64Array.of(0.00123), 3), 4, 'never more digits than the usual');
    assert.strictEqual(precisionFor(Float64Array.of(0, 0), 3), 4);
    // A glyph's min / max too.
    const g = FIXTURES.big();
    const x = g.edges.find((e) => e.id === 'e_x_relu0')!.forward!.data;
    const three = (v: number) => String(Number(v.toPrecision(3)));
    const big = buildScene(g, charMeasure, lv('LR', { compact: true })).labels.get('e_x_relu0')!.forwardShort!.text;
    assert.strictEqual(big, `x (10, 10)\nmin ${three(Math.min(...x))} max ${three(Math.max(...x))}`);
    assert.notStrictEqual(three(Math.min(...x)), String(Number(Math.min(...x).toPrecision(4))), 'the fixture tells 3 digits from 4');
  });

  it("ReLU's mask keeps numpy's print, its rows under the first: three lines, as in a normal scene", () => {
    const c = compact().nodeText.get('relu0')!.text;
    assert.strictEqual(c, 'ReLU\nmask = [[False  True]\n        [False  True]]');
    assert.strictEqual(normal().nodeText.get('relu0')!.text, c);
  });

  it('the compact expanded Sigmoid is narrower and shorter than any other layout of it; a normal scene is not compact', () => {
    const c = compact().layout;
    for (const [o, st] of [['LR', false], ['TB', false], ['TB', true]] as const) {
      const l = buildScene(FIXTURES.expandedSigmoid(), charMeasure, lv(o, { stacked: st })).layout;
      assert.ok(c.width * c.height < l.width * l.height, `compact ${c.width}×${c.height} vs ${o}${st ? ' stacked' : ''} ${l.width}×${l.height}`);
    }
    const n = normal().layout;
    assert.ok(c.width < n.width && c.height < n.height, `compact ${c.width}×${c.height} vs stacked ${n.width}×${n.height}`);
    assert.ok(COMPACT_RANKSEP < 16);
    assert.strictEqual(normal().compact, false);
    assert.strictEqual(compact(parallel(SEED)).compact, true);
  });
});
