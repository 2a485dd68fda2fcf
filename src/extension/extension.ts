// Entry point: registers the commands, the hover and the panel serializer. In a test run it also
// returns a small API that lets the harness read what the webview reports it drew (testApi.ts);
// the shipped extension exports nothing.
import * as vscode from 'vscode';
import { registerBookExamples } from './examples/book';
import { registerPaused } from './debug/register';
import { disposeProblems } from './diagnostics';
import { openExample } from './examples/open';
import { host } from './host';
import { readPageFiles } from './pageFiles';
import { registerArrayHover } from './hover/hover';
import { registerLiteralReviver } from './literal/source';
import { TracePanel } from './panel';
import { registerGraph } from './panel/commands';
import { registerRunMode } from './run/register';
import type { CodeOutcome } from './run/runner';
import { isTestRun, testApi, type BackpropTraceApi } from './testApi';
import { traceFromEditor, type TraceOutcome } from './traceCommand';
import { wordTheEngine } from './sayings';
import { warmFirstTrace } from './warm';

export type { BackpropTraceApi };

export function activate(context: vscode.ExtensionContext): BackpropTraceApi | undefined {
  host.extensionUri = context.extensionUri;
  wordTheEngine();
  host.globalState = context.globalState;
  void readPageFiles(context.extensionUri).then((files) => (host.pageFiles = files));
  warmFirstTrace();
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
  registerLiteralReviver();
  registerPaused(context);
  context.subscriptions.push({ dispose: disposeProblems });
  return isTestRun(context) ? testApi(context, run) : undefined;
}

export function deactivate(): void {
  TracePanel.current?.dispose();
}
