// The code around an array literal: `x = `, `np.array(`, `, dtype=np.float32)`, what follows.
import { readArgValue } from './callArgs';
import { isConstructor, refusedCall } from './constructors';
import { nodeTypedArray, skipHeader } from './printed';
import { isMatlabMatrix } from './rows';
import { readOuter, type Outer } from './outer';
import { isArrayCall, isScalarCall } from './scalars';
import { ScanFailure } from './scan';
import { describeAt, isIdentChar, isSpace, promptEnd, readName, skipBlank } from './tokens';

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

export interface Prefix {
  /** Where the literal starts. */
  start: number;
  /** The wrapper call and where its '(' is. */
  wrapper?: string;
  paren?: number;
  /** Where the call's name starts, and whether `new` came before it. */
  nameAt?: number;
  isNew?: boolean;
  /** A constructor call (`np.arange(`), evaluated by buildConstructor, instead of a literal. */
  build?: string;
  /** A MATLAB/Julia matrix `[1 -2; 3 4]` opens at `start`. */
  matrix?: boolean;
  /** Node's `Float64Array(3) [...]`: the length it announced. */
  length?: number;
  /** From a printed header (TensorFlow), or a scalar type applied to a list (`np.float32([1, 2])`): its dtype; and that a '>' closes it. */
  dtype?: string;
  /** Parentheses and signs around the call: `(np.array(...))`, `-np.array(...)`. */
  outer?: Outer[];
  angle?: boolean;
}

/** Finds where the literal starts in `text` (the beginning of the input, so offsets are absolute). */
export function readPrefix(text: string): Prefix {
  let i = skipBlank(text, 0);
  for (let p = promptEnd(text, i, 0); p > i; p = promptEnd(text, i, 0)) i = skipBlank(text, p); // `>>> `, `In [3]: `, `Out[3]: `
  if (i >= text.length) throw new ScanFailure('empty_input', [], i);
  i = skipAssignment(text, i);
  const header = skipHeader(text, i);
  const { outer, start } = readOuter(text, header.start);
  const found = readStart(text, start);
  if (outer.length > 0) found.outer = outer;
  if (header.dtype !== undefined) found.dtype = header.dtype;
  if (header.angle) found.angle = true;
  return found;
}

