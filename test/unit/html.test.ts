// The trace panel's HTML and CSP, read as text: nothing may run or load but our own bundled script
// (by nonce) and our own stylesheet (linked, or its text inline by the same nonce); no inline code,
// no style attributes, nothing remote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { CSP_SOURCE, mockWebview, vscodeMock } from './reliability/vscodeMock';
import { getHtml, getNonce, PanelHtml, REACHED_WAIT_MS, resourceRoots } from '../../src/extension/html';
import { FIXTURES } from '../fixtures/graphs';
import { decodePageData, type InitMessage } from '../../src/pageData';
import type * as vscode from 'vscode';
import { checkPanelHtml, cspOf } from './reliability/cspCheck';
import { host } from '../../src/extension/host';
import { pageFilesOf } from '../../src/extension/pageFiles';

const EXT = vscodeMock.Uri.file('/ext');
const html = () => getHtml(mockWebview() as unknown as vscode.Webview, EXT as unknown as vscode.Uri);

describe('panel HTML and CSP', () => {
  it('allows only our nonce script and our own stylesheet', () => checkPanelHtml(html(), CSP_SOURCE));

  it('carries our own stylesheet inline under the same nonce, and links it only before it has been read', () => {
    const css = fs.readFileSync(path.join(__dirname, '../../../media/webview.css'), 'utf8');
    const page = getHtml(mockWebview() as unknown as vscode.Webview, EXT as unknown as vscode.Uri, undefined, { style: css });
    checkPanelHtml(page, CSP_SOURCE);
    assert.ok(page.includes(css), 'the stylesheet is not in the page');
    assert.doesNotMatch(page, /<link\b/, 'linked as well');
    assert.match(html(), /<link href="[^"]*\/media\/webview\.css" rel="stylesheet">/);
    assert.doesNotMatch(html(), /<style\b/);
  });

  it('uses a fresh, unguessable nonce every time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => getNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(cspOf(html())['script-src'][0], cspOf(html())['script-src'][0]);
  });

  it('lets the webview load files only from dist/ and media/', () => {
    const roots = resourceRoots(EXT as unknown as vscode.Uri).map((u) => (u as unknown as { path: string }).path);
    assert.deepEqual(roots, ['/ext/dist', '/ext/media']);
  });
});

describe('the first paint: in the creation\'s turn, else once VS Code has the panel', () => {
  const init: InitMessage = { type: 'init', strings: { title: 'Backprop Trace' }, settings: { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } };
  const turn = (ms = 5) => new Promise((r) => setTimeout(r, ms));
  /** VS Code's reply to a request sent after the panel's creation, resolved when the test says. */
  const reply = () => {
    let answer!: () => void;
    const reached = new Promise<void>((r) => (answer = r));
    return { reached, answer };
  };

  it("writes a trace posted in the creation's own turn at once, with its first frame (the HTML travels with the creation)", async () => {
    const web = { ...mockWebview(), html: '' };
    const { reached } = reply();
    const h = new PanelHtml(web as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, reached);
    const seed = FIXTURES.seed();
    assert.equal(h.carry({ type: 'trace', graph: seed }), true);
    assert.match(web.html, /<svg\b/, "the trace posted in the creation's turn waited for VS Code's reply");
    assert.ok(web.html.includes(seed.title));
    assert.equal(typeof h.times.firstFrameMs, 'number');
    // The frame's plan travels in the page's data: the webview takes the host's layout over.
    const data = decodePageData(/<script type="application\/json" id="page-data" nonce="\w+">(.*?)<\/script>/s.exec(web.html)?.[1] ?? '');
    assert.ok(data?.plan && data.plan.layout.nodes.length >= seed.nodes.length, "the page's data has no plan of its first frame");
    assert.equal(h.carry({ type: 'trace', graph: FIXTURES.apple() }), false, 'a second trace replaced the page written');
    checkPanelHtml(web.html, CSP_SOURCE);
  });

  it("writes a trace posted after the creation's turn only once VS Code has replied, then the newest with its first frame", async () => {
    const web = { ...mockWebview(), html: '' };
    const { reached, answer } = reply();
    const h = new PanelHtml(web as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, reached);
    const seed = FIXTURES.seed();
    const chain = FIXTURES.apple();
    await turn(0);
    assert.equal(h.carry({ type: 'trace', graph: seed }), true);
    assert.equal(web.html, '', "the page (and its layout) was made as the trace was posted, holding back the panel's creation");
    await turn(20);
    assert.equal(web.html, '', 'the page was laid out before VS Code had the panel (its creation waits for the host\'s thread to write it)');
    assert.equal(h.carry({ type: 'trace', graph: chain }), true);
    assert.equal(h.carry({ type: 'progress', text: 'Tracing…' }), false, 'progress replaced a trace waiting to be written');
    answer();
    await turn();
    assert.match(web.html, /<svg\b/, 'no first frame in the page');
    assert.ok(web.html.includes(chain.title) && chain.title !== seed.title, 'the newest trace is not the one written');
    assert.equal(typeof h.times.firstFrameMs, 'number');
    assert.equal(h.carry({ type: 'trace', graph: seed }), false, 'carried after the page was written');
    checkPanelHtml(web.html, CSP_SOURCE);
    // Nothing is fetched before the load event (the page's first paint reached the screen only then): then the chunk and the script are asked for together.
    assert.doesNotMatch(web.html, /<link rel="preload"|<script[^>]* src=/, 'the page with a first frame fetches something before its load event');
  });

  it("keeps run mode's progress posted in the creation's turn for VS Code's reply (it has no layout to carry)", async () => {
    const web = { ...mockWebview(), html: '' };
    const { reached, answer } = reply();
    const h = new PanelHtml(web as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, reached);
    assert.equal(h.carry({ type: 'progress', text: 'Running two_layer_net.py…' }), true);
    assert.equal(web.html, '', 'progress was written before VS Code had the panel');
    answer();
    await turn();
    assert.match(web.html, /Running two_layer_net\.py…/);
  });

  it('writes the plain page once VS Code has replied when nothing was posted', async () => {
    const web = { ...mockWebview(), html: '' };
    new PanelHtml(web as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, Promise.resolve());
    await turn();
    assert.match(web.html, /<main id="graph"[^>]*><\/main>/);
    assert.doesNotMatch(web.html, /<link rel="preload"|<script[^>]* src=/, 'the plain page fetches something before its load event');
  });

  it('writes the page anyway when no reply comes (or it fails) within the bound', async () => {
    const silent = { ...mockWebview(), html: '' };
    const failed = { ...mockWebview(), html: '' };
    new PanelHtml(silent as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, new Promise(() => undefined));
    new PanelHtml(failed as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, Promise.reject(new Error('window closing')));
    await turn();
    assert.match(failed.html, /<main id="graph"/, 'a failed reply left the panel blank');
    assert.equal(silent.html, '', 'written before the bound with no reply');
    await turn(REACHED_WAIT_MS + 50);
    assert.match(silent.html, /<main id="graph"/, 'no reply left the panel blank');
  });
});

