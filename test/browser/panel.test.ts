// The panel in a real browser (chromium), outside VS Code: the flow under quick key presses, the
// view following the flow, the details drawer beside the element inspected (never over it), the
// activation curve, and run mode's pass bar. Screenshots go to test-results/browser/.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TraceGraph } from '../../src/engine/graph/graph';
import { affineSoftmax, seedChain, seedParallel } from '../unit/webview/graphs';
import { deltaE, DISTINCT_DE, parseColor, type Rgba } from '../../src/webview/contrast';
import { openPanel, shotPath, showGraph, type ThemeName } from './server';

type Box = { x1: number; y1: number; x2: number; y2: number };

/** Everything the flow decides, read from the canvas's own elements and the status line. */
async function picture(page: Page): Promise<string> {
  return page.evaluate(() => {
    const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
    const els = cy.elements().filter((e) => e.data('edge') !== undefined || e.isNode()).map((e) => `${e.id()}:${e.hasClass('pending') ? 'P' : ''}${e.hasClass('active') ? 'A' : ''}:${e.isNode() ? e.data('label') : ''}`);
    return JSON.stringify({ els: els.sort(), status: document.getElementById('status')?.textContent, pulse: cy.getElementById('__pulse').nonempty() });
  });
}

/** Page-pixel box of an element of the graph (or of every arrow and label of an edge). */
async function boxOf(page: Page, target: { node: string } | { edge: string; dir?: string }): Promise<Box> {
  return page.evaluate((t) => {
    const c = document.getElementById('graph') as HTMLElement & { _cyreg: { cy: import('cytoscape').Core } };
    const cy = c._cyreg.cy;
    const els = 'node' in t ? cy.getElementById(t.node) : cy.elements().filter((e) => e.data('edge') === t.edge && (!t.dir || e.hasClass(t.dir)));
    const bb = els.renderedBoundingBox({});
    const r = c.getBoundingClientRect();
    return { x1: bb.x1 + r.left, y1: bb.y1 + r.top, x2: bb.x2 + r.left, y2: bb.y2 + r.top };
  }, target);
}

async function rect(page: Page, selector: string): Promise<Box> {
  return page.evaluate((s) => {
    const r = (document.querySelector(s) as HTMLElement).getBoundingClientRect();
    return { x1: r.left, y1: r.top, x2: r.right, y2: r.bottom };
  }, selector);
}

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const inside = (a: Box, b: Box, slack = 1) => a.x1 >= b.x1 - slack && a.y1 >= b.y1 - slack && a.x2 <= b.x2 + slack && a.y2 <= b.y2 + slack;

async function posted(page: Page, type: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((t) => (window as unknown as { posted: { type: string }[] }).posted.filter((m) => m.type === t), type) as Promise<Record<string, unknown>[]>;
}

const settle = (page: Page, ms: number) => page.waitForTimeout(ms);

