// The webview's HTML: a strict CSP where only our bundled script (by nonce) and our own
// stylesheets may load; nothing inline, nothing remote. The first trace may travel in it as data
// (src/pageData.ts: a nonce'd JSON block, never run), so the webview draws it while the page loads.
import * as vscode from 'vscode';
import { encodePageData, type InitMessage } from '../pageData';
import type { ToWebviewMessage } from '../protocol';

export function getNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}

/** The folders the webview may load from: built code and media, nothing else. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** `page`: the first trace's messages as encodePageData made them (JSON with no `<` in it). */
export function getHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page?: string): string {
  const nonce = getNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  // Visible text is filled in by the webview from the host's localised strings (data-s*), so
  // this markup holds no user-facing words of its own.
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${style}" rel="stylesheet">
  <title>Backprop Trace</title>
</head>
<body>
  <header class="toolbar">
    <div class="row head">
      <h1 id="title" data-s="title"></h1>
      <span class="legend" aria-hidden="true"><span class="swatch forward"></span><span class="long" data-s="legendForward"></span><span class="short" data-s="legendForwardShort"></span><span class="swatch backward"></span><span class="long" data-s="legendBackward"></span><span class="short" data-s="legendBackwardShort"></span></span>
    </div>
    <div class="row controls" role="toolbar" aria-controls="graph">
      <button id="play" class="primary" data-s-label="play"><span class="glyph play-glyph" aria-hidden="true"></span><span id="play-text" data-s="play"></span></button>
      <button id="stepBack" data-s-label="stepBack">|◀</button>
      <button id="step" data-s-label="step">▶|</button>
      <button id="reset" data-s-label="reset">↺</button>
      <label class="speed"><span class="speed-word" data-s="speed"></span>
        <select id="speed" data-s-label="speed"><option value="0.5">0.5×</option><option value="1" selected>1×</option><option value="2">2×</option><option value="4">4×</option></select>
      </label>
      <!-- A narrow panel (media/webview.css decides) shows only the controls above and this
           menu; its items are the controls below, which a wide panel shows in the row itself. -->
      <details class="menu more" id="more-menu">
        <summary data-s-label="more" aria-controls="more-items">⋯</summary>
      </details>
      <div class="more-items" id="more-items">
        <span class="sep"></span>
        <button id="zoomOut" data-s-label="zoomOut">−</button>
        <button id="zoomIn" data-s-label="zoomIn">+</button>
        <button id="fit" data-s-label="fit">⤢</button>
        <span class="sep"></span>
        <button id="pickLayers" data-s="layers"></button>
        <button id="pickDout"></button>
        <label class="follow"><input type="checkbox" id="follow"><span data-s="follow"></span></label>
        <span class="export">
          <details class="menu" id="export-menu">
            <summary data-s="exportLabel" aria-controls="export-items"></summary>
          </details>
          <span class="menu-items" id="export-items">
            <button data-export="png" data-s="exportPng"></button>
            <button data-export="svg" data-s="exportSvg"></button>
            <button data-export="json" data-s="exportJson"></button>
            <button data-export="numpy" data-s="exportNumpy"></button>
          </span>
        </span>
      </div>
    </div>
    <div id="status" class="status" role="status" aria-live="polite"></div>
  </header>
  <div class="body">
    <main id="graph" role="img" aria-labelledby="title" aria-describedby="graph-text"></main>
    <aside id="details" class="details" hidden data-s-label="details"></aside>
  </div>
  <p id="empty" class="empty" data-s="empty"></p>
  <section id="graph-text" class="sr-only" aria-live="polite"></section>
  <p id="keys" class="sr-only" data-s="keyboardHelp"></p>
  ${page === undefined ? '' : `<script type="application/json" id="page-data" nonce="${nonce}">${page}</script>`}
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/**
 * Sets a new panel's HTML once, on the next turn of the event loop: with the first trace in it
 * when the panel has posted one by then (a literal's or a book example's trace is made at once),
 * else without it (run mode's Python, a big trace in a worker), and the trace goes by `ready`.
 */
export class PanelHtml {
  private written = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
    private readonly init: () => InitMessage,
  ) {
    setTimeout(() => this.write(), 0);
  }

  /** True if `m` now travels in the page (the HTML was not written yet, and `m` is a trace that fits). */
  carry(m: ToWebviewMessage): boolean {
    if (this.written || m.type !== 'trace') return false;
    const page = encodePageData({ init: this.init(), trace: m });
    if (page === undefined) return false;
    this.write(page);
    return true;
  }

  private write(page?: string): void {
    if (this.written) return;
    this.written = true;
    try {
      this.webview.html = getHtml(this.webview, this.extensionUri, page);
    } catch {
      // The panel was closed before its first turn: nothing to show.
    }
  }
}
