// The arguments of a constructor call (`np.arange(-5.0, 5.0, 0.1)`, `np.zeros((2, 3), dtype=np.float32)`),
// read as data: numbers, named constants, True/False/None, strings, names and tuples of them.
// Nothing is evaluated beyond that: an expression such as `2 * n` is refused.
import { cursor, readNumber } from './number';
import { namedScalar } from './scalars';
import { ScanFailure } from './scan';
import { describeAt, isIdentStart, readName, skipBlank } from './tokens';

/** One argument value: a number, a tuple/list of values, a string, a bare name, a boolean, or None (null). */
export type ArgValue = number | boolean | null | { str: string } | { name: string } | ArgValue[];

export interface Arg {
  /** The keyword (`dtype` in `dtype=np.float32`), absent for a positional argument. */
  key?: string;
  value: ArgValue;
  /** Absolute offset of the value, for messages. */
  at: number;
  /** A number written as a float (`5.0`, `1e3`, `np.pi`): numpy then picks a float dtype. */
  float?: boolean;
}

/** Constants a reader writes as arguments (`np.linspace(-np.pi, np.pi, 5)`). */
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const CONSTANT_OWNERS = new Set(['np', 'numpy', 'math', 'torch', 'jnp']);

function namedValue(name: string): ArgValue {
  if (name === 'True' || name === 'true') return true;
  if (name === 'False' || name === 'false') return false;
  if (name === 'None') return null;
  const dot = name.lastIndexOf('.');
  if (dot > 0 && CONSTANT_OWNERS.has(name.slice(0, dot)) && name.slice(dot + 1) in CONSTANTS) return CONSTANTS[name.slice(dot + 1)];
  const v = namedScalar(name);
  return v === undefined ? { name } : v;
}

/** Reads one value at `i`; sets `argCursor.end`. */
function readValue(text: string, i: number, base: number, depth: number): ArgValue {
  const c = text[i];
  if (c === '(' || c === '[') {
    if (depth > 4) throw new ScanFailure('arguments_too_deep', [], base + i);
    const close = c === '(' ? ')' : ']';
    const items: ArgValue[] = [];
    let j = skipBlank(text, i + 1);
    let commas = 0;
    while (text[j] !== close) {
      if (j >= text.length) throw new ScanFailure('never_closed', [c], base + i);
      items.push(readValue(text, j, base, depth + 1));
      j = skipBlank(text, argCursor.end);
      if (text[j] === ',') {
        commas++;
        j = skipBlank(text, j + 1);
      } else if (text[j] !== close) throw new ScanFailure('expected_comma_or_close', [close, describeAt(text, j)], base + j);
    }
    argCursor.end = j + 1;
    return c === '(' && items.length === 1 && commas === 0 ? items[0] : items; // (x) is x
  }
  if (c === '"' || c === "'") {
    const end = text.indexOf(c, i + 1);
    if (end < 0) throw new ScanFailure('string_never_closed', [], base + i);
    argCursor.end = end + 1;
    return { str: text.slice(i + 1, end) };
  }
  if ((c === '-' || c === '+') && isIdentStart(text.charCodeAt(skipBlank(text, i + 1)))) {
    const v = readValue(text, skipBlank(text, i + 1), base, depth);
    if (typeof v !== 'number') throw new ScanFailure('expected_number_after_found', [c, describeAt(text, skipBlank(text, i + 1))], base + i);
    return c === '-' ? -v : v;
  }
  if (isIdentStart(text.charCodeAt(i))) {
    const end = readName(text, i);
    argCursor.end = end;
    return namedValue(text.slice(i, end));
  }
  const v = readNumber(text, i);
  if (cursor.end < 0) throw new ScanFailure('expected_number_found', [describeAt(text, i)], base + i);
  argCursor.end = cursor.end;
  return v;
}

export const argCursor = { end: 0 };

/** One value at `i` (a number, a tuple...); returns it with its end. */
export function readArgValue(text: string, i: number, base: number): { value: ArgValue; end: number } {
  const value = readValue(text, i, base, 0);
  return { value, end: argCursor.end };
}

/**
 * Reads `(a, b, key=value)` with text[paren] === '('. Returns the arguments and the end (after ')').
 * Anything but plain values (an operator, a call) is refused with its position.
 */
export function readArgs(text: string, paren: number, base: number, call: string): { args: Arg[]; end: number } {
  const args: Arg[] = [];
  let i = skipBlank(text, paren + 1);
  while (text[i] !== ')') {
    if (i >= text.length) throw new ScanFailure('never_closed_expected', [call], base + paren);
    let key: string | undefined;
    const nameEnd = readName(text, i);
    const eq = skipBlank(text, nameEnd);
    if (nameEnd > i && text[eq] === '=' && text[eq + 1] !== '=') {
      key = text.slice(i, nameEnd);
      i = skipBlank(text, eq + 1);
    }
    const at = i;
    const value = readValue(text, i, base, 0);
    const arg: Arg = key === undefined ? { value, at: base + at } : { key, value, at: base + at };
    if (typeof value === 'number' && !/^[-+]?\d[\d_]*$/.test(text.slice(at, argCursor.end))) arg.float = true;
    args.push(arg);
    i = skipBlank(text, argCursor.end);
    if (text[i] === ',') i = skipBlank(text, i + 1);
    else if (text[i] !== ')') {
      if (i >= text.length) throw new ScanFailure('never_closed_expected', [call], base + paren);
      throw new ScanFailure('takes_plain_numbers_here', [call, describeAt(text, i)], base + i);
    }
  }
  return { args, end: i + 1 };
}
