// The one trace panel, reused across traces and revived after a window reload: it draws. The host
// posts only after the webview says `ready` and acts only on messages that pass the protocol's
// guards; what is shown and how to make it again is the panel's session (session.ts).
import * as vscode from 'vscode';
import { isFromWebviewMessage, type FromWebviewMessage, type RenderReport, type RestoreInfo, type ToWebviewMessage, type TraceGraph, type VerdictPatch } from '../../protocol';
import { host } from '../host';
import { rememberLook } from '../firstLook';
import { PanelHtml, resourceRoots } from '../html';
import { openAt } from '../openAt';
import { say } from '../../engine/graph/sayings';
import { packBuffers } from './packBuffers';
import { PanelSession, type Built, type GraphSource } from './session';
import { initMessage } from './webviewStrings';

export type { Built, GraphSource, SourceView } from './session';

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
  private static checkingWaiters: ((r: RenderReport) => void)[] = [];
  private static stepWaiters: ((s: Stepped) => void)[] = [];

  /** Revivers by RestoreInfo field (`example`, `xText`…), registered by each mode. */
  static readonly revivers: { test: (r: RestoreInfo) => boolean; revive: Reviver }[] = [];

  lastReport: RenderReport | undefined;
  /** Run mode: stops the program being run (the page's Cancel button); set by the run while it lasts. */
  cancelRun: (() => void) | undefined;
  /** Where the last problem is (the page's link opens it); set by the run that failed. */
  problemAt: vscode.Location | undefined;
  lastStep: Stepped | undefined;
  /** Made by the serializer after a window reload (revive), not by a trace. */
  revived = false;
  /** What the panel shows and how to make it again. */
  readonly session = new PanelSession(
    (wire, source) => this.draw(wire, source),
    (patch) => this.patch(patch),
  );
  private ready = false;
  /** Writes the HTML, with the first trace in it when there is one (html.ts). */
  readonly html: PanelHtml;
  /** The trace travelled in the page: `ready` is not a reload asking for it again. */
  private carried = false;
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
    p.revived = true;
    TracePanel.current = p;
    const s = (typeof state === 'object' && state !== null ? state : {}) as PanelState;
    for (const id of Array.isArray(s.expanded) ? s.expanded : []) if (typeof id === 'string') p.session.expanded.add(id);
    const restore = s.restore;
    if (restore && typeof restore.title === 'string') {
      const source = await TracePanel.revivers.find((r) => r.test(restore))?.revive(restore);
      if (source) await p.showSource(source, true);
    }
  }

  /** The next graph drawn; `checking`: drawn while its layers' gradient checks still ran (run mode
   *  draws when the code ends), else one whose checks are all in. */
  static whenRendered(timeoutMs: number, checking = false): Promise<RenderReport> {
    return TracePanel.wait(checking ? TracePanel.checkingWaiters : TracePanel.renderWaiters, timeoutMs, 'report a render');
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
    // Shows the panel's commands (play, step, export…) in the command palette only while it exists.
    // Its reply comes once VS Code has the panel (requests go in order): the page is made then (html.ts).
    const reached = vscode.commands.executeCommand('setContext', 'backpropTrace.panelOpen', true);
    this.html = new PanelHtml(panel.webview, extensionUri, initMessage, () => panel.viewColumn, reached);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    // Hidden, the panel's frame is let go (no retainContextWhenHidden); shown again, VS Code makes it from the HTML, which awaits its code.
    let hidden = !panel.visible;
    panel.onDidChangeViewState(() => {
      if (hidden && panel.visible) this.html.postCode();
      hidden = !panel.visible;
    }, null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), null, this.disposables);
  }

  /** Shows a graph from any source (a book example, the reader's Python run). `keepView`: a reload keeps what was expanded. */
  showSource(source: GraphSource, keepView = false, made?: Built): Promise<TraceGraph> {
    return this.session.setSource(source, { keepView, made });
  }

  /** Draws what the session built: big arrays go as previews (the webview never needs every value). */
  private draw(wire: TraceGraph, source: GraphSource): void {
    this.panel.title = vscode.l10n.t('Backprop Trace: {0}', wire.title);
    this.post({ type: 'trace', graph: wire, restore: source.restore });
  }

  /** Verdicts into the graph shown; before the webview is ready (nothing drawn to patch yet), the whole graph with them. */
  private patch(patch: VerdictPatch): void {
    const { graph, source } = this.session;
    if (!this.ready && graph && source) return this.draw(graph, source);
    this.post({ type: 'verdicts', ...patch });
  }

  post(message: ToWebviewMessage): void {
    // Before `ready` the webview would drop messages: keep the newest of each type until then.
    if (!this.ready) {
      if (this.html.carry(message)) return void (this.carried ||= message.type === 'trace');
      this.queue = [...this.queue.filter((m) => m.type !== message.type), message];
      return;
    }
    void this.panel.webview.postMessage(packBuffers(message));
  }

  /** Every message from the webview comes through here (public so tests can feed it junk). */
  receive(message: unknown): void {
    if (!isFromWebviewMessage(message)) {
      host.dropped++;
      console.warn('[backprop-trace] dropped a malformed message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        // init first, so the webview has its strings before it draws anything.
        void this.panel.webview.postMessage(initMessage());
        const queued = this.queue;
        this.queue = [];
        queued.forEach((m) => this.post(m));
        if (this.session.source && !this.carried && !queued.some((m) => m.type === 'trace')) void this.session.retrace(); // the webview was reloaded
        this.carried = false;
        break;
      }
      case 'rendered':
        this.lastReport = message.report;
        (message.report.nodes.some((n) => n.verdict === say('check_running')) ? TracePanel.checkingWaiters : TracePanel.renderWaiters).splice(0).forEach((w) => w(message.report));
        break;
      case 'stepped':
        this.lastStep = message;
        TracePanel.stepWaiters.splice(0).forEach((w) => w(message));
        break;
      case 'error':
        console.error(`[backprop-trace] webview: ${message.message}`);
        break;
      case 'look':
        rememberLook(message.look, this.panel.viewColumn);
        break;
      case 'cancelRun':
        this.cancelRun?.();
        break;
      case 'openProblem':
        if (this.problemAt) void openAt(this.problemAt);
        break;
      case 'expand':
        if (this.session.expand(message.node, message.expanded)) void this.session.retrace();
        break;
      case 'pass':
        if (this.session.showPass(message.index)) void this.session.retrace();
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
