// A name under the cursor (`x` in `relu.forward(x)`): the array of its last assignment above, in
// the same file or, in a notebook, in this cell and the cells before it (the engine's resolveName).
import * as vscode from 'vscode';
import { NAME_WINDOW, nameAt, resolveName, type ParsedArray } from '../engine';

export interface NamedValue {
  name: string;
  /** The name under the cursor, and the assigned value (possibly in an earlier cell). */
  nameRange: vscode.Range;
  valueDoc: vscode.TextDocument;
  valueRange: vscode.Range;
  parsed: ParsedArray;
}

/** The documents whose text counts as "above": earlier notebook cells, then this one. */
function documentsAbove(doc: vscode.TextDocument): vscode.TextDocument[] {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
  if (!notebook) return [doc];
  const cells = notebook.getCells();
  const at = cells.findIndex((c) => c.document === doc);
  return cells.slice(0, at + 1).filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.document);
}

export function namedValueAt(doc: vscode.TextDocument, pos: vscode.Position): NamedValue | undefined {
  const line = doc.lineAt(pos.line).text;
  if (/#|\/\//.test(line.slice(0, pos.character))) return undefined; // a name in a comment is prose
  const found = nameAt(line, pos.character);
  if (!found) return undefined;
  // The text above the cursor's line, cells joined by line breaks, with where each starts.
  const docs = documentsAbove(doc);
  const parts: { doc: vscode.TextDocument; from: number; text: string }[] = [];
  let length = 0;
  for (const d of docs) {
    const end = d === doc ? new vscode.Position(pos.line, 0) : d.lineAt(d.lineCount - 1).range.end;
    const text = d.getText(new vscode.Range(new vscode.Position(0, 0), end));
    parts.push({ doc: d, from: length, text });
    length += text.length + 1;
  }
  const before = parts.map((p) => p.text).join('\n').slice(-NAME_WINDOW);
  const shift = Math.max(0, length - 1 - NAME_WINDOW);
  const r = resolveName(before, found.name);
  if (!r) return undefined;
  const start = r.start + shift;
  const part = [...parts].reverse().find((p) => p.from <= start);
  if (!part) return undefined;
  const valueRange = new vscode.Range(part.doc.positionAt(start - part.from), part.doc.positionAt(r.end + shift - part.from));
  return {
    name: found.name,
    nameRange: new vscode.Range(pos.line, found.start, pos.line, found.end),
    valueDoc: part.doc,
    valueRange,
    parsed: r.parsed,
  };
}
