// The webview's HTML: a strict CSP where only our bundled script (posted to the page, by its hash,
// or linked from dist/, by nonce) and our own stylesheet (its text in a <style>, by nonce) may run or
// apply; no inline code but the nonce'd line that runs the script (pageFiles.ts's loaderLine), no
// style attributes, nothing remote. The first trace may travel in it
// as data (src/pageData.ts: a nonce'd JSON block, never run) and as its first frame, an SVG drawn
// by the host with the webview's own plan (firstLook.ts, scene/firstFrame.ts), with the toolbar's
// words filled in: it paints with the document, before any script. Run mode's progress travels
// the same way. The script then takes the page over.
import * as vscode from 'vscode';
import { shapeText } from '../engine/read/errors';
import { encodePageData, type InitMessage, type PageData } from '../pageData';
import type { ToWebviewMessage } from '../protocol';
import { firstFrameFor } from './firstLook';
import { host } from './host';
import { codeMessage, loaderLine, type PageCode, type PageFiles } from './pageFiles';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What the page shows before its script runs: the messages as data, the words, and the first frame or run mode's progress. */
export interface FirstPaint {
  /** The messages as encodePageData made them (JSON with no `<` in it). */
  page: string;
  strings: Record<string, string>;
  /** The first frame's SVG markup (made by the host's serializer: every text escaped). */
  svg?: string;
  title?: string;
  /** Run mode's progress: the file being run and what the panel says meanwhile. */
  run?: { file: string; text: string };
}

/** The markup's data-s (text) and data-s-label (aria-label, tooltip) filled in, as the script's applyStrings does. */
function withStrings(html: string, strings: Record<string, string>): string {
  const t = (k: string) => esc(strings[k] ?? '');
  return html
    .replace(/(data-s="(\w+)"[^>]*>)(<\/)/g, (_m, open: string, k: string, close: string) => `${open}${t(k)}${close}`)
    .replace(/data-s-label="(\w+)"/g, (m, k: string) => `${m} aria-label="${t(k)}" title="${t(k)}"`);
}

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

/** The panel's header: the title, the legend, the controls and the status line (words by data-s*, or filled in from the first paint). */
function toolbarHtml(first?: FirstPaint): string {
  return `  <header class="toolbar">
    <div class="row head">
      <h1 id="title"${first?.title !== undefined || first?.run ? '' : ' data-s="title"'}>${esc(first?.run?.file ?? first?.title ?? '')}</h1>
      <span class="legend" aria-hidden="true"><span class="swatch forward"></span><span class="long" data-s="legendForward"></span><span class="short" data-s="legendForwardShort"></span><span class="swatch backward"></span><span class="long" data-s="legendBackward"></span><span class="short" data-s="legendBackwardShort"></span></span>
    </div>
    <div class="row controls" role="toolbar" aria-controls="graph">
      <button id="cancelRun" data-s="cancelRun"></button>
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
    <div class="row status-row"><span id="status" class="status" role="status" aria-live="polite">${esc(first?.run?.text ?? '')}</span><button id="problemAt" class="link" hidden></button></div>
  </header>`;
}

/** The page's HTML; `files`: the stylesheet it carries (inline, nonce'd) and the code it awaits (by hash), else the page links them (before readPageFiles has read them). */
export function getHtml(webview: vscode.Webview, extensionUri: vscode.Uri, first?: FirstPaint, files: PageFiles = host.pageFiles): string {
  const nonce = getNonce();
  const css = files.style;
  const dist = (f: string) => String(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', f)));
  const urls = { chunk: dist('webview.cytoscape.js'), script: dist('webview.js') };
  const style = css === undefined ? `<link href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'))}" rel="stylesheet">` : `<style nonce="${nonce}">${css}</style>`;
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}${css === undefined ? '' : ` 'nonce-${nonce}'`}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    // The loader line by nonce; the code it is posted by hash (pageFiles.ts).
    ['script-src', `'nonce-${nonce}'`, ...(files.code?.hashes ?? [])].join(' '),
  ].join('; ');
  // Visible text comes from the host's localised strings (data-s*: filled in here when the first
  // paint travels with the page, else by the webview), so this markup holds no words of its own.
  const page = first?.page;
  const body = [first?.svg ? 'has-trace' : '', first?.run ? 'run-mode running' : ''].filter(Boolean).join(' ');
  const html = `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${style}
  <title>Backprop Trace</title>
</head>
<body class="${body}">
${toolbarHtml(first)}
  <div class="body">
    <main id="graph" role="img" aria-labelledby="title" aria-describedby="graph-text">${first?.svg ?? ''}</main>
    <aside id="details" class="details" hidden data-s-label="details"></aside>
  </div>
  <p id="empty" class="empty" data-s="empty"></p>
  <section id="graph-text" class="sr-only" aria-live="polite"></section>
  <p id="keys" class="sr-only" data-s="keyboardHelp"></p>
  ${page === undefined ? '' : `<script type="application/json" id="page-data" nonce="${nonce}">${page}</script>`}
  <script nonce="${nonce}">${loaderLine(files.code !== undefined, urls, nonce)}</script>
</body>
</html>`;
  return first ? withStrings(html, first.strings) : html;
}

