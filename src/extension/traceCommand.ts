// "Trace backprop": take the selected array (or the one around the cursor), run the layers,
// and show the graph. Bad input becomes one message with line:column; the document is only read.
import * as vscode from 'vscode';
import { buildTrace, parseArray, ParseError } from '../engine';
import { literalAround } from './locate';
import type { TraceGraph } from '../protocol';
import { TracePanel } from './panel';

export type TraceOutcome =
  | { ok: true; graph: TraceGraph }
  | { ok: false; error: string };

export async function traceFromEditor(extensionUri: vscode.Uri): Promise<TraceOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return fail('Open a file and select an array to trace.');
  const doc = editor.document;
  const range = literalRange(doc, editor.selection);
  if (!range) return fail('Select an array, or put the cursor inside one, to trace it.');

  const text = doc.getText(range);
  const base = doc.offsetAt(range.start);
  let parsed;
  try {
    parsed = parseArray(text);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    // Positions are reported in the document, not in the selection, so the user can find them.
    const at = doc.positionAt(base + e.offset);
    return fail(`${e.message} (${where(doc, at)})`);
  }
  const start = doc.positionAt(base + parsed.start);
  const title = `${vscode.workspace.asRelativePath(doc.uri)}:${start.line + 1}:${start.character + 1}`;
  const graph = buildTrace(parsed.tensor, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, title);
  TracePanel.createOrShow(extensionUri).show(graph);
  return { ok: true, graph };
}

/** The selection if there is one, else the array literal enclosing the cursor. */
function literalRange(doc: vscode.TextDocument, sel: vscode.Selection): vscode.Range | undefined {
  return sel.isEmpty ? literalAround(doc, sel.active) : sel;
}

function where(doc: vscode.TextDocument, at: vscode.Position): string {
  return `${vscode.workspace.asRelativePath(doc.uri)}:${at.line + 1}:${at.character + 1}`;
}

function fail(message: string): TraceOutcome {
  void vscode.window.showErrorMessage(`Backprop Trace: ${message}`);
  return { ok: false, error: message };
}
