// Where webpack finds the webview's later chunks (cytoscape) and how their <script> passes the
// panel's CSP. Imported first by main.ts: document.currentScript is only set while the first
// script runs. The chunk sits beside it in dist/ (a localResourceRoot) and carries its nonce.
declare let __webpack_public_path__: string;
declare let __webpack_nonce__: string;

const me = document.currentScript as HTMLScriptElement | null;
if (me?.src) __webpack_public_path__ = new URL('.', me.src).href;
// The `nonce` property, not the attribute: browsers hide the attribute once the script has loaded.
if (me?.nonce) __webpack_nonce__ = me.nonce;

/**
 * cytoscape's chunk is fetched early but run later: evaluating 440 KB takes the main thread for
 * tens of ms, and run at once it landed between `ready` and the first trace, delaying the first
 * frame. A preload (same URL, no crossorigin, as webpack's own <script> asks) fills the cache;
 * the import() after the first frame then runs it from there.
 */
function preload(src: string, nonce: string): void {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = new URL('webview.cytoscape.js', src).href;
  if (nonce) link.nonce = nonce;
  document.head.append(link);
}

/** Runs `run` once the page has loaded (VS Code has shown the frame), on a task of its own. */
export function afterLoad(run: () => void): void {
  if (document.readyState === 'complete') setTimeout(run, 0);
  else window.addEventListener('load', () => setTimeout(run, 0), { once: true });
}

// This script is added after the page's load event (html.ts: a fetch in the page held the page's
// first paint off the screen until it came), so the chunk's fetch starts on a task of its own
// right after this script's first work.
if (me?.src) {
  const [src, nonce] = [me.src, me.nonce ?? ''];
  afterLoad(() => preload(src, nonce));
}

export {};
