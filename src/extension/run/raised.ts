// The reader's code raised: the error goes where the traceback's last frame in their own code
// is, as a problem in the shared "backprop-trace" collection (../diagnostics.ts), and the
// message offers to open that line.
import * as vscode from 'vscode';
import { clearProblems, reportProblem } from '../diagnostics';
import { openAt } from '../openAt';
import type { RecordedResult } from '../../engine/recorded/schema';

export interface RaisedError {
  message: string;
  /** Traceback filename (a path, an untitled Uri, or `<notebook>#cellN`). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, when Python gave one (a SyntaxError's offset). */
  column?: number;
  traceback?: unknown;
}

/** Where the last run put its problem: the next run replaces it. */
let lastAt: vscode.Uri | undefined;

/** Where the error is: a document we ran, or any other file of the user's (a sibling module). */
export function locate(err: RaisedError, documents: Map<string, vscode.Uri>): vscode.Uri | undefined {
  if (!err.file) return undefined;
  const known = documents.get(err.file);
  if (known) return known;
  if (err.file.startsWith('<')) return undefined; // <string>, <frozen …>: nothing to open
  try {
    return /^[a-z][\w+.-]*:/i.test(err.file) && !/^[a-z]:[\\/]/i.test(err.file) ? vscode.Uri.parse(err.file, true) : vscode.Uri.file(err.file);
  } catch {
    return undefined;
  }
}

/** Replaces the previous run's diagnostics with this error's, if it has a place. */
export async function reportRaised(err: RaisedError | undefined, documents: Map<string, vscode.Uri>): Promise<vscode.Location | undefined> {
  if (lastAt) clearProblems(lastAt);
  lastAt = undefined;
  if (!err) return undefined;
  const uri = locate(err, documents);
  if (!uri || !err.line || err.line < 1) return undefined;
  let range = new vscode.Range(err.line - 1, 0, err.line - 1, Number.MAX_SAFE_INTEGER);
  try {
    // Underline the statement, not its indent.
    const doc = await vscode.workspace.openTextDocument(uri);
    if (err.line <= doc.lineCount) {
      const text = doc.lineAt(err.line - 1);
      const from = err.column && err.column >= 1 ? Math.min(err.column - 1, text.text.length) : text.firstNonWhitespaceCharacterIndex;
      range = new vscode.Range(err.line - 1, from, err.line - 1, Math.max(text.text.length, from));
    }
  } catch {
    // A file we cannot open still gets its diagnostic on the whole line.
  }
  reportProblem(uri, range, err.message);
  lastAt = uri;
  return new vscode.Location(uri, range);
}

/** The error message with an "Open" action that goes to the line. */
export function showRaised(message: string, at: vscode.Location | undefined): void {
  const open = vscode.l10n.t('Open');
  void vscode.window.showErrorMessage(message, ...(at ? [open] : [])).then(async (pick) => {
    if (pick === open && at) await openAt(at);
  });
}

/** The place as the panel's link shows it: `file.py:3:5` (1-based, as editors say it); in a
 * notebook `nb.ipynb, cell 2, line 3` (cells counted as VS Code shows them, as the CLI says it). */
export function placeText(at: vscode.Location): string {
  const name = at.uri.path.split('/').pop() ?? at.uri.path;
  const line = at.range.start.line + 1;
  if (at.uri.scheme === 'vscode-notebook-cell') {
    const key = at.uri.toString();
    const cell = vscode.workspace.notebookDocuments.flatMap((nb) => nb.getCells()).find((c) => c.document.uri.toString() === key);
    if (cell) return vscode.l10n.t('{0}, cell {1}, line {2}', name, cell.index + 1, line);
  }
  return `${name}:${line}:${at.range.start.character + 1}`;
}

/** The reader's error from the tracer's record; none for our own timeout's stop. */
export function raisedError(e: RecordedResult['error']): RaisedError | undefined {
  if (!e || e.kind === 'signal') return undefined; // 'signal': our own timeout's SIGTERM, reported as such
  // An import the file's folder would have found (the book's os.pardir), or PYTHONPATH: how to give it that.
  const how = e.runFrom ? vscode.l10n.t('To run a file from its own folder, set "python.terminal.executeInFileDir": true: Backprop Trace runs files where the Python extension\'s Run Python File runs them.')
    : e.pythonPath ? vscode.l10n.t('To add it, write PYTHONPATH={0} in the workspace\'s .env file: run mode reads it as the Python extension\'s debugger does ("python.envFile").', e.pythonPath) : undefined;
  const message = how ? `${e.message} ${how}` : e.message;
  return { message, file: e.file ?? undefined, line: e.line ?? undefined, column: e.column ?? undefined, traceback: e.traceback };
}

/** Nothing was recorded because the code raised: a syntax error is Python not reading the file at all; each names its place when it has one. */
export function raisedBeforeLayers(raised: RaisedError, place: string | undefined): string {
  if (/^(SyntaxError|IndentationError|TabError)\b/.test(raised.message)) {
    return place ? vscode.l10n.t('{0} at {1}: Python could not read the program, so none of it ran.', raised.message, place) : vscode.l10n.t('{0}: Python could not read the program, so none of it ran.', raised.message);
  }
  return place ? vscode.l10n.t('Your code raised at {1} before any layer was called: {0}', raised.message, place) : vscode.l10n.t('Your code raised before any layer was called: {0}', raised.message);
}
