// The toolbar in a narrow panel (the side panel of a 1000×800 window is about 351×708): one row
// of controls (Play, the steps, the speed, ⋯), the legend on the title's row, and a header short
// enough to leave the graph its height; the overflow menu works by keyboard and every action in
// it does what its button does. A wide panel keeps every control in the row, no ⋯.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { affineSoftmax, seedParallel } from '../unit/webview/graphs';
import { openPanel, shotPath, showGraph } from './server';

/** The header's budget in a narrow panel: title row + controls row + status is about 80 px. */
const NARROW_HEADER_MAX = 96;

type Rect = { top: number; bottom: number; left: number; right: number; height: number };

const rectOf = (page: Page, sel: string) =>
  page.evaluate((s) => (document.querySelector(s) as HTMLElement).getBoundingClientRect().toJSON() as Rect, sel);

/** Whether the element takes up room on screen (not display: none, nor inside something that is). */
const visible = (page: Page, sel: string) => page.evaluate((s) => (document.querySelector(s) as HTMLElement).getClientRects().length > 0, sel);

/** Every control of the toolbar's row that is on screen, with its box. */
const rowControls = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.controls button, .controls select, .controls summary, .controls input'))
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({ id: el.id || el.closest('details')?.id || el.dataset.export || el.tagName, ...(el.getBoundingClientRect().toJSON() as Rect) })),
  );

