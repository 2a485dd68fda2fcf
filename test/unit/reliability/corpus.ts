// The bad-input corpus: what users select by mistake and what an attacker might paste. Each entry
// says what must happen: `error` (one ParseError, at `at` = [line, column] when given, message
// matching `says`) or `valid` (the input is in fact a proper array: its shape).
export type Expect =
  | { error: true; at?: [number, number]; says?: RegExp }
  | { valid: number[]; values?: number[] };

export interface Case {
  name: string;
  text: string;
  expect: Expect;
}

const nested = (depth: number, inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth);

/** Deterministic junk bytes (a tiny LCG), so failures are reproducible. */
export function junk(length: number, seed = 1): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(s % 256);
  }
  return out;
}

const err = (at?: [number, number], says?: RegExp): Expect => ({ error: true, at, says });

export const CORPUS: Case[] = [
  // ragged, at every depth
  { name: 'ragged rows', text: '[[1, 2], [3]]', expect: err([1, 10], /ragged/) },
  { name: 'ragged, last row longer', text: '[[1], [2, 3]]', expect: err([1, 7], /ragged/) },
  { name: 'ragged at depth 3', text: '[[[1, 2], [3, 4]], [[5, 6], [7]]]', expect: err([1, 29], /ragged/) },
  { name: 'ragged at depth 4', text: '[[[[1]]], [[[1], [2]]]]', expect: err(undefined, /ragged/) },
  { name: 'number where a list belongs', text: '[[1, 2], 3]', expect: err([1, 10], /ragged|list/) },
  { name: 'list where a number belongs', text: '[1, [2]]', expect: err([1, 5], /ragged|number/) },
  { name: 'ragged on a later line (CRLF)', text: '[[1, 2],\r\n [3]]', expect: err([2, 2], /ragged/) },
  // brackets
  { name: 'unclosed bracket', text: '[[1, 2]', expect: err([1, 1], /never closed/) },
  { name: 'lone opening bracket', text: '[', expect: err([1, 1], /never closed/) },
  { name: 'stray closing bracket', text: '[1, 2]]', expect: err([1, 7], /no matching/) },
  { name: 'lone closing bracket', text: ']', expect: err([1, 1]) },
  { name: 'mismatched brackets', text: '[1, 2)', expect: err([1, 6], /Expected '\]'/) },
  { name: 'braces', text: '{1: 2}', expect: err([1, 1]) },
  { name: '10,000 unclosed brackets', text: '['.repeat(10_000), expect: err([1, 10_000], /never closed/) },
  // things that are not numbers
  { name: 'strings', text: "['a', 'b']", expect: err([1, 2], /string/) },
  { name: 'unclosed string', text: '["abc', expect: err([1, 2], /string/) },
  { name: 'None', text: '[1.0, None]', expect: err([1, 7], /None/) },
  { name: 'complex number', text: '[1+2j, 3]', expect: err(undefined, /Complex|number/) },
  { name: 'imaginary unit', text: '[1j]', expect: err([1, 2], /Complex/) },
  { name: 'hex literal', text: '[0x10]', expect: err([1, 2]) },
  { name: 'bare exponent', text: '[1e]', expect: err([1, 2]) },
  { name: 'double sign', text: '[--1]', expect: err([1, 2]) },
  { name: 'lone minus', text: '-', expect: err([1, 1]) },
  { name: 'double comma', text: '[1,,2]', expect: err([1, 4], /commas/) },
  { name: 'leading comma', text: '[,1]', expect: err([1, 2]) },
  { name: 'summarised numpy print', text: '[1, ..., 3]', expect: err([1, 5], /summarised/) },
  { name: 'a call that is not an array', text: 'np.sum([1, 2])', expect: err([1, 1], /call/) },
  { name: 'random values are not in the text', text: 'x = np.random.randn(3)', expect: err([1, 5], /random/) },
  { name: 'statement after the array', text: '[1, 2]; import os', expect: err([1, 9]) },
  { name: 'float() of a word', text: "[float('abc')]", expect: err([1, 8]) },
  { name: 'assignment with nothing after it', text: 'x = ', expect: err() },
  // empty
  { name: 'empty', text: '', expect: err([1, 1], /empty/) },
  { name: 'blanks and a comment only', text: '  \n\t# nothing here\n', expect: err(undefined, /empty/) },
  // Unicode look-alikes: not numbers in Python either
  { name: 'Arabic-Indic digits', text: '[\u0661, \u0662]', expect: err([1, 2]) },
  { name: 'fullwidth digits', text: '[\uff11, \uff12]', expect: err([1, 2]) },
  { name: 'Unicode minus sign', text: '[\u22121, 2]', expect: err([1, 2]) },
  { name: 'emoji', text: '[\u{1f600}]', expect: err([1, 2]) },
  { name: 'lone surrogate', text: '[\ud800]', expect: err([1, 2]) },
  { name: 'right-to-left override', text: '[1,\u202e2]', expect: err([1, 4]) },
  // binary junk and hostile text
  { name: 'NUL and control bytes', text: '\u0000\u0001\u0002[1]', expect: err([1, 1]) },
  { name: 'random bytes', text: junk(4096), expect: err() },
  { name: 'script tag', text: '<script>alert(1)</script>', expect: err([1, 1]) },
  { name: 'HTML in a list', text: '[1, "<img src=x onerror=alert(1)>"]', expect: err([1, 5], /string/) },
  { name: 'prototype pollution text', text: '{"__proto__": {"polluted": 1}}', expect: err([1, 1]) },
  // Inputs that look wrong but are in fact valid arrays
  { name: '1e999 is infinity (as in Python and numpy)', text: '[1e999, -1e999]', expect: { valid: [2], values: [Infinity, -Infinity] } },
  { name: '1e-400 underflows to zero', text: '[1e-400]', expect: { valid: [1], values: [0] } },
  { name: 'empty list', text: '[]', expect: { valid: [0] } },
  { name: 'nan and inf', text: '[nan, inf, -inf]', expect: { valid: [3], values: [NaN, Infinity, -Infinity] } },
  { name: "float('nan')", text: "[float('nan'), float('-inf')]", expect: { valid: [2], values: [NaN, -Infinity] } },
  { name: 'booleans', text: '[True, False]', expect: { valid: [2], values: [1, 0] } },
  { name: 'digit separators', text: '[1_000, 2]', expect: { valid: [2], values: [1000, 2] } },
  { name: "numpy's printed form", text: '[[1. 2.]\n [3. 4.]]', expect: { valid: [2, 2] } },
  { name: 'byte order mark before the array', text: '\ufeff[1, 2]', expect: { valid: [2] } },
  { name: 'trailing comma', text: '[1, 2,]', expect: { valid: [2] } },
  { name: 'np.array with dtype', text: 'np.array([[1, 2], [3, 4]], dtype=np.float32)', expect: { valid: [2, 2] } },
  { name: '10,000 nested brackets: past numpy\'s 32 dimensions, refused at the 33rd bracket', text: nested(10_000, '1'), expect: err([1, 33], /at most 32 dimensions/) },
  { name: '32 nested brackets, numpy\'s limit', text: nested(32, '1'), expect: { valid: new Array<number>(32).fill(1) } },
];
