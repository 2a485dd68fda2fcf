// Entry point: registers the command and the panel serializer, and returns a small API that
// lets the integration tests read what the webview reports it drew.
import * as vscode from 'vscode';
import { registerBookExamples } from './bookExamples';
import { registerPaused } from './debug/register';
import { disposeProblems } from './diagnostics';
import { openExample } from './example';
import { registerArrayHover } from './hover';
import { registerGraph } from './graphCommands';
import { TracePanel } from './panel';
import { lastProgress } from './slicedTrace';
import { registerRunMode, type RunModeApi } from './run/register';
import type { CodeOutcome } from './run/runner';
import { traceFromEditor, type TraceOutcome } from './traceCommand';
import { setWorkerHome } from './traceRunner';
import type { RenderReport, TraceGraph } from '../protocol';

export interface BackpropTraceApi extends RunModeApi {
  /** Resolves with the webview's report for the next (or current, if already drawn) render. */
  whenRendered(timeoutMs?: number): Promise<RenderReport>;
  /** The last report the webview sent, if any. */
  lastReport(): RenderReport | undefined;
  /** Resolves when the graph's flow reaches `step` (edges travelled; forward then backward). */
  whenStepped(step: number, timeoutMs?: number): Promise<{ step: number; total: number; phase: string }>;
  /** What the panel serializer does after a window reload, for a panel that saved `state`. */
  revivePanel(state: unknown): Promise<void>;
  /** Reliability tests: the panel's HTML, a way to feed it junk as if from the webview, and how much it dropped. */
  /** When the last trace's progress notification closed, and whether the panel had drawn it by then. */
  lastProgress(): { closedAt?: number; drawn?: boolean };
  /** The whole graph shown, as the JSON export gets it (a worker's trace is made again). */
  wholeGraph(): Promise<TraceGraph | undefined>;
  panelProbe(): { html: string; cspSource: string; receive(message: unknown): void; dropped: number } | undefined;
}

export function activate(context: vscode.ExtensionContext): BackpropTraceApi {
  setWorkerHome(context.extensionUri);
  context.subscriptions.push(
    vscode.commands.registerCommand('backpropTrace.trace', (args?: unknown): Promise<TraceOutcome | CodeOutcome> =>
      traceFromEditor(context.extensionUri, args),
    ),
    registerArrayHover(),
    vscode.commands.registerCommand('backpropTrace.openExample', () => openExample()),
  );
  registerGraph(context);
  const run = registerRunMode(context);
  registerBookExamples(context);
  registerPaused(context);
  context.subscriptions.push({ dispose: disposeProblems });
  return {
    ...run,
    whenRendered: (timeoutMs = 20_000) => TracePanel.whenRendered(timeoutMs),
    lastReport: () => TracePanel.current?.lastReport,
    lastProgress: () => ({ ...lastProgress }),
    whenStepped: (step, timeoutMs = 20_000) => TracePanel.whenStepped(timeoutMs, (s) => s.step === step),
    revivePanel: async (state) => {
      TracePanel.current?.dispose();
      const panel = vscode.window.createWebviewPanel(TracePanel.viewType, 'Backprop Trace', vscode.ViewColumn.Beside, TracePanel.options(context.extensionUri));
      await TracePanel.revive(panel, context.extensionUri, state);
    },
    wholeGraph: async () => TracePanel.current?.fullGraph(),
    panelProbe: () => {
      const p = TracePanel.current;
      return p && { html: p.panel.webview.html, cspSource: p.panel.webview.cspSource, receive: (m: unknown) => p.receive(m), dropped: TracePanel.dropped };
    },
  };
}

export function deactivate(): void {
  TracePanel.current?.dispose();
}