const zoom = (page: Page) => page.evaluate(() => (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy.zoom());
const focused = (page: Page) => page.evaluate(() => { const a = document.activeElement as HTMLElement | null; return a?.id || a?.closest('details')?.id || a?.dataset.export || a?.tagName; });
const isOpen = (page: Page, id: string) => page.evaluate((i) => (document.getElementById(i) as HTMLDetailsElement).open, id);
const posted = (page: Page, type: string) => page.evaluate((t) => (window as unknown as { posted: { type: string }[] }).posted.filter((m) => m.type === t), type) as Promise<Record<string, unknown>[]>;

/** Waits for the menu opened to have moved focus onto its first item. */
const menuFocused = (page: Page, items: string) =>
  page.waitForFunction((i) => document.getElementById(i)?.contains(document.activeElement), items);

/** Opens ⋯ from the keyboard, then chooses the item by Tab and Enter, as a keyboard user would. */
async function choose(page: Page, itemSelector: string): Promise<void> {
  await page.focus('#more-menu > summary');
  await page.keyboard.press('Enter');
  await menuFocused(page, 'more-items');
  assert.ok(await visible(page, itemSelector), `${itemSelector} is shown in the open menu`);
  const path: string[] = [];
  for (let i = 0; i < 12 && !(await page.evaluate((s) => document.activeElement === document.querySelector(s), itemSelector)); i++) {
    await page.keyboard.press('Tab');
    path.push(String(await focused(page)));
  }
  assert.ok(await page.evaluate((s) => document.activeElement === document.querySelector(s), itemSelector), `Tab reaches ${itemSelector}: ${path.join(' ')}`);
  await page.keyboard.press(itemSelector === '#follow' ? 'Space' : 'Enter');
}

describe('panel in a browser: toolbar', function () {
  this.timeout(120_000);

  it('351×708: one row of controls, legend beside the title, a short header; ⋯ holds the rest', async () => {
    const { page, errors, close } = await openPanel(351, 708);
    try {
      const report = await showGraph(page, seedParallel());
      await page.screenshot({ path: shotPath('toolbar-351x708') });
      const header = await rectOf(page, 'header.toolbar');
      console.log(`      header ${header.height.toFixed(0)} px, graph area ${report.geometry?.viewport.width}×${report.geometry?.viewport.height}`);
      assert.ok(header.height <= NARROW_HEADER_MAX, `header ${header.height} px high (at most ${NARROW_HEADER_MAX})`);
      const row = await rowControls(page);
      assert.deepEqual(row.map((c) => c.id), ['play', 'stepBack', 'step', 'reset', 'speed', 'more-menu'], 'the row holds Play, the steps, the speed and ⋯');
      // One row: every control's box crosses the same horizontal line.
      const line = Math.max(...row.map((c) => c.top));
      for (const c of row) assert.ok(c.top <= line && c.bottom > line && c.right <= 351, `${c.id} ${JSON.stringify(c)} off the row at y=${line}`);
      const title = await rectOf(page, '#title');
      const legend = await rectOf(page, '.legend');
      assert.ok(legend.top < title.bottom && title.top < legend.bottom && legend.right <= 351, `legend ${JSON.stringify(legend)} on the title's row ${JSON.stringify(title)}`);
      assert.equal((await page.innerText('.legend'))?.replace(/\s+/g, ''), 'valuegradient', 'the legend has its short words');
      assert.equal(await page.getAttribute('#title', 'title'), 'seed.py:3:5 — shape (2, 2)', 'the whole title is its tooltip');
      // The speed keeps a name when its word is hidden; ⋯ has one too.
      assert.equal(await page.getAttribute('#speed', 'aria-label'), 'Speed');
      assert.equal(await page.getAttribute('#more-menu > summary', 'aria-label'), 'More actions');
      for (const id of ['zoomIn', 'zoomOut', 'fit', 'pickLayers', 'pickDout', 'follow']) assert.equal(await visible(page, `#${id}`), false, `${id} waits in the menu`);
      // The keys need no menu.
      await page.focus('body');
      const z0 = await zoom(page);
      await page.keyboard.press('+');
      assert.ok((await zoom(page)) > z0, '+ zooms in');
      await page.keyboard.press('0');
      assert.ok(Math.abs((await zoom(page)) - z0) < 1e-6, '0 fits again');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('351×708: ⋯ opens by keyboard, Esc closes it with focus back; each action in it works', async () => {
    const { page, errors, close } = await openPanel(351, 708);
    try {
      await showGraph(page, seedParallel());
      // Enter opens with focus on the first item; Esc closes, focus back on ⋯, the drawer untouched.
      await page.focus('#more-menu > summary');
      await page.keyboard.press('Enter');
      await menuFocused(page, 'more-items');
      assert.equal(await focused(page), 'zoomOut');
      const items = await rectOf(page, '#more-items');
      const graph = await rectOf(page, '#graph');
      assert.ok(items.right <= 351 && items.left >= 0 && items.bottom <= 708 && items.top < graph.top + 10, `the menu ${JSON.stringify(items)} drops down inside the panel`);
      for (const sel of ['#zoomOut', '#zoomIn', '#fit', '#pickLayers', '#pickDout', '#follow', 'button[data-export="png"]', 'button[data-export="numpy"]']) {
        assert.ok(await visible(page, sel), `${sel} in the open menu`);
      }
      assert.equal(await visible(page, '#export-menu > summary'), false, 'Export\'s formats are items of ⋯ itself');
      // The glyph buttons say what they do in the menu.
      const zoomInBox = await rectOf(page, '#zoomIn');
      assert.ok(zoomInBox.right - zoomInBox.left > 60, `zoom in shows its words in the menu (${zoomInBox.right - zoomInBox.left} px wide)`);
      await page.screenshot({ path: shotPath('toolbar-menu-351x708') });
      // ↑ and ↓ move through the items, round at the ends.
      await page.keyboard.press('ArrowDown');
      assert.equal(await focused(page), 'zoomIn');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await focused(page), 'numpy', '↑ from the first item goes to the last');
      await page.keyboard.press('Escape');
      assert.equal(await isOpen(page, 'more-menu'), false, 'Esc closes');
      assert.equal(await focused(page), 'more-menu', 'focus is back on ⋯');
      await page.keyboard.press('Space');
      await menuFocused(page, 'more-items');
      await page.keyboard.press('Escape');

      // Zoom in, out and fit, each chosen from the menu: the zoom changes, then comes back.
      const z0 = await zoom(page);
      await choose(page, '#zoomIn');
      const zIn = await zoom(page);
      assert.ok(zIn > z0, `zoom in from the menu: ${z0} → ${zIn}`);
      assert.equal(await isOpen(page, 'more-menu'), false, 'choosing closes the menu');
      assert.equal(await focused(page), 'more-menu', 'and focus returns to ⋯');
      await choose(page, '#zoomOut');
      assert.ok((await zoom(page)) < zIn, 'zoom out from the menu');
      await choose(page, '#zoomIn');
      await choose(page, '#fit');
      assert.ok(Math.abs((await zoom(page)) - z0) < 1e-6, 'fit from the menu');
      // The pickers and Follow post what their buttons always posted.
      await choose(page, '#pickLayers');
      await choose(page, '#pickDout');
      assert.deepEqual(await posted(page, 'pick'), [{ type: 'pick', what: 'layers' }, { type: 'pick', what: 'dout' }]);
      await choose(page, '#follow');
      assert.deepEqual(await posted(page, 'follow'), [{ type: 'follow', on: true }]);
      assert.equal(await isOpen(page, 'more-menu'), true, 'a checkbox toggles in place: the menu stays open to show it');
      await page.keyboard.press('Escape');
      // Every export format, straight from ⋯.
      for (const format of ['png', 'svg', 'json', 'numpy']) await choose(page, `button[data-export="${format}"]`);
      assert.deepEqual((await posted(page, 'export')).map((m) => m.format), ['png', 'svg', 'json', 'numpy']);
      // A click elsewhere closes it.
      await page.click('#more-menu > summary');
      assert.equal(await isOpen(page, 'more-menu'), true);
      await page.mouse.click(10, 600);
      assert.equal(await isOpen(page, 'more-menu'), false, 'a click on the graph closes the menu');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('351×708: pickers hidden for a trace that is not a literal stay hidden in ⋯', async () => {
    const { page, close } = await openPanel(351, 708);
    try {
      const report = await showGraph(page, affineSoftmax());
      assert.deepEqual(report.pickers, { layers: false, dout: false });
      await page.click('#more-menu > summary');
      await menuFocused(page, 'more-items');
      assert.equal(await visible(page, '#pickLayers'), false);
      assert.equal(await visible(page, '#pickDout'), false);
      assert.ok(await visible(page, '#zoomIn'));
      assert.equal(await focused(page), 'zoomOut');
    } finally {
      await close();
    }
  });

  for (const [w, h] of [[1400, 900], [526, 808]] as const) {
    it(`${w}×${h}: every control in the row as before, no ⋯; Export opens by keyboard, Esc returns focus`, async () => {
      const { page, errors, close } = await openPanel(w, h);
      try {
        await showGraph(page, seedParallel());
        await page.screenshot({ path: shotPath(`toolbar-${w}x${h}`) });
        assert.equal(await visible(page, '#more-menu > summary'), false, 'no overflow button');
        const row = (await rowControls(page)).map((c) => c.id);
        assert.deepEqual(row, ['play', 'stepBack', 'step', 'reset', 'speed', 'zoomOut', 'zoomIn', 'fit', 'pickLayers', 'pickDout', 'follow', 'export-menu']);
        assert.equal((await page.innerText('.legend'))?.replace(/\s+/g, ''), 'forwardvaluebackwardgradient', 'the legend says it in full');
        assert.ok(await visible(page, '.speed-word'), 'the word Speed is shown');
        const z0 = await zoom(page);
        await page.click('#zoomIn');
        assert.ok((await zoom(page)) > z0, 'the zoom button works in the row');
        await page.focus('#export-menu > summary');
        await page.keyboard.press('Enter');
        await menuFocused(page, 'export-items');
        assert.ok(await visible(page, 'button[data-export="svg"]'));
        assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.export), 'png', 'focus on the first format');
        await page.keyboard.press('Escape');
        assert.equal(await isOpen(page, 'export-menu'), false);
        assert.equal(await focused(page), 'export-menu');
        assert.equal(await visible(page, 'button[data-export="svg"]'), false, 'a closed Export shows no formats');
        await page.keyboard.press('Enter');
        await menuFocused(page, 'export-items');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        assert.deepEqual(await posted(page, 'export'), [{ type: 'export', format: 'svg' }]);
        assert.equal(await isOpen(page, 'export-menu'), false);
        assert.equal(await focused(page), 'export-menu');
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }
});
