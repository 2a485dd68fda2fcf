// "Trace backprop": take the selected array (or the one around the cursor), run the layers,
// and show the graph. Bad input becomes one message with line:column; the document is only read.
import * as vscode from 'vscode';
import { reportProblem } from './diagnostics';
import { literalAround } from './literal/locate';
import { namedValueAt } from './hover/name';
import { parseErrorText } from './parseErrorText';
import { refusalAround } from '../engine';
import { isTraceArgsLike, resolveTraceArgs, validTraceArgs } from './hover/target';
import { looksLikeCode } from './run/pythonText';
import { codeRunner, isPythonCode, type CodeOutcome } from './run/runner';
import { fail, traceRange, type TraceOutcome } from './literal/traceRange';
import { tracePausedFromEditor } from './debug/register';

export type { TraceOutcome };

/** Longer selections are arrays (or mistakes) for the sliced parser: code is never that big. */
const MAX_CODE_SELECTION = 1024 * 1024;

/**
 * With `args` from a hover's link ({ uri, range } or { uri, position }) it traces exactly that
 * array, leaving the user's selection alone; otherwise the active editor's selection or cursor.
 * (A context menu passes the document's Uri, which means "the active editor" here.)
 */
export async function traceFromEditor(extensionUri: vscode.Uri, args?: unknown): Promise<TraceOutcome | CodeOutcome> {
  const token = cancellationOf(args);
  if (isTraceArgsLike(args)) {
    if (!validTraceArgs(args)) return fail(vscode.l10n.t('The link to trace this array is malformed.'));
    const target = resolveTraceArgs(args);
    if ('error' in target) return fail(target.error);
    return traceRange(extensionUri, target.doc, target.range);
  }
  const editor = vscode.window.activeTextEditor;
  const notebook = vscode.window.activeNotebookEditor;
  // A notebook with no cell in edit mode: run its code cells up to the selected one.
  if (!editor && notebook && codeRunner()) return codeRunner()!.traceNotebook(notebook.notebook, notebook.selection.start, { ask: true, token });
  if (!editor) return fail(vscode.l10n.t('Open a file and select an array to trace.'));
  // A Python program paused at a breakpoint: the name's value there, not the text above it.
  const paused = await tracePausedFromEditor(extensionUri, editor);
  if (paused) return paused;
  const doc = editor.document;
  const sel = editor.selection;
  // The selection if there is one, else the array literal enclosing the cursor.
  const located = sel.isEmpty ? literalAround(doc, sel.active) : { range: sel };
  if (!located && sel.isEmpty) {
    // On a name (`x` in `relu.forward(x)`): the array assigned to it above, where it is written.
    const named = namedValueAt(doc, sel.active);
    if (named) return traceRange(extensionUri, named.valueDoc, named.valueRange, token, named.name);
    const line = doc.lineAt(sel.active.line);
    // An array call it cannot read (np.array([x, 1/3])) is said here unless the code can be run instead.
    const refused = refusalAround(line.text, sel.active.character, !(codeRunner() && isPythonCode(doc)));
    if (refused) return fail(`${parseErrorText(refused)} (${vscode.workspace.asRelativePath(doc.uri)}:${line.lineNumber + 1}:${refused.column})`);
  }
  // Not on an array, in Python: run the code (the selection, the cells up to here, or the file).
  const runner = codeRunner();
  if (runner && isPythonCode(doc) && (!located || selectsCode(doc, sel))) {
    return runner.traceCode(editor, { ask: true, token });
  }
  if (!located && sel.isEmpty) {
    const word = doc.getWordRangeAtPosition(sel.active, /[A-Za-z_$][\w$.]*/);
    if (word) return fail(vscode.l10n.t("'{0}' has no array assigned above that can be read: put the cursor on an array, or on a name assigned one such as x = np.array(...).", doc.getText(word)));
  }
  if (!located) return fail(vscode.l10n.t('Select an array, or put the cursor inside one, to trace it.'));
  if ('error' in located) {
    reportProblem(doc.uri, new vscode.Range(located.at, located.at.translate(0, 1)), located.error);
    return fail(`${located.error} (${vscode.workspace.asRelativePath(doc.uri)}:${located.at.line + 1}:${located.at.character + 1})`);
  }
  return traceRange(extensionUri, doc, located.range, token);
}

function selectsCode(doc: vscode.TextDocument, sel: vscode.Selection): boolean {
  if (sel.isEmpty || doc.offsetAt(sel.end) - doc.offsetAt(sel.start) > MAX_CODE_SELECTION) return false;
  return looksLikeCode(doc.getText(sel));
}

/** `{ token }`: a caller's way to cancel, like the progress notification's Cancel button. */
export function cancellationOf(args: unknown): vscode.CancellationToken | undefined {
  if (typeof args !== 'object' || args === null || !('token' in args)) return undefined;
  const t: unknown = args.token;
  return isToken(t) ? t : undefined;
}

function isToken(t: unknown): t is vscode.CancellationToken {
  return typeof t === 'object' && t !== null && 'isCancellationRequested' in t && typeof t.isCancellationRequested === 'boolean' &&
    'onCancellationRequested' in t && typeof t.onCancellationRequested === 'function';
}
