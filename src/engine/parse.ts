import { ParseError } from './errors';
import { isArrayCall, isScalarCall } from './scalars';
import { describeAt, isIdentChar, isSpace, readName, scanLiteral, skipBlank } from './scan';
import { Tensor } from './tensor';

export interface ParsedArray {
  tensor: Tensor;
  /** The dtype named in the call (`dtype=np.float32` -> 'float32'); values are float64 regardless. */
  dtype?: string;
  /** The wrapper call around the literal, e.g. 'np.array', when there was one. */
  wrapper?: string;
  /** Text range of the literal itself (brackets or scalar) within the input. */
  start: number;
  end: number;
}

const JS_DECLARATIONS = new Set(['const', 'let', 'var', 'export']);

/**
 * Skips an assignment target such as `x = `, `const x: number[][] = ` or `self.x: np.ndarray = `.
 * Returns the position after '=', or `i` when there is no assignment.
 */
function skipAssignment(text: string, i: number): number {
  let j = i;
  for (;;) {
    const end = readName(text, j);
    if (end === j) return i;
    const word = text.slice(j, end);
    j = skipBlank(text, end);
    if (!JS_DECLARATIONS.has(word) || !isIdentChar(text.charCodeAt(j))) break;
  }
  if (text.charCodeAt(j) === 58) {
    // a type annotation: skip to the '=' on the same line
    while (j < text.length && text[j] !== '=' && text[j] !== '\n') j++;
  }
  if (text[j] === '=' && text[j + 1] !== '=') return skipBlank(text, j + 1);
  return i;
}

/** Skips one argument expression up to the ',' or ')' that ends it, respecting brackets and strings. */
function skipArgument(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new ParseError('This string is never closed', text, i);
      i = close + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === ',' && depth === 0) return i;
    i++;
  }
  return i;
}

/** 'np.float32', "'float32'", 'torch.float64' -> 'float32' / 'float64'. */
function dtypeName(expr: string): string {
  return expr.trim().replace(/^['"]|['"]$/g, '').replace(/^(?:np|numpy|torch|tf|jnp|jax\.numpy)\./, '');
}

/** Reads the arguments after the literal inside a wrapper call, up to and including ')'. */
function readCallTail(text: string, i: number, call: string, openAt: number): { end: number; dtype?: string } {
  let dtype: string | undefined;
  let positional = 1;
  for (;;) {
    i = skipBlank(text, i);
    if (i >= text.length) throw new ParseError(`This '${call}(' is never closed (expected ')')`, text, openAt);
    if (text[i] === ')') return { end: i + 1, dtype };
    if (text[i] !== ',') throw new ParseError(`Expected ',' or ')' after the array, found ${describeAt(text, i)}`, text, i);
    i = skipBlank(text, i + 1);
    if (text[i] === ')') return { end: i + 1, dtype };
    const nameEnd = readName(text, i);
    const eq = skipBlank(text, nameEnd);
    const isKeyword = nameEnd > i && text[eq] === '=' && text[eq + 1] !== '=';
    const valueStart = isKeyword ? skipBlank(text, eq + 1) : i;
    const valueEnd = skipArgument(text, valueStart);
    const key = isKeyword ? text.slice(i, nameEnd) : '';
    // keyword arguments (dtype=, copy=, device=, requires_grad=) are ignored, but the dtype is reported
    if (key === 'dtype' || (!isKeyword && positional === 1)) dtype = dtypeName(text.slice(valueStart, valueEnd));
    if (!isKeyword) positional++;
    i = valueEnd;
  }
}

/** After the array only blanks, ';' or further statements on later lines (surrounding code) may follow. */
function checkTrailing(text: string, i: number): void {
  let sawNewline = false;
  for (;;) {
    const j = skipBlank(text, i);
    if (text.slice(i, j).includes('\n')) sawNewline = true;
    i = j;
    if (text[i] === ';') {
      i++;
      continue;
    }
    break;
  }
  if (i >= text.length) return;
  const c = text.charCodeAt(i);
  if (sawNewline && isIdentChar(c) && !(c >= 48 && c <= 57) && c !== 46) return; // next statement, e.g. `x` on its own line
  const ch = text[i];
  if (ch === ']' || ch === ')') throw new ParseError(`Unexpected '${ch}' with no matching opening bracket`, text, i);
  throw new ParseError(`Unexpected ${describeAt(text, i)} after the array`, text, i);
}

/**
 * Parses whatever array a user is likely to select: Python lists/tuples, numpy's repr and printed
 * form, JS/JSON arrays, `np.array(...)`-style calls with keyword arguments, an assignment around
 * it, scalars. Throws only ParseError, whatever the input.
 */
export function parseArray(text: string): ParsedArray {
  try {
    return parseUnchecked(text);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    // A bug must not surface as a stack trace in the editor: report it as a parse failure at the start.
    throw new ParseError(`Could not read this array (${e instanceof Error ? e.message : String(e)})`, text, 0);
  }
}

function parseUnchecked(text: string): ParsedArray {
  let i = skipBlank(text, 0);
  if (text.startsWith('>>>', i)) i = skipBlank(text, i + 3); // a REPL prompt
  if (i >= text.length) throw new ParseError('The input is empty: select an array such as [[1.0, -0.5], [2.0, 0]]', text, i);
  i = skipAssignment(text, i);
  if (text.startsWith('new', i) && isSpace(text.charCodeAt(i + 3))) i = skipBlank(text, i + 3);
  const nameEnd = readName(text, i);
  const name = text.slice(i, nameEnd);
  const paren = skipBlank(text, nameEnd);
  if (nameEnd > i && text[paren] === '(' && !isScalarCall(name)) {
    if (!isArrayCall(name)) {
      throw new ParseError(`Expected an array literal, found a call to '${name}'`, text, i);
    }
    const start = skipBlank(text, paren + 1);
    if (text[start] === ')') throw new ParseError(`${name}() has no array argument`, text, start);
    const lit = scanLiteral(text, start);
    const tail = readCallTail(text, lit.end, name, paren);
    checkTrailing(text, tail.end);
    const parsed: ParsedArray = { tensor: { shape: lit.shape, data: lit.data }, wrapper: name, start, end: lit.end };
    if (tail.dtype !== undefined) parsed.dtype = tail.dtype;
    return parsed;
  }
  const lit = scanLiteral(text, i);
  checkTrailing(text, lit.end);
  return { tensor: { shape: lit.shape, data: lit.data }, start: i, end: lit.end };
}
