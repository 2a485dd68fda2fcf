// Arguments of backpropTrace.trace when a hover's "Trace backprop" link runs it. A command URI
// can be written by anyone who gets Markdown trusted, so the arguments are checked, and only a
// document that is already open is read (never opened from a path we were handed).
import * as vscode from 'vscode';
import { literalSpanning } from './lookup';

/** `range` traces exactly that text; `position` finds the (possibly huge) literal around it. */
export interface TraceArgs {
  uri: string;
  range?: [number, number, number, number];
  position?: [number, number];
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
const tupleOf = (v: unknown, n: number): boolean => Array.isArray(v) && v.length === n && v.every(isIndex);

/** Is this an argument object from our link (as opposed to e.g. the Uri a context menu passes)? */
export function isTraceArgsLike(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && 'uri' in v;
}

export function validTraceArgs(v: unknown): v is TraceArgs {
  if (!isTraceArgsLike(v) || typeof v.uri !== 'string' || v.uri.length > 4096) return false;
  const hasRange = v.range !== undefined;
  const hasPosition = v.position !== undefined;
  if (hasRange === hasPosition) return false;
  return hasRange ? tupleOf(v.range, 4) : tupleOf(v.position, 2);
}

/** The open document and the range to trace, or a sentence saying why not. */
export function resolveTraceArgs(args: TraceArgs): { doc: vscode.TextDocument; range: vscode.Range } | { error: string } {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(args.uri, true);
  } catch {
    return { error: vscode.l10n.t('The array to trace is in a document that cannot be found.') };
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc) return { error: vscode.l10n.t('The document with this array is no longer open.') };
  if (args.range) {
    const [sl, sc, el, ec] = args.range;
    const range = new vscode.Range(sl, sc, el, ec);
    // validateRange clamps: a range that changes was not in the document (edited since the hover?).
    if (range.isEmpty || !doc.validateRange(range).isEqual(range)) {
      return { error: vscode.l10n.t('The array is no longer where it was: hover it again.') };
    }
    return { doc, range };
  }
  const [line, character] = args.position ?? [0, 0];
  const pos = new vscode.Position(line, character);
  if (!doc.validatePosition(pos).isEqual(pos)) return { error: vscode.l10n.t('The array is no longer where it was: hover it again.') };
  // An explicit click may scan the whole document; a hover never does.
  const found = literalSpanning(doc.getText(), doc.offsetAt(pos));
  if (!found) return { error: vscode.l10n.t('No complete array was found around this position.') };
  return { doc, range: new vscode.Range(doc.positionAt(found.start), doc.positionAt(found.end)) };
}
