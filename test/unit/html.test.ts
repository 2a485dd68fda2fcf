// The trace panel's HTML and CSP, read as text: nothing may run or load but our own bundled script
// (by nonce) and our own stylesheet (linked, or its text inline by the same nonce); no inline code,
// no style attributes, nothing remote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CSP_SOURCE, mockWebview, vscodeMock } from './reliability/vscodeMock';
import { getHtml, getNonce, resourceRoots } from '../../src/extension/html';
import type * as vscode from 'vscode';
import { checkPanelHtml, cspOf } from './reliability/cspCheck';

const EXT = vscodeMock.Uri.file('/ext');
const html = () => getHtml(mockWebview() as unknown as vscode.Webview, EXT as unknown as vscode.Uri);

describe('panel HTML and CSP', () => {
  it('allows only our nonce script and our own stylesheet', () => checkPanelHtml(html(), CSP_SOURCE));

  it('carries our own stylesheet inline under the same nonce, and links it only before it has been read', () => {
    const css = fs.readFileSync(path.join(__dirname, '../../../media/webview.css'), 'utf8');
    const page = getHtml(mockWebview() as unknown as vscode.Webview, EXT as unknown as vscode.Uri, undefined, css);
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