describe("the page's code: posted beside the page, run by its hash", () => {
  const init: InitMessage = { type: 'init', strings: { title: 'Backprop Trace' }, settings: { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } };
  const code = { chunk: 'self.chunk = "</script> <!-- é";', script: 'self.script = 1;' };
  const saved = host.pageFiles;
  afterEach(() => (host.pageFiles = saved));

  it('awaits the code the host read (its CSP allows exactly that code, by hash), and posts it a turn after the page, and again when asked', async () => {
    host.pageFiles = await pageFilesOf(undefined, code.chunk, code.script);
    const posted: unknown[] = [];
    const web = { ...mockWebview(), html: '', postMessage: (m: unknown) => (posted.push(m), Promise.resolve(true)) };
    const h = new PanelHtml(web as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, Promise.resolve());
    assert.equal(h.carry({ type: 'trace', graph: FIXTURES.seed() }), true);
    checkPanelHtml(web.html, CSP_SOURCE, code);
    assert.equal(cspOf(web.html)['script-src'].length, 3);
    assert.doesNotMatch(web.html, /self\.chunk|self\.script/, 'the code is in the page');
    assert.equal(posted.length, 0, "posted in the page's own turn (it would travel with the panel's creation)");
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(posted.length, 1);
    const m = posted[0] as { type: string; chunk: Uint8Array; script: Uint8Array };
    assert.equal(m.type, 'code');
    // Gzipped: VS Code's connection would compress the texts as the page's frame is made.
    assert.equal(zlib.gunzipSync(m.chunk).toString('utf8'), `${code.chunk}\n//# sourceURL=backprop-trace/webview.cytoscape.js`);
    assert.equal(zlib.gunzipSync(m.script).toString('utf8'), `${code.script}\n//# sourceURL=backprop-trace/webview.js`);
    h.postCode();
    assert.equal(posted.length, 2, 'not posted again (a panel shown again)');
  });

  it('links the code where it was not read, and posts nothing', async () => {
    host.pageFiles = await pageFilesOf(undefined, undefined, code.script);
    const posted: unknown[] = [];
    const web = { ...mockWebview(), html: '', postMessage: (m: unknown) => (posted.push(m), Promise.resolve(true)) };
    const h = new PanelHtml(web as unknown as vscode.Webview, EXT as unknown as vscode.Uri, () => init, () => 2, Promise.resolve());
    await new Promise((r) => setTimeout(r, 5));
    h.postCode();
    checkPanelHtml(web.html, CSP_SOURCE);
    assert.equal(cspOf(web.html)['script-src'].length, 1);
    assert.deepEqual(posted, []);
  });

  it('checks the hashes: a page allowing other code fails the check', async () => {
    host.pageFiles = await pageFilesOf(undefined, code.chunk, code.script);
    const page = getHtml(mockWebview() as unknown as vscode.Webview, EXT as unknown as vscode.Uri);
    assert.throws(() => checkPanelHtml(page, CSP_SOURCE, { ...code, script: 'self.script = 2;' }), /script-src allows other code/);
    assert.throws(() => checkPanelHtml(page, CSP_SOURCE), /awaits code the host did not read/);
  });
});
