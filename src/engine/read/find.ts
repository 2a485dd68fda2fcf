import { ParseError } from './errors';
import { parseArray, type ParsedArray } from './parse';
import { isConstructor, refusedCall } from './constructors';
import { isArrayCall } from './scalars';
import { isIdentChar, isIdentStart } from './tokens';

/** How far to look each way: a literal bigger than this is not found by cursor position. */
export const FIND_WINDOW = 64 * 1024;
const MAX_ATTEMPTS = 8;

/** A call whose result the parser reads: a wrapper around a literal, or a constructor. */
const isReadCall = (name: string): boolean => isArrayCall(name) || isConstructor(name);

/** Methods the parser applies after an array (see methods.ts). */
const METHODS = new Set(['T', 'reshape', 'view', 'astype', 'float', 'double', 'type', 'to', 'transpose', 'flatten', 'ravel', 'copy', 'numpy', 'detach', 'cpu', 'clone', 'contiguous']);

/** `.reshape`, `.T.reshape`: a name made only of methods, after the dot. */
function isMethodChain(name: string): boolean {
  return name.startsWith('.') && name.slice(1).split('.').every((m) => METHODS.has(m));
}

/**
 * The bracket matching the one at `at`, searching in direction `step`: on to `bound` (exclusive)
 * for an opener, back to `bound` (inclusive) for a closer; -1 if none.
 */
function matching(text: string, at: number, step: 1 | -1, bound: number): number {
  const [deeper, back] = step === 1 ? ['[(', '])'] : ['])', '[('];
  for (let i = at + step, pending = 0; step === 1 ? i < bound : i >= bound; i += step) {
    const c = text[i];
    if (deeper.includes(c)) pending++;
    else if (back.includes(c)) {
      if (pending === 0) return i;
      pending--;
    }
  }
  return -1;
}

const openerOf = (text: string, close: number, lo: number): number => matching(text, close, -1, lo);
const closerOf = (text: string, open: number, hi: number): number => matching(text, open, 1, hi);

/** Where a chain of known methods after `i` ends (`np.arange(6)|.reshape(2, 3).T|`). */
function methodChainEnd(text: string, i: number, hi: number): number {
  for (;;) {
    if (text[i] !== '.') return i;
    let j = i + 1;
    while (j < hi && isIdentChar(text.charCodeAt(j)) && text[j] !== '.') j++;
    if (!METHODS.has(text.slice(i + 1, j))) return i;
    if (text[j] === '(') {
      const close = closerOf(text, j, hi);
      if (close < 0) return i;
      j = close + 1;
    }
    i = j;
  }
}

/**
 * The start of the array a method chain is called on (`np.arange(6)` for the `.reshape(` at
 * `dot`), or -1 when it is called on a name or anything else.
 */
function receiverStart(text: string, dot: number, lo: number): number {
  const close = dot - 1;
  if (text[close] !== ')' && text[close] !== ']') return -1;
  const open = openerOf(text, close, lo);
  if (open < 0) return -1;
  const before = nameBefore(text, open, lo);
  if (text[open] === '[') return before.name ? -1 : open;
  if (isMethodChain(before.name)) return receiverStart(text, before.start, lo);
  return before.name && isReadCall(before.name) && isIdentStart(text.charCodeAt(before.start)) ? before.start : -1;
}

