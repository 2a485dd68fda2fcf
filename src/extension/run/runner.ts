// The seam between "Trace backprop" (traceCommand.ts, also in the web build) and the run mode,
// which needs Node: register.ts sets a runner that spawns Python, register.web.ts one that says
// a local Python is needed.
import * as vscode from 'vscode';

export type CodeOutcome =
  | { ok: true; graph: unknown; interpreter?: string }
  | { ok: false; error: string; cancelled?: true; timedOut?: true };

export interface RunOpts {
  /** Ask before running (once per workspace): "Trace backprop" does, the explicit commands do not. */
  ask: boolean;
  token?: vscode.CancellationToken;
}

export interface CodeRunner {
  /** Runs the code around the editor's selection: the selected lines, the notebook's cells up to here, or the file. */
  traceCode(editor: vscode.TextEditor, opts: RunOpts): Promise<CodeOutcome>;
  /** A notebook with no cell editor focused: its code cells up to the selected one. */
  traceNotebook(notebook: vscode.NotebookDocument, cell: number, opts: RunOpts): Promise<CodeOutcome>;
}

let current: CodeRunner | undefined;

export function setCodeRunner(r: CodeRunner): void {
  current = r;
}

export function codeRunner(): CodeRunner | undefined {
  return current;
}

/** "Trace backprop" runs code only for Python: a .py file or a notebook's Python cell. */
export function isPythonCode(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python';
}
