// Rows of numbers without nested brackets: MATLAB/Octave/Julia matrices `[1 -2; 3 4]`, and plain
// CSV or whitespace-separated rows, one row per line (what np.loadtxt reads).
import { ParseError } from './errors';
import { cursor, readNumber } from './number';
import { ScanFailure } from './scan';
import { grow, isIdentStart, raggedMessage, readNamedScalar, scalarCursor } from './tokens';

/**
 * Is the '[' at `open` a MATLAB-style matrix? Only when a ';' separates rows on its first line
 * before any other bracket: numpy's printed rows always nest brackets.
 */
export function isMatlabMatrix(text: string, open: number): boolean {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === ';') return true;
    if (c === '[' || c === ']' || c === '(' || c === ')' || c === '\n' || c === '#' || c === '%') return false;
  }
  return false;
}

export interface Rows {
  shape: number[];
  data: Float64Array;
  /** Just after the closing ']' (matrix) or the end of the text (rows). */
  end: number;
}

/**
 * Reads rows from text[i]: after a '[' (`bracket`, up to its ']'), else to the end of the text.
 * Rows end at ';' or a line break, values are separated by commas or blanks. `base` is text[0]'s
 * absolute offset. Throws ScanFailure.
 */
export function readRows(text: string, i: number, base: number, bracket: boolean): Rows {
  let data = new Float64Array(64);
  let n = 0;
  let rows = 0;
  let width = -1;
  let inRow = 0; // values in the current row
  let rowAt = i;
  let afterComma = false;
  const endRow = (at: number) => {
    if (afterComma) throw new ScanFailure('expected_value_after_last', [], base + at);
    if (inRow === 0) return;
    rows++;
    if (width === -1) width = inRow;
    else if (inRow !== width) {
      const ragged = raggedMessage([0, rows], 2, inRow, width);
      throw new ScanFailure(ragged.code, ragged.args, base + rowAt);
    }
    inRow = 0;
  };
  for (;;) {
    const c = text[i];
    if (c === undefined) {
      if (bracket) throw new ScanFailure('row_bracket_never_closed', [], base + i);
      endRow(i);
      break;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\u00a0' || c === '\ufeff') {
      i++;
    } else if (c === '\n' || c === ';') {
      endRow(i);
      i++;
    } else if (c === '#' || (c === '%' && bracket)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === ',') {
      if (inRow === 0 || afterComma) throw new ScanFailure(afterComma ? 'missing_between_commas' : 'value_before_comma', [], base + i);
      afterComma = true;
      i++;
    } else if (c === ']' && bracket) {
      endRow(i);
      i++;
      break;
    } else {
      if (inRow === 0) rowAt = i;
      let v: number;
      try {
        const signed = (c === '-' || c === '+') && isIdentStart(text.charCodeAt(i + 1)); // -Inf
        if (signed || isIdentStart(text.charCodeAt(i))) {
          v = readNamedScalar(text, signed ? i + 1 : i);
          if (c === '-') v = -v;
          i = scalarCursor.end;
        } else {
          v = readNumber(text, i);
          if (cursor.end < 0) throw new ScanFailure('row_expected_number', [c], base + i);
          i = cursor.end;
        }
      } catch (e) {
        // a word in a row of numbers (a CSV header): not a name to trace
        if (e instanceof ParseError) throw new ScanFailure(e.code === 'name_not_value' ? 'row_expected_number' : e.code, e.args, base + e.offset);
        throw e;
      }
      const next = text[i];
      if (next !== undefined && !/[\s,;\]#%]/.test(next)) throw new ScanFailure('expected_separator_after_number', [next], base + i);
      if (n === data.length) data = grow(data, n + 1);
      data[n++] = v;
      inRow++;
      afterComma = false;
    }
  }
  if (rows === 0 && !bracket) throw new ScanFailure('expected_rows_numbers', [], base + i);
  const values = data.slice(0, n);
  if (bracket) return { shape: rows === 0 ? [0, 0] : [rows, width], data: values, end: i };
  // np.loadtxt squeezes a single row or column to 1-D, and one value to 0-d
  const shape = rows === 1 && width === 1 ? [] : rows === 1 || width === 1 ? [n] : [rows, width];
  return { shape, data: values, end: i };
}
