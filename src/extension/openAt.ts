// Opens a problem's place (an error's line and column) in an editor beside the trace panel: in the
// column where that file is already shown, else the first one, never in the panel's own group.
import * as vscode from 'vscode';

export async function openAt(at: vscode.Location): Promise<void> {
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === at.uri.toString());
  const editor = await vscode.window.showTextDocument(at.uri, { selection: at.range, preview: false, viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One });
  editor.revealRange(at.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