function tryParse(text: string): ParsedArray | undefined {
  try {
    return parseArray(text);
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/** The dotted name that ends right before `i` (skipping blanks), with its start. */
function nameBefore(text: string, i: number, lo: number): { name: string; start: number } {
  let j = i;
  while (j > lo && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  let k = j;
  while (k > lo && isIdentChar(text.charCodeAt(k - 1))) k--;
  return { name: text.slice(k, j), start: k };
}

/**
 * Find the array literal enclosing `offset`: the whole `np.array(...)` call when there is one,
 * else the outermost bracket literal. Looks only FIND_WINDOW characters each way, so a huge
 * document costs no more than a small one. Brackets inside strings or comments may confuse the
 * pairing; every candidate is parsed before it is returned, so that only costs a miss.
 */
export function findArrayLiteral(text: string, offset: number): { start: number; end: number; parsed: ParsedArray } | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const lo = Math.max(0, offset - FIND_WINDOW);
  const hi = Math.min(text.length, offset + FIND_WINDOW);
  let at = offset;
  // On a wrapper's name (`np.ar|ray([1])`): step inside its parentheses.
  let w = offset;
  while (w < hi && isIdentChar(text.charCodeAt(w))) w++;
  if (w > offset || (offset > 0 && isIdentChar(text.charCodeAt(offset - 1)))) {
    let p = w;
    while (p < hi && text[p] === ' ') p++;
    const name = nameBefore(text, w, lo).name;
    if (text[p] === '(' && (isReadCall(name) || isMethodChain(name))) at = p + 1;
  }
  // A cursor just before an opening bracket or just after a closing one counts as inside it.
  if (at === offset) {
    if (text[at] === '[' || text[at] === '(') at++;
    else if (at > 0 && (text[at - 1] === ']' || text[at - 1] === ')')) at--;
  }
  // Unmatched openers going left and unmatched closers going right pair up innermost first.
  const openers: number[] = [];
  for (let i = at - 1, pending = 0; i >= lo; i--) {
    const c = text[i];
    if (c === ']' || c === ')') pending++;
    else if (c === '[' || c === '(') {
      if (pending > 0) pending--;
      else openers.push(i);
    }
  }
  if (openers.length === 0) return undefined;
  const closers: number[] = [];
  for (let i = at, pending = 0; i < hi && closers.length < openers.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') pending++;
    else if (c === ']' || c === ')') {
      if (pending > 0) pending--;
      else closers.push(i);
    }
  }
  const pairs: { open: number; close: number }[] = [];
  for (let k = 0; k < closers.length; k++) {
    const o = openers[k];
    if ((text[o] === '[') !== (text[closers[k]] === ']')) break; // mismatched: the structure is broken from here out
    pairs.push({ open: o, close: closers[k] });
  }
  // Outermost first; a '[' right after a name or ']' is indexing (x[0]), a '(' after a name is a call.
  let attempts = 0;
  for (let k = pairs.length - 1; k >= 0 && attempts < MAX_ATTEMPTS; k--) {
    const { open, close } = pairs[k];
    const before = nameBefore(text, open, lo);
    const prev = text[before.start - 1];
    let start: number;
    if (text[open] === '(' && isMethodChain(before.name)) {
      // inside a method's arguments (`.reshape(2, |3)`): the array it is called on, with the chain
      start = receiverStart(text, before.start, lo);
      if (start < 0) continue;
    } else {
      if (text[open] === '(') {
        if (before.name && !isReadCall(before.name)) continue;
      } else if (before.name || /[\])]/.test(text[open - 1] ?? '')) continue;
      start = text[open] === '(' && before.name ? before.start : open;
      if (prev === '.') continue;
    }
    attempts++;
    // `.reshape(2, 3).T` after the array belongs to it
    const end = methodChainEnd(text, close + 1, hi);
    // The parse is handed back so that a caller (the hover) need not parse the literal twice.
    // A unary sign before it is the value's (`x = -np.array([1, -2])` holds [-1, 2]).
    const sign = unarySign(text, start);
    const signed = sign >= 0 ? tryParse(text.slice(sign, end)) : undefined;
    if (signed) return { start: sign, end, parsed: signed };
    const parsed = tryParse(text.slice(start, end));
    if (parsed) return { start, end, parsed };
  }
  return undefined;
}

/**
 * Where a unary `-` or `+` right before the literal at `start` begins (`x = -np.array(...)`,
 * `f(+[1, 2])`), or -1: after a name, a number or a closer the sign is a binary operator
 * (`a - np.array(...)`), and the literal is read alone.
 */
function unarySign(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== '-' && text[i] !== '+') return -1;
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < 0 || '=([{,:\n'.includes(text[j]) ? i : -1;
}

/**
 * Why there is no array at `offset` when the cursor is in or on a call whose values are not in the
 * text (`np.random.randn(3)`, `np.empty(2)`), or an array call the parser cannot read
 * (`np.array([x, 1/3])`, with `arrayCalls`; where the code can be run, running it may be the better
 * answer): the parser's refusal, placed in `text`. Lets the
 * command say why instead of "no array here".
 */
export function refusalAround(text: string, offset: number, arrayCalls = false): ParseError | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const lo = Math.max(0, offset - FIND_WINDOW);
  let w = offset;
  while (w < text.length && isIdentChar(text.charCodeAt(w))) w++;
  let paren = w;
  while (text[paren] === ' ') paren++;
  if (text[paren] !== '(') {
    paren = openerOf(text, offset, lo); // inside the arguments, maybe in a list or a call within them
  }
  // np.array([x, 1/3]): an array call's own sentence for what it cannot read, when asked
  const asked = (name: string) => !!name && (!!refusedCall(name, 0) || (arrayCalls && isArrayCall(name)));
  while (paren >= 0 && (text[paren] !== '(' || !asked(nameBefore(text, paren, lo).name))) paren = openerOf(text, paren, lo);
  if (paren < 0) return undefined;
  const { name, start } = nameBefore(text, paren, lo);
  const arrayCall = arrayCalls && isArrayCall(name);
  try {
    const close = arrayCall ? closerOf(text, paren, text.length) : -1;
    parseArray(close >= 0 ? text.slice(start, close + 1) : text.slice(start, paren + 1) + ')');
  } catch (e) {
    if (e instanceof ParseError) return new ParseError(e.code, e.args, text, start + e.offset);
    throw e;
  }
  return undefined;
}
