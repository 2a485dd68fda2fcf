// Every fixture graph in the panel at the sizes of the side panel in a 1400×900 and a 1000×800
// window, from the webview's own geometry report: every node and label inside the graph area, no
// text under 12 px, no two boxes overlapping, each accessible item over its element; a resize
// re-lays out, the items follow zoom and pan, and the SVG export has its arrowheads.
// Screenshots go to test-results/browser/ (look at them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { RenderReport } from '../../src/protocol';
import { FIXTURES } from '../fixtures/graphs';
import { blankPage, nextReport, openPanel, shotPath, showGraph } from './server';

type Geometry = NonNullable<RenderReport['geometry']>;
type GBox = Geometry['boxes'][number];

/** The panel beside the editor: about half the window, less VS Code's title and tab bars. */
/**
 * Each size with the graphs that must fit whole there: every fixture. In the 351 px side panel
 * fig 5-17's four inputs (orange, orange_num, apple, apple_num: 380 px of names in one rank) and
 * the affine fixture (x (2, 3), W (3, 4)) fit only drawn narrow (scene.ts).
 */
const MUST_FIT = ['seed', 'chain', 'expandedSigmoid', 'expandedRelu', 'apple', 'appleOrange', 'affine', 'big'];
const SIZES = [
  { name: '1400x900', width: 700, height: 860, fit: MUST_FIT },
  { name: '1000x800', width: 500, height: 760, fit: MUST_FIT },
  // The side panel as it opens in a 1000×800 code-server window with the Explorer open (measured).
  { name: '1000x800-side', width: 351, height: 708, fit: MUST_FIT },
];

const inside = (b: GBox, v: { width: number; height: number }) => b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;
/** A layer's card holds its title and its parameters' rows by design (scene/cards.ts): what lies within it (1 px: the border) is no overlap. */
const holds = (a: GBox, b: GBox) => a.id.endsWith('__card') && b.x >= a.x - 1 && b.y >= a.y - 1 && b.x + b.width <= a.x + a.width + 1 && b.y + b.height <= a.y + a.height + 1;
const overlaps = (a: GBox, b: GBox) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

function checkGeometry(g: Geometry | undefined, what: string, mustFit = true): asserts g is Geometry {
  assert.ok(g, `${what}: geometry in the report`);
  assert.ok(g.boxes.length > 0, `${what}: boxes reported`);
  for (const b of mustFit ? g.boxes : []) assert.ok(inside(b, g.viewport), `${what}: ${b.id} ${JSON.stringify(b)} outside ${JSON.stringify(g.viewport)}`);
  assert.ok(g.minFontPx >= 12, `${what}: smallest text ${g.minFontPx} px`);
  for (let i = 0; i < g.boxes.length; i++) {
    for (let j = i + 1; j < g.boxes.length; j++) {
      const [a, b] = [g.boxes[i], g.boxes[j]];
      if (holds(a, b) || holds(b, a)) continue;
      assert.ok(!overlaps(a, b), `${what}: ${g.boxes[i].id} overlaps ${g.boxes[j].id}: ${JSON.stringify([g.boxes[i], g.boxes[j]])}`);
    }
  }
}

/** Each accessible item lies over the element it names (nodes: the same box within 3 px). */
async function checkOverlay(page: Page, g: Geometry, what: string): Promise<void> {
  const items = await page.evaluate(() => {
    const graph = document.getElementById('graph')!.getBoundingClientRect();
    return Array.from(document.querySelectorAll<HTMLElement>('#graph-text li[data-target]')).map((li) => {
      const r = li.getBoundingClientRect();
      return { target: li.dataset.target ?? '', x: r.left - graph.left, y: r.top - graph.top, width: r.width, height: r.height };
    });
  });
  // a card is its layer's frame: the layer's own item names it
  for (const b of g.boxes.filter((x) => x.kind === 'node' && !x.id.endsWith('__card'))) {
    const it = items.find((i) => i.target === `node:${b.id}`);
    assert.ok(it, `${what}: an item for node ${b.id}`);
    // The geometry box includes the node's border and text; the item the node's body.
    assert.ok(Math.abs(it.x + it.width / 2 - (b.x + b.width / 2)) < 3 && Math.abs(it.y + it.height / 2 - (b.y + b.height / 2)) < 3, `${what}: item over ${b.id}: ${JSON.stringify([it, b])}`);
  }
  for (const it of items.filter((i) => i.target.startsWith('edge:'))) {
    const id = it.target.slice(5);
    const labels = g.boxes.filter((b) => b.id === `${id}__fl` || b.id === `${id}__bl`);
    const c = { x: it.x + it.width / 2, y: it.y + it.height / 2 };
    const x1 = Math.min(...labels.map((b) => b.x));
    const x2 = Math.max(...labels.map((b) => b.x + b.width));
    const y1 = Math.min(...labels.map((b) => b.y));
    const y2 = Math.max(...labels.map((b) => b.y + b.height));
    assert.ok(c.x >= x1 && c.x <= x2 && c.y >= y1 && c.y <= y2, `${what}: item over edge ${id}`);
  }
}

