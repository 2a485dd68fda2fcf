// Entry point: registers the command and the panel serializer, and returns a small API that
// lets the integration tests read what the webview reports it drew.
import * as vscode from 'vscode';
import { TracePanel } from './panel';
import { traceFromEditor, type TraceOutcome } from './traceCommand';
import type { RenderReport } from '../protocol';

export interface BackpropTraceApi {
  /** Resolves with the webview's report for the next (or current, if already drawn) render. */
  whenRendered(timeoutMs?: number): Promise<RenderReport>;
  /** The last report the webview sent, if any. */
  lastReport(): RenderReport | undefined;
}

export function activate(context: vscode.ExtensionContext): BackpropTraceApi {
  context.subscriptions.push(
    vscode.commands.registerCommand('backpropTrace.trace', (): Promise<TraceOutcome> =>
      traceFromEditor(context.extensionUri),
    ),
  );
  return {
    whenRendered: (timeoutMs = 20_000) => TracePanel.whenRendered(timeoutMs),
    lastReport: () => TracePanel.current?.lastReport,
  };
}

export function deactivate(): void {
  TracePanel.current?.dispose();
}
