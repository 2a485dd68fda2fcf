// What the trace panel's HTML must look like (its stylesheet linked, or inline by nonce), shared by the unit test (mocked webview) and the
// integration test (the real panel's HTML in a real VS Code).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodePageData } from '../../../src/pageData';

/** The CSP's directives, e.g. { 'default-src': ["'none'"] }. */
export function cspOf(page: string): Record<string, string[]> {
  const metas = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g) ?? [];
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  const content = /content="([^"]*)"/.exec(metas[0])?.[1] ?? '';
  return Object.fromEntries(
    content.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...values] = d.split(/\s+/);
      return [name, values];
    }),
  );
}

/** Checks shared with the integration test, which reads the real panel's HTML. */
/** `cspSource` is the webview's own origin(s); VS Code may give several, space-separated. */
export function checkPanelHtml(page: string, cspSource: string): void {
  const ours = cspSource.split(/\s+/);
  const csp = cspOf(page);
  assert.deepEqual(csp['default-src'], ["'none'"]);
  assert.equal(csp['script-src'].length, 1);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(csp['script-src'][0])?.[1];
  assert.ok(nonce, `script-src is not a nonce: ${csp['script-src'].join(' ')}`);
  // Styles only from our own stylesheet: linked from media/, or its text in one <style> carrying the scripts' nonce.
  const inline = [...page.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style>/g)];
  assert.ok(inline.length <= 1, 'one inline stylesheet at most');
  assert.deepEqual(csp['style-src'], inline.length ? [...ours, `'nonce-${nonce}'`] : ours, 'styles only from our own stylesheet');
  for (const [, attrs, text] of inline) {
    assert.equal(attrs, ` nonce="${nonce}"`);
    assert.equal(text, fs.readFileSync(path.join(__dirname, '../../../../media/webview.css'), 'utf8'), 'the inline style is not media/webview.css');
  }
  assert.doesNotMatch(page, /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic/);
  for (const [name, values] of Object.entries(csp)) {
    for (const v of values) assert.ok(ours.includes(v) || v === "'none'" || v === 'data:' || v.startsWith("'nonce-"), `${name} allows ${v}`);
  }
  // Every script is ours, carrying the nonce: data never run (the first trace as JSON,
  // src/pageData.ts, with no `<` in it, reading back as messages the protocol's guards accept),
  // and exactly one line of code, which after the load event asks for cytoscape's chunk and adds
  // our bundled script, both from dist/ (html.ts's scriptAfterLoad), word for word; nothing else inline.
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  let loaders = 0;
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, new RegExp(`nonce="${nonce}"`));
    if (/^ type="application\/json" id="page-data" /.test(attrs)) {
      assert.doesNotMatch(body, /</);
      assert.ok(decodePageData(body), 'the page data passes the protocol');
      continue;
    }
    if (attrs === ` nonce="${nonce}"`) {
      const m = /^addEventListener\('load', \(\) => \{ const l = document\.createElement\('link'\); l\.rel = 'preload'; l\.as = 'script'; l\.href = "([^"\\]*)"; l\.nonce = "([^"\\]*)"; document\.head\.append\(l\); const s = document\.createElement\('script'\); s\.src = "([^"\\]*)"; s\.nonce = "([^"\\]*)"; document\.body\.append\(s\); \}, \{ once: true \}\);$/.exec(body);
      assert.ok(m, `an inline script that is not the loader: ${body.slice(0, 200)}`);
      assert.ok(/^https:\/\/[^/]+\/.*\/dist\/webview\.cytoscape\.js$/.test(m[1]), `the loader preloads ${m[1]}`);
      assert.ok(/^https:\/\/[^/]+\/.*\/dist\/webview\.js$/.test(m[3]), `the loader adds ${m[3]}`);
      assert.ok(m[2] === nonce && m[4] === nonce, "the loader's preload or script carries another nonce");
      loaders++;
      continue;
    }
    const src = /src="([^"]*)"/.exec(attrs)?.[1] ?? '';
    assert.ok(/^https:\/\/[^/]+\/.*\/dist\/[^/]+\.js$/.test(src), `script from ${src}`);
    assert.equal(body.trim(), '', 'no inline script');
  }
  assert.equal(loaders, 1, 'the page has one loader of its script');
  // The markup (the stylesheet's own text, checked above to be media/webview.css, aside).
  const markup = page.replace(/<style\b[^>]*>[\s\S]*?<\/style>/, '<style></style>');
  assert.doesNotMatch(markup, /\sstyle="/, 'no style attributes');
  assert.doesNotMatch(markup, /\son[a-z]+\s*=/i, 'no inline event handlers');
  assert.doesNotMatch(markup, /javascript:/i);
  // Links: our stylesheet from media/, or a preload of our own script from dist/ carrying the nonce
  // (cytoscape's chunk, asked for with the page that carries its first frame).
  for (const [link, href] of page.matchAll(/<link\b[^>]*href="([^"]*)"[^>]*>/g)) {
    if (/\brel="preload"/.test(link)) {
      assert.ok(/^https:\/\/[^/]+\/.*\/dist\/[^/]+\.js$/.test(href) && / as="script"/.test(link) && link.includes(` nonce="${nonce}"`), link);
    } else assert.ok(/^https:\/\/[^/]+\/.*\/media\/[^/]+\.css$/.test(href), href);
  }
}
