// A name under the cursor (`x` in `relu.forward(x)`): the array of its last assignment above, when
// that is one the parser reads (`x = np.array(...)`, `x = np.arange(...)`), or a method of another
// such name (`x = w.T`, `x = w.reshape(2, 3)`). Pure: it sees only the text before the cursor.
import { ParseError } from './errors';
import { applyMethods } from './methods';
import { parseArray, type ParsedArray } from './parse';
import { ScanFailure } from './scan';
import { isIdentChar, isIdentStart } from './tokens';

/** How far back to look for the assignment; a name assigned further up is not resolved. */
export const NAME_WINDOW = 256 * 1024;
/** `x = y.T`, `y = z`...: at most this many names followed. */
const MAX_HOPS = 8;

export interface ResolvedName {
  name: string;
  /** Range of the assigned value in the text, and its 1-based line. */
  start: number;
  end: number;
  line: number;
  parsed: ParsedArray;
}

/** The identifier (dotted: `self.x`) around `offset`, or undefined. */
export function nameAt(text: string, offset: number): { name: string; start: number; end: number } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && isIdentChar(text.charCodeAt(start - 1))) start--;
  while (end < text.length && isIdentChar(text.charCodeAt(end)) && text[end] !== '.') end++;
  while (start < end && text[start] === '.') start++;
  if (start === end || !isIdentStart(text.charCodeAt(start))) return undefined;
  return { name: text.slice(start, end), start, end };
}

const escape = (s: string) => s.replace(/[.$]/g, (c) => `\\${c}`);

/** Where the statement starting at `i` ends: the first line break outside brackets, strings and `\` continuations. */
function statementEnd(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return text.length;
      i = close;
    } else if (c === '#' && depth === 0) return i; // a comment after the value else if (c === '\\' && text[i + 1] === '\n') i++;
    else if ((c === '\n' || c === ';') && depth === 0) return i;
  }
  return text.length;
}

const lineOf = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/**
 * The value of `name`'s last assignment in `before` (the text above the cursor), or undefined when
 * there is none the engine reads, or when the name was changed in place after it (`x += 1`, `x[0] = 2`).
 */
export function resolveName(before: string, name: string, hops = 0): ResolvedName | undefined {
  if (hops > MAX_HOPS || !isIdentStart(name.charCodeAt(0))) return undefined;
  const lo = Math.max(0, before.length - NAME_WINDOW);
  const text = before.slice(lo);
  // a line that (re)binds or changes the name: `x = `, `const x = `, `x: T = `, `x += `, `x[...] = `
  const binding = new RegExp(`^[ \\t]*(?:(?:const|let|var)[ \\t]+)?${escape(name)}[ \\t]*(?::[^=\\n]*)?(=(?!=)|[-+*/@%&|^]=|\\[)`, 'gm');
  let last: RegExpExecArray | undefined;
  for (let m = binding.exec(text); m; m = binding.exec(text)) last = m;
  if (!last || last[1] !== '=') return undefined; // changed in place, or indexed: its value is not in one place
  let start = last.index + last[0].length;
  while (text[start] === ' ' || text[start] === '\t') start++;
  const end = statementEnd(text, start);
  const value = text.slice(start, end).trimEnd();
  if (!value) return undefined;
  const at = { start: lo + start, end: lo + start + value.length, line: lineOf(before, lo + start) };
  // `x = y`, `x = y.T`, `x = y.reshape(2, 3)`: the value of y above this line, with the methods applied
  const other = /^[A-Za-z_$][\w$]*/.exec(value);
  if (other && !/^\s*[([]/.test(value.slice(other[0].length)) && (value.length === other[0].length || value[other[0].length] === '.')) {
    const base = resolveName(before.slice(0, lo + last.index), other[0], hops + 1);
    if (base && value.length > other[0].length) {
      try {
        const applied = applyMethods(value, other[0].length, 0, base.parsed.tensor, base.parsed.dtype);
        if (value.slice(applied.end).trim() !== '') return undefined;
        const parsed: ParsedArray = { tensor: applied.tensor, start: at.start, end: at.end };
        if (applied.dtype !== undefined) parsed.dtype = applied.dtype;
        return { name, ...at, parsed };
      } catch (e) {
        if (e instanceof ScanFailure) return undefined;
        throw e;
      }
    }
    if (base) return { name, ...at, parsed: base.parsed };
    if (!/^(?:np|numpy|torch|jnp|tf|new|array|tensor|Float\w*Array)\b/.test(value)) return undefined;
  }
  try {
    return { name, ...at, parsed: parseArray(value) };
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}