function readStart(text: string, i: number): Prefix {
  const node = nodeTypedArray(text, i);
  if (node) return { start: node.start, length: node.length, nameAt: i };
  const isNew = text.startsWith('new', i) && isSpace(text.charCodeAt(i + 3));
  if (isNew) i = skipBlank(text, i + 3);
  const nameEnd = readName(text, i);
  const name = text.slice(i, nameEnd);
  const paren = skipBlank(text, nameEnd);
  const scalarType = /^(?:np|numpy)\.(\w+)$/.exec(name)?.[1];
  if (nameEnd > i && text[paren] === '(' && isScalarCall(name) && scalarType && /^[[(]/.test(text[skipBlank(text, paren + 1)] ?? '')) {
    // np.float32([1, 2]) is an array of that dtype, as np.array([1, 2], dtype=np.float32)
    return { start: skipBlank(text, paren + 1), wrapper: name, paren, nameAt: i, dtype: scalarType };
  }
  if (nameEnd > i && text[paren] === '(' && !isScalarCall(name)) {
    const refused = refusedCall(name, i);
    if (refused) throw refused;
    if (isConstructor(name)) return { start: i, build: name, paren, nameAt: i };
    if (!isArrayCall(name)) throw new ScanFailure('expected_array_literal_found', [name], i);
    const start = skipBlank(text, paren + 1);
    if (text[start] === ')') throw new ScanFailure('has_no_array_argument', [name], start);
    return { start, wrapper: name, paren, nameAt: i, isNew };
  }
  if (text[i] === '[' && isMatlabMatrix(text, i)) return { start: i, matrix: true };
  return { start: i };
}

/** Skips one argument expression up to the ',' or ')' that ends it, respecting brackets and strings. */
function skipArgument(text: string, i: number, base: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new ScanFailure('string_never_closed', [], base + i);
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

/**
 * Reads the arguments after the literal inside a wrapper call, up to and including ')'.
 * Keyword arguments (copy=, device=, requires_grad=) are ignored; the dtype is reported, and
 * ndmin= (np.array's leading 1s, which change the shape) too.
 */
export function readCallTail(text: string, i: number, base: number, call: string, parenAt: number): { end: number; dtype?: string; shape?: { value: unknown; at: number }; ndmin?: { value: unknown; at: number } } {
  let dtype: string | undefined;
  let shape: { value: unknown; at: number } | undefined;
  let ndmin: { value: unknown; at: number } | undefined;
  let positional = 1;
  for (;;) {
    i = skipBlank(text, i);
    if (i >= text.length) throw new ScanFailure('never_closed_expected', [call], parenAt);
    if (text[i] === ')') return { end: i + 1, dtype, shape, ndmin };
    if (text[i] !== ',') throw new ScanFailure('expected_after_array_found', [describeAt(text, i)], base + i);
    i = skipBlank(text, i + 1);
    if (text[i] === ')') return { end: i + 1, dtype, shape, ndmin };
    const nameEnd = readName(text, i);
    const eq = skipBlank(text, nameEnd);
    const isKeyword = nameEnd > i && text[eq] === '=' && text[eq + 1] !== '=';
    const valueStart = isKeyword ? skipBlank(text, eq + 1) : i;
    const valueEnd = skipArgument(text, valueStart, base);
    const key = isKeyword ? text.slice(i, nameEnd) : '';
    if (key === 'dtype' || (!isKeyword && positional === 1)) dtype = dtypeName(text.slice(valueStart, valueEnd));
    if (key === 'ndmin') ndmin = { value: readArgValue(text, valueStart, base).value, at: base + valueStart }; // np.array(x, ndmin=2)
    if (key === 'shape') shape = { value: readArgValue(text, valueStart, base).value, at: base + valueStart }; // numpy's repr of an empty array
    if (!isKeyword) positional++;
    i = valueEnd;
  }
}

/** An operator or an index right after the array: what it says is not evaluated, with the operator. */
function refuseExpression(text: string, i: number, base: number): void {
  const op = /^(?:\*\*|\/\/|[-+*/%@])/.exec(text.slice(i, i + 2))?.[0];
  if (op) throw new ScanFailure('arithmetic_not_evaluated', [op], base + i);
  if (text[i] === '[') throw new ScanFailure('indexing_not_read', [], base + i);
}

/** A call Python writes (numpy, PyTorch, JAX): `//` after it is floor division, never a comment. */
export const isPythonCall = (name: string | undefined): boolean => !!name && /^(?:np|numpy|torch|jnp|jax\.numpy)\./.test(name);

/**
 * After the array only blanks, ';' or further statements on later lines (surrounding code) may
 * follow. `python`: the array is a Python call, so `//` right after it is floor division (refused
 * like any arithmetic), not a comment to skip.
 */
export function checkTrailing(text: string, i: number, base: number, python = false): void {
  if (python) {
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text.startsWith('//', j)) refuseExpression(text, j, base);
  }
  let sawNewline = false;
  const from = i;
  for (;;) {
    const j = skipBlank(text, i);
    if (text.slice(i, j).includes('\n')) sawNewline = true;
    i = j;
    if (text[i] !== ';') break;
    i++;
  }
  if (i >= text.length) return;
  if (!sawNewline) refuseExpression(text, i, base);
  if (sawNewline && promptEnd(text, i, from) > i) return; // the next REPL prompt: what follows is another input or its output
  const c = text.charCodeAt(i);
  if (sawNewline && isIdentChar(c) && !(c >= 48 && c <= 57) && c !== 46) return; // next statement, e.g. `x` on its own line
  const ch = text[i];
  if (ch === ']' || ch === ')') throw new ScanFailure('unexpected_with_no_matching', [ch], base + i);
  throw new ScanFailure('unexpected_after_array', [describeAt(text, i)], base + i);
}
