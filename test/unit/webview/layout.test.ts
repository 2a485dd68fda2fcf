// The layout of every fixture graph, in both orientations, from its geometry: every edge drawn,
// no text box overlapping another or a node, no arrow through a text, ports distinct and labelled,
// and the orientation rule (LR for a wide panel, TB for a narrow one).
import * as assert from 'assert';
import { buildTrace } from '../../../src/engine';
import { FIXTURES } from '../../fixtures/graphs';
import { fitZoom, LEVELS, type Layout, type Point, type Rect } from '../../../src/scene/layout';
import { planSceneIn, PAD } from '../../../src/webview/elements';
import { lv, type Try } from './levels';
import { buildScene, charMeasure, type Scene } from '../../../src/scene/scene';

const overlap = (a: Rect, b: Rect, slack = 0.5) =>
  Math.abs(a.x - b.x) * 2 < a.width + b.width - slack && Math.abs(a.y - b.y) * 2 < a.height + b.height - slack;

/** Text boxes and node boxes of a layout, each named; tight: an edge's texts drawn by its source node. */
function boxes(l: Layout, scene?: Scene): { id: string; r: Rect; text: boolean }[] {
  const beside = scene?.beside ?? new Map();
  // Such a node's extra box is those texts, listed with the edge below.
  const holders = new Set(scene?.graph.edges.filter((e) => beside.has(e.id)).map((e) => e.source));
  const out: { id: string; r: Rect; text: boolean }[] = [];
  for (const [id, n] of l.nodes) {
    out.push({ id, r: n.body, text: false });
    if (n.extra && !holders.has(id)) out.push({ id: `${id}__grad`, r: n.extra, text: true });
  }
  for (const [id, e] of l.edges) {
    const { forwardLabel, backwardLabel } = beside.get(id) ?? e;
    if (forwardLabel) out.push({ id: `${id}__fl`, r: forwardLabel, text: true });
    if (backwardLabel) out.push({ id: `${id}__bl`, r: backwardLabel, text: true });
  }
  return out;
}

