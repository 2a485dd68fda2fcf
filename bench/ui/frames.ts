// What the UI benchmark reads inside the webview frames (bench:ui's driver, through Playwright):
// when a frame was created, when VS Code wrote its HTML, when its load event came, when VS Code
// showed it, when its resources arrived and when the content was first seen drawn, all on the
// machine's clock (Date.now() and performance.timeOrigin), so they subtract from the host's times.
import type { Frame, Page } from 'playwright-core';

/**
 * In a webview frame: on every animation frame, note the first one at which it shows our graph
 * drawn (body.has-trace) or the Markdown preview's text, in the frame's own clock (the machine's),
 * and only once the frame itself is visible: VS Code keeps a new webview's frame hidden
 * (visibility: hidden) until its load event, or 200 ms after writing its HTML. VS Code writes the
 * HTML into a blank page (fake.html) with document.open/write/close on a timer after that page's
 * DOMContentLoaded; the write drops animation frame callbacks, so close() is hooked to note the
 * write and start the loop again. The hook is put in place from the outer frame (VS Code's
 * pre/index.html, same origin), as each content frame is inserted: Playwright's init script (also
 * used) and its 100 ms re-installs can come after the write, and a loop restarted late reads late.
 */
function installSeen(mark: string): void {
  type W = Window & { __bptSeen?: Record<string, number>; __bptBeat?: number; __bptHidden?: number; __bptShown?: number; __bptWritten?: number; __bptLoad?: number; __bptWatching?: boolean };
  const loop = (w: W) => {
    // A loop is alive if it ticked lately.
    if (w.__bptBeat && w.performance.now() - w.__bptBeat < 200) return;
    const seen = (w.__bptSeen ??= {});
    /** Whether the frame is shown (its <iframe> element, when this same-origin frame may read it). */
    const visible = () => {
      try {
        const fe = w.frameElement as HTMLElement | null;
        return !fe || fe.ownerDocument.defaultView?.getComputedStyle(fe).visibility !== 'hidden';
      } catch {
        return true;
      }
    };
    // Content found in frame N is on screen once frame N is painted, after every callback of N
    // (cytoscape draws its canvas in one): so the time is taken at the start of frame N + 1.
    const found: Record<string, boolean> = {};
    const tick = () => {
      const now = Date.now();
      w.__bptBeat = w.performance.now();
      for (const k of ['trace', 'md', 'progress']) if (found[k] && !seen[k]) seen[k] = now;
      const b = w.document.body;
      const shown = visible();
      if (!shown) w.__bptHidden = now;
      else if (w.__bptWritten) w.__bptShown ??= now;
      // Our graph: drawn text in the graph area (the first frame's SVG, the host's or the script's) or the canvas.
      const ours = !!w.document.getElementById('graph');
      if (b && shown && ours && b.classList.contains('has-trace') && w.document.querySelector('#graph svg text, #graph canvas')) found.trace = true;
      if (b && shown && !ours && (b.textContent ?? '').includes(mark)) found.md = true;
      // Run mode's progress page: its status line says what runs.
      if (b && shown && ours && b.classList.contains('running') && (w.document.getElementById('status')?.textContent ?? '').trim()) found.progress = true;
      // A frame shows one content: once it is seen the loop stops (it shares the workbench's main
      // thread in code-server, where every frame's callbacks run: a loop left running taxes both).
      if (!seen.trace && !seen.md) w.requestAnimationFrame(tick);
    };
    w.__bptBeat = w.performance.now();
    w.requestAnimationFrame(tick);
  };
  const hookClose = (w: W) => {
    const d = w.document as Document & { __bptHooked?: boolean };
    if (d.__bptHooked || d.title !== 'Fake') return; // only VS Code's blank page, before its write
    d.__bptHooked = true;
    const close = d.close.bind(d);
    d.close = () => {
      // VS Code has written the page's HTML (document.write, parsed as it goes): its load event follows once its resources are in.
      w.__bptWritten ??= Date.now();
      close();
      w.addEventListener('load', () => (w.__bptLoad ??= Date.now()), { once: true });
      if (d.readyState === 'complete') w.__bptLoad ??= Date.now();
      w.__bptBeat = 0;
      loop(w);
    };
  };
  const me = window as W;
  if (document.readyState !== 'loading') hookClose(me);
  else document.addEventListener('DOMContentLoaded', () => hookClose(me), { once: true });
  if (!me.__bptWatching) {
    me.__bptWatching = true;
    // VS Code's own listener is on the new <iframe>'s window too (kept from about:blank to fake.html).
    new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
      if (n instanceof HTMLIFrameElement && n.contentWindow) n.contentWindow.addEventListener('DOMContentLoaded', () => n.contentWindow && hookClose(n.contentWindow as W));
    }))).observe(document, { childList: true, subtree: true });
  }
  // Only a content frame (VS Code's blank page, written over) is watched: the workbench and the
  // webviews' outer frames never show the content, and a loop there would tick forever.
  if (location.pathname.endsWith('/fake.html')) loop(me);
}

