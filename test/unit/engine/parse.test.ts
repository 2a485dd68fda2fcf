// Every format the parser takes (issue "Array engine": formats).
import * as assert from 'node:assert/strict';
import { parseArray } from '../../../src/engine';
import { parseFails } from './parseErrors.test';

function values(text: string): { shape: number[]; data: number[] } {
  const { tensor } = parseArray(text);
  return { shape: [...tensor.shape], data: Array.from(tensor.data) };
}

describe('parseArray formats', () => {
  it('Python lists and tuples of any depth, trailing commas, comments and line breaks', () => {
    assert.deepEqual(values('[[1, 2], [3, 4]]'), { shape: [2, 2], data: [1, 2, 3, 4] });
    assert.deepEqual(values('((1, 2), (3, 4))'), { shape: [2, 2], data: [1, 2, 3, 4] });
    assert.deepEqual(values('[(1, 2,), (3, 4,),]'), { shape: [2, 2], data: [1, 2, 3, 4] });
    assert.deepEqual(values('[\n  [1, 2],  # first row\n  [3, 4],  # second\n]'), { shape: [2, 2], data: [1, 2, 3, 4] });
    assert.deepEqual(values('[[[1], [2]], [[3], [4]]]'), { shape: [2, 2, 1], data: [1, 2, 3, 4] });
    assert.deepEqual(values('(1,)'), { shape: [1], data: [1] });
    assert.deepEqual(values('[(1), (2)]'), { shape: [2], data: [1, 2] }, '(x) is x, not a tuple');
    assert.deepEqual(values('[1, \\\n 2]'), { shape: [2], data: [1, 2] });
  });

  it('wrappers with keyword arguments, reporting the dtype', () => {
    for (const w of ['np.array', 'np.asarray', 'numpy.array', 'torch.tensor', 'tf.constant', 'jnp.array']) {
      const p = parseArray(`${w}([[1.0, -0.5], [2.0, 0]], dtype=np.float32)`);
      assert.deepEqual(Array.from(p.tensor.data), [1, -0.5, 2, 0], w);
      assert.equal(p.dtype, 'float32', w);
      assert.equal(p.wrapper, w);
    }
    assert.equal(parseArray("np.array([1, 2], 'float64')").dtype, 'float64');
    assert.equal(parseArray('torch.tensor([1.0], dtype=torch.float64, requires_grad=True)').dtype, 'float64');
    assert.equal(parseArray('np.array([1.0, 2])').dtype, undefined);
    assert.equal(parseArray('np.array([1, 2])').dtype, 'int64'); // whole numbers: numpy's int64
  });

  it('an assignment around the literal, and the literal range', () => {
    const text = 'x = np.array([[1.0, -0.5],\n              [2.0, 0]])';
    const p = parseArray(text);
    assert.deepEqual(p.tensor.shape, [2, 2]);
    assert.equal(text.slice(p.start, p.end), '[[1.0, -0.5],\n              [2.0, 0]]');
    assert.deepEqual(values('const x: number[][] = [[1, 2]];').shape, [1, 2]);
    assert.deepEqual(values('self.x = [1, 2]').data, [1, 2]);
    assert.deepEqual(values('x = np.array([1, 2])\nx').data, [1, 2], 'a following statement on its own line is surrounding code');
  });

  it("numpy's repr and printed form (what the notebook shows)", () => {
    assert.deepEqual(values('array([[ 1. , -0.5],\n       [ 2. ,  0. ]])'), { shape: [2, 2], data: [1, -0.5, 2, 0] });
    assert.deepEqual(values('[[ 1.  -0.5]\n [-2.   3. ]]'), { shape: [2, 2], data: [1, -0.5, -2, 3] });
    assert.deepEqual(values('[[0.73105858 0.88079708]\n [0.95257413 0.98201379]]').data, [0.73105858, 0.88079708, 0.95257413, 0.98201379]);
    assert.deepEqual(values('array([1., 2.], dtype=float32)').data, [1, 2]);
    assert.deepEqual(values('[[[1. 2.]\n  [3. 4.]]\n\n [[5. 6.]\n  [7. 8.]]]').shape, [2, 2, 2]);
    assert.deepEqual(values('[ 1.e-05 -2.e+10]').data, [1e-5, -2e10]);
  });

  it('JS/TS/JSON arrays and number spellings', () => {
    assert.deepEqual(values('[[1, 2.5], [-3e-2, 4E+2]]').data, [1, 2.5, -0.03, 400]);
    assert.ok(Object.is(values('[-0.0]').data[0], -0));
    assert.deepEqual(values('[1_000, 2_000.5, .5, 5., +3]').data, [1000, 2000.5, 0.5, 5, 3]);
    assert.deepEqual(values('new Float64Array([1, 2])').data, [1, 2]);
    assert.deepEqual(values('[1, 2] // a JS comment').data, [1, 2]);
    assert.deepEqual(values('[0.1, 0.30000000000000004, 1.7976931348623157e308, 5e-324]').data, [0.1, 0.30000000000000004, 1.7976931348623157e308, 5e-324]);
    assert.deepEqual(values('[True, False]').data, [1, 0]);
  });

  it('non-finite spellings', () => {
    const text = "[nan, inf, -inf, np.nan, np.inf, -np.inf, math.inf, float('nan'), float('-inf'), NaN, Infinity, -Infinity, numpy.NaN]";
    const d = values(text).data;
    assert.deepEqual(d.map((v) => (Number.isNaN(v) ? 'nan' : v)), ['nan', Infinity, -Infinity, 'nan', Infinity, -Infinity, Infinity, 'nan', -Infinity, 'nan', Infinity, -Infinity, 'nan']);
    assert.deepEqual(values('[1e400, -1e400]').data, [Infinity, -Infinity]);
  });

  it('scalars (0-d) and higher ranks', () => {
    assert.deepEqual(values('3.5'), { shape: [], data: [3.5] });
    assert.deepEqual(values('np.array(2)'), { shape: [], data: [2] });
    assert.deepEqual(values("float('inf')"), { shape: [], data: [Infinity] });
    assert.deepEqual(values('[]'), { shape: [0], data: [] });
    assert.deepEqual(values('[[], []]'), { shape: [2, 0], data: [] });
    const deep = '['.repeat(6) + '1, 2' + ']'.repeat(6);
    assert.deepEqual(values(deep).shape, [1, 1, 1, 1, 1, 2]);
  });

  it('10,000 levels of nesting without overflowing the stack: refused past 32 dimensions, as numpy does', () => {
    const n = 10000;
    const e = parseFails('['.repeat(n) + '1.5' + ']'.repeat(n));
    assert.equal(e.message, 'This array nests deeper than 32 levels: numpy arrays have at most 32 dimensions');
    assert.deepEqual([e.line, e.column], [1, 33]);
    assert.deepEqual(parseArray('['.repeat(32) + '1.5' + ']'.repeat(32)).tensor.shape, new Array(32).fill(1));
    assert.deepEqual(parseArray('('.repeat(n) + '1.5' + ')'.repeat(n)).tensor.shape, [], '(x) levels are no dimensions');
    assert.match(parseFails('['.repeat(n) + '1.5' + ']'.repeat(n - 1)).message, /never closed/);
  });

  it('large JSON-like literals use the fast path and stay exact', () => {
    const rows: string[] = [];
    const expected: number[] = [];
    for (let r = 0; r < 50; r++) {
      const row = Array.from({ length: 40 }, (_, c) => Math.sin(r * 40 + c) * 10 ** ((c % 7) - 3));
      expected.push(...row);
      rows.push(`[${row.map(String).join(', ')}]`);
    }
    const p = parseArray(`[${rows.join(',\n ')}]`);
    assert.deepEqual(p.tensor.shape, [50, 40]);
    assert.deepEqual(Array.from(p.tensor.data), expected);
    // a row JSON.parse rejects (trailing comma) falls back to the scanner with the same result
    assert.deepEqual(Array.from(parseArray(`[${rows.join(',\n ')},]`).tensor.data), expected);
    assert.match(parseFails(`[${rows[0]}, ${rows[1].slice(0, -1)}, 1]]`).message, /ragged|list/);
  });
});

