// The first frame the host writes into the page (scene/firstFrame.ts, extension/html.ts) in a real
// browser under the panel's real CSP: the same SVG the webview builds for itself (toElement of the
// same tree, measured on its canvas) when the host has the look the webview reported; painted from
// the HTML alone, before the script has loaded, with the toolbar's words; no CSP violation.
import * as assert from 'node:assert/strict';
import type { Page, Route } from 'playwright-core';
import { FIXTURES } from '../fixtures/graphs';
import { hostFrame } from '../../src/scene/firstFrame';
import type { LookReport } from '../../src/protocol';
import { LINKED, openPanel, openPanelWithPage, postGraph, shotPath } from './server';

/** Holds a script back until released; notes CSP violations. */
async function hold(page: Page, pattern: RegExp): Promise<() => void> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(pattern, async (route: Route) => {
    await gate;
    await route.continue();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => release();
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

describe('first frame written by the host', function () {
  this.timeout(120_000);

  for (const name of ['seed', 'chain', 'apple', 'appleOrange', 'affine'] as const) {
    it(`${name}: the host's SVG is the webview's own first frame (same tree, same measure) at 1400×900 and 1000×800`, async () => {
      for (const [w, h] of [[1400, 900], [1000, 800]]) {
        let release: () => void = () => undefined;
        const { page, close } = await openPanel(w, h, 'dark', false, async (p) => void (release = await hold(p, /\/dist\/webview\.cytoscape\.js$/)), LINKED);
        try {
          const graph = FIXTURES[name]();
          await postGraph(page, graph);
          await page.waitForSelector('#graph > svg.first-frame');
          const mine = await page.evaluate(() => document.querySelector('#graph > svg.first-frame')?.outerHTML ?? '');
          // The look is reported once the canvas is up (nothing is posted from the first frame).
          release();
          await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'look'));
          const look = (await page.evaluate(() => (window as unknown as { posted: { type: string; look?: unknown }[] }).posted.find((m) => m.type === 'look')?.look)) as LookReport;
          assert.ok(look.advance > 0.5 && look.advance < 0.7, `advance ${look.advance} em`);
          const host = hostFrame(graph, look.area.width, look.area.height, look)?.svg;
          assert.ok(host, 'the host made no first frame');
          const same = await page.evaluate(([markup, own]) => {
            const box = document.createElement('div');
            box.innerHTML = own;
            const mine = box.firstElementChild as SVGSVGElement;
            // As the page's HTML parser reads it (the host's markup is part of the HTML).
            const page = document.createElement('div');
            page.innerHTML = markup;
            const theirs = page.firstElementChild as SVGSVGElement;
            theirs.removeAttribute('xmlns');
            // Glyphs: the webview's pictures against the host's outlines saying "…" (its script draws them), one for one.
            const images = Array.from(mine.querySelectorAll('image'));
            const outlines = Array.from(theirs.querySelectorAll('rect[stroke-dasharray]'));
            if (images.length !== outlines.length) return `${images.length} glyphs against ${outlines.length} outlines`;
            images.forEach((i) => i.remove());
            outlines.forEach((r) => (r.nextElementSibling?.remove(), r.remove()));
            if (mine.isEqualNode(theirs)) return '';
            const [a, b] = [new XMLSerializer().serializeToString(mine), new XMLSerializer().serializeToString(theirs)];
            let i = 0;
            while (i < a.length && a[i] === b[i]) i++;
            return `…${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
          }, [host, mine] as const);
          assert.equal(same, '', `${w}×${h}: the host's SVG differs from the webview's: ${same}`);
        } finally {
          await close();
        }
      }
    });
  }

  it('the real HTML paints the first frame and the toolbar before any script has run, with no CSP violation; the script then takes over', async () => {
    let release: () => void = () => undefined;
    const { page, close, errors } = await openPanelWithPage(1000, 800, 'seed', async (p) => void (release = await hold(p, /\/dist\/webview\.js$/)), undefined, 'commit', LINKED);
    try {
      await page.waitForSelector('#graph > svg.first-frame text');
      const before = await page.evaluate(() => {
        const s = document.querySelector('#graph > svg.first-frame') as SVGSVGElement;
        const r = s.getBoundingClientRect();
        return { ran: (window as unknown as { posted: unknown[] }).posted.length, texts: s.querySelectorAll('text').length, w: r.width, h: r.height, title: document.getElementById('title')?.textContent, play: document.getElementById('play-text')?.textContent, empty: getComputedStyle(document.getElementById('empty') as HTMLElement).display };
      });
      assert.equal(before.ran, 0, 'the script had run');
      assert.ok(before.texts > 5, `${before.texts} texts in the host's first frame`);
      assert.ok(before.w > 100 && before.h > 100, `the first frame is ${before.w}×${before.h}`);
      assert.ok(before.title && before.title.length > 2, 'no title before the script');
      assert.equal(before.play, 'Play');
      assert.equal(before.empty, 'none', 'the "Select an array" advice shows under the first frame');
      await page.screenshot({ path: shotPath('first-paint-host-1000x800') });
      assert.deepEqual(await violations(page), []);
      release();
      await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 20_000 });
      assert.equal(await page.locator('#graph > svg.first-frame').count(), 0, 'the first frame stayed after the canvas took over');
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
