// Helpers shared by the integration suites: open a document, select text, get the API.
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../src/extension/extension';

export async function api(): Promise<BackpropTraceApi> {
  const ext = vscode.extensions.getExtension<BackpropTraceApi>('backprop-trace.backprop-trace');
  if (!ext) throw new Error('extension not loaded');
  return ext.activate();
}

/** Opens an untitled document and selects `selected` (its first occurrence), or puts the cursor at `cursorAt`. */
export async function openWith(
  language: string,
  content: string,
  pick: { selected?: string; cursorAt?: string },
): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const needle = pick.selected ?? pick.cursorAt ?? '';
  const at = content.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the document`);
  const start = doc.positionAt(at);
  const end = pick.selected ? doc.positionAt(at + needle.length) : start;
  editor.selection = new vscode.Selection(start, end);
  return editor;
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