const posted = (page: Page, type: string) => page.evaluate((t) => (window as unknown as { posted: { type: string }[] }).posted.filter((m) => m.type === t), type) as Promise<Record<string, unknown>[]>;

describe('panel in a browser: geometry', function () {
  this.timeout(120_000);

  for (const size of SIZES) {
    it(`${size.name} (${size.width}×${size.height}): the fixtures fit, no text under 12 px, nothing overlaps, items over their elements`, async () => {
      const { page, errors, close } = await openPanel(size.width, size.height);
      try {
        for (const name of Object.keys(FIXTURES)) {
          const what = `${name} @ ${size.name}`;
          const report = await showGraph(page, FIXTURES[name]());
          await page.waitForTimeout(300);
          await page.screenshot({ path: shotPath(`${name}-${size.name}`) });
          const g = report.geometry;
          checkGeometry(g, what, size.fit.includes(name));
          console.log(`      ${what}: ${g.orientation} zoom ${g.zoom.toFixed(2)}, smallest text ${g.minFontPx} px, area ${g.viewport.width}×${g.viewport.height}`);
          await checkOverlay(page, g, what);
          if (name === 'big') {
            // Hover on a glyph label: the tooltip holds numpy's whole print of both values.
            const b = g.boxes.find((x) => x.id === 'e_x_relu0__fl')!;
            const graphBox = await page.evaluate(() => document.getElementById('graph')!.getBoundingClientRect().toJSON() as { left: number; top: number });
            await page.mouse.move(graphBox.left + b.x + b.width / 2, graphBox.top + b.y + b.height / 2);
            await page.waitForTimeout(200);
            const tipText = await page.evaluate(() => {
              const t = document.querySelector<HTMLElement>('.graph-tip');
              return t && !t.hidden ? t.textContent : null;
            });
            assert.ok(tipText && /^x\n\[\[ ?-?\d/.test(tipText) && /\n\ndx\n\[\[/.test(tipText), `${what}: hover shows both full values: ${tipText?.slice(0, 80)}`);
            await page.screenshot({ path: shotPath(`${name}-hover-${size.name}`) });
            await page.mouse.move(1, 1);
          }
          assert.deepEqual(await posted(page, 'error'), [], `${what}: no error posted`);
        }
        assert.deepEqual(errors, [], 'no page errors');
      } finally {
        await close();
      }
    });
  }

  it('a problem shown above the graph (a refusal at a breakpoint) re-fits the graph into the room left: every node stays inside', async () => {
    const { page, errors, close } = await openPanel(526, 560);
    try {
      await showGraph(page, FIXTURES.seed());
      // Taller than the room the fit left below the graph: the old code kept the fit, cutting the bottom off.
      const slack = await page.evaluate(() => {
        const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
        const b = cy.elements().renderedBoundingBox({ includeLabels: true, includeOverlays: false });
        return document.getElementById('graph')!.getBoundingClientRect().height - b.y2;
      });
      const sentence = 'cache in the paused frame (paused at learners.py:85, frame `<module>`): a tuple of 3 items of different shapes or kinds ((4, 3), (3, 2), (2,)), not one array: trace one of them, e.g. cache[0]. ';
      const long = sentence.repeat(Math.max(1, Math.ceil((slack + 40) / 32)));
      await page.evaluate((text) => window.postMessage({ type: 'problem', text }, '*'), long);
      await page.waitForTimeout(500);
      const out = await page.evaluate(() => {
        const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
        const area = document.getElementById('graph')!.getBoundingClientRect();
        const outside: string[] = [];
        cy.nodes().forEach((n) => {
          if (n.hasClass('pulse')) return;
          const b = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
          if (b.x1 < -0.5 || b.y1 < -0.5 || b.x2 > area.width + 0.5 || b.y2 > area.height + 0.5) outside.push(`${n.id()} ${JSON.stringify(b)} in ${area.width}×${area.height}`);
        });
        return outside;
      });
      await page.screenshot({ path: shotPath('problem-above-seed-526x560') });
      assert.deepStrictEqual(out, [], 'nodes cut off below the problem line');
      const status = await page.evaluate(() => document.getElementById('status')?.textContent ?? '');
      assert.ok(status.startsWith('cache in the paused frame'), `the problem was replaced by "${status.slice(0, 80)}" when the graph was fitted again`);
      assert.deepStrictEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('re-layout on resize (TB narrow, LR wide); items follow zoom and pan; SVG export with arrowheads', async () => {
    const { page, errors, close } = await openPanel(500, 760);
    try {
      const tall = await showGraph(page, FIXTURES.expandedSigmoid());
      assert.equal(tall.geometry?.orientation, 'TB', 'narrow panel: top to bottom');
      await page.setViewportSize({ width: 1400, height: 520 });
      const wide = await nextReport(page);
      assert.equal(wide.geometry?.orientation, 'LR', 'wide panel: left to right');
      checkGeometry(wide.geometry, 'expandedSigmoid resized to 1400×520');
      await checkOverlay(page, wide.geometry, 'expandedSigmoid resized');
      await page.waitForTimeout(300);
      await page.screenshot({ path: shotPath('expandedSigmoid-resized-1400x520') });
      // Zoom in (the + key) and pan: every node's item follows its node.
      await page.keyboard.press('+');
      await page.mouse.move(700, 300);
      await page.mouse.down();
      await page.mouse.move(640, 260, { steps: 5 });
      await page.mouse.up();
      await page.waitForTimeout(300);
      const drift = await page.evaluate(() => {
        const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
        const graph = document.getElementById('graph')!.getBoundingClientRect();
        let worst = 0;
        cy.nodes().forEach((n) => {
          if (n.hasClass('label') || n.hasClass('pulse')) return;
          const li = document.querySelector<HTMLElement>(`#graph-text li[data-target="node:${n.id()}"]`);
          if (!li) return void (worst = Infinity);
          const r = li.getBoundingClientRect();
          const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
          worst = Math.max(worst, Math.abs(r.left - graph.left - b.x1), Math.abs(r.top - graph.top - b.y1), Math.abs(r.width - b.w), Math.abs(r.height - b.h));
        });
        return { worst, zoom: cy.zoom() };
      });
      assert.ok(drift.worst < 1.5, `items follow their nodes after zoom and pan (worst ${drift.worst} px at zoom ${drift.zoom})`);
      // SVG export next to the canvas: saved to compare by eye (arrowheads, borders, glyphs).
      for (const [i, name] of ['apple', 'affine'].entries()) {
        await showGraph(page, FIXTURES[name]());
        const requestId = 7 + i;
        await page.evaluate((id) => window.postMessage({ type: 'exportImage', format: 'svg', requestId: id }, '*'), requestId);
        await page.waitForFunction((id) => (window as unknown as { posted: { type: string; inReplyTo?: number }[] }).posted.some((m) => m.type === 'exported' && m.inReplyTo === id), requestId);
        const reply = (await posted(page, 'exported')).find((m) => m.inReplyTo === requestId) as { format: string; data: string };
        assert.equal(reply.format, 'svg');
        assert.ok(reply.data.startsWith('<svg') && reply.data.includes('marker-end'), 'svg with arrowheads');
        fs.writeFileSync(shotPath(`${name}-export`).replace(/\.png$/, '.svg'), reply.data);
        await page.screenshot({ path: shotPath(`${name}-canvas-1400x520`) });
        const svgPage = await blankPage();
        await svgPage.setContent(`<body style="margin:0;background:#1e1e1e">${reply.data}</body>`);
        await svgPage.screenshot({ path: shotPath(`${name}-svg`) });
        await svgPage.close();
      }
      assert.deepEqual(errors, [], 'no page errors');
    } finally {
      await close();
    }
  });
});
