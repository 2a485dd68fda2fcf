// What the panel's page needs besides its markup: our stylesheet (media/webview.css), our script
// (dist/webview.js) and cytoscape's chunk (dist/webview.cytoscape.js), read once, at activation.
// The stylesheet travels in the page (a <link>ed one came 35–500 ms after VS Code wrote the page,
// which painted unstyled until then). The code travels beside the page, as a message posted right
// a turn after the page is written: files the page asks for come through VS Code's webview relay (its
// service worker, the workbench, the remote file system), which in a fresh window served our script
// and chunk 100–180 ms after the page's load event while the canvas waited; a message posted with
// the page is handed to it at its load event. In the page itself the code (640 KB) held the first
// paint: VS Code parses the page's HTML twice before it writes it into the frame. The code runs
// only if its SHA-256 is in the page's CSP, written by the host. A page written before the files are
// read (or where they cannot be hashed: no Web Crypto) links them instead, as it always did.
// Read through vscode.workspace.fs, as the web host can too.
import * as vscode from 'vscode';

/** The code as the page runs it: the bytes posted (gzipped) and the hashes of their text for the CSP. */
export interface PageCode {
  /** Both or neither: the script finds cytoscape's chunk already there only if it ran first. */
  chunk: Uint8Array;
  script: Uint8Array;
  /** CSP hash sources ('sha256-…') of the chunk's and the script's text. */
  hashes: string[];
}

/** The page's files; each is undefined until read (or if it cannot travel). */
export interface PageFiles {
  style?: string;
  code?: PageCode;
}

/** How long after its load event a page waits for the code before it links it (a frame VS Code made again, "Reload Webviews"). */
export const CODE_WAIT_MS = 1500;

async function readText(extensionUri: vscode.Uri, ...parts: string[]): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...parts)));
}

/** Reads the page's files (host.pageFiles keeps them); what cannot be read (or carried) is linked instead. */
export async function readPageFiles(extensionUri: vscode.Uri): Promise<PageFiles> {
  const [style, chunk, script] = await Promise.all(
    [['media', 'webview.css'], ['dist', 'webview.cytoscape.js'], ['dist', 'webview.js']].map((p) => readText(extensionUri, ...p).catch(() => undefined)),
  );
  return pageFilesOf(style, chunk, script);
}

/** What of the files read can travel (a stylesheet whose text would end its block early is linked). */
export async function pageFilesOf(style: string | undefined, chunk: string | undefined, script: string | undefined): Promise<PageFiles> {
  const code = chunk !== undefined && script !== undefined ? await codeOf(chunk, script).catch(() => undefined) : undefined;
  return { ...(style !== undefined && !/<\/style|<!--/i.test(style) ? { style } : {}), ...(code ? { code } : {}) };
}

/**
 * The texts as run (named for DevTools and profiles as the files they are), gzipped, with the
 * hashes of the texts. Gzipped (640 KB → 150 KB): VS Code's connection compresses every message
 * anyway, and compressing the texts there, as the page's frame was being made, held the frame
 * (bench:outside, fresh window: VS Code's outer frame ready 65 ms later than without the message).
 */
async function codeOf(chunk: string, script: string): Promise<PageCode> {
  const texts = [chunk, script].map((text, i) => new TextEncoder().encode(`${text}\n//# sourceURL=backprop-trace/${i ? 'webview.js' : 'webview.cytoscape.js'}`));
  const hashes = await Promise.all(texts.map(async (b) => `'sha256-${base64(new Uint8Array(await crypto.subtle.digest('SHA-256', b)))}'`));
  const [c, s] = await Promise.all(texts.map(gzip));
  return { chunk: c, script: s, hashes };
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/**
 * The one line of code in the page. Linked: once the page's load event has come (in a fresh window
 * Chromium put the page's first paint on screen only then, so nothing may hold the load event), it
 * asks for the chunk (a preload: fetched, not run) and adds the script, in that order: VS Code's
 * relay serves them about in the order asked, and the chunk, 446 KB, is the longer (asked second,
 * the canvas ran later: 167–287 ms after the load event in 11 runs, against 171–237 in 3).
 * Awaiting the code: it takes the host's code message (checked for its form; the CSP checks the
 * text), unzips it and runs the chunk's text, then the script's; the chunk first, as
 * the script asks for cytoscape soon after and finds it there. With no code by CODE_WAIT_MS after
 * the load event, or code that does not unzip, it links them.
 */
export function loaderLine(awaiting: boolean, urls: { chunk: string; script: string }, nonce: string): string {
  const [s, c, n] = [urls.script, urls.chunk, nonce].map((x) => JSON.stringify(x));
  const link = `const l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = ${c}; l.nonce = ${n}; document.head.append(l); const s = document.createElement('script'); s.src = ${s}; s.nonce = ${n}; document.body.append(s);`;
  if (!awaiting) return `addEventListener('load', () => { ${link} }, { once: true });`;
  return `(() => { let started = false; const text = (b) => new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'))).text(); addEventListener('message', function code(e) { const d = e.data; if (started || e.origin !== location.origin || d?.type !== 'code' || !(d.chunk instanceof Uint8Array) || !(d.script instanceof Uint8Array)) return; started = true; removeEventListener('message', code); Promise.all([text(d.chunk), text(d.script)]).then((texts) => { for (const t of texts) { const s = document.createElement('script'); s.text = t; document.body.append(s); } }, () => { ${link} }); }); addEventListener('load', () => setTimeout(() => { if (started) return; started = true; ${link} }, ${CODE_WAIT_MS}), { once: true }); })();`;
}

/** The message that carries the code, in the form the loader line takes (the running script drops it). */
export const codeMessage = (code: PageCode) => ({ type: 'code', chunk: code.chunk, script: code.script }) as const;
