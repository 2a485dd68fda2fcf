// ArrayParser fed in chunks must give exactly what parseArray gives on the whole text,
// including the line and column of errors found after earlier text was dropped.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ArrayParser, parseArray, ParseError, ParsedArray } from '../../../src/engine';

function outcome(run: () => ParsedArray): unknown {
  try {
    const p = run();
    return { shape: p.tensor.shape, data: Array.from(p.tensor.data, (v) => (Object.is(v, -0) ? '-0' : String(v))), start: p.start, end: p.end, dtype: p.dtype };
  } catch (e) {
    assert.ok(e instanceof ParseError, String(e));
    return { error: e.message, line: e.line, column: e.column, offset: e.offset };
  }
}

function chunked(text: string, cuts: number[]): ParsedArray {
  const parser = new ArrayParser();
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.write(text.slice(at, cut));
    at = cut;
  }
  return parser.write(text.slice(at)).end();
}

/** Long literals (so chunks really split them) in several styles, some broken on purpose. */
function sample(rows: number, cols: number, style: number, breakAt: number): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: cols }, (_, c) => ((r * cols + c) % 7 === 0 ? -1 : 1) * ((r + 1) * 1.25 + c / 8) * 10 ** ((c % 5) - 2));
    const n = r === breakAt ? row.slice(1) : row;
    if (style === 0) lines.push(`[${n.join(', ')}]`);
    else if (style === 1) lines.push(`[${n.map((v) => v.toFixed(3)).join('  ')}]  # row ${r} with a comment`);
    else lines.push(`(${n.map((v) => v.toExponential(15)).join(',\n   ')},)`);
  }
  const body = style === 1 ? `[${lines.join('\n ')}]` : `[${lines.join(',\n ')}]`;
  return style === 2 ? `x = np.array(${body}, dtype=np.float32)\nprint(x)` : body;
}

describe('ArrayParser (streaming)', () => {
  it('chunked input gives the same result or the same error as parseArray', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: -1, max: 40 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, cols, style, breakAt, cutSeeds) => {
          const text = sample(rows, cols, style, breakAt);
          const cuts = cutSeeds.map((s) => s % (text.length + 1));
          assert.deepEqual(outcome(() => chunked(text, cuts)), outcome(() => parseArray(text)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('one character at a time', () => {
    const text = sample(6, 50, 1, 4);
    const cuts = Array.from({ length: text.length }, (_, i) => i);
    assert.deepEqual(outcome(() => chunked(text, cuts)), outcome(() => parseArray(text)));
  });

  it('an error far into a streamed input has the right line and column', () => {
    const parser = new ArrayParser();
    parser.write('[\n');
    for (let r = 0; r < 5000; r++) parser.write(`  [${r}.5, ${r}.25, -${r}],\n`);
    assert.throws(
      () => parser.write('  [1, 2],\n]').end(),
      (e: unknown) => e instanceof ParseError && e.line === 5002 && e.column === 3 && /Row 5001 has length 2 but row 1 has length 3/.test(e.message),
    );
  });
});
