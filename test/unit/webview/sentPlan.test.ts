// The host's plan in the page (scene/layout/sent.ts): what the webview rebuilds from it is the
// scene the host drew its first frame with, element for element (cards, folded columns and packed
// levels included), through the page's JSON and its guards; it stands only in the plan's size
// class; a malformed plan drops the page's data. Fails on a sceneWithin that lays the graph out
// again (the measure here differs from any layout of the webview's own) or drops the layout.
import * as assert from 'assert';
import { decodePageData, encodePageData } from '../../../src/pageData';
import { elementsOf } from '../../../src/scene/elements';
import { DEFAULT_LOOK, hostFrame, monoMeasure } from '../../../src/scene/firstFrame';
import { adoptedScene, adoptPlan, planFit } from '../../../src/scene/layout/policy';
import { FIXTURES } from '../../fixtures/graphs';
import { traced } from './traced';

const ADVANCE = 0.66;
const look = { ...DEFAULT_LOOK, advance: ADVANCE };
const init = { type: 'init', strings: {}, settings: { layers: 'ReLU, Sigmoid', dout: 'ones', followSelection: false } } as const;

/** The page's data as the host writes it and the webview reads it back. */
function sent(name: string, graph: ReturnType<(typeof FIXTURES)['seed']>, w: number, h: number) {
  const frame = hostFrame(graph, w, h, look);
  assert.ok(frame, `${name}: no first frame`);
  const text = encodePageData({ init, trace: { type: 'trace', graph }, plan: frame.plan });
  assert.ok(text, `${name}: the page's data did not encode`);
  const page = decodePageData(text);
  assert.ok(page?.trace && page.plan, `${name}: the page's data did not read back with its plan`);
  return { frame, page: page as Required<Pick<typeof page, 'trace' | 'plan'>> & typeof page };
}

describe("the host's plan travels with the page", () => {
  const graphs: [string, () => ReturnType<(typeof FIXTURES)['seed']>][] = [
    ...(['seed', 'chain', 'affine', 'big', 'apple'] as const).filter((n) => n in FIXTURES).map((n) => [n, FIXTURES[n]] as [string, () => ReturnType<(typeof FIXTURES)['seed']>]),
    ['cs231n_layers.py', () => traced('cs231n_layers.py')],
  ];
  for (const [name, make] of graphs) {
    it(`${name}: the webview's scene from the plan is the host's, element for element, in 520×640, 351×569 and 900×500`, () => {
      for (const [w, h] of [[520, 640], [351, 569], [900, 500]]) {
        const graph = make();
        const { page } = sent(name, graph, w, h);
        const host = planFit(graph, w, h, monoMeasure(ADVANCE), `mono ${ADVANCE}`);
        adoptPlan(page.trace.graph, page.plan, monoMeasure(page.plan.advance));
        const mine = adoptedScene(page.trace.graph, w, h);
        assert.ok(mine, `${name} in ${w}×${h}: the plan does not stand where it was made`);
        assert.equal(mine.level, host.level);
        assert.deepStrictEqual(elementsOf(mine, () => '').elements, elementsOf(host, () => '').elements, `${name} in ${w}×${h} (${host.level})`);
      }
    });
  }

  it('stands only in its size class', () => {
    const graph = FIXTURES.seed();
    const { page } = sent('seed', graph, 520, 640);
    adoptPlan(page.trace.graph, page.plan, monoMeasure(ADVANCE));
    assert.ok(adoptedScene(page.trace.graph, 526, 698), 'a few pixels more: the same choice');
    // Wide enough for the book's own level, which comes first: the host's choice does not stand.
    assert.equal(adoptedScene(page.trace.graph, 1200, 700), undefined);
    assert.equal(adoptedScene(FIXTURES.seed(), 520, 640), undefined, 'another graph took the plan');
  });

  it('a level the webview does not know is not taken', () => {
    const graph = FIXTURES.seed();
    const { page } = sent('seed', graph, 520, 640);
    adoptPlan(page.trace.graph, { ...page.plan, level: 'from a newer host' }, monoMeasure(ADVANCE));
    assert.equal(adoptedScene(page.trace.graph, 520, 640), undefined);
  });

  it('a malformed plan drops the page\'s data (the webview then waits for the host\'s messages)', () => {
    const graph = FIXTURES.seed();
    const { frame } = sent('seed', graph, 520, 640);
    const good = JSON.parse(encodePageData({ init, trace: { type: 'trace', graph }, plan: frame.plan })!) as { plan: Record<string, unknown> & { layout: Record<string, unknown> } };
    const bad: [string, (p: typeof good.plan) => void][] = [
      ['a position that is not a number', (p) => ((p.layout.nodes as [string, { body: { x: unknown } }][])[0][1].body.x = 'left')],
      ['nodes not as pairs', (p) => (p.layout.nodes = { x: 1 })],
      ['an advance of 50 em', (p) => (p.advance = 50)],
      ['no layout', (p) => ((p as Record<string, unknown>).layout = undefined)],
    ];
    for (const [what, spoil] of bad) {
      const copy = JSON.parse(JSON.stringify(good)) as typeof good;
      spoil(copy.plan);
      assert.equal(decodePageData(JSON.stringify(copy)), undefined, what);
    }
  });
});
