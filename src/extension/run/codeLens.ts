// "Trace backprop" above each class that has forward and backward: a text scan, no Python.
import * as vscode from 'vscode';
import { layerClasses } from './pythonText';

export const TRACE_FILE = 'backpropTrace.traceFile';

export class LayerLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    // A very big file (a 10 MB array) is not scanned, nor even copied, on every keystroke.
    if (doc.offsetAt(new vscode.Position(doc.lineCount, 0)) > 2_000_000) return [];
    return layerClasses(doc.getText()).map((c) => new vscode.CodeLens(new vscode.Range(c.line, 0, c.line, 0), {
      title: vscode.l10n.t('Trace backprop'),
      tooltip: vscode.l10n.t('Run this file and draw what {0}.forward and {0}.backward computed', c.name),
      command: TRACE_FILE,
      arguments: [doc.uri],
    }));
  }
}
