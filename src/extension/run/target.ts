// What to run for a trace: a saved Python file, a selection of Python code, or a notebook's code
// cells up to the current one. Each becomes the tracer's --file or --cells input, with the names
// its tracebacks will use mapped back to the documents, so an error lands in the right editor.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { cellCode, type MagicLine } from '../../cli/magics';
import { magicLists, type MagicsFound } from '../../cli/notebook';

/** One entry of the tracer's CELLS.json. */
export interface Cell {
  code: string;
  /** The name tracebacks show: a file path, or `<notebook path>#cell3`. */
  filename: string;
  /** 1-based line of the code's first line in that document. */
  line: number;
}

export interface RunTarget {
  title: string;
  input: { file: string } | { cells: Cell[] };
  /** Settings scope and the document the run is about. */
  resource: vscode.Uri;
  cwd: string;
  notes: string[];
  /** Traceback filename → the document it names. */
  documents: Map<string, vscode.Uri>;
}

/**
 * Where a program runs: as the Python extension's Run Python File runs it, from the workspace
 * folder, or from the file's own folder with its setting "python.terminal.executeInFileDir" (the
 * book's programs need it: their sys.path.append(os.pardir) is taken from there).
 */
function cwdFor(uri: vscode.Uri): string {
  const inFileDir = vscode.workspace.getConfiguration('python.terminal', uri).get<boolean>('executeInFileDir') === true;
  if (inFileDir && uri.scheme === 'file') return path.dirname(uri.fsPath);
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') return folder.uri.fsPath;
  return uri.scheme === 'file' ? path.dirname(uri.fsPath) : os.tmpdir();
}

/** The path tracebacks name for a document: its file, or its Uri when it is untitled. */
function nameOf(doc: vscode.TextDocument): string {
  return doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.toString();
}

const rel = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri);

/** The whole file; an unsaved or untitled one runs from the editor's text, as the user sees it. */
export function fileTarget(doc: vscode.TextDocument): RunTarget {
  const base = { resource: doc.uri, cwd: cwdFor(doc.uri), documents: new Map([[nameOf(doc), doc.uri]]) };
  if (doc.uri.scheme === 'file' && !doc.isDirty) {
    return { ...base, title: rel(doc.uri), input: { file: doc.uri.fsPath }, notes: [] };
  }
  return {
    ...base,
    title: rel(doc.uri),
    input: { cells: [{ code: doc.getText(), filename: nameOf(doc), line: 1 }] },
    notes: doc.isUntitled ? [] : [vscode.l10n.t('Ran the editor\'s unsaved text.')],
  };
}

/** Just the selected lines, keeping their line numbers so a traceback points into the document. */
export function selectionTarget(doc: vscode.TextDocument, range: vscode.Range): RunTarget {
  // Whole lines: a selection starting or ending mid-line would break the indent or a statement.
  const first = range.start.line + 1;
  const last = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  const full = new vscode.Range(first - 1, 0, last - 1, doc.lineAt(last - 1).text.length);
  return {
    title: vscode.l10n.t('{0}:{1}-{2} (selection)', rel(doc.uri), first, last),
    input: { cells: [{ code: dedent(doc.getText(full)), filename: nameOf(doc), line: first }] },
    resource: doc.uri,
    cwd: cwdFor(doc.uri),
    notes: [vscode.l10n.t('Ran only the selected lines {0}-{1}.', first, last)],
    documents: new Map([[nameOf(doc), doc.uri]]),
  };
}

/** Removes the indent common to all non-blank lines (a method body selected on its own). */
export function dedent(code: string): string {
  const lines = code.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return cut ? lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n') : code;
}

/** Code cells 1..k (k = the current cell), in order, as a fresh kernel would run them. */
export function notebookTarget(notebook: vscode.NotebookDocument, current: number): RunTarget | string {
  const cells = notebook.getCells().slice(0, current + 1)
    .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
  if (!cells.length) return vscode.l10n.t('There is no Python code cell up to here to run.');
  const nbPath = notebook.uri.scheme === 'file' ? notebook.uri.fsPath : notebook.uri.toString();
  const documents = new Map<string, vscode.Uri>();
  const magics: { cell: number; lines: MagicLine[] }[] = [];
  const list: Cell[] = cells.map((c) => {
    const filename = `${nbPath}#cell${c.index + 1}`;
    documents.set(filename, c.document.uri);
    // IPython's own lines (%matplotlib, !pip) are not Python: replaced, line numbers kept
    const { code, magics: found } = cellCode(c.document.getText());
    if (found.length) magics.push({ cell: c.index + 1, lines: found });
    return { code, filename, line: 1 };
  });
  const numbers = cells.map((c) => c.index + 1);
  const span = numbers.length === 1 ? String(numbers[0]) : `${numbers[0]}-${numbers[numbers.length - 1]}`;
  return {
    title: vscode.l10n.t('{0} cells {1}', rel(notebook.uri), span),
    input: { cells: list },
    resource: notebook.uri,
    // the notebook's own folder, as Jupyter runs it: cs231n's 'cs231n/datasets/...', open('x.pkl')
    cwd: notebook.uri.scheme === 'file' ? path.dirname(notebook.uri.fsPath) : cwdFor(notebook.uri),
    notes: [vscode.l10n.t('Code cells {0} ran in order in a fresh Python process, not in the notebook\'s kernel.', span), ...magicNotes(magics)],
    documents,
  };
}

/** The CLI's notes on IPython lines (src/cli/notebook.ts), in the editor's language. */
function magicNotes(found: MagicsFound): string[] {
  const { skipped, ran } = magicLists(found, (cell, line, text) => vscode.l10n.t('cell {0}, line {1}: {2}', cell, line, text));
  const notes: string[] = [];
  if (skipped) notes.push(vscode.l10n.t('IPython\'s lines are not Python and were skipped ({0}).', skipped));
  if (ran) notes.push(vscode.l10n.t('The code under %time / %timeit / %%capture ran once, untimed ({0}).', ran));
  return notes;
}

/** The notebook holding this cell document, and the cell's index. */
export function notebookOf(doc: vscode.TextDocument): { notebook: vscode.NotebookDocument; index: number } | undefined {
  if (doc.uri.scheme !== 'vscode-notebook-cell') return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cell = notebook.getCells().find((c) => c.document === doc);
    if (cell) return { notebook, index: cell.index };
  }
  return undefined;
}
