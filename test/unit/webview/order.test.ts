// #21: the book's reading order at every presentation level, for every fixture and book example:
// a layer's ports, and the arrows into them, in the order the book and the code give them (x, W, b;
// x, t; x, y), and fig 5-17's inputs apple, apple num, orange, orange num across the flow, never
// mirrored; and the policy draws left to right wherever that fits at 12 px.
import * as assert from 'assert';
import { BOOK_EXAMPLES, buildExample } from '../../../src/engine/graph/examples';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import { planSceneIn, PAD } from '../../../src/webview/elements';
import { fitZoom, LEVELS, type Layout } from '../../../src/scene/layout';
import { buildScene, charMeasure } from '../../../src/scene/scene';
import { FIXTURES } from '../../fixtures/graphs';

const across = (l: Layout, p: { x: number; y: number }) => (l.orientation === 'LR' ? p.y : p.x);

function graphs(): [string, TraceGraph][] {
  return [...Object.entries(FIXTURES).map(([k, make]): [string, TraceGraph] => [k, make()]), ...BOOK_EXAMPLES.map((ex): [string, TraceGraph] => [`book ${ex.id}`, buildExample(ex)])];
}

describe('webview book order', function () {
  this.timeout(60_000);
  for (const [name, g] of graphs()) {
    it(`${name}: at every level, each layer's ports and the arrows into them in the book's order`, () => {
      for (const { name: level, p } of LEVELS) {
        for (const room of [undefined, 327]) {
          const l = buildScene(g, charMeasure, { ...p, room }).layout;
          for (const n of g.nodes) {
            const placed = l.nodes.get(n.id)!;
            if (placed.ports.length < 2) continue;
            const book = [...(n.inputs ?? []), ...(n.params ?? [])].filter((x) => placed.ports.some((q) => q.name === x));
            const drawn = [...placed.ports].sort((a, b) => across(l, a.at) - across(l, b.at)).map((q) => q.name);
            assert.deepStrictEqual(drawn, book, `${level}${room ? ` in ${room}` : ''}: ${n.id}`);
            // Each arrow ends at its own port: the sources' labels arrive in that order too.
            const ends = g.edges.filter((e) => e.target === n.id).sort((a, b) => book.indexOf(a.targetPort!) - book.indexOf(b.targetPort!)).map((e) => across(l, l.edges.get(e.id)!.forward.at(-1)!));
            assert.deepStrictEqual(ends, [...ends].sort((a, b) => a - b), `${level}: ${n.id} arrows`);
          }
        }
      }
    });
  }

  it("fig 5-17: apple, apple num, orange, orange num in that order across the flow in every panel", () => {
    const g = buildExample(BOOK_EXAMPLES.find((x) => x.id === 'apple_orange')!);
    for (const [w, h] of [[1100, 666], [700, 860], [526, 666], [351, 629]]) {
      const l = planSceneIn(g, w, h, charMeasure).layout;
      const at = ['apple', 'apple_num', 'orange', 'orange_num'].map((id) => across(l, l.nodes.get(id)!.body));
      assert.deepStrictEqual(at, [...at].sort((a, b) => a - b), `${w}×${h} (${l.orientation}): ${at.map((v) => v.toFixed(0)).join(' ')}`);
    }
  });

  it('left to right wherever it fits at 12 px, for every graph in every panel', () => {
    for (const [name, g] of graphs()) {
      for (const [w, h] of [[1100, 666], [700, 860], [526, 666], [351, 629]]) {
        const lr = buildScene(g, charMeasure, { ...LEVELS[0].p, room: h - 2 * PAD }).layout;
        if (fitZoom(lr, w, h, PAD) >= 1) assert.strictEqual(planSceneIn(g, w, h, charMeasure).layout.orientation, 'LR', `${name} ${w}×${h}`);
      }
    }
  });
});
