// Values and labels reach the page as text, never as HTML: the webview's source has no HTML
// sinks and no code evaluation at all (a static check, so a new one cannot slip in unnoticed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const SINKS = /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setTimeout\s*\(\s*['"`]|createContextualFragment|srcdoc/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('reliability: no HTML sinks', () => {
  it('the webview and host code never write HTML from strings or evaluate code', () => {
    const found = [...files(path.join(ROOT, 'src', 'webview')), ...files(path.join(ROOT, 'src', 'extension'))].flatMap((f) =>
      fs.readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (SINKS.test(line) && !/^\s*\/\//.test(line) ? [`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(found, []);
  });
});
