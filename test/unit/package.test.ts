// The VSIX that `npm run package` builds: only production bundles, media, translations and
// the docs; no sources, tests or source maps; at most 1 MB; and the Marketplace metadata
// its page needs. Builds the VSIX first when it is missing or older than its inputs
// (scripts/package.js --if-stale), so `npm test` packages once and test:install reuses it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { workerScript } from '../../src/extension/literal/worker/client';

const ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packaging = require(path.join(ROOT, 'scripts', 'package.js')) as { ensureVsix(o: { ifStale: boolean }): string };

interface Entry { name: string; size: number; method: number; offset: number; compressedSize: number }

/** Reads a zip's central directory (enough for a VSIX: no zip64, no multi-disk). */
export function zipEntries(buf: Buffer): Entry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, method, offset, compressedSize });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function readEntry(buf: Buffer, e: Entry): Buffer {
  const nameLen = buf.readUInt16LE(e.offset + 26);
  const extraLen = buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(e.offset + 30 + nameLen + extraLen, e.offset + 30 + nameLen + extraLen + e.compressedSize);
  return e.method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
}

describe('VSIX package', function () {
  let vsix: string;
  let buf: Buffer;
  let files: Entry[];
  let manifest: Record<string, unknown>;

  before(function () {
    this.timeout(300_000); // a production build on a busy 2-core machine
    vsix = packaging.ensureVsix({ ifStale: true });
    buf = fs.readFileSync(vsix);
    files = zipEntries(buf).filter((e) => !e.name.endsWith('/'));
    const pkgEntry = files.find((e) => e.name === 'extension/package.json');
    assert.ok(pkgEntry, 'extension/package.json is not in the VSIX');
    manifest = JSON.parse(readEntry(buf, pkgEntry).toString('utf8'));
  });

  it('is named backprop-trace-<version>.vsix and is at most 1 MB', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(path.basename(vsix), `backprop-trace-${pkg.version}.vsix`);
    const size = fs.statSync(vsix).size;
    console.log(`      ${path.basename(vsix)}: ${(size / 1024).toFixed(0)} KiB, ${files.length} files`);
    assert.ok(size <= 1024 * 1024, `VSIX is ${size} bytes`);
  });

  it('holds only dist bundles, media, l10n, README, CHANGELOG, LICENSE and package.json (+ nls)', () => {
    const allowed = [
      /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, // written by vsce
      /^extension\/dist\/(extension|webview|cli|traceWorker)\.js$/, /^extension\/dist\/web\/extension\.js$/,
      /^extension\/dist\/webview\.cytoscape\.js$/, // the webview's second chunk: cytoscape, after the first frame
      /^extension\/dist\/webview(\.cytoscape)?\.js\.LICENSE\.txt$/, // licence notices (dagre's, cytoscape's), referenced by the bundles
      /^extension\/dist\/tracer\/bpt_trace\.py$/, // the Python tracer of "Trace your own layers"
      /^extension\/dist\/tracer\/bpt_tracer\/\w+\.py$/, /^extension\/dist\/tracer\/constants\.json$/, // its package, the shared numbers
      /^extension\/dist\/debug\/(probe|frame|sources|recording|pairs|peek|numbers)\.py$/, // what a trace at a breakpoint evaluates in the paused program
      /^extension\/media\//,
      /^extension\/l10n\/bundle\.l10n\.[\w-]+\.json$/,
      /^extension\/package(\.nls(\.[\w-]+)?)?\.json$/,
      /^extension\/(readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
    ];
    const stray = files.map((e) => e.name).filter((n) => !allowed.some((re) => re.test(n)));
    assert.deepStrictEqual(stray, [], 'files that should not ship (fix .vscodeignore)');
    const names = files.map((e) => e.name);
    assert.ok(!names.some((n) => n.endsWith('.map')), 'source maps in the VSIX');
    // The README's pictures are for the repository and the Marketplace page, not the install.
    assert.deepStrictEqual(names.filter((n) => n.startsWith('extension/media/screenshots/')), [], 'README screenshots in the VSIX');
    assert.ok(!names.some((n) => /\.ts$/.test(n) || n.includes('/test/') || n.includes('node_modules')), 'sources, tests or node_modules in the VSIX');
  });

  it('has everything the extension needs at run time, on desktop and on the web', () => {
    const names = new Set(files.map((e) => e.name));
    // vsce stores the docs as readme.md, changelog.md and LICENSE.txt.
    const lower = new Set(files.map((e) => e.name.toLowerCase().replace(/\.txt$/, '')));
    for (const need of ['dist/extension.js', 'dist/web/extension.js', 'dist/webview.js', 'dist/webview.cytoscape.js', 'dist/tracer/bpt_trace.py', 'dist/tracer/bpt_tracer/runner.py', 'dist/tracer/constants.json', 'dist/debug/probe.py', 'dist/debug/sources.py', 'dist/debug/recording.py', 'dist/debug/peek.py', 'dist/debug/frame.py', 'dist/debug/pairs.py', 'dist/debug/numbers.py', 'media/icon.png',
      'media/webview.css', 'l10n/bundle.l10n.ko.json', 'package.nls.json', 'package.nls.ko.json']) {
      assert.ok(names.has(`extension/${need}`), `${need} missing from the VSIX`);
    }
    for (const doc of ['readme.md', 'changelog.md', 'license']) assert.ok(lower.has(`extension/${doc}`), `${doc} missing from the VSIX`);
    // The worker a big literal is traced in, where the desktop host looks for it; the web host has none.
    const worker = path.relative('.', workerScript('extension')).split(path.sep).join('/');
    assert.ok(names.has(worker), `${worker} (the trace worker) missing from the VSIX`);
    const web = readEntry(buf, files.find((e) => e.name === 'extension/dist/web/extension.js')!).toString('utf8');
    assert.ok(!web.includes('worker_threads'), 'the web bundle needs worker_threads');
    // Every media file the manifest points at (icon, walkthrough media) is shipped.
    const refs = JSON.stringify(manifest).match(/"media\/[^"]+"/g) ?? [];
    for (const r of refs) assert.ok(names.has(`extension/${r.slice(1, -1)}`), `${r} is referenced but not shipped`);
  });

  it('ships production bundles: minified, without inline source maps', () => {
    for (const name of ['extension/dist/extension.js', 'extension/dist/web/extension.js', 'extension/dist/webview.js', 'extension/dist/webview.cytoscape.js', 'extension/dist/traceWorker.js']) {
      const e = files.find((f) => f.name === name);
      assert.ok(e, `${name} missing`);
      const text = readEntry(buf, e).toString('utf8');
      assert.ok(!/sourceMappingURL=data:/.test(text), `${name} has an inline source map`);
      assert.ok(!text.includes('eval-source-map') && !/\/\/# sourceURL=webpack:/.test(text), `${name} is a development build`);
      const lines = text.split('\n').length;
      assert.ok(text.length / lines > 500, `${name} does not look minified (${lines} lines)`);
    }
  });

  it("keeps the webview's first script at most 300 KB: cytoscape comes in its own chunk after the first frame", () => {
    const size = (name: string) => {
      const e = files.find((f) => f.name === `extension/dist/${name}`);
      assert.ok(e, `${name} missing`);
      return readEntry(buf, e).length;
    };
    const [first, chunk] = [size('webview.js'), size('webview.cytoscape.js')];
    console.log(`      webview.js ${first} bytes, webview.cytoscape.js ${chunk} bytes`);
    assert.ok(first <= 300_000, `webview.js is ${first} bytes`);
    // The chunk is where cytoscape went (it alone is ~430 KB minified), not an empty split.
    assert.ok(chunk > 300_000, `webview.cytoscape.js is only ${chunk} bytes`);
  });

  it('carries the Marketplace metadata', () => {
    const m = manifest as Record<string, never>;
    for (const k of ['publisher', 'displayName', 'description', 'icon', 'license', 'homepage', 'browser', 'main', 'l10n']) {
      assert.ok(m[k], `package.json has no ${k}`);
    }
    assert.strictEqual(m.publisher, 'backprop-trace');
    assert.match((m.repository as { url: string }).url, /^https:\/\/github\.com\//);
    assert.match((m.bugs as { url: string }).url, /^https:\/\//);
    assert.strictEqual((m.galleryBanner as { theme: string }).theme, 'dark');
    for (const c of ['Visualization', 'Machine Learning', 'Data Science', 'Education']) {
      assert.ok((m.categories as string[]).includes(c), `category ${c}`);
    }
    assert.ok((m.keywords as string[]).length >= 3 && (m.keywords as string[]).length <= 30, 'keywords (vsce allows 30)');
    assert.match((m.engines as { vscode: string }).vscode, /^\^1\.\d+\.\d+$/);
    // code-server 4.100.3 (VS Code 1.100) silently skips extensions that ask for more.
    assert.ok(Number((m.engines as { vscode: string }).vscode.split('.')[1]) <= 100, 'engines.vscode above 1.100');
    assert.ok(Array.isArray((m.contributes as { walkthroughs?: unknown[] }).walkthroughs), 'no walkthrough');
  });

  it('has a 128x128 PNG icon', () => {
    const icon = readEntry(buf, files.find((e) => e.name === 'extension/media/icon.png')!);
    assert.strictEqual(icon.toString('latin1', 1, 4), 'PNG');
    assert.deepStrictEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  });
});
