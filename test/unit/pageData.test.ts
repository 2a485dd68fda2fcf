// The first trace as it travels in the panel's HTML (src/pageData.ts): read back bit for bit,
// never able to end its <script> block, refused when it does not pass the protocol, and only for
// traces small enough; the panel's HTML with it keeps the strict CSP (cspCheck.ts).
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { decodePageData, encodePageData, MAX_PAGE_DATA, type PageData } from '../../src/pageData';
import { getHtml, tracePaint } from '../../src/extension/html';
import { DEFAULT_LOOK, hostFrame } from '../../src/scene/firstFrame';
import { FIXTURES } from '../fixtures/graphs';
import { checkPanelHtml } from './reliability/cspCheck';
import { CSP_SOURCE, mockWebview, vscodeMock } from './reliability/vscodeMock';

const init: PageData['init'] = { type: 'init', strings: { title: 'Backprop Trace', play: 'Play' }, settings: { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } };
const page = (graph = FIXTURES.seed()): PageData & { trace: object } => ({ init, trace: { type: 'trace', graph, restore: { title: graph.title, text: 'np.array([1.0])' } as never } });

describe('page data (the first trace in the HTML)', () => {
  it('reads back what was written, typed arrays, NaN and infinities bit for bit', () => {
    const data = page();
    const x = data.trace.graph.edges[0].forward!;
    x.data = Float64Array.from([1.5, -0, NaN, Infinity, -Infinity, 5e-324, 0.1 + 0.2]).subarray(0, x.data.length);
    const text = encodePageData(data);
    assert.ok(text, 'encoded');
    const back = decodePageData(text);
    assert.ok(back, 'decoded');
    const y = back.trace!.graph.edges[0].forward!.data;
    assert.ok(y instanceof Float64Array);
    assert.deepEqual(new Uint8Array(y.buffer, y.byteOffset, y.byteLength), new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
    const mask = back.trace!.graph.nodes.find((n) => n.cache?.some((c) => c.mask))?.cache?.find((c) => c.mask)?.mask?.data;
    assert.ok(mask instanceof Uint8Array);
    assert.deepEqual(back.init, init);
    assert.deepEqual(back.trace!.restore, data.trace.restore);
  });

  it('cannot close its <script> block or open a comment, whatever the titles hold', () => {
    const g = FIXTURES.seed();
    g.title = '</script><script>alert(1)</script><!--';
    const text = encodePageData(page(g));
    assert.ok(text);
    assert.doesNotMatch(text, /</);
    assert.equal(decodePageData(text)?.trace?.graph.title, g.title);
  });

  it('refuses data the protocol refuses, and anything that is not JSON', () => {
    const bad = encodePageData(page())!.replace('"type":"trace"', '"type":"trace","graph":{"nodes":"x"},"_":');
    assert.equal(decodePageData(bad), undefined);
    assert.equal(decodePageData('{"init":1'), undefined);
    assert.equal(decodePageData(JSON.stringify({ init, trace: { type: 'trace', graph: { title: 'x', nodes: [{ id: 'a b' }], edges: [] } } })), undefined);
  });

  it('leaves a trace too big for the page to the handshake', () => {
    const g = FIXTURES.seed();
    g.title = 'x'.repeat(MAX_PAGE_DATA);
    assert.equal(encodePageData(page(g)), undefined);
  });

  it('the panel HTML with the first trace in it keeps the strict CSP', () => {
    const data = page();
    const svg = hostFrame(data.trace.graph, 520, 640, DEFAULT_LOOK)?.svg;
    const first = tracePaint(encodePageData(data)!, init, data.trace, svg);
    const html = getHtml(mockWebview() as unknown as vscode.Webview, vscodeMock.Uri.file('/ext') as unknown as vscode.Uri, first);
    assert.match(html, /<script type="application\/json" id="page-data" nonce="/);
    assert.ok(svg && html.includes(svg), 'the first frame is in the page');
    assert.match(html, /<button id="play" class="primary" data-s-label="play" aria-label="Play" title="Play">.*<span id="play-text" data-s="play">Play<\/span>/);
    checkPanelHtml(html, CSP_SOURCE);
  });
});
