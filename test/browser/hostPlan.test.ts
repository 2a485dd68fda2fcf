// The host's plan in the page (scene/layout/sent.ts, pageData.ts): the webview takes the host's
// layout over instead of laying the first trace out again. The page here is measured with a font
// advance (0.7 em) other than the browser's monospace (~0.6), so a layout of the webview's own
// would put the nodes elsewhere: the tests fail on a webview that lays out the graph itself, and
// on one that drops the host's frame when the panel's area is not the one the host guessed.
import * as assert from 'node:assert/strict';
import type { Page, Route } from 'playwright-core';
import { FIXTURES } from '../fixtures/graphs';
import { DEFAULT_LOOK, hostFrame } from '../../src/scene/firstFrame';
import { LINKED, openPanelWithPage, shotPath } from './server';

const ADVANCE = 0.7;

/** Holds our script until released, so the page can be looked at as the host wrote it. */
async function holdScript(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(/\/dist\/webview\.js$/, async (route: Route) => {
    await gate;
    await route.continue();
  });
  return () => release();
}

const posted = (page: Page) => page.evaluate(() => (window as unknown as { posted: { type: string }[] }).posted.map((m) => m.type));

/** Each layer's position on the canvas, and the graph area's size. */
function canvasNodes(page: Page): Promise<{ at: Record<string, { x: number; y: number }>; width: number; height: number }> {
  return page.evaluate(() => {
    const c = document.getElementById('graph') as HTMLElement & { _cyreg: { cy: import('cytoscape').Core } };
    const at = Object.fromEntries(c._cyreg.cy.nodes().map((n) => [n.id(), n.position()]));
    return { at, width: c.clientWidth, height: c.clientHeight };
  });
}

describe("the host's plan in the page", function () {
  this.timeout(120_000);

  for (const [name, area] of [['seed', '500x600'], ['affine', '520x600']] as const) {
    it(`${name}, written for ${area}: the host's frame is moved to the panel's area and the canvas takes the host's layout`, async () => {
      let release: () => void = () => undefined;
      const { page, errors, close } = await openPanelWithPage(526, 808, name, async (p) => {
        release = await holdScript(p);
      }, area, 'load', `&advance=${ADVANCE}${LINKED}`);
      try {
        await page.evaluate(() => ((document.querySelector('#graph > svg.first-frame') as unknown as { hostFrame: boolean }).hostFrame = true));
        release();
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 20_000 });
        const [w, h] = area.split('x').map(Number);
        const plan = hostFrame(FIXTURES[name](), w, h, { ...DEFAULT_LOOK, advance: ADVANCE })!.plan;
        const cv = await canvasNodes(page);
        assert.ok(cv.width !== w || cv.height !== h, `the panel's area is the one written for (${cv.width}×${cv.height}): nothing is tested`);
        const placed = plan.layout.nodes.filter(([id]) => cv.at[id]);
        assert.ok(placed.length >= 3, `only ${placed.length} of the plan's nodes are on the canvas`);
        for (const [id, n] of placed) {
          const p = cv.at[id];
          assert.ok(Math.abs(p.x - n.body.x) < 0.01 && Math.abs(p.y - n.body.y) < 0.01, `${id} at ${JSON.stringify(p)} on the canvas, the host placed it at ${n.body.x}, ${n.body.y}`);
        }
        await page.screenshot({ path: shotPath(`host-plan-${name}-${area}`) });
        assert.deepStrictEqual(errors, [], 'page errors');
        assert.ok(!(await posted(page)).includes('error'), 'the webview reported an error');
      } finally {
        release();
        await close();
      }
    });
  }

  it("the host's frame stays, moved to the panel's area, until the canvas", async () => {
    let release: () => void = () => undefined;
    let chunk: () => void = () => undefined;
    const held = new Promise<void>((r) => (chunk = r));
    const setup = async (p: Page) => {
      release = await holdScript(p);
      await p.route(/\/dist\/webview\.cytoscape\.js$/, async (route: Route) => {
        await held;
        await route.continue();
      });
    };
    const { page, close } = await openPanelWithPage(526, 808, 'seed', setup, '500x600', 'load', `&advance=${ADVANCE}${LINKED}`);
    try {
      await page.evaluate(() => ((document.querySelector('#graph > svg.first-frame') as unknown as { hostFrame: boolean }).hostFrame = true));
      release();
      await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'), undefined, { timeout: 20_000 });
      await page.waitForTimeout(200);
      const shown = await page.evaluate(() => {
        const svg = document.querySelector('#graph > svg.first-frame') as (SVGSVGElement & { hostFrame?: boolean }) | null;
        const g = document.getElementById('graph') as HTMLElement;
        return { kept: svg?.hostFrame === true, width: svg?.getAttribute('width'), height: svg?.getAttribute('height'), area: [g.clientWidth, g.clientHeight] };
      });
      assert.ok(shown.kept, "the script drew a first frame of its own over the host's");
      assert.deepStrictEqual([Number(shown.width), Number(shown.height)], shown.area, "the host's frame was not moved to the panel's area");
    } finally {
      chunk();
      release();
      await close();
    }
  });
});
