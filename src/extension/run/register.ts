// The run mode's commands and CodeLens (Node extension host). The web build swaps this module
// for register.web.ts (webpack.config.js), which has no child_process to run Python with.
import * as vscode from 'vscode';
import { TRACE_FILE, LayerLensProvider } from './codeLens';
import { consentToRun, rememberConsent } from './consent';
import { findInterpreter, forgetInterpreters } from './interpreter';
import { readRunSettings } from './settings';
import { runAndShow, type RunOutcome } from './runCode';
import { setCodeRunner, type RunOpts } from './runner';
import { cancellationOf } from '../traceCommand';
import { fileTarget, notebookOf, notebookTarget, selectionTarget, type RunTarget } from './target';

/** What to run from this editor: its notebook's cells up to here, the selected lines, or the file. */
function targetFor(editor: vscode.TextEditor, useSelection: boolean): RunTarget | string {
  const doc = editor.document;
  const cell = notebookOf(doc);
  if (cell) return notebookTarget(cell.notebook, cell.index);
  if (useSelection && !editor.selection.isEmpty) return selectionTarget(doc, editor.selection);
  return fileTarget(doc);
}

function fail(message: string): RunOutcome {
  void vscode.window.showErrorMessage(vscode.l10n.t('Backprop Trace: {0}', message));
  return { ok: false, error: message };
}

/** backpropTrace.traceFile: the CodeLens passes the document's Uri; the palette uses the active editor. */
async function traceFile(extensionUri: vscode.Uri, args: unknown): Promise<RunOutcome> {
  const uri = args instanceof vscode.Uri ? args : typeof args === 'object' && args !== null && 'uri' in args && (args as { uri: unknown }).uri instanceof vscode.Uri ? (args as { uri: vscode.Uri }).uri : undefined;
  const nb = vscode.window.activeNotebookEditor;
  if (!uri && !vscode.window.activeTextEditor && nb) {
    const target = notebookTarget(nb.notebook, nb.selection.start);
    return typeof target === 'string' ? fail(target) : runAndShow(extensionUri, target, cancellationOf(args));
  }
  // Only a document that is open (the CodeLens's own): a command link cannot make us run any path.
  const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
  if (!doc) return fail(vscode.l10n.t('Open a Python file to trace its layers.'));
  if (doc.languageId !== 'python') return fail(vscode.l10n.t('{0} is not a Python file.', vscode.workspace.asRelativePath(doc.uri)));
  const cell = notebookOf(doc);
  const target = cell ? notebookTarget(cell.notebook, cell.index) : fileTarget(doc);
  if (typeof target === 'string') return fail(target);
  return runAndShow(extensionUri, target, cancellationOf(args));
}

/** What the extension's API exposes of the run mode (the integration tests use it). */
export interface RunModeApi {
  /** Answer the first-run question ahead: true = "Always", undefined = ask again. */
  rememberRunConsent(always: boolean | undefined): Thenable<void>;
}

/**
 * Finds the interpreter as soon as a Python file is open (a trusted workspace only), so the first
 * "Trace backprop" does not wait for the probe's Python start and numpy import (~0.2 s).
 */
function prewarm(doc: vscode.TextDocument): void {
  if (doc.languageId !== 'python' || !vscode.workspace.isTrusted || warmed) return;
  warmed = true;
  void findInterpreter(doc.uri, readRunSettings(doc.uri).pythonPath).catch(() => undefined);
}
let warmed = false;

export function registerRunMode(context: vscode.ExtensionContext): RunModeApi {
  const run = async (target: RunTarget | string, { ask, token }: RunOpts): Promise<RunOutcome> => {
    if (typeof target === 'string') return fail(target);
    if (ask && !(await consentToRun(context.workspaceState))) {
      return { ok: false, error: vscode.l10n.t('Not run: you chose not to run the code.'), cancelled: true };
    }
    return runAndShow(context.extensionUri, target, token);
  };
  setCodeRunner({
    traceCode: (editor, opts) => run(targetFor(editor, true), opts),
    traceNotebook: (notebook, cell, opts) => run(notebookTarget(notebook, cell), opts),
  });
  context.subscriptions.push(
    vscode.commands.registerCommand(TRACE_FILE, (args?: unknown) => traceFile(context.extensionUri, args)),
    vscode.languages.registerCodeLensProvider({ language: 'python' }, new LayerLensProvider()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('backpropTrace.python.path')) return;
      forgetInterpreters();
      warmed = false;
      vscode.workspace.textDocuments.forEach(prewarm);
    }),
    vscode.workspace.onDidOpenTextDocument(prewarm),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.textDocuments.forEach(prewarm)),
  );
  vscode.workspace.textDocuments.forEach(prewarm);
  return { rememberRunConsent: (always) => rememberConsent(context.workspaceState, always) };
}
