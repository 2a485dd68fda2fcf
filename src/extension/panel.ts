// The one trace panel, reused across traces and revived after a window reload. The host posts
// only after the webview says `ready`, acts only on messages that pass the protocol's guards, and
// keeps what the trace was made from so expanding a node or changing a setting re-traces here.
import * as vscode from 'vscode';
import { previewGraph } from '../engine/wirePreview';
import { isFromWebviewMessage, type FromWebviewMessage, type RenderReport, type ToWebviewMessage, type TraceGraph } from '../protocol';
import { getHtml, resourceRoots } from './html';
import { build, inputFromRestore, readSettings, type RestoreInfo, type TraceInput } from './traceSession';
import { webviewStrings } from './webviewStrings';

type Stepped = Extract<FromWebviewMessage, { type: 'stepped' }>;
type Handler = (m: FromWebviewMessage, panel: TracePanel) => void;

/** What the webview keeps with setState and hands back to the serializer after a reload. */
export interface PanelState {
  restore?: RestoreInfo;
  expanded?: string[];
}

export class TracePanel {
  static readonly viewType = 'backpropTrace.graph';
  static current: TracePanel | undefined;
  /** Messages the panel does not handle itself (exports, quick picks) go to the command module. */
  static onMessage: Handler | undefined;
  private static renderWaiters: ((r: RenderReport) => void)[] = [];
  private static stepWaiters: ((s: Stepped) => void)[] = [];

  lastReport: RenderReport | undefined;
  lastStep: Stepped | undefined;
  graph: TraceGraph | undefined;
  input: TraceInput | undefined;
  readonly expanded = new Set<string>();
  private ready = false;
  private queue: ToWebviewMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri): TracePanel {
    if (TracePanel.current) {
      TracePanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      return TracePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TracePanel.viewType,
      vscode.l10n.t('Backprop Trace'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      TracePanel.options(extensionUri),
    );
    TracePanel.current = new TracePanel(panel, extensionUri);
    return TracePanel.current;
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
  }

  /** After a reload: the serializer hands over the old panel and the state the webview saved. */
  static async revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): Promise<void> {
    panel.webview.options = TracePanel.options(extensionUri);
    TracePanel.current?.dispose();
    const p = new TracePanel(panel, extensionUri);
    TracePanel.current = p;
    const s = (typeof state === 'object' && state !== null ? state : {}) as PanelState;
    for (const id of Array.isArray(s.expanded) ? s.expanded : []) if (typeof id === 'string') p.expanded.add(id);
    const restore = s.restore;
    if (restore && typeof restore.title === 'string') {
      const input = await inputFromRestore(restore, readSettings());
      if (input) p.show(input);
    }
  }

  static whenRendered(timeoutMs: number): Promise<RenderReport> {
    return TracePanel.wait(TracePanel.renderWaiters, timeoutMs, 'report a render');
  }

  /** Resolves with the next flow report whose step and phase match (tests drive the flow with it). */
  static whenStepped(timeoutMs: number, accept: (s: Stepped) => boolean = () => true): Promise<Stepped> {
    return new Promise((resolve, reject) => {
      const cur = TracePanel.current?.lastStep;
      if (cur && accept(cur)) return resolve(cur);
      const timer = setTimeout(() => reject(new Error(`The trace panel did not reach the step within ${timeoutMs} ms`)), timeoutMs);
      const waiter = (s: Stepped) => {
        if (!accept(s)) return TracePanel.stepWaiters.push(waiter);
        clearTimeout(timer);
        resolve(s);
      };
      TracePanel.stepWaiters.push(waiter);
    });
  }

  private static wait<T>(list: ((v: T) => void)[], timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        list.splice(list.indexOf(waiter) >>> 0, 1);
        reject(new Error(`The trace panel did not ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (v: T) => {
        clearTimeout(timer);
        resolve(v);
      };
      list.push(waiter);
    });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = getHtml(panel.webview, extensionUri);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), null, this.disposables);
    // Shows the panel's commands (play, step, export…) in the command palette only while it exists.
    void vscode.commands.executeCommand('setContext', 'backpropTrace.panelOpen', true);
  }

  /**
   * Traces `input` (with the panel's expanded nodes and current settings) and draws it. `built` is
   * that same graph when the caller already made it in time slices (big inputs, slicedTrace.ts).
   */
  show(input: TraceInput, built?: TraceGraph, wire?: TraceGraph): TraceGraph {
    if (this.input && this.input.title !== input.title) this.expanded.clear();
    this.input = input;
    return this.retrace(built, wire);
  }

  /** Rebuilds the graph from the kept input, e.g. after an expand or a settings change. */
  retrace(built?: TraceGraph, wire?: TraceGraph): TraceGraph {
    if (!this.input) throw new Error('nothing traced yet');
    const graph = built ?? build(this.input, readSettings(), this.expanded);
    // Drop expansions that no longer exist (the layers setting changed).
    const ids = new Set(graph.nodes.flatMap((n) => [n.id, n.parent ?? '']));
    for (const id of this.expanded) if (!ids.has(id)) this.expanded.delete(id);
    this.graph = graph;
    this.panel.title = vscode.l10n.t('Backprop Trace: {0}', graph.title);
    // Big arrays go as previews (summary, stats, a sample): the webview never needs every value.
    // `wire` is that preview when the caller already made it in time slices (slicedTrace.ts).
    this.post({ type: 'trace', graph: wire ?? previewGraph(graph), restore: this.input.restore });
    return graph;
  }

  post(message: ToWebviewMessage): void {
    // Before `ready` the webview would drop messages: keep the newest of each type until then.
    if (!this.ready) {
      this.queue = [...this.queue.filter((m) => m.type !== message.type), message];
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /** Messages that failed the protocol's guards: logged, counted, never acted on. */
  static dropped = 0;

  /** Every message from the webview comes through here (public so tests can feed it junk). */
  receive(message: unknown): void {
    if (!isFromWebviewMessage(message)) {
      TracePanel.dropped++;
      console.warn('[backprop-trace] dropped a malformed message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        // init first, so the webview has its strings before it draws anything.
        void this.panel.webview.postMessage({ type: 'init', strings: webviewStrings(), settings: readSettings() });
        const queued = this.queue;
        this.queue = [];
        queued.forEach((m) => this.post(m));
        if (this.input && !queued.some((m) => m.type === 'trace')) this.retrace(); // the webview was reloaded
        break;
      }
      case 'rendered':
        this.lastReport = message.report;
        TracePanel.renderWaiters.splice(0).forEach((w) => w(message.report));
        break;
      case 'stepped':
        this.lastStep = message;
        TracePanel.stepWaiters.splice(0).forEach((w) => w(message));
        break;
      case 'error':
        console.error(`[backprop-trace] webview: ${message.message}`);
        break;
      case 'expand':
        if (!this.input || !this.graph?.nodes.some((n) => n.id === message.node || n.parent === message.node)) return;
        if (message.expanded) this.expanded.add(message.node);
        else this.expanded.delete(message.node);
        this.retrace();
        break;
      default:
        TracePanel.onMessage?.(message, this);
    }
  }

  dispose(): void {
    if (TracePanel.current === this) {
      TracePanel.current = undefined;
      void vscode.commands.executeCommand('setContext', 'backpropTrace.panelOpen', false);
    }
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
  }
}
