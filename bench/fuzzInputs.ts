// Inputs for fuzzing the parser: random text, and valid literals mutated a few times (the
// interesting case: almost right). Shared by `npm run fuzz` (100,000+ runs) and the unit test.
import fc from 'fast-check';

/** Characters that mean something to the parser, and some that only look like they do. */
const PIECES = [
  '[', ']', '(', ')', ',', ' ', '\n', '\r\n', '\t', '.', '-', '+', 'e', 'E', 'j', '_', '#', '//', '/*', '*/',
  '"', "'", '\\', '\\\n', '...', 'nan', 'inf', '-inf', 'None', 'True', 'np.', 'array(', 'float(', 'dtype=',
  '=', ';', '>>>', '0', '1', '9', '1e308', '1e999', '\u2212', '\u0661', '\uff11', '\u00a0', '\ufeff', '\u0000',
  '\ud800', '<script>', '{', '}', ':', '__proto__',
];

const number = fc.oneof(
  fc.double().map((v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v))),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('1.', '-0.5', '1e-3', '2.5E+4', '1_000', '.5', 'np.nan', "float('inf')", 'True'),
);

/** A valid literal of rank 0 to 3, in Python, JSON, tuple or numpy-print style. */
export const validLiteral: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }), fc.constantFrom('py', 'print', 'tuple', 'call'))
  .chain(([shape, style]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(number, { minLength: size, maxLength: size }).map((values) => {
      let k = 0;
      const [open, close, sep] = style === 'tuple' ? ['(', ')', ', '] : style === 'print' ? ['[', ']', ' '] : ['[', ']', ', '];
      const rec = (axis: number): string => {
        if (axis === shape.length) return values[k++];
        const items = Array.from({ length: shape[axis] }, () => rec(axis + 1));
        return open + items.join(sep) + (style === 'tuple' && items.length === 1 ? ',' : '') + close;
      };
      const lit = rec(0);
      return style === 'call' ? `x = np.array(${lit}, dtype=float)` : lit;
    });
  });

type Mutation = (s: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...PIECES)).map(([at, piece]): Mutation => (s) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + piece + s.slice(i);
  }),
  fc.nat().map((at): Mutation => (s) => {
    const i = at % Math.max(1, s.length);
    return s.slice(0, i) + s.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (s) => {
    const i = a % (s.length + 1);
    const j = b % (s.length + 1);
    return s.slice(0, Math.min(i, j)) + s.slice(Math.min(i, j), Math.max(i, j)).repeat(2) + s.slice(Math.max(i, j));
  }),
  fc.nat().map((at): Mutation => (s) => s.slice(0, at % (s.length + 1))),
);

/** A valid literal after one to four mutations (it may still be valid). */
export const mutatedLiteral: fc.Arbitrary<string> = fc
  .tuple(validLiteral, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([s, ms]) => ms.reduce((acc, m) => m(acc), s));

/** Random text: any code units, or a soup of the parser's own tokens. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join('')),
);

export const fuzzInput: fc.Arbitrary<string> = fc.oneof({ arbitrary: mutatedLiteral, weight: 3 }, { arbitrary: randomText, weight: 2 });

/**
 * Inputs built to be slow if the parser were not linear: n copies of a pattern, for n and 10n.
 * A linear parser takes about ten times as long for the second.
 */
export const SCALING: [string, (n: number) => string][] = [
  ['deep nesting', (n) => '['.repeat(n) + '1' + ']'.repeat(n)],
  ['deep nesting, unclosed', (n) => '['.repeat(n) + '1'],
  ['long flat list', (n) => '[' + '1.5, '.repeat(n) + '2]'],
  ['long list, ragged at the end', (n) => '[' + '[1, 2], '.repeat(n) + '[3]]'],
  ['many rows, bad last value', (n) => '[' + '[1, 2],\n'.repeat(n) + '[1, x]]'],
  ['one long number', (n) => '[' + '1'.repeat(n) + ']'],
  ['long comment', (n) => '[1, # ' + 'c'.repeat(n) + '\n2]'],
  ['unclosed block comment', (n) => '[1, /* ' + 'c'.repeat(n)],
  ['many quotes', (n) => '[' + "'a', ".repeat(n) + ']'],
  ['many float() calls', (n) => '[' + "float('nan'), ".repeat(n) + '1]'],
  ['many blank lines', (n) => '[1,' + '\n'.repeat(n) + '2]'],
  ['nested parens', (n) => '('.repeat(n) + '1' + ')'.repeat(n)],
];
