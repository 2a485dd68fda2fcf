// Finds the array literal around a position by reading only a bounded window of the document,
// so a cursor in a 10 MB file costs the same as one in a small file.
import * as vscode from 'vscode';
import { findArrayLiteral } from '../engine';

/** How far either side of the cursor we look for the enclosing literal. */
export const WINDOW = 64 * 1024;

export function literalAround(doc: vscode.TextDocument, pos: vscode.Position): vscode.Range | undefined {
  const offset = doc.offsetAt(pos);
  const windowStart = Math.max(0, offset - WINDOW);
  const text = doc.getText(new vscode.Range(doc.positionAt(windowStart), doc.positionAt(offset + WINDOW)));
  const found = findArrayLiteral(text, offset - windowStart);
  return found && new vscode.Range(doc.positionAt(windowStart + found.start), doc.positionAt(windowStart + found.end));
}
