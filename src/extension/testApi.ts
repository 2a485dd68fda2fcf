// What the test harness may read of a running extension: the webview's reports, the panel's HTML
// and guards, the last progress notification. Not part of the shipped API: activate returns it
// only in a test run (VS Code's extension test mode, or BPT_TEST_API=1, which the harness sets for
// an installed VSIX and the UI benchmark).
import * as vscode from 'vscode';
import type { FlowAction, RenderReport, TraceGraph } from '../protocol';
import { host } from './host';
import type { PanelHtml } from './html';
import { TracePanel } from './panel';
import type { RunModeApi } from './run/register';

export interface BackpropTraceApi extends RunModeApi {
  /** Resolves with the webview's report for the next (or current, if already drawn) render; `checking`: of a graph drawn
   *  while its gradient checks still ran (run mode), else of one with every verdict in. */
  whenRendered(timeoutMs?: number, checking?: boolean): Promise<RenderReport>;
  /** The last report the webview sent, if any. */
  lastReport(): RenderReport | undefined;
  /** Resolves when the graph's flow reaches `step` (edges travelled; forward then backward). */
  whenStepped(step: number, timeoutMs?: number): Promise<{ step: number; total: number; phase: string; geometry?: RenderReport['geometry'] }>;
  /** A toolbar action as the panel's buttons do it (zoom in, zoom out, fit…), or a jump to step `to`. */
  flow(action: FlowAction, to?: number): void;
  /** What the panel serializer does after a window reload, for a panel that saved `state`. */
  revivePanel(state: unknown): Promise<void>;
  /** How the open panel came to be: made by a trace or command, or revived after a window reload. */
  panelOrigin(): 'created' | 'revived' | undefined;
  /** This extension's log folder (the extension host's own log sits in the folder above). */
  logDir(): string;
  /** When the last trace's progress notification closed, and whether the panel had drawn it by then. */
  lastProgress(): { closedAt?: number; drawn?: boolean };
  /** The whole graph shown, as the JSON export gets it (a worker's trace is made again). */
  wholeGraph(): Promise<TraceGraph | undefined>;
  /** Reliability tests: the panel's HTML, a way to feed it junk as if from the webview, and how much it dropped. */
  panelProbe(): { html: string; cspSource: string; receive(message: unknown): void; dropped: number; times: PanelHtml['times'] } | undefined;
}

/** A test run: VS Code's extension test mode, or the harness's flag (Node hosts only; the web host has no environment). */
export function isTestRun(context: vscode.ExtensionContext): boolean {
  if (context.extensionMode === vscode.ExtensionMode.Test) return true;
  return typeof process !== 'undefined' && process.env?.BPT_TEST_API === '1';
}

export function testApi(context: vscode.ExtensionContext, run: RunModeApi): BackpropTraceApi {
  return {
    ...run,
    whenRendered: (timeoutMs = 20_000, checking = false) => TracePanel.whenRendered(timeoutMs, checking),
    lastReport: () => TracePanel.current?.lastReport,
    lastProgress: () => ({ ...host.lastProgress }),
    whenStepped: (step, timeoutMs = 20_000) => TracePanel.whenStepped(timeoutMs, (s) => s.step === step),
    flow: (action, to) => TracePanel.current?.post({ type: 'flow', action, ...(to !== undefined ? { to } : {}) }),
    revivePanel: async (state) => {
      TracePanel.current?.dispose();
      const panel = vscode.window.createWebviewPanel(TracePanel.viewType, 'Backprop Trace', vscode.ViewColumn.Beside, TracePanel.options(context.extensionUri));
      await TracePanel.revive(panel, context.extensionUri, state);
    },
    panelOrigin: () => TracePanel.current && (TracePanel.current.revived ? 'revived' : 'created'),
    logDir: () => context.logUri.fsPath,
    wholeGraph: async () => TracePanel.current?.session.fullGraph(),
    panelProbe: () => {
      const p = TracePanel.current;
      return p && { html: p.panel.webview.html, cspSource: p.panel.webview.cspSource, receive: (m: unknown) => p.receive(m), dropped: host.dropped, times: { ...p.html.times } };
    },
  };
}
