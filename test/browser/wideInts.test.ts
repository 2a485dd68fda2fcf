// A wide int64 array on the graph (the paused `ids = np.array([7, 2**60 + 1, -(2**62) - 3])`,
// traced like a literal): its labels, 20 digits an element, are read whole inside the graph area
// at the side panel's sizes in a 1400×900 and a 1000×800 window, with the program's digits (not
// their float64's), or, in the narrowest panel, long ones cut with a `…` and every digit in the
// details one click away. From the webview's own geometry report; screenshots in test-results/browser/.
import * as assert from 'node:assert/strict';
import { IDS, IDS_EXACT, idsGraph } from '../fixtures/graphs';
import { openPanel, shotPath, showGraph } from './server';

describe('a wide int64 array on the graph', function () {
  this.timeout(120_000);

  it("a big int64 array's min and max past 2**53, float64s from the host, are marked ≈ in the drawer; its sampled cells keep their digits", async () => {
    const { page, errors, close } = await openPanel(526, 808);
    try {
      const g = idsGraph();
      const e = g.edges.find((x) => x.id === 'e_x_relu0')!;
      // 20,000 elements, as the tracer sends a big array: a strided sample, numpy's text, stats of all of them
      e.forward = {
        shape: [20_000], data: Float64Array.from(IDS), dtype: 'int64', exact: IDS_EXACT,
        preview: { text: '[ 7 1152921504606846977 -4611686018427387907 ... 7 7 7]', min: IDS[2], max: IDS[1], mean: 0, sampleShape: [3], strides: [1] },
      };
      await showGraph(page, g);
      await page.evaluate(() => {
        const c = document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } };
        c._cyreg.cy.elements().filter((x) => x.data('edge') === 'e_x_relu0').first().emit('tap');
      });
      await page.waitForSelector('#details:not([hidden])');
      const drawer = await page.evaluate(() => document.querySelector('#details section.tensor')?.textContent ?? '');
      assert.ok(drawer.includes('min≈ -4611686018427387904max≈ 1152921504606846976'), drawer);
      assert.ok(drawer.includes('71152921504606846977-4611686018427387907'), `the sampled cells: ${drawer}`);
      assert.deepEqual(errors, [], 'page errors');
    } finally {
      await close();
    }
  });

  for (const [name, w, h] of [['1400x900', 700, 860], ['1000x800', 500, 760], ['1000x800-side', 351, 708]] as const) {
    it(`${name} (${w}×${h}): every label inside the graph area, x's with the program's digits`, async () => {
      const { page, errors, close } = await openPanel(w, h);
      try {
        const report = await showGraph(page, idsGraph());
        await page.screenshot({ path: shotPath(`wide-ints-${name}`) });
        const g = report.geometry!;
        for (const b of g.boxes) {
          const inside = b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= g.viewport.width + 0.5 && b.y + b.height <= g.viewport.height + 0.5;
          assert.ok(inside, `${b.id} ${JSON.stringify(b)} outside ${JSON.stringify(g.viewport)}`);
        }
        const x = report.edges.find((e) => e.id === 'e_x_relu0')!.forward;
        assert.ok(x.includes('1152921504606846977') && x.includes('-4611686018427387907'), x);
        assert.ok(g.minFontPx >= 12, `smallest text ${g.minFontPx} px`);
        // what is drawn: every digit, or (the side panel) long ones cut with a clear `…`, never cut off unmarked
        const drawn = await page.evaluate(() => {
          const c = document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } };
          return c._cyreg.cy.nodes('#x').data('label') as string;
        });
        const whole = ['1152921504606846977', '-4611686018427387907'].every((d) => drawn.includes(d));
        assert.ok(whole || (w < 400 && drawn.includes('1152…977') && drawn.includes('-4611…907')), `x's node: ${drawn}`);
        // one click away: the drawer on x's edge has every digit, in its cells and its min / max
        await page.evaluate(() => {
          const c = document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } };
          c._cyreg.cy.elements().filter((x) => x.data('edge') === 'e_x_relu0').first().emit('tap');
        });
        await page.waitForSelector('#details:not([hidden])');
        const drawer = await page.evaluate(() => document.querySelector('#details section.tensor')?.textContent ?? '');
        assert.ok(drawer.includes('min-4611686018427387907max1152921504606846977'), drawer);
        assert.ok(drawer.includes('1152921504606846977') && !drawer.includes('1152921504606846976'), drawer);
        await page.screenshot({ path: shotPath(`wide-ints-details-${name}`) });
        assert.deepEqual(errors, [], 'page errors');
      } finally {
        await close();
      }
    });
  }
});
