// What the trace panel's HTML must look like (its stylesheet linked, or inline by nonce), shared by the unit test (mocked webview) and the
// integration test (the real panel's HTML in a real VS Code).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
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

/** The CSP hash source of a file's text as the page runs it (pageFiles.ts: named by a sourceURL line). */
const hashOf = (text: string, file: string) => `'sha256-${crypto.createHash('sha256').update(`${text}\n//# sourceURL=backprop-trace/${file}`, 'utf8').digest('base64')}'`;

/**
 * Checks shared with the integration test, which reads the real panel's HTML. `cspSource` is the
 * webview's own origin(s); VS Code may give several, space-separated. `code`: the texts of the
 * chunk and the script the host read, for a page that awaits them (its CSP allows them by hash).
 */
export function checkPanelHtml(page: string, cspSource: string, code?: { chunk: string; script: string }): void {
  const ours = cspSource.split(/\s+/);
  const csp = cspOf(page);
  assert.deepEqual(csp['default-src'], ["'none'"]);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(csp['script-src'][0])?.[1];
  assert.ok(nonce, `script-src is not a nonce: ${csp['script-src'].join(' ')}`);
  // Besides the nonce, only the code the host read, by its hash, where the page awaits it.
  const awaiting = csp['script-src'].length > 1;
  if (awaiting) {
    assert.ok(code, 'the page awaits code the host did not read');
    assert.deepEqual(csp['script-src'].slice(1), [hashOf(code.chunk, 'webview.cytoscape.js'), hashOf(code.script, 'webview.js')], 'script-src allows other code');
  } else assert.equal(csp['script-src'].length, 1);
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
    for (const v of values) assert.ok(ours.includes(v) || v === "'none'" || v === 'data:' || v.startsWith("'nonce-") || (name === 'script-src' && v.startsWith("'sha256-")), `${name} allows ${v}`);
  }
  // Every script is ours, carrying the nonce: data never run (the first trace as JSON,
  // src/pageData.ts, with no `<` in it, reading back as messages the protocol's guards accept),
  // and exactly one line of code (pageFiles.ts's loaderLine), word for word: it runs the code the
  // host posts (allowed by hash above), or, with none posted in time or none awaited, asks for
  // cytoscape's chunk and adds our bundled script after the load event, both from dist/; nothing else inline.
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
      // The URLs and the nonce as the line names them; the line must then be exactly one of the two below.
      const [c, sc, n] = [/l\.href = ("[^"\\]*")/, /s\.src = ("[^"\\]*")/, /l\.nonce = ("[^"\\]*")/].map((r) => r.exec(body)?.[1] ?? '');
      const link = `const l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = ${c}; l.nonce = ${n}; document.head.append(l); const s = document.createElement('script'); s.src = ${sc}; s.nonce = ${n}; document.body.append(s);`;
      const wait = /}, (\d+)\), \{ once: true \}\); \}\)\(\);$/.exec(body)?.[1];
      const expected = awaiting
        ? `(() => { let started = false; const text = (b) => new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'))).text(); addEventListener('message', function code(e) { const d = e.data; if (started || e.origin !== location.origin || d?.type !== 'code' || !(d.chunk instanceof Uint8Array) || !(d.script instanceof Uint8Array)) return; started = true; removeEventListener('message', code); Promise.all([text(d.chunk), text(d.script)]).then((texts) => { for (const t of texts) { const s = document.createElement('script'); s.text = t; document.body.append(s); } }, () => { ${link} }); }); addEventListener('load', () => setTimeout(() => { if (started) return; started = true; ${link} }, ${wait}), { once: true }); })();`
        : `addEventListener('load', () => { ${link} }, { once: true });`;
      assert.equal(body, expected, `an inline script that is not the loader${awaiting ? ' awaiting the code' : ''}`);
      const [chunkUrl, scriptUrl, lineNonce] = [c, sc, n].map((x) => JSON.parse(x || '""') as string);
      assert.ok(/^https:\/\/[^/]+\/.*\/dist\/webview\.cytoscape\.js$/.test(chunkUrl), `the loader preloads ${chunkUrl}`);
      assert.ok(/^https:\/\/[^/]+\/.*\/dist\/webview\.js$/.test(scriptUrl), `the loader adds ${scriptUrl}`);
      assert.equal(lineNonce, nonce, "the loader's preload or script carries another nonce");
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
