// The page that awaits its code (extension/pageFiles.ts), as the host writes every page once it has
// read its files, and the code's message handed to it at its load event, as VS Code does: nothing is
// fetched for the script or cytoscape's chunk, the host's first frame is there at the load event
// with no script run yet, and then the canvas draws under the page's CSP (the code by its hashes),
// with no error and no CSP violation. The same page with its code linked (a page written before
// the files are read) draws too, fetching both; a page whose code never comes links it.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CODE_WAIT_MS } from '../../src/extension/pageFiles';
import { LINKED, openPanelWithPage, UNSENT } from './server';

interface AtLoad {
  posted: number;
  frame: boolean;
  scripts: number;
}

/** Notes what the page holds at its load event (before the page's own listener, added later, runs), and CSP violations. */
async function watch(page: Page, fetched: string[]): Promise<void> {
  page.on('request', (r) => /\/dist\/[^/]+\.js$/.test(r.url()) && fetched.push(r.url().replace(/^.*\//, '')));
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[]; atLoad?: AtLoad; posted?: unknown[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    addEventListener('load', () => {
      w.atLoad = { posted: w.posted?.length ?? -1, frame: !!document.querySelector('#graph > svg.first-frame text'), scripts: document.scripts.length };
    });
  });
}

describe('the page awaits its code', function () {
  this.timeout(120_000);

  for (const [name, w, h, query] of [['seed', 1000, 800, ''], ['affine', 526, 808, ''], ['seed', 1000, 800, LINKED], ['affine', 526, 808, UNSENT]] as const) {
    const how = query === LINKED ? 'linked' : query === UNSENT ? `awaited but never posted (linked after ${CODE_WAIT_MS} ms)` : 'posted';
    it(`${name} at ${w}×${h}, code ${how}: the host's frame at the load event, no script run yet, then the canvas${query ? '' : ', nothing fetched'}`, async () => {
      const fetched: string[] = [];
      const { page, errors, close } = await openPanelWithPage(w, h, name, (p) => watch(p, fetched), undefined, 'load', query);
      try {
        if (query === UNSENT) {
          await new Promise((r) => setTimeout(r, CODE_WAIT_MS - 300));
          assert.deepStrictEqual(fetched, [], 'linked before the wait was over');
        }
        await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 30_000 });
        const seen = await page.evaluate(() => {
          const x = window as unknown as { atLoad?: AtLoad; violations: string[] };
          const c = document.getElementById('graph') as HTMLElement & { _cyreg?: { cy: import('cytoscape').Core } };
          return { atLoad: x.atLoad, violations: x.violations, nodes: c._cyreg?.cy.nodes().length ?? 0 };
        });
        // The page's data and its loader line: no script of ours yet.
        assert.deepStrictEqual(seen.atLoad, { posted: 0, frame: true, scripts: 2 }, "the page at its load event: the host's frame, nothing posted, no script run");
        assert.ok(seen.nodes > 3, `${seen.nodes} nodes on the canvas`);
        assert.deepStrictEqual(fetched.sort(), query ? ['webview.cytoscape.js', 'webview.js'] : [], 'scripts fetched');
        assert.deepStrictEqual(seen.violations, [], 'CSP violations');
        assert.deepStrictEqual(errors, [], 'page errors');
      } finally {
        await close();
      }
    });
  }

  it('code other than the host hashed is not run: the CSP blocks it and the page says nothing was posted', async () => {
    const { page, errors, close } = await openPanelWithPage(1000, 800, 'seed', (p) => watch(p, []), undefined, 'load', UNSENT);
    try {
      await page.evaluate(async () => {
        const gzip = async (t: string) => new Uint8Array(await new Response(new Blob([t]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
        postMessage({ type: 'code', chunk: await gzip('window.ran = 1;'), script: await gzip("acquireVsCodeApi().postMessage({ type: 'ready' });") }, location.origin);
      });
      await new Promise((r) => setTimeout(r, CODE_WAIT_MS + 500));
      const seen = await page.evaluate(() => ({ ran: (window as unknown as { ran?: number }).ran, posted: (window as unknown as { posted: unknown[] }).posted.length, violations: (window as unknown as { violations: string[] }).violations }));
      assert.equal(seen.ran, undefined, 'the code ran');
      assert.equal(seen.posted, 0, 'the code posted');
      assert.equal(seen.violations.length, 2, `CSP violations: ${seen.violations.join(', ')}`);
      assert.ok(errors.length <= 2, errors.join('\n'));
    } finally {
      await close();
    }
  });

  it('code that does not unzip is linked instead: fetched from dist/, the canvas drawn', async () => {
    const fetched: string[] = [];
    const { page, errors, close } = await openPanelWithPage(1000, 800, 'seed', (p) => watch(p, fetched), undefined, 'load', UNSENT);
    try {
      await page.evaluate(() => postMessage({ type: 'code', chunk: new TextEncoder().encode('not gzip'), script: new TextEncoder().encode('not gzip') }, location.origin));
      await page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'rendered'), undefined, { timeout: 30_000 });
      assert.deepStrictEqual(fetched.sort(), ['webview.cytoscape.js', 'webview.js'], 'scripts fetched');
      assert.deepStrictEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), [], 'CSP violations');
      assert.deepStrictEqual(errors, [], 'page errors');
    } finally {
      await close();
    }
  });
});
