// A .ipynb file as the tracer's cells: its Python code cells in order, as the extension runs a
// notebook (src/extension/run/target.ts, with the same names `<path>#cellN`, N counting every
// cell as VS Code does, and the same handling of IPython's lines, ./magics.ts). Errors then read
// `cell N, line L` (placeText). Pure: the caller reads the file.
import { cellCode, type MagicLine } from './magics';

export interface NotebookCell {
  code: string;
  /** `<notebook path>#cellN`: the name the tracer's tracebacks give. */
  filename: string;
  line: number;
}

export interface NotebookRun {
  cells: NotebookCell[];
  /** Sentences for the user: IPython lines left out or run untimed, cells in another language. */
  notes: string[];
}

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
  input?: unknown;
  metadata?: { vscode?: { languageId?: unknown } };
}

/** "line 3, column 7" of a JSON.parse error, from its position (Node 20) or its own (line L column C). */
function jsonErrorPlace(text: string, message: string): string {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `${lc[1]}:${lc[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (!pos) return '1:1';
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  return `${line}:${Number(pos[1]) - before.lastIndexOf('\n')}`;
}

const sourceText = (s: unknown): string | undefined =>
  typeof s === 'string' ? s : Array.isArray(s) && s.every((x) => typeof x === 'string') ? s.join('') : undefined;

/** The notebook's language when it names one (kernelspec or language_info), lower case. */
function languageOf(nb: { metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } }): string | undefined {
  const l = nb.metadata?.kernelspec?.language ?? nb.metadata?.language_info?.name;
  return typeof l === 'string' ? l.toLowerCase() : undefined;
}

/** The code cells of a notebook's JSON text, or a sentence starting with `line:column` or saying what is wrong. */
export function notebookCells(text: string, nbPath: string): NotebookRun | { error: string } {
  let nb: { cells?: unknown; worksheets?: { cells?: unknown }[]; metadata?: Record<string, never> };
  try {
    nb = JSON.parse(text) as typeof nb;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { error: `${jsonErrorPlace(text, message)}: not a notebook: the file is not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})` };
  }
  // nbformat 4 (cells), or 3 (worksheets[0].cells, code in `input`)
  const raw = nb && typeof nb === 'object' ? (nb.cells ?? nb.worksheets?.[0]?.cells) : undefined;
  if (!Array.isArray(raw)) return { error: 'not a notebook: the JSON has no "cells" list' };
  const language = languageOf(nb);
  if (language !== undefined && language !== 'python') {
    return { error: `the notebook's language is ${language}, not Python: run mode traces Python layers` };
  }
  const cells: NotebookCell[] = [];
  const magics: { cell: number; lines: MagicLine[] }[] = [];
  const other: number[] = [];
  (raw as RawCell[]).forEach((c, index) => {
    if (!c || c.cell_type !== 'code') return;
    const lang = c.metadata?.vscode?.languageId;
    if (typeof lang === 'string' && lang !== 'python') return void other.push(index + 1);
    const source = sourceText(c.source ?? c.input) ?? '';
    const { code, magics: found } = cellCode(source);
    if (found.length) magics.push({ cell: index + 1, lines: found });
    cells.push({ code, filename: `${nbPath}#cell${index + 1}`, line: 1 });
  });
  const notes = magicNotes(magics);
  if (other.length) notes.push(`${other.length === 1 ? 'Cell' : 'Cells'} ${other.join(', ')} ${other.length === 1 ? 'is' : 'are'} in another language than Python and did not run.`);
  return { cells, notes };
}

export type MagicsFound = readonly { cell: number; lines: readonly MagicLine[] }[];

/** The lines left out and those run untimed, a few of each named by `item` (the caller's words). */
export function magicLists(found: MagicsFound, item: (cell: number, line: number, text: string) => string): { skipped?: string; ran?: string } {
  const list = (what: MagicLine['what']): string | undefined => {
    const all = found.flatMap((f) => f.lines.filter((m) => m.what === what).map((m) => item(f.cell, m.line, short(m.text))));
    if (!all.length) return undefined;
    return all.slice(0, 4).join('; ') + (all.length > 4 ? `; +${all.length - 4}` : '');
  };
  return { skipped: list('skipped'), ran: list('ran') };
}

/** The CLI's sentences (the extension words the same lists through vscode.l10n). */
function magicNotes(found: MagicsFound): string[] {
  const { skipped, ran } = magicLists(found, (cell, line, text) => `cell ${cell}, line ${line}: ${text}`);
  const notes: string[] = [];
  if (skipped) notes.push(`IPython's lines are not Python and were skipped (${skipped}).`);
  if (ran) notes.push(`The code under %time / %timeit / %%capture ran once, untimed (${ran}).`);
  return notes;
}

const short = (t: string): string => (t.length > 40 ? `${t.slice(0, 39)}…` : t);

/** Where a traceback points: `nb.ipynb, cell 3, line 5` in a notebook, else `file:line`. */
export function placeText(file: string, line: number | null | undefined, column?: number | null): string {
  const cell = /^(.*)#cell(\d+)$/.exec(file);
  if (cell) return `${cell[1]}, cell ${cell[2]}, line ${line ?? '?'}${column ? `, column ${column}` : ''}`;
  return `${file}:${line ?? '?'}${column ? `:${column}` : ''}`;
}
