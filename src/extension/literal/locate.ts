// Finds the array literal around a position for the command, with the hover's one finder
// (hoverLookup.ts): a bounded window first, so a cursor in a 10 MB file costs the same as one in a
// small file; an explicit command may then afford one full scan for a literal bigger than that.
import * as vscode from 'vscode';
import { documentSource } from '../hover/hover';
import { literalSpanning, lookupAt } from '../hover/lookup';
import { parseErrorText } from '../parseErrorText';

/** Past this many characters even an explicit command does not scan the whole document. */
const FULL_SCAN_MAX = 64 * 1024 * 1024;

export type Located = { range: vscode.Range } | { error: string; at: vscode.Position; range: vscode.Range } | undefined;

export function literalAround(doc: vscode.TextDocument, pos: vscode.Position): Located {
  const offset = doc.offsetAt(pos);
  const found = lookupAt(documentSource(doc), offset);
  const range = (start: number, end: number) => new vscode.Range(doc.positionAt(start), doc.positionAt(end));
  if (found?.kind === 'array') return { range: range(found.start, found.end) };
  if (found?.kind === 'invalid') {
    return { error: parseErrorText(found.error), at: doc.positionAt(found.start + found.error.offset), range: range(found.start, found.end) };
  }
  if (found?.kind === 'tooLarge') {
    const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    const whole = length <= FULL_SCAN_MAX ? literalSpanning(doc.getText(), offset) : undefined;
    if (whole) return { range: range(whole.start, whole.end) };
    return { error: vscode.l10n.t('This array is too large to find from the cursor: select it, then trace.'), at: pos, range: new vscode.Range(pos, pos) };
  }
  return undefined;
}
