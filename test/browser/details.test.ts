// The details drawer on a number (details.ts scalarSection): the value as the program prints it
// and its type, for a Python int, a Python float and a numpy scalar, with no min / max / mean nor
// a one-cell table, at the panel sizes beside an editor in a 1400×900 and a 1000×800 window.
import * as assert from 'node:assert/strict';
import { FIXTURES } from '../fixtures/graphs';
import { openPanel, shotPath, showGraph } from './server';

describe('the details drawer on a number', function () {
  this.timeout(120_000);

  for (const [w, h] of [[526, 808], [351, 708]] as const) {
    it(`${w}×${h}: apple = 100 (int), dapple = 2.2 (float), a numpy float32: value and type, no statistics`, async () => {
      const { page, errors, close } = await openPanel(w, h);
      try {
        const g = FIXTURES.apple();
        const e = g.edges.find((x) => x.id === 'e_apple_mul0')!;
        e.forward = { shape: [], data: Float64Array.of(100), dtype: 'int64', scalar: 'int' };
        e.backward = { shape: [], data: Float64Array.of(2.2), dtype: 'float64', scalar: 'float' };
        const t = g.edges.find((x) => x.id === 'e_apple_num_mul0')!;
        t.forward = { shape: [], data: Float64Array.of(0.10000000149011612), dtype: 'float32', scalar: 'numpy' };
        await showGraph(page, g);
        const read = async (edge: string) => {
          await page.evaluate((id) => {
            const c = document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } };
            c._cyreg.cy.elements().filter((x) => x.data('edge') === id).first().emit('tap');
          }, edge);
          await page.waitForSelector('#details:not([hidden])');
          return page.evaluate(() => Array.from(document.querySelectorAll('#details section.tensor')).map((s) => ({
            pairs: Array.from(s.querySelectorAll('dt')).map((dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`),
            table: s.querySelectorAll('table').length,
            text: s.textContent ?? '',
          })));
        };
        const apple = await read('e_apple_mul0');
        assert.equal(apple.length, 2, JSON.stringify(apple));
        assert.deepEqual(apple.map((s) => s.pairs), [['Value=100', 'Type=int'], ['Value=2.2', 'Type=float']]);
        assert.ok(apple.every((s) => s.table === 0 && !/min|max|mean/i.test(s.text)), JSON.stringify(apple));
        await page.screenshot({ path: shotPath(`details-scalar-${w}x${h}`) });
        const num = await read('e_apple_num_mul0');
        assert.deepEqual(num[0].pairs, ['Value=0.1', 'Type=numpy.float32']);
        assert.deepEqual(errors, [], 'page errors');
      } finally {
        await close();
      }
    });
  }
});
