// The one trace panel, reused across traces. The host posts only after the webview says
// `ready`, and acts only on messages that pass the protocol's guards.
import * as vscode from 'vscode';
import { isFromWebviewMessage, type RenderReport, type ToWebviewMessage, type TraceGraph } from '../protocol';
import { getHtml, resourceRoots } from './html';

type Waiter = (report: RenderReport) => void;

export class TracePanel {
  static readonly viewType = 'backpropTrace.graph';
  static current: TracePanel | undefined;
  private static waiters: Waiter[] = [];

  lastReport: RenderReport | undefined;
  private ready = false;
  private pending: ToWebviewMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri): TracePanel {
    if (TracePanel.current) {
      TracePanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      return TracePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TracePanel.viewType,
      'Backprop Trace',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) },
    );
    TracePanel.current = new TracePanel(panel, extensionUri);
    return TracePanel.current;
  }

  /** Resolves with the next render report; tests and the command's callers wait on it. */
  static whenRendered(timeoutMs: number): Promise<RenderReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        TracePanel.waiters = TracePanel.waiters.filter((w) => w !== waiter);
        reject(new Error(`The trace panel did not report a render within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = (report) => {
        clearTimeout(timer);
        resolve(report);
      };
      TracePanel.waiters.push(waiter);
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
  }

  show(graph: TraceGraph): void {
    this.panel.title = `Backprop Trace: ${graph.title}`;
    this.post({ type: 'trace', graph });
  }

  private post(message: ToWebviewMessage): void {
    // Before `ready` the webview would drop the message; keep only the newest until then.
    if (!this.ready) {
      this.pending = message;
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isFromWebviewMessage(message)) {
      console.warn('[backprop-trace] dropped a malformed message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.pending) this.post(this.pending);
        this.pending = undefined;
        break;
      case 'rendered': {
        this.lastReport = message.report;
        const waiters = TracePanel.waiters;
        TracePanel.waiters = [];
        waiters.forEach((w) => w(message.report));
        break;
      }
      case 'error':
        console.error(`[backprop-trace] webview: ${message.message}`);
        break;
    }
  }

  dispose(): void {
    if (TracePanel.current === this) TracePanel.current = undefined;
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
  }
}