describe('panel in a browser', function () {
  this.timeout(120_000);

  it('two quick Steps leave the same arrows, labels, caches and status as two slow ones', async () => {
    const quick = await openPanel(700, 860);
    const slow = await openPanel(700, 860);
    try {
      for (const p of [quick, slow]) {
        await showGraph(p.page, seedChain());
        await p.page.keyboard.press('Home');
      }
      const atZero = await picture(quick.page);
      // Step 0: no layer shows its cache yet.
      assert.ok(!/mask|out/.test(JSON.parse(atZero).els.filter((e: string) => /^(relu0|sigmoid1):/.test(e)).join()), `cache shown at step 0: ${atZero}`);
      await quick.page.keyboard.press('ArrowRight');
      await quick.page.keyboard.press('ArrowRight');
      await slow.page.keyboard.press('ArrowRight');
      await settle(slow.page, 1200);
      await slow.page.keyboard.press('ArrowRight');
      await settle(slow.page, 1200);
      await settle(quick.page, 1200);
      const a = await picture(quick.page);
      const b = await picture(slow.page);
      assert.equal(a, b);
      assert.ok(!JSON.parse(a).pulse, 'no pulse left behind');
      assert.match(JSON.parse(a).status, /Forward pass: step 2 of 3/);
      // …and ReLU, reached, now shows its cache.
      assert.match(JSON.parse(a).els.find((e: string) => e.startsWith('relu0:')), /mask/);
      const steps = (await posted(quick.page, 'stepped')).map((m) => m.step);
      assert.deepEqual(steps.slice(-2), [1, 2], `stepped: ${steps}`);
    } finally {
      await quick.close();
      await slow.close();
    }
  });

  it('reduced motion: each Step shows its value at once, no pulse, and the status follows', async () => {
    const { page, close } = await openPanel(700, 860, 'dark', true);
    try {
      await showGraph(page, seedParallel());
      await page.keyboard.press('Home');
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      const p = JSON.parse(await picture(page));
      assert.equal(p.pulse, false);
      assert.match(p.status, /Backward pass: step 1 of 4/);
      // The first backward gradient is shown, the next one not yet.
      const mark = (id: string) => (p.els as string[]).find((e) => e.startsWith(`${id}:`))?.split(':')[1];
      assert.equal(mark('e_sigmoid1_y1__bl'), '');
      assert.equal(mark('e_relu0_y0__bl'), 'P');
      assert.equal(mark('e_relu0_y0__b'), 'P');
    } finally {
      await close();
    }
  });

  it('Play keeps the edge being travelled on screen, the backward pass included; Play/Pause never reflow the toolbar', async () => {
    const { page, close } = await openPanel(500, 760);
    try {
      await showGraph(page, seedParallel());
      // Zoom in so the graph no longer fits: only following keeps the arrows in view.
      for (let i = 0; i < 4; i++) await page.keyboard.press('+');
      const playBefore = await rect(page, '#play');
      const stepBefore = await rect(page, '#step');
      await page.keyboard.press('Home');
      const gradPending = () => page.evaluate(() => (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy.getElementById('x__grad').hasClass('pending'));
      assert.equal(await gradPending(), true, 'x\'s summed gradient is not shown before the backward pass');
      await page.click('#play');
      const playing = await rect(page, '#play');
      assert.deepEqual([playing.x2 - playing.x1, stepBefore.x1], [playBefore.x2 - playBefore.x1, (await rect(page, '#step')).x1], 'Play and Pause have the same width');
      assert.doesNotMatch((await page.textContent('#status')) ?? '', /Ready/);
      const graph = await rect(page, '#graph');
      const order = ['forward:e_x_relu0', 'forward:e_x_sigmoid1', 'forward:e_relu0_y0', 'forward:e_sigmoid1_y1', 'backward:e_sigmoid1_y1', 'backward:e_relu0_y0', 'backward:e_x_sigmoid1', 'backward:e_x_relu0'];
      const seen = new Set<number>();
      for (let tries = 0; tries < 200 && seen.size < order.length; tries++) {
        const at = await page.evaluate(() => {
          const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
          const a = cy.edges('.active').first();
          return a.nonempty() ? `${a.hasClass('forward') ? 'forward' : 'backward'}:${a.data('edge')}` : '';
        });
        const i = order.indexOf(at);
        if (i >= 0 && !seen.has(i)) {
          // Wait out the pan (250 ms) before judging where the arrow is.
          await settle(page, 300);
          const [dir, edge] = order[i].split(':');
          const box = await boxOf(page, { edge, dir });
          assert.ok(inside(box, graph, 2), `${order[i]} off screen: ${JSON.stringify(box)} vs ${JSON.stringify(graph)}`);
          seen.add(i);
        }
        await settle(page, 40);
      }
      assert.equal(seen.size, order.length, 'every arrow was seen travelling');
      await page.waitForFunction(() => /complete/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 15_000 });
      assert.equal(await gradPending(), false, 'x\'s summed gradient shows once both dx arrived');
    } finally {
      await close();
    }
  });

  for (const [w, h] of [[700, 860], [500, 760], [1400, 900]] as const) {
    it(`${w}×${h}: the drawer never covers the element inspected; E expands it, Esc returns focus to it`, async () => {
      const { page, close } = await openPanel(w, h);
      try {
        await showGraph(page, seedParallel());
        const node = await boxOf(page, { node: 'sigmoid1' });
        await page.mouse.click((node.x1 + node.x2) / 2, (node.y1 + node.y2) / 2);
        await page.waitForSelector('#details:not([hidden])');
        await settle(page, 300);
        const drawer = await rect(page, '#details');
        const after = await boxOf(page, { node: 'sigmoid1' });
        const graph = await rect(page, '#graph');
        assert.ok(!overlaps(after, drawer), `drawer ${JSON.stringify(drawer)} covers sigmoid1 ${JSON.stringify(after)}`);
        assert.ok(inside(after, graph), 'sigmoid1 is inside the graph area left beside the drawer');
        const side = w >= 900;
        assert.equal(drawer.y1 > graph.y1 + 10, !side, side ? 'wide panel: drawer at the side' : 'narrow or tall panel: drawer at the bottom');
        // The curve is there, with one dot and one tangent per value.
        assert.equal(await page.locator('#details svg.curve circle.curve-dot').count(), 4);
        assert.equal(await page.locator('#details svg.curve line.curve-tangent').count(), 4);
        assert.match((await page.textContent('#details')) ?? '', /Port x: backward matches central differences/);
        assert.equal(await page.evaluate(() => (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy.$('.focused').map((e) => e.id()).join()), 'sigmoid1', 'the selection border is on the element inspected');
        await page.screenshot({ path: shotPath(`drawer-sigmoid-${w}x${h}`) });
        // ReLU's curve: scroll the drawer to it for the picture.
        const relu = await boxOf(page, { node: 'relu0' });
        await page.mouse.click((relu.x1 + relu.x2) / 2, (relu.y1 + relu.y2) / 2);
        await settle(page, 300);
        assert.ok(!overlaps(await boxOf(page, { node: 'relu0' }), await rect(page, '#details')));
        await page.screenshot({ path: shotPath(`drawer-relu-${w}x${h}`) });
        // E right after a click asks the host to expand what the drawer shows.
        await page.keyboard.press('e');
        const expand = await posted(page, 'expand');
        assert.deepEqual(expand.at(-1), { type: 'expand', node: 'relu0', expanded: true });
        await page.keyboard.press('Escape');
        assert.ok(await page.locator('#details').isHidden());
        assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.target), 'node:relu0', 'focus back on the element');
        // The selection border left with the drawer; what remains is the keyboard focus on relu0.
        const marked = () => page.evaluate(() => (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy.$('.focused, :selected').map((e) => e.id()).join());
        assert.equal(await marked(), 'relu0');
      } finally {
        await close();
      }
    });
  }

  for (const theme of ['light', 'hcDark', 'hcLight'] as ThemeName[]) {
    it(`${theme}: gradients drawn red, the inspected node's border in a colour apart from red`, async () => {
      const { page, close } = await openPanel(700, 860, theme);
      try {
        await showGraph(page, seedParallel());
        const node = await boxOf(page, { node: 'sigmoid1' });
        await page.mouse.click((node.x1 + node.x2) / 2, (node.y1 + node.y2) / 2);
        await page.waitForSelector('#details:not([hidden])');
        await settle(page, 300);
        const colours = await page.evaluate(() => {
          const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
          const back = cy.edges('.backward').first();
          return { red: String(back.style('line-color')), border: String(cy.getElementById('sigmoid1').style('border-color')) };
        });
        const rgb = (c: string) => parseColor(c) as Rgba;
        const red = rgb(colours.red);
        assert.ok(red.r > red.g + 60 && red.r > red.b + 40, `backward arrows are red: ${colours.red}`);
        assert.ok(deltaE(rgb(colours.border), red) >= DISTINCT_DE, `focus border ${colours.border} vs gradient ${colours.red}`);
        // The focus rings over the canvas (CSS) take the same colour, set through the CSSOM.
        const ring = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--bpt-accent').trim());
        assert.ok(deltaE(rgb(ring), rgb(colours.border)) < 1, `ring ${ring} vs border ${colours.border}`);
        await page.screenshot({ path: shotPath(`drawer-${theme}-700x860`) });
      } finally {
        await close();
      }
    });
  }

  it('run mode: "Pass 1 of 3" with › posting {type: pass, index: 1}; graph notes under the toolbar', async () => {
    const { page, close } = await openPanel(700, 860);
    try {
      const g: TraceGraph = affineSoftmax();
      await showGraph(page, g);
      assert.equal((await page.textContent('#pass-text'))?.trim(), 'Pass 1 of 3');
      assert.ok(await page.locator('#passPrev').isDisabled());
      await page.click('#passNext');
      assert.deepEqual((await posted(page, 'pass')).at(-1), { type: 'pass', index: 1 });
      assert.equal((await page.textContent('#graph-notes'))?.trim(), 'cells 1-4 run in a fresh process');
      await page.screenshot({ path: shotPath('run-pass-700x860') });
      // A parameter's details: its value W and its gradient dW.
      const w = await boxOf(page, { node: 'affine0_W' });
      await page.mouse.click((w.x1 + w.x2) / 2, (w.y1 + w.y2) / 2);
      await page.waitForSelector('#details:not([hidden])');
      const text = (await page.textContent('#details')) ?? '';
      assert.match(text, /Value: W/);
      assert.match(text, /Gradient: dW/);
      assert.ok(!overlaps(await boxOf(page, { node: 'affine0_W' }), await rect(page, '#details')));
      // Softmax-with-Loss: its notes, and no gradient back into t.
      const sm = await boxOf(page, { node: 'softmaxWithLoss1' });
      await page.mouse.click((sm.x1 + sm.x2) / 2, (sm.y1 + sm.y2) / 2);
      await settle(page, 200);
      const smText = (await page.textContent('#details')) ?? '';
      assert.match(smText, /forward wrote into its argument x/);
      assert.match(smText, /No gradient flows back along this edge/);
      await page.screenshot({ path: shotPath('run-details-700x860') });
    } finally {
      await close();
    }
  });
});
