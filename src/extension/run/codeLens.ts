// "Trace backprop" above each class that has forward and backward, and above each cs231n-style
// forward function that has its backward: a text scan, no Python.
import * as vscode from 'vscode';
import { layerClasses, layerFunctions } from './pythonText';

export const TRACE_FILE = 'backpropTrace.traceFile';

export class LayerLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    // A very big file (a 10 MB array) is not scanned, nor even copied, on every keystroke.
    if (doc.offsetAt(new vscode.Position(doc.lineCount, 0)) > 2_000_000) return [];
    const text = doc.getText();
    const lens = (line: number, tooltip: string) => new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
      title: vscode.l10n.t('Trace backprop'),
      tooltip,
      command: TRACE_FILE,
      arguments: [doc.uri],
    });
    return [
      ...layerClasses(text).map((c) => lens(c.line, vscode.l10n.t('Run this file and draw what {0}.forward and {0}.backward computed', c.name))),
      ...layerFunctions(text).map((f) => lens(f.line, vscode.l10n.t('Run this file and draw what {0} and its backward computed', f.name))),
    ].sort((a, b) => a.range.start.line - b.range.start.line);
  }
}
