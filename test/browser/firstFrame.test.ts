// The first frame in a real browser under the panel's real CSP: the trace drawn as an SVG while
// cytoscape's chunk is held back, then the canvas taking over at the same zoom and pan, with
// what was asked for in between (a key, a button, an export) done once it is there, and no CSP
// violation anywhere. Screenshots (out/browser/shots/first-frame-*.png) of both, compared here.
import * as assert from 'node:assert/strict';
import type { Page, Route } from 'playwright-core';
import { FIXTURES } from '../fixtures/graphs';
import { LINKED, openPanel, openPanelWithPage, postGraph, shotPath } from './server';

interface Held {
  release(): void;
  /** Whether the page asked for the chunk (it should, at once). */
  asked(): boolean;
}

/** Holds cytoscape's chunk back until released; notes CSP violations and page errors. */
function holdChunk(): { held: Held; setup: (page: Page) => Promise<void> } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let asked = false;
  return {
    held: { release: () => release(), asked: () => asked },
    setup: async (page) => {
      await page.route(/\/dist\/webview\.cytoscape\.js$/, async (route: Route) => {
        asked = true;
        await gate;
        await route.continue();
      });
      await page.addInitScript(() => {
        const w = window as unknown as { violations: string[] };
        w.violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
    },
  };
}

const postTrace = (page: Page, name: keyof typeof FIXTURES) => postGraph(page, FIXTURES[name]());

const posted = (page: Page, type: string) =>
  page.evaluate((t) => (window as unknown as { posted: { type: string }[] }).posted.filter((m) => m.type === t), type) as Promise<Record<string, unknown>[]>;

/** The zoom and pan the first frame's SVG shows (its viewBox over the graph area). */
async function svgView(page: Page): Promise<{ zoom: number; x: number; y: number }> {
  return page.evaluate(() => {
    const svg = document.querySelector('#graph > svg.first-frame') as SVGSVGElement;
    const [vx, vy, vw] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
    const zoom = Number(svg.getAttribute('width')) / vw;
    return { zoom, x: -vx * zoom, y: -vy * zoom };
  });
}

async function canvasView(page: Page): Promise<{ zoom: number; x: number; y: number }> {
  return page.evaluate(() => {
    const cy = (document.getElementById('graph') as unknown as { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
    return { zoom: cy.zoom(), ...cy.pan() };
  });
}

/** The text items' boxes (the accessible layer over the graph), by target. */
async function itemBoxes(page: Page): Promise<Record<string, { x: number; y: number; w: number; h: number; hidden: boolean }>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll<HTMLElement>('#graph-text [data-target]')).map((li) => {
        const r = li.getBoundingClientRect();
        return [li.dataset.target, { x: r.left, y: r.top, w: r.width, h: r.height, hidden: li.hidden }];
      }),
    ),
  );
}

/** Share of the graph area's pixels that differ clearly between two screenshots (PNG). */
async function differing(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([x, y]) => {
      const load = (src: string) =>
        new Promise<HTMLImageElement>((ok, fail) => {
          const img = new Image();
          img.onload = () => ok(img);
          img.onerror = fail;
          img.src = src;
        });
      const [ia, ib] = await Promise.all([load(x), load(y)]);
      const px = (img: HTMLImageElement) => {
        const c = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
        const ctx = c.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height).data;
      };
      const [da, db] = [px(ia), px(ib)];
      let n = 0;
      for (let i = 0; i < da.length; i += 4) if (Math.max(Math.abs(da[i] - db[i]), Math.abs(da[i + 1] - db[i + 1]), Math.abs(da[i + 2] - db[i + 2])) > 96) n++;
      return n / (da.length / 4);
    },
    [`data:image/png;base64,${a.toString('base64')}`, `data:image/png;base64,${b.toString('base64')}`],
  );
}