/** The first paint of a trace: its data, the words, the title as the webview's showTitle makes it, and the first frame. */
export function tracePaint(page: string, init: InitMessage, trace: Extract<ToWebviewMessage, { type: 'trace' }>, svg: string | undefined): FirstPaint {
  const g = trace.graph;
  const words = [g.title, g.shape ? shapeText(g.shape) : ''];
  const title = g.shape ? (init.strings.titleShape ?? '{0} {1}').replace(/\{([01])\}/g, (_m, i: string) => words[Number(i)]) : g.title;
  return { page, strings: init.strings, svg, title };
}

/** At most this long the page waits for VS Code's reply (below) before it is written anyway. */
export const REACHED_WAIT_MS = 1000;

/**
 * Sets a new panel's HTML once. A trace posted in the panel's creation's own turn (a literal's or
 * a book example's trace is made at once) is laid out and written in that turn: the extension host
 * sends what it asked of VS Code together at the turn's end, so the HTML travels in the same message
 * as the creation, as the Markdown preview's does (bench:outside, fresh window, load 1.4–2.2: the
 * HTML arrived with the creation instead of 179–354 ms after it, and the frame was made 263 ms after
 * the creation instead of 345). Anything later (a big trace from a worker, run mode's progress, a
 * restored panel's trace) is written once VS Code has the panel: not at the next turn, as the host
 * then compresses what it sent on zlib's thread, whose callback that writes it to the socket waits
 * for the host's thread (a layout in the next turn held the creation 220–400 ms at load 12).
 * `reached` is a reply from VS Code to a request sent after the creation (replies come in order).
 * Without a trace or progress by then the plain page is written, and the trace goes by `ready`.
 */
export class PanelHtml {
  private written = false;
  /** True in the turn the panel was made: a trace posted then is written at once (above). */
  private sameTurn = true;
  /** The first paint to write once VS Code has the panel (the newest trace or progress posted before it). */
  private pending: { data: PageData; page: string; init: InitMessage } | undefined;
  /** The code, if the page was written awaiting it (pageFiles.ts). */
  private code: PageCode | undefined;
  /** When the panel was made and its HTML set, the HTML's length and the host's time on the first frame (the UI benchmark reads them). */
  readonly times: { created: number; written?: number; chars?: number; firstFrameMs?: number } = { created: Date.now() };

  constructor(
    private readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
    private readonly init: () => InitMessage,
    private readonly column: () => vscode.ViewColumn | undefined,
    reached: Thenable<unknown>,
  ) {
    setTimeout(() => (this.sameTurn = false), 0);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((r) => (timer = setTimeout(r, REACHED_WAIT_MS)));
    void Promise.race([Promise.resolve(reached).catch(() => undefined), bound]).then(() => {
      clearTimeout(timer);
      this.writeFirst();
    });
  }

  /** True if `m` now travels in the page (the HTML was not written yet, and `m` is a trace that fits, or progress). */
  carry(m: ToWebviewMessage): boolean {
    if (this.written || (m.type !== 'trace' && m.type !== 'progress')) return false;
    // A trace already waiting stays: progress after it is old news (the webview would show it over the graph).
    if (m.type === 'progress' && this.pending?.data.trace) return false;
    const init = this.init();
    const data: PageData = m.type === 'trace' ? { init, trace: m } : { init, progress: m };
    const page = encodePageData(data);
    if (page === undefined) return false;
    this.pending = { data, page, init };
    if (this.sameTurn && m.type === 'trace') this.writeFirst();
    return true;
  }

  private writeFirst(): void {
    const first = this.pending;
    this.pending = undefined;
    if (!first) return this.write();
    const { data, page, init } = first;
    const m = data.trace ?? data.progress;
    if (m.type === 'progress') {
      // Run mode's page has none of literal mode's words (webview.css hides them once the script is there).
      const strings = m.run ? Object.fromEntries(Object.entries(init.strings).filter(([k]) => k !== 'empty' && k !== 'layers')) : init.strings;
      return this.write({ page, strings, ...(m.run ? { run: { file: m.run.file, text: m.text } } : {}) });
    }
    const t0 = Date.now();
    const frame = firstFrameFor(m.graph, this.column());
    this.times.firstFrameMs = Date.now() - t0;
    // The page's data carries the frame's plan, so the webview lays out nothing the host has (the page as carried if that would not encode).
    const planned = frame && encodePageData({ init: data.init, trace: m, plan: frame.plan });
    this.write(tracePaint(planned ?? page, init, m, frame?.svg));
  }

  private write(first?: FirstPaint): void {
    if (this.written) return;
    this.written = true;
    try {
      const files = host.pageFiles;
      const html = getHtml(this.webview, this.extensionUri, first, files);
      this.webview.html = html;
      Object.assign(this.times, { written: Date.now(), chars: html.length });
      this.code = files.code;
      // A turn later: posted in this turn, the code went to VS Code in the same write as the panel's
      // creation, compressed with it, and the creation came ~40 ms later (bench:outside, fresh window).
      setTimeout(() => this.postCode(), 0);
    } catch {
      // The panel was closed before its first turn: nothing to show.
    }
  }

  /**
   * Posts the code to a page written awaiting it: once written, and again each time VS Code shows
   * the panel after hiding it (it makes the page's frame again from the HTML; a page still running
   * drops the message).
   */
  postCode(): void {
    try {
      if (this.code) this.webview.postMessage(codeMessage(this.code)).then(undefined, () => undefined);
    } catch {
      // The panel was closed meanwhile: there is no page to run it.
    }
  }
}