/**
 * In a webview's outer frame (VS Code's pre/index.html): note when the inner page posted each
 * message type (our webview's `ready`), by wrapping the function its acquireVsCodeApi() binds.
 */
function installPostSpy(): void {
  const w = window as unknown as Record<string, unknown> & { __bptPosts?: { type: string; at: number }[] };
  const name = '__vscode_post_message__';
  const posts = (w.__bptPosts ??= []);
  const wrap = (f: unknown) => {
    if (typeof f !== 'function' || (f as { __bpt?: boolean }).__bpt) return f;
    const g = (command: string, data: { message?: { type?: unknown } } | undefined) => {
      if (command === 'onmessage' && typeof data?.message?.type === 'string') posts.push({ type: data.message.type, at: Date.now() });
      return (f as (c: string, d: unknown) => unknown)(command, data);
    };
    (g as { __bpt?: boolean }).__bpt = true;
    return g;
  };
  const d = Object.getOwnPropertyDescriptor(w, name);
  if (d && !d.configurable) return;
  let current = wrap(w[name]);
  // A setter too, for when the page assigns the function after this ran.
  Object.defineProperty(w, name, { configurable: true, get: () => current, set: (f) => (current = wrap(f)) });
}

/** When our webview first posted `ready` (from the spy in the outer frames), if seen. */
export function readyAt(page: Page): Promise<number | undefined> {
  return postedAt(page, 'ready');
}

/** When our webview first posted a message of `type` at or after `after` (the spy in the outer frames), if it did. */
export async function postedAt(page: Page, type: string, after = 0): Promise<number | undefined> {
  let first: number | undefined;
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const at = await f.evaluate(([t, a]) => (window as unknown as { __bptPosts?: { type: string; at: number }[] }).__bptPosts?.find((p) => p.type === t && p.at >= a)?.at, [type, after] as const).catch(() => undefined);
    if (at !== undefined && (first === undefined || at < first)) first = at;
  }
  return first;
}

/** Puts the watcher into every webview frame as it appears or navigates (and re-checks often). */
export function watchFrames(page: Page, mark: string): () => void {
  // Frames whose document has both installed: the 100 ms re-check skips them (each evaluate is a
  // round trip on the main thread the workbench and the webviews share).
  const done = new WeakSet<Frame>();
  const watch = (f: Frame) => {
    if (f === page.mainFrame() || f.isDetached()) return;
    void Promise.all([f.evaluate(installPostSpy), f.evaluate(installSeen, mark)]).then(() => done.add(f), () => undefined);
  };
  void page.addInitScript(installSeen, mark).catch(() => undefined);
  page.on('frameattached', watch);
  page.on('framenavigated', (f) => (done.delete(f), watch(f)));
  const timer = setInterval(() => page.frames().forEach((f) => done.has(f) || watch(f)), 100);
  return () => clearInterval(timer);
}