describe('first frame in a browser', function () {
  this.timeout(120_000);

  for (const name of ['seed', 'big', 'affine'] as const) {
    it(`${name}: the SVG first, then the canvas at the same zoom and pan, items in place, no CSP violation`, async () => {
      const { held, setup } = holdChunk();
      const { page, close } = await openPanel(1400, 900, 'dark', false, setup, LINKED);
      try {
        await postTrace(page, name);
        await page.waitForSelector('#graph > svg.first-frame');
        assert.ok(held.asked(), 'the chunk was not asked for while the first frame was drawn');
        assert.deepStrictEqual(await posted(page, 'rendered'), [], 'reported rendered before the canvas was there');
        const svg = await page.evaluate(() => {
          const s = document.querySelector('#graph > svg.first-frame') as SVGSVGElement;
          const g = (document.getElementById('graph') as HTMLElement).getBoundingClientRect();
          const sizes = Array.from(s.querySelectorAll('text')).map((t) => t.getBoundingClientRect().height);
          return { texts: s.querySelectorAll('text').length, images: s.querySelectorAll('image').length, w: s.getBoundingClientRect().width, gw: g.width, title: document.getElementById('title')?.textContent, minText: Math.min(...sizes) };
        });
        assert.ok(svg.texts > 5, `only ${svg.texts} texts in the first frame`);
        assert.ok(Math.abs(svg.w - svg.gw) < 1, `the SVG is ${svg.w} px wide in a ${svg.gw} px area`);
        assert.ok(svg.title && svg.title.length > 0, 'no title in the first frame');
        // 12 px text (line boxes a little taller): nothing drawn smaller than the canvas will.
        assert.ok(svg.minText >= 12, `a text ${svg.minText} px tall in the first frame`);
        if (name === 'big') assert.ok(svg.images >= 4, `${svg.images} glyphs in the first frame`);
        const before = await itemBoxes(page);
        assert.ok(Object.values(before).length > 3 && Object.values(before).every((b) => !b.hidden && b.w > 1 && b.h > 1), 'text items not over the first frame');
        const view = await svgView(page);
        const firstShot = await page.screenshot({ path: shotPath(`first-frame-${name}-svg`) });

        // Asked for before the canvas is there: done once it is, in order, not lost.
        await page.keyboard.press('Home');
        await page.evaluate(() => window.postMessage({ type: 'exportImage', format: 'svg', requestId: 7 }, '*'));
        held.release();
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 20_000 });
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'exported'), undefined, { timeout: 10_000 });
        assert.equal(await page.locator('#graph > svg.first-frame').count(), 0, 'the first frame stayed after the hand-over');
        const cv = await canvasView(page);
        assert.ok(Math.abs(cv.zoom - view.zoom) / view.zoom < 0.002, `zoom ${view.zoom} in the first frame, ${cv.zoom} on the canvas`);
        assert.ok(Math.abs(cv.x - view.x) < 0.75 && Math.abs(cv.y - view.y) < 0.75, `pan ${JSON.stringify(view)} → ${JSON.stringify(cv)}`);
        const after = await itemBoxes(page);
        for (const [k, b] of Object.entries(before)) {
          const a = after[k];
          assert.ok(a && Math.abs(a.x - b.x) < 1.5 && Math.abs(a.y - b.y) < 1.5 && Math.abs(a.w - b.w) < 3 && Math.abs(a.h - b.h) < 3, `${k}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
        }
        const [report] = (await posted(page, 'rendered')) as { report: { firstFrameMs?: number; drawMs?: number } }[];
        assert.ok(typeof report.report.firstFrameMs === 'number' && report.report.firstFrameMs <= (report.report.drawMs ?? 0), `firstFrameMs ${report.report.firstFrameMs}, drawMs ${report.report.drawMs}`);
        // Home before the hand-over: the flow went back to the start once the canvas was there.
        const stepped = await posted(page, 'stepped');
        assert.ok(stepped.some((m) => m.step === 0), `Home was lost: ${JSON.stringify(stepped)}`);
        const [exported] = await posted(page, 'exported');
        assert.match(String(exported.data), /^<svg /);
        assert.equal(exported.inReplyTo, 7);

        // The same picture: End back to fully travelled, then the canvas's screenshot.
        await page.keyboard.press('End');
        await page.waitForTimeout(400); // the labels' 200 ms fade back in
        const canvasShot = await page.screenshot({ path: shotPath(`first-frame-${name}-canvas`) });
        const diff = await differing(page, firstShot, canvasShot);
        assert.ok(diff < 0.01, `${(diff * 100).toFixed(2)} % of the pixels differ between the first frame and the canvas`);
        const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
        assert.deepStrictEqual(violations, [], 'CSP violations');
        assert.equal((await posted(page, 'error')).length, 0, 'the webview reported an error');
      } finally {
        held.release();
        await close();
      }
    });
  }

  // The panel beside an editor in a 1400×900 window (526×808) and in a 1000×800 one (500×760, 351×708 beside a wide editor).
  for (const [name, w, h] of [['seed', 526, 808], ['big', 500, 760], ['affine', 351, 708]] as const) {
    it(`${name} at ${w}×${h}, the first trace in the page: drawn by the load event with no message, then the canvas at the same zoom and pan`, async () => {
      const { held, setup } = holdChunk();
      const { page, errors, close } = await openPanelWithPage(w, h, name, setup, undefined, 'load', LINKED);
      try {
        // At the load event (when VS Code shows a new webview's frame): the first frame is there.
        const shown = await page.evaluate(() => ({
          svg: document.querySelectorAll('#graph > svg.first-frame text').length,
          trace: document.body.classList.contains('has-trace'),
          title: document.getElementById('title')?.textContent ?? '',
          play: document.getElementById('play-text')?.textContent ?? '',
          posted: (window as unknown as { posted: { type: string }[] }).posted.map((m) => m.type),
        }));
        assert.ok(shown.svg > 5 && shown.trace, `no first frame at the load event: ${JSON.stringify(shown)}`);
        assert.ok(shown.title.startsWith(FIXTURES[name]().title), `title "${shown.title}"`);
        assert.ok(shown.play.length > 0, 'the toolbar has no words at the load event');
        // The script is added after the load event (html.ts): once it runs it says `ready`, and nothing more before the canvas.
        assert.ok(shown.posted.every((m) => m === 'ready'), `posted at the load event: ${shown.posted.join()}`);
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.length > 0, undefined, { timeout: 20_000 });
        assert.deepStrictEqual((await page.evaluate(() => (window as unknown as { posted: { type: string }[] }).posted.map((m) => m.type))), ['ready'], 'the page posted more than `ready` before the canvas');
        await page.evaluate(() => ((document.querySelector('#graph > svg.first-frame') as unknown as { hostFrame: boolean }).hostFrame = true));
        for (let k = 0; k < 50 && !held.asked(); k++) await page.waitForTimeout(100);
        assert.ok(held.asked(), 'the chunk was not asked for after the load event');
        // The host's frame stays as it came until the canvas: the script lays nothing out before it.
        await page.waitForTimeout(300);
        const kept = await page.evaluate(() => (document.querySelector('#graph > svg.first-frame') as unknown as { hostFrame?: boolean } | null)?.hostFrame === true);
        assert.ok(kept, "the script drew a first frame of its own over the host's");
        const view = await svgView(page);
        const before = await itemBoxes(page);
        await page.screenshot({ path: shotPath(`page-data-${name}-${w}x${h}-svg`) });
        held.release();
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 20_000 });
        const cv = await canvasView(page);
        assert.ok(Math.abs(cv.zoom - view.zoom) / view.zoom < 0.002, `zoom ${view.zoom} in the first frame, ${cv.zoom} on the canvas`);
        assert.ok(Math.abs(cv.x - view.x) < 0.75 && Math.abs(cv.y - view.y) < 0.75, `pan ${JSON.stringify(view)} → ${JSON.stringify(cv)}`);
        const after = await itemBoxes(page);
        for (const [k, b] of Object.entries(before)) {
          const a = after[k];
          assert.ok(a && Math.abs(a.x - b.x) < 1.5 && Math.abs(a.y - b.y) < 1.5, `${k}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
        }
        assert.ok(Object.values(after).length > 3 && Object.values(after).every((b) => !b.hidden && b.w > 1 && b.h > 1), 'the text items did not come with the canvas');
        await page.screenshot({ path: shotPath(`page-data-${name}-${w}x${h}-canvas`) });
        assert.deepStrictEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), [], 'CSP violations');
        assert.deepStrictEqual(errors, [], 'page errors');
        assert.equal((await posted(page, 'error')).length, 0, 'the webview reported an error');
      } finally {
        held.release();
        await close();
      }
    });
  }

  it('without holding anything back: the chunk loads under the CSP and the panel draws', async () => {
    const { held, setup } = holdChunk();
    held.release();
    const { page, close } = await openPanel(900, 700, 'light', false, setup, LINKED);
    try {
      await postTrace(page, 'chain');
      await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 20_000 });
      const scripts = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => e.name.replace(/^.*\//, '')).filter((n) => n.endsWith('.js')));
      assert.deepStrictEqual(scripts.sort(), ['webview.cytoscape.js', 'webview.js']);
      assert.deepStrictEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), [], 'CSP violations');
    } finally {
      await close();
    }
  });
});
