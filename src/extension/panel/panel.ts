// The one trace panel, reused across traces and revived after a window reload. The host posts
// only after the webview says `ready`, acts only on messages that pass the protocol's guards, and
// keeps what the trace was made from so expanding a node or changing a setting re-traces here.
import * as vscode from 'vscode';
import type { DagSpec } from '../../engine';
import { previewGraph } from '../../engine/print/wirePreview';
import { isFromWebviewMessage, type FromWebviewMessage, type RenderReport, type ToWebviewMessage, type TraceGraph } from '../../protocol';
import { getHtml, resourceRoots } from '../html';
import { traceJson } from '../../engine/print/traceJson';
import { inputFromRestore, literalSource, type RestoreInfo, type TraceInput } from '../literal/source';
import { readSettings } from './settings';
import { webviewStrings } from './webviewStrings';

/** What the panel's view asks of a source: which layers are expanded, which recorded pass to show. */
export interface SourceView {
  expanded: ReadonlySet<string>;
  pass: number;
}

/**
 * A graph as built: its wire form (big arrays as previews: what the webview gets, and all the
 * panel's own uses need) and the whole graph when the builder holds it anyway. A worker's trace
 * leaves `graph` out: its ~56 MB for 1000×1000 never comes to the host until an export asks.
 */
export interface Built {
  graph?: TraceGraph;
  wire: TraceGraph;
}

/**
 * Where a graph comes from: a literal trace, a book example, the reader's own Python run. The
 * panel asks again when the view changes (expand, another pass, a settings change); it does not
 * know which mode made the graph. `build` may return a Built when it made the wire form itself.
 */
export interface GraphSource {
  title: string;
  restore?: RestoreInfo;
  build(view: SourceView): TraceGraph | Promise<TraceGraph | Built>;
  /** The whole graph made again, for a build that gave only its wire form (exports). */
  full?(view: SourceView): Promise<TraceGraph>;
  /** The JSON export of that whole graph, written where it is made (a worker's thread for a big x). */
  json?(view: SourceView): Promise<Uint8Array>;
  /** Rebuild when these settings change (literal traces: `backpropTrace.layers`). */
  settings?: string[];
  /** The DAG the engine ran, for "Copy as numpy code" (absent for the reader's own Python). */
  dag?(): DagSpec;
}

/** Reopens a source after a window reload from what the webview saved; registered by each mode. */
export type Reviver = (restore: RestoreInfo) => Promise<GraphSource | undefined>;

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

  /** Revivers by RestoreInfo field (`example`, `run`); literal traces are the default. */
  static readonly revivers: { test: (r: RestoreInfo) => boolean; revive: Reviver }[] = [];

  lastReport: RenderReport | undefined;
  lastStep: Stepped | undefined;
  /** The graph shown, in its wire form: the same nodes and edges as the whole one, big arrays as previews. */
  graph: TraceGraph | undefined;
  /** The whole graph when the build gave it (small traces); else fullGraph() makes it again. */
  private whole: TraceGraph | undefined;
  /** What `graph` was built from, so fullGraph() re-makes that one and not a later expand or trace. */
  private builtFrom: { source: GraphSource; view: SourceView } | undefined;
  source: GraphSource | undefined;
  /** The literal trace's input (x, dout), when the source is a literal trace: exports use it. */
  input: TraceInput | undefined;
  readonly expanded = new Set<string>();
  pass = 0;
  /** Bumped per rebuild, so a slow (sliced) rebuild never overwrites a newer one. */
  private version = 0;
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
      const mode = TracePanel.revivers.find((r) => r.test(restore));
      if (mode) {
        const source = await mode.revive(restore);
        if (source) await p.showSource(source, true);
      } else {
        const input = await inputFromRestore(restore, readSettings());
        if (input) await p.show(input, undefined, true);
      }
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
   * Traces `input` (with the panel's expanded nodes and current settings) and draws it. `made` is
   * that trace when the caller already made it (in slices, or its wire form in a worker).
   */
  show(input: TraceInput, made?: Built, keepView = this.input?.title === input.title): Promise<TraceGraph> {
    this.input = input;
    return this.setSource(literalSource(input), keepView, made);
  }

  /** Shows a graph from any source (a book example, the reader's Python run). `keepView`: a reload keeps what was expanded. */
  showSource(source: GraphSource, keepView = false): Promise<TraceGraph> {
    this.input = undefined;
    return this.setSource(source, keepView);
  }

  private setSource(source: GraphSource, keepView: boolean, made?: Built): Promise<TraceGraph> {
    if (!keepView || (this.source && this.source.title !== source.title)) {
      this.expanded.clear();
      this.pass = 0;
    }
    this.source = source;
    return this.retrace(made);
  }

  /**
   * Rebuilds the graph from the source, e.g. after an expand, another pass or a settings change.
   * Resolves with the whole graph when the build gave it, else with its wire form.
   */
  async retrace(made?: Built): Promise<TraceGraph> {
    const source = this.source;
    if (!source) throw new Error('nothing traced yet');
    const mine = ++this.version;
    const view: SourceView = { expanded: new Set(this.expanded), pass: this.pass };
    let built: Built;
    if (made) built = made;
    else {
      const b = await source.build(view);
      built = 'wire' in b ? b : { graph: b, wire: previewGraph(b) };
    }
    const { graph, wire } = built;
    if (mine !== this.version || source !== this.source) return graph ?? wire; // a newer rebuild or source won
    // Drop expansions that no longer exist (the layers setting changed). The wire form has every node.
    const ids = new Set(wire.nodes.flatMap((n) => [n.id, n.parent ?? '']));
    for (const id of this.expanded) if (!ids.has(id)) this.expanded.delete(id);
    this.graph = wire;
    this.whole = graph;
    this.builtFrom = { source, view };
    this.panel.title = vscode.l10n.t('Backprop Trace: {0}', wire.title);
    // Big arrays go as previews (summary, stats, a sample): the webview never needs every value.
    this.post({ type: 'trace', graph: wire, restore: source.restore });
    return graph ?? wire;
  }

  /** The JSON export of the graph shown: from the whole graph held here, else made by the source (off this thread). */
  async traceJsonBytes(): Promise<Uint8Array> {
    const from = this.builtFrom;
    if (!this.whole && from?.source.json) return from.source.json(from.view);
    return new TextEncoder().encode(traceJson(await this.fullGraph()));
  }

  /**
   * The whole graph shown (every value). A worker's trace is made again (in the worker) and not
   * kept: holding it would bring back the GC pauses its absence avoids.
   */
  async fullGraph(): Promise<TraceGraph> {
    if (this.whole) return this.whole;
    const from = this.builtFrom;
    if (!from?.source.full) throw new Error('nothing traced yet');
    return from.source.full(from.view);
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
        if (this.source && !queued.some((m) => m.type === 'trace')) void this.retrace(); // the webview was reloaded
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
        if (!this.source || !this.graph?.nodes.some((n) => n.id === message.node || n.parent === message.node)) return;
        if (message.expanded) this.expanded.add(message.node);
        else this.expanded.delete(message.node);
        void this.retrace();
        break;
      case 'pass':
        if (!this.source || !this.graph?.pass || message.index >= this.graph.pass.count) return;
        this.pass = message.index;
        void this.retrace();
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
