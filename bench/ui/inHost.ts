// What every UI benchmark scenario does inside the extension host: emit a timed figure for the
// driver, wait, find a workspace file, activate the extension with its time, open a file at a spot.
// Apart from index.ts (which picks the scenario) so that the scenarios do not import their picker.
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'backprop-trace.backprop-trace';
export const MD_MARK = 'BENCH-MARKDOWN-PREVIEW-MARK';

export function emit(kind: string, data: Record<string, unknown>): void {
  console.log(`@@bench ${JSON.stringify({ kind, ...data })}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the bench needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function activateTimed(): Promise<{ api: BackpropTraceApi; activationMs: number; wasActive: boolean }> {
  const ext = vscode.extensions.getExtension<BackpropTraceApi>(EXTENSION_ID);
  if (!ext) throw new Error('extension not loaded');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  const api = await ext.activate();
  return { api, activationMs: performance.now() - t0, wasActive };
}

/** Opens a workspace file and puts the cursor just after `needle`'s first occurrence. */
export async function openAt(name: string, needle: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${name}`);
  const p = doc.positionAt(at + needle.length);
  editor.selection = new vscode.Selection(p, p);
  return editor;
}
