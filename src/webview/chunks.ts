// Where webpack finds the webview's later chunks (cytoscape) and how their <script> passes the
// panel's CSP. Imported first by main.ts: document.currentScript is only set while the first
// script runs. The chunk sits beside it in dist/ (a localResourceRoot) and carries its nonce.
declare let __webpack_public_path__: string;
declare let __webpack_nonce__: string;

const me = document.currentScript as HTMLScriptElement | null;
if (me?.src) __webpack_public_path__ = new URL('.', me.src).href;
// The `nonce` property, not the attribute: browsers hide the attribute once the script has loaded.
if (me?.nonce) __webpack_nonce__ = me.nonce;

export {};