export interface FrameTimes {
  /** When the frame showing it was created, its scripts had loaded, and it was first seen drawn. */
  timeOrigin: number;
  scriptsLoaded: number;
  seen: number;
  scripts: { name: string; bytes: number; start: number; end: number }[];
  /** The last time the frame was seen hidden by VS Code (before it showed its content), if it was. */
  hiddenUntil?: number;
  /** When fake.html (the blank page VS Code loads first) had arrived, and its DOMContentLoaded, after which VS Code writes the HTML. */
  fakeArrived: number;
  fakeReady: number;
  /** fake.html's navigation: the service worker started, the request sent, its first byte (NaN: not reported). */
  fakeWorker: number;
  fakeAsked: number;
  fakeFirstByte: number;
  /** When VS Code had written the page's HTML into the frame, when its load event came, and the first animation frame in which it was shown. */
  written?: number;
  load?: number;
  shown?: number;
  /** When the page's stylesheets had arrived (NaN: none). */
  stylesLoaded: number;
  /** Whether the page carried its first trace (src/pageData.ts). */
  pageData?: boolean;
  longTasks: { at: number; ms: number }[];
  /** VS Code's outer frame for this webview (pre/index.html): when it was created and its DOMContentLoaded (NaN: not read). */
  outerOrigin: number;
  outerReady: number;
  /** cytoscape's chunk: when its fetch started and ended (NaN: not asked yet), and the webview's own marks (render.ts: canvas asked, ran, drawn). */
  chunk: { start: number; end: number };
  marks: Record<string, number>;
}

/** After the fact: in the frame that shows `what`, when it started, loaded its scripts and drew. */
export async function frameTimes(page: Page, what: 'trace' | 'md' | 'progress'): Promise<FrameTimes | undefined> {
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const r = await f.evaluate(async (w) => {
      const seen = (window as unknown as { __bptSeen?: Record<string, number> }).__bptSeen?.[w];
      if (!seen) return undefined;
      // Long tasks (script evaluation, drawing) the frame ran, if Chromium kept them for us.
      const longTasks: { at: number; ms: number }[] = [];
      await new Promise<void>((done) => {
        const o = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration })));
        o.observe({ type: 'longtask', buffered: true });
        setTimeout(() => (o.disconnect(), done()), 100);
      });
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => /\.js(\?|$)/.test(e.name))
        .map((e) => ({ name: e.name.replace(/^.*\//, ''), bytes: e.decodedBodySize, start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd }));
      // The scripts the page starts with: our cytoscape chunk is asked for by the first one and
      // loads beside the first frame, so it is not part of "scripts loaded".
      const first = scripts.filter((e) => !/\.cytoscape\.js$/.test(e.name));
      const styles = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => /\.css(\?|$)/.test(e.name));
      const x = window as unknown as { __bptHidden?: number; __bptShown?: number; __bptWritten?: number; __bptLoad?: number };
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const ch = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => /\.cytoscape\.js(\?|$)/.test(e.name));
      const marks = Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name, performance.timeOrigin + e.startTime]));
      const at = (ms: number | undefined) => (ms ? performance.timeOrigin + ms : NaN);
      const latest = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
      return {
        timeOrigin: performance.timeOrigin, fakeArrived: at(nav?.responseEnd), fakeReady: at(nav?.domContentLoadedEventStart),
        fakeWorker: at(nav?.workerStart), fakeAsked: at(nav?.requestStart), fakeFirstByte: at(nav?.responseStart),
        written: x.__bptWritten, load: x.__bptLoad, shown: x.__bptShown, hiddenUntil: x.__bptHidden,
        scriptsLoaded: latest(first.map((e) => e.end)), stylesLoaded: latest(styles.map((e) => performance.timeOrigin + e.responseEnd)),
        seen, scripts, longTasks, pageData: !!document.getElementById('page-data'),
        chunk: { start: ch ? performance.timeOrigin + ch.startTime : NaN, end: ch ? performance.timeOrigin + ch.responseEnd : NaN }, marks,
      };
    }, what).catch(() => undefined);
    if (r) {
      const outer = await f.parentFrame()?.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { outerOrigin: performance.timeOrigin, outerReady: nav ? performance.timeOrigin + nav.domContentLoadedEventStart : NaN };
      }).catch(() => undefined);
      return { ...r, outerOrigin: outer?.outerOrigin ?? NaN, outerReady: outer?.outerReady ?? NaN };
    }
  }
  return undefined;
}