/** Does the segment p–q pass through the inside of r (shrunk by 1 px so touching is fine)? */
function crosses(p: Point, q: Point, r: Rect): boolean {
  const [x1, x2, y1, y2] = [r.x - r.width / 2 + 1, r.x + r.width / 2 - 1, r.y - r.height / 2 + 1, r.y + r.height / 2 - 1];
  // Liang–Barsky clipping.
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  for (const [pk, qk] of [[-dx, p.x - x1], [dx, x2 - p.x], [-dy, p.y - y1], [dy, y2 - p.y]]) {
    if (pk === 0) {
      if (qk < 0) return false;
    } else {
      const t = qk / pk;
      if (pk < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

describe('webview layout', () => {
  it('stacking the texts in TB makes the side-by-side seed trace narrower (a narrow side panel fits it)', () => {
    for (const name of Object.keys(FIXTURES)) {
      const g = FIXTURES[name as keyof typeof FIXTURES]();
      const tb = buildScene(g, charMeasure, lv('TB')).layout;
      const st = buildScene(g, charMeasure, lv('TB', { stacked: true })).layout;
      assert.ok(st.stacked && !tb.stacked);
      assert.ok(st.width <= tb.width + 0.5, `${name}: stacked ${st.width} vs ${tb.width}`);
    }
    const seed = Object.keys(FIXTURES).find((k) => /seed/i.test(k));
    assert.ok(seed, Object.keys(FIXTURES).join(', '));
    const g = FIXTURES[seed as keyof typeof FIXTURES]();
    assert.ok(buildScene(g, charMeasure, lv('TB', { stacked: true })).layout.width < 0.8 * buildScene(g, charMeasure, lv('TB')).layout.width);
  });

  it('stacked: only labels sharing their rank stack their texts; one alone keeps them side by side, one text high', () => {
    const l = buildScene(FIXTURES.expandedSigmoid(), charMeasure, lv('TB', { stacked: true })).layout;
    const side = (id: string) => {
      const e = l.edges.get(id)!;
      return Math.abs(e.forwardLabel!.y - e.backwardLabel!.y) < 0.5 && e.forwardLabel!.x < e.backwardLabel!.x;
    };
    // ReLU's edges run beside ×(−1)'s: stacked. Further down the primitive chain is alone.
    assert.strictEqual(side('e_x_relu0'), false);
    assert.strictEqual(side('e_x_sigmoid1_neg'), false);
    assert.strictEqual(side('e_sigmoid1_exp_sigmoid1_add1'), true);
    assert.strictEqual(side('e_sigmoid1_add1_sigmoid1_div'), true);
    const all = buildScene(FIXTURES.expandedSigmoid(), charMeasure, lv('TB')).layout;
    assert.ok(l.width < all.width, `stacked ${l.width}×${l.height}, side by side ${all.width}×${all.height}`);
  });

  const MODES = [['LR', false, false], ['TB', false, false], ['TB', true, false], ['LR', false, true], ['TB', false, true], ['TB', true, true]] as const;
  for (const [name, make] of Object.entries(FIXTURES)) {
    // Each also packed into a room narrower than any of them (pack.ts): the same guarantees hold.
    // And the narrow tries (scene.ts), each variant.
    const narrows: NonNullable<Try['narrow']>[] = [{}, { above: true }, { wide: true }];
    const modes = [...MODES.map(([o, s, c]) => [o, s, c, false, undefined] as const), ['TB', true, true, true, undefined] as const, ...narrows.map((n) => ['TB', true, true, true, n] as const)];
    for (const [o, stacked, compact, tight, narrow, room] of modes.flatMap(([o, s, c, t, n]) => [[o, s, c, t, n, undefined], [o, s, c, t, n, 200]] as const)) {
      it(`${name} ${o}${stacked ? ' stacked' : ''}${compact ? ' compact' : ''}${tight ? ' tight' : ''}${narrow ? ` narrow ${JSON.stringify(narrow)}` : ''}${room ? ` packed into ${room}` : ''}: every edge drawn, no text overlaps a text or a node, no arrow through a text`, () => {
        const g = make();
        const scene = buildScene(g, charMeasure, lv(o, { stacked, compact, tight, room, narrow }));
        const l = scene.layout;
        if (room) {
          const free = buildScene(g, charMeasure, lv(o, { stacked, compact, tight, narrow })).layout;
          const across = (x: Layout) => (o === 'LR' ? x.height : x.width);
          assert.ok(across(l) <= across(free) + 0.5, `packed ${across(l)} vs ${across(free)} across`);
          // Narrow: the room also decides which texts stack (layout.ts unstackNarrow), so the ranks' lengths along the flow may change.
          if (!narrow) assert.ok(Math.abs((o === 'LR' ? l.width : l.height) - (o === 'LR' ? free.width : free.height)) < 0.5, 'the ranks stay where they were');
        }
        assert.strictEqual(l.edges.size, g.edges.length);
        assert.strictEqual(l.nodes.size, g.nodes.length);
        const all = boxes(l, scene);
        for (let i = 0; i < all.length; i++) {
          for (let j = i + 1; j < all.length; j++) {
            assert.ok(!overlap(all[i].r, all[j].r), `${all[i].id} overlaps ${all[j].id}: ${JSON.stringify(all[i].r)} ${JSON.stringify(all[j].r)}`);
          }
        }
        for (const ge of g.edges) {
          const e = l.edges.get(ge.id)!;
          assert.ok(e.forward.length >= 2, `${ge.id} has a forward arrow`);
          assert.strictEqual(!!e.backward, !!ge.backward, `${ge.id}: a backward arrow exactly when a gradient flows`);
          for (const line of [e.forward, e.backward ?? []]) {
            for (let k = 1; k < line.length; k++) {
              for (const b of all) if (b.text) assert.ok(!crosses(line[k - 1], line[k], b.r), `${ge.id} arrow crosses ${b.id}`);
            }
          }
          // Arrows start at the source's side and end at the target's, at the port's slot.
          const s = l.nodes.get(ge.source)!.body;
          const t = l.nodes.get(ge.target)!.body;
          const [a, z] = [e.forward[0], e.forward[e.forward.length - 1]];
          if (o === 'LR') {
            assert.ok(Math.abs(a.x - (s.x + s.width / 2)) < 0.01 && Math.abs(z.x - (t.x - t.width / 2)) < 0.01, `${ge.id} ends on the nodes' sides`);
          } else {
            assert.ok(Math.abs(a.y - (s.y + s.height / 2)) < 0.01 && Math.abs(z.y - (t.y - t.height / 2)) < 0.01, `${ge.id} ends on the nodes' sides`);
          }
        }
      });
    }
  }

  it('packed: the expanded Sigmoid beside ReLU fits a 1000×800 window\'s side panel across (327 px); a graph that fits is left as it is', () => {
    const g = buildTrace({ shape: [2, 2], data: Float64Array.of(1, -0.5, 2, 0) }, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 'seed.py:3:5', { expanded: new Set(['sigmoid1']) });
    const free = buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true })).layout;
    const packed = buildScene(g, charMeasure, lv('TB', { stacked: true, compact: true, room: 327 })).layout;
    assert.ok(free.width > 360, `dagre alone: ${free.width}`);
    assert.ok(packed.width <= 327.5, `packed: ${packed.width}`);
    // Order within each rank is kept: ReLU's column stays right of the primitive chain.
    assert.ok(packed.nodes.get('relu0')!.body.x > packed.nodes.get('sigmoid1_neg')!.body.x);
    const apple = buildScene(FIXTURES.apple(), charMeasure, lv('TB', { stacked: true })).layout;
    const same = buildScene(FIXTURES.apple(), charMeasure, lv('TB', { stacked: true, room: apple.width + 10 })).layout;
    assert.deepStrictEqual([...same.nodes.values()].map((n) => n.body), [...apple.nodes.values()].map((n) => n.body));
  });

  it('ports: Mul x and y, Affine x, W, b and Softmax-with-Loss x, t land on distinct labelled slots', () => {
    for (const [make, node, ports] of [
      [FIXTURES.apple, 'mul0', ['x', 'y']],
      [FIXTURES.apple, 'mul1', ['x', 'y']],
      [FIXTURES.affine, 'affine0', ['x', 'W', 'b']],
      [FIXTURES.affine, 'softmaxWithLoss1', ['x', 't']],
    ] as const) {
      for (const o of ['LR', 'TB'] as const) {
        const g = make();
        const l = buildScene(g, charMeasure, lv(o)).layout;
        const n = l.nodes.get(node)!;
        assert.deepStrictEqual(n.ports.map((p) => p.name).sort(), [...ports].sort());
        const into = g.edges.filter((e) => e.target === node);
        const ends = into.map((e) => {
          const f = l.edges.get(e.id)!.forward;
          assert.strictEqual(l.edges.get(e.id)!.port, e.targetPort);
          const end = f[f.length - 1];
          const port = n.ports.find((p) => p.name === e.targetPort)!;
          // The arrow arrives at its own port's slot (forward lane is LANE beside the slot).
          assert.ok(Math.hypot(end.x - port.at.x, end.y - port.at.y) <= 6.01, `${e.id} lands on port ${e.targetPort}`);
          return o === 'LR' ? end.y : end.x;
        });
        assert.strictEqual(new Set(ends.map((v) => Math.round(v))).size, ends.length, `${node} ${o}: distinct slots`);
        // Each port's name is drawn inside the node.
        for (const p of n.ports) assert.ok(Math.abs(p.label.x - n.body.x) * 2 <= n.body.width && Math.abs(p.label.y - n.body.y) * 2 <= n.body.height);
      }
    }
  });

  it('the summed gradient of x (branching to ReLU and Sigmoid) sits with x, not for apple (one edge each)', () => {
    const seed = buildScene(FIXTURES.seed(), charMeasure, lv('LR'));
    assert.ok(seed.layout.nodes.get('x')!.extra);
    // #21: it says it is the sum of the edges' gradients, then the sum.
    assert.match(seed.grads.get('x')!.text, /^dx: sum of 2 edges\n\[\[1\.1966 0\.235 \]\n \[1\.105  0\.25  \]\]$/);
    const apple = buildScene(FIXTURES.apple(), charMeasure, lv('LR'));
    assert.strictEqual(apple.grads.size, 0);
  });

  it('orientation (#21: the book\'s direction wherever it fits at 12 px): LR in a wide panel, TB in a tall narrow one, for the expanded Sigmoid', () => {
    const g = FIXTURES.expandedSigmoid();
    const lr = buildScene(g, charMeasure, lv('LR')).layout;
    const tb = buildScene(g, charMeasure, lv('TB')).layout;
    assert.ok(lr.width > lr.height && tb.height > tb.width, 'LR runs along x, TB along y');
    assert.strictEqual(planSceneIn(g, 1400, 500, charMeasure).layout.orientation, 'LR');
    assert.strictEqual(planSceneIn(g, 500, 900, charMeasure).layout.orientation, 'TB');
    // Left to right wherever it fits at 12 px, even where top to bottom would be larger.
    for (const [w, h] of [[700, 760], [1100, 666], [526, 666], [351, 629]]) {
      const fitsLR = fitZoom(buildScene(g, charMeasure, lv('LR', { room: h - 2 * PAD })).layout, w, h, PAD) >= 1;
      if (fitsLR) assert.strictEqual(planSceneIn(g, w, h, charMeasure).layout.orientation, 'LR', `${w}×${h}`);
    }
  });
  // The levels no old try covers (every array a glyph): the same guarantees, free and packed.
  for (const { name: level, p } of LEVELS.filter((x) => x.p.arrays === 'glyph')) {
    for (const [name, make] of Object.entries(FIXTURES)) {
      it(`${name} at level "${level}": no text overlaps a text or a node, no arrow through a text`, () => {
        for (const room of [undefined, 200]) {
          const scene = buildScene(make(), charMeasure, { ...p, room });
          const all = boxes(scene.layout, scene);
          for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) assert.ok(!overlap(all[i].r, all[j].r), `${all[i].id} overlaps ${all[j].id}`);
          for (const [id, e] of scene.layout.edges) {
            for (const line of [e.forward, e.backward ?? []]) for (let k = 1; k < line.length; k++) for (const b of all) if (b.text) assert.ok(!crosses(line[k - 1], line[k], b.r), `${id} arrow crosses ${b.id}`);
          }
        }
      });
    }
  }
});
