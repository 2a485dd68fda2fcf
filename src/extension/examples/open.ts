// "Open an example": the notebook's arrays (Deep Learning from Scratch 5.5) in a new,
// unsaved Python editor, with the cursor inside the first one, ready to trace or hover.
// Built in memory so it works the same on the desktop and on vscode.dev (no files shipped).
import * as vscode from 'vscode';

export function exampleText(): string {
  return [
    `# ${vscode.l10n.t('Deep Learning from Scratch, 5.5: the ReLU and Sigmoid layers.')}`,
    `# ${vscode.l10n.t('Put the cursor inside an array and run "Trace backprop" (Ctrl+K B), or hover it.')}`,
    'import numpy as np',
    '',
    `# ${vscode.l10n.t('5.5.1 ReLU: values <= 0 are masked, and block the gradient on the way back.')}`,
    'x = np.array([[1.0, -0.5],',
    '              [2.0, 0]])',
    '',
    'x2 = np.array([[1.0, -0.5], [-2.0, 3.0]])',
    '',
    `# ${vscode.l10n.t('5.5.2 Sigmoid: out = 1 / (1 + exp(-x)); dx = dout * out * (1 - out).')}`,
    's = np.array([[1.0, 2.0], [3.0, 4.0]])',
    '',
  ].join('\n');
}

export async function openExample(): Promise<vscode.TextEditor> {
  const content = exampleText();
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  const at = doc.positionAt(content.indexOf('[[1.0, -0.5],') + 2);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at));
  return editor;
}
