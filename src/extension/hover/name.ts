// A name under the cursor (`x` in `relu.forward(x)`): the array of its last assignment above, in
// the same file or, in a notebook, in this cell and the cells before it (the engine's resolveName).
import * as vscode from 'vscode';
import { NAME_WINDOW, nameAt, resolveName, type ParsedArray } from '../../engine';

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
  // The text above the cursor's line, cells joined by line breaks: only the last NAME_WINDOW
  // characters are read (a hover fires on every rest of the mouse, in files of any size).
  const parts: { doc: vscode.TextDocument; base: number; from: number; text: string }[] = [];
  let budget = NAME_WINDOW;
  for (const d of [...documentsAbove(doc)].reverse()) {
    if (budget <= 0) break;
    const end = d.offsetAt(d === doc ? new vscode.Position(pos.line, 0) : d.lineAt(d.lineCount - 1).range.end);
    const base = Math.max(0, end - budget);
    const text = d.getText(new vscode.Range(d.positionAt(base), d.positionAt(end)));
    parts.unshift({ doc: d, base, from: 0, text });
    budget -= text.length + 1;
  }
  let from = 0;
  for (const p of parts) {
    p.from = from;
    from += p.text.length + 1;
  }
  const r = resolveName(parts.map((p) => p.text).join('\n'), found.name);
  if (!r) return undefined;
  const part = [...parts].reverse().find((p) => p.from <= r.start);
  if (!part) return undefined;
  const at = (offset: number) => part.doc.positionAt(part.base + offset - part.from);
  const valueRange = new vscode.Range(at(r.start), at(r.end));
  return {
    name: found.name,
    nameRange: new vscode.Range(pos.line, found.start, pos.line, found.end),
    valueDoc: part.doc,
    valueRange,
    parsed: r.parsed,
  };
}
