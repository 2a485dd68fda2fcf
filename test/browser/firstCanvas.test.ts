// The canvas's first frame drawn directly (firstCanvas.ts): no texture made before it is on screen,
// the caches that make pans and the flow quick turned on and filled once the page is idle, and the
// picture the same either way. Fails on a cytoscape that moved its caches (the direct draw would
// silently stop) and on the old order (textures made for the first frame).
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openPanelWithPage, shotPath } from './server';

type Caches = { layers: number; textures: number; patched: boolean; drawn: number };

/** What cytoscape's caches hold, whether their getters are still ours, and how much of the graph area is drawn. */
function caches(page: Page): Promise<Caches> {
  return page.evaluate(() => {
    const c = document.getElementById('graph') as HTMLElement & { _cyreg: { cy: { renderer(): { data: Record<string, Record<string, unknown>> } } } };
    const data = c._cyreg.cy.renderer().data;
    const byLevel = (data.lyrTxrCache.layersByLevel ?? {}) as Record<string, unknown[]>;
    const imgs = (data.eleTxrCache.eleImgCaches ?? {}) as Record<string, unknown>;
    // The canvases as the screen shows them, one over the other; kept to compare with the next picture.
    const canvases = Array.from(c.querySelectorAll('canvas'));
    const out = document.createElement('canvas');
    [out.width, out.height] = [canvases[0].width, canvases[0].height];
    const ctx = out.getContext('2d') as CanvasRenderingContext2D;
    for (const cv of canvases) ctx.drawImage(cv, 0, 0);
    const px = ctx.getImageData(0, 0, out.width, out.height).data;
    const w = window as unknown as { pictures: Uint8ClampedArray[] };
    (w.pictures ??= []).push(px);
    let drawn = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) drawn++;
    return {
      layers: Object.values(byLevel).reduce((n, l) => n + l.length, 0),
      textures: Object.keys(imgs).filter((k) => k !== 'retired').length,
      patched: Object.prototype.hasOwnProperty.call(data.eleTxrCache, 'getElement') || Object.prototype.hasOwnProperty.call(data.lyrTxrCache, 'getLayers'),
      drawn: drawn / (px.length / 4),
    };
  });
}

describe('the canvas\'s first frame', function () {
  this.timeout(120_000);

  for (const [name, w, h] of [['seed', 526, 808], ['affine', 351, 708]] as const) {
    it(`${name} at ${w}×${h}: drawn without textures, the caches filled when idle, the same picture`, async () => {
      const { page, errors, close } = await openPanelWithPage(w, h, name, async (p) => {
        // The test decides when the page is idle.
        await p.addInitScript(() => {
          const w = window as unknown as { idle: IdleRequestCallback[]; requestIdleCallback: (cb: IdleRequestCallback) => number };
          w.idle = [];
          w.requestIdleCallback = (cb) => w.idle.push(cb);
        });
      });
      try {
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 20_000 });
        await page.waitForTimeout(300);
        const first = await caches(page);
        await page.screenshot({ path: shotPath(`first-canvas-${name}-direct`) });
        assert.ok(first.drawn > 0.02, `the first frame drew ${(first.drawn * 100).toFixed(1)}% of the area`);
        assert.deepStrictEqual([first.layers, first.textures, first.patched], [0, 0, true], `textures made for the first frame: ${JSON.stringify(first)}`);
        const waiting = await page.evaluate(() => (window as unknown as { idle: unknown[] }).idle.length);
        assert.equal(waiting, 1, 'the caches are not waiting for the page to be idle');
        await page.evaluate(() => (window as unknown as { idle: IdleRequestCallback[] }).idle.splice(0).forEach((cb) => cb({ didTimeout: false, timeRemaining: () => 50 })));
        await page.waitForTimeout(500);
        const later = await caches(page);
        await page.screenshot({ path: shotPath(`first-canvas-${name}-cached`) });
        assert.ok(!later.patched && later.layers + later.textures > 0, `the caches were not turned on and filled: ${JSON.stringify(later)}`);
        // Direct and cached drawing are the same picture, up to where antialiasing puts the edge of a
        // glyph or a line (a texture is drawn from whole pixels: a shift under one pixel, a blur): a pixel
        // counts as different when no pixel within one of it in the other picture is close.
        const differ = await page.evaluate(() => {
          const [a, b] = (window as unknown as { pictures: Uint8ClampedArray[] }).pictures;
          const width = (document.querySelector('#graph canvas') as HTMLCanvasElement).width;
          const rows = a.length / 4 / width;
          // Colours weighed by their alpha: a nearly transparent pixel's colour does not show.
          const far = (i: number, j: number) => Math.max(...[0, 1, 2, 3].map((k) => Math.abs((a[i + k] * (k < 3 ? a[i + 3] : 255) - b[j + k] * (k < 3 ? b[j + 3] : 255)) / 255))) > 96;
          let n = 0;
          for (let y = 1; y < rows - 1; y++)
            for (let x = 1; x < width - 1; x++) {
              const i = (y * width + x) * 4;
              let near = false;
              for (let dy = -1; dy <= 1 && !near; dy++) for (let dx = -1; dx <= 1 && !near; dx++) near = !far(i, i + (dy * width + dx) * 4);
              if (!near) n++;
            }
          return n / (width * rows);
        });
        assert.ok(differ < 0.001, `${(differ * 100).toFixed(2)}% of the pixels differ between the direct and the cached frame`);
        assert.deepStrictEqual(errors, [], 'page errors');
      } finally {
        await close();
      }
    });
  }
});
