// Where webpack finds the webview's later chunks (cytoscape) and how their <script> passes the
// panel's CSP. Imported first by main.ts: document.currentScript is only set while the first
// script runs. Where the host posts the code beside the page (extension/pageFiles.ts), the chunk ran just before
// this script and the import() after the first frame finds it there. Where the page links it, the
// chunk sits beside this script in dist/ (a localResourceRoot) and carries its nonce; the page
// asked for it already, with this script: the import() runs it from the cache (the same URL, no
// crossorigin, as webpack's own <script> asks).
declare let __webpack_public_path__: string;
declare let __webpack_nonce__: string;

// bench:outside's breakdown of the time from the page's load event to the canvas (render.ts has the rest).
performance.mark('bpt-script-ran');
const me = document.currentScript as HTMLScriptElement | null;
if (me?.src) __webpack_public_path__ = new URL('.', me.src).href;
/** How this script came: from its text, posted by the host beside the page, or linked from dist/ (the render report says which). */
export const codeCame: 'posted' | 'linked' = me?.src ? 'linked' : 'posted';
// The `nonce` property, not the attribute: browsers hide the attribute once the script has loaded.
if (me?.nonce) __webpack_nonce__ = me.nonce;

/** Runs `run` once the page has loaded (VS Code has shown the frame), on a task of its own. */
export function afterLoad(run: () => void): void {
  if (document.readyState === 'complete') setTimeout(run, 0);
  else window.addEventListener('load', () => setTimeout(run, 0), { once: true });
}