describe('parseArray errors', () => {
  const cases: [string, RegExp, number, number][] = [
    ['[[1, 2], [3]]', /^Row 2 has length 1 but row 1 has length 2 \(ragged array\)$/, 1, 10],
    ['[[1, 2],\n [3, 4, 5]]', /Row 2 has length 3 but row 1 has length 2/, 2, 2],
    ['[[[1, 2], [3, 4]], [[5, 6], [7]]]', /index \[1, 1\] has length 1 but the one at \[0, 0\] has length 2/, 1, 29],
    ['[1, [2]]', /list where a number was expected/, 1, 5],
    ['[[1], 2]', /number where a list was expected/, 1, 7],
    ['[1, 2)', /Expected '\]' to close the '\[' opened on line 1, column 1, found '\)'/, 1, 6],
    ['[[1, 2]]]', /no matching opening bracket/, 1, 9],
    ['[1, 2]\n]', /no matching opening bracket/, 2, 1],
    ['[1, 2', /never closed/, 1, 1],
    ['[1,, 2]', /Missing value between two commas/, 1, 4],
    ['[, 1]', /Expected a value before ','/, 1, 2],
    ['[1, two]', /'two' is a name, not a number/, 1, 5],
    ["[1, 'a']", /found a string/, 1, 5],
    ['[1, None]', /None is not a number/, 1, 5],
    ['[1, 2j]', /Complex numbers/, 1, 5],
    ['[1, 2abc]', /'2abc' is not a number/, 1, 5],
    ['[0. 1. 2. ... 7. 8. 9.]', /summarised/, 1, 11],
    ['[1 2]3', /Unexpected '3' after the array/, 1, 6],
    ['foo([1, 2])', /call to 'foo'/, 1, 1],
    ['np.array([1, 2]', /never closed/, 1, 9],
    ['np.array([1, 2] 3)', /Expected ',' or '\)'/, 1, 17],
    ['', /empty/, 1, 1],
    ['   # nothing\n  ', /empty/, 2, 3],
    ['[1, {2}]', /Unexpected '\{'/, 1, 5],
    ['-', /Expected a number after '-'|Expected a number/, 1, 1],
  ];
  for (const [text, message, line, column] of cases) {
    it(`${JSON.stringify(text)} -> ${message.source}`, () => {
      const e = parseFails(text);
      assert.match(e.message, message);
      assert.deepEqual([e.line, e.column], [line, column], e.message);
    });
  }

  it('never throws anything but ParseError, whatever the input', () => {
    const pieces = ['[', ']', '(', ')', ',', ' ', '\n', '1', '-', '.', 'e', 'nan', 'np.array(', 'dtype=', '#', "'", '"', '_', '...', 'x =', '1e999', '}'];
    let seed = 7;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const len = (seed = (seed * 1103515245 + 12345) >>> 0) % 12;
      for (let j = 0; j < len; j++) text += pieces[(seed = (seed * 1103515245 + 12345) >>> 0) % pieces.length];
      try {
        parseArray(text);
      } catch (e) {
        assert.equal((e as Error).name, 'ParseError', `${JSON.stringify(text)}: ${String(e)}`);
      }
    }
  });
});
