// Problems the user should be able to find again: a parse error of the array they traced, an
// exception raised by their own Python. Shown on the exact range (squiggle, Problems panel) as
// well as in the message, which a toast may cut short.
import * as vscode from 'vscode';

let collection: vscode.DiagnosticCollection | undefined;

export function problems(): vscode.DiagnosticCollection {
  collection ??= vscode.languages.createDiagnosticCollection('backprop-trace');
  return collection;
}

/** Replaces this document's Backprop Trace problem with one at `range`. */
export function reportProblem(uri: vscode.Uri, range: vscode.Range, message: string): void {
  const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  d.source = 'Backprop Trace';
  problems().set(uri, [d]);
}

export function clearProblems(uri: vscode.Uri): void {
  collection?.delete(uri);
}

export function disposeProblems(): void {
  collection?.dispose();
  collection = undefined;
}
