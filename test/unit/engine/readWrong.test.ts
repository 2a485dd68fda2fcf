// Inputs the parser used to read wrong without a word (issue 11): numpy's `shape=` repr, sizes
// taken for values, REPL prompts taken for numpy's ellipsis, nesting past numpy's 32 dimensions.
import * as assert from 'node:assert/strict';
import { MAX_RANK, parseArray } from '../../../src/engine';
import { assertSameAsNumpy, numpyValues, pythonPrints } from './numpyRef';
import { parseFails } from './parseErrors.test';

describe("numpy's repr of an empty array: shape= is honoured", () => {
  const exprs = ['np.zeros((2, 0))', 'np.zeros((3, 0, 2))', 'np.zeros((0, 4), dtype=np.float32)', 'np.zeros((1, 0))'];
  const reprs = pythonPrints(exprs.map((e) => `print(repr(${e}))`).join('\n')).trimEnd().split('\n');
  const refs = numpyValues(exprs);
  exprs.forEach((e, k) => {
    it(`${reprs[k]} has numpy's shape`, () => {
      assert.match(reprs[k], /shape=/, 'numpy names the shape in this repr');
      assertSameAsNumpy(parseArray(reprs[k]), refs[k], reprs[k], false);
    });
  });

  it('a shape= that does not fit the values is refused where it is written', () => {
    const e = parseFails('array([1., 2.], shape=(3,), dtype=float64)');
    assert.equal(e.message, 'shape=(3,) holds 3 values but the array has 2');
    assert.deepEqual([e.line, e.column], [1, 23]);
  });
});

describe('sizes are not values', () => {
  const refs = numpyValues(['np.zeros(3)', 'np.zeros(0)']);
  it('new Float64Array(3) is three zeros, as JS makes it', () => {
    assertSameAsNumpy(parseArray('new Float64Array(3)'), refs[0], 'Float64Array(3)', false);
    assertSameAsNumpy(parseArray('const buf = new Float32Array(0);'), refs[1], 'Float32Array(0)', false);
    assert.deepEqual([...parseArray('new Float64Array([3])').tensor.data], [3], 'a list is values');
  });

  const refusals: [string, RegExp, number, number][] = [
    ['torch.Tensor(2, 3)', /^torch\.Tensor\(2, 3\) makes an uninitialised tensor of that size: its values are not in the text\. Use torch\.zeros/, 1, 1],
    ['w = torch.FloatTensor(3)', /^torch\.FloatTensor\(3\) makes an uninitialised tensor/, 1, 5],
    ['new Array(3)', /^new Array\(3\) makes 3 empty slots, not numbers/, 1, 5],
    ['new Float64Array(2.5)', /length must be a whole number/, 1, 5],
    ['new Float64Array(-1)', /length must be a whole number/, 1, 5],
  ];
  for (const [text, message, line, column] of refusals) {
    it(`${text} is refused: ${message.source}`, () => {
      const e = parseFails(text);
      assert.match(e.message, message);
      assert.deepEqual([e.line, e.column], [line, column]);
    });
  }
  it('torch.tensor(3.0) (lower case) stays the 0-d value 3', () => {
    assert.deepEqual(parseArray('torch.tensor(3.0)').tensor, { shape: [], data: Float64Array.of(3) });
  });
});

describe('REPL prompts are stripped, not taken for numpy\'s summary', () => {
  const ref = numpyValues(['np.array([[1.0, -0.5], [-2.0, 3.0]])'])[0];
  const transcripts = [
    '>>> x = np.array([[1.0, -0.5],\n...               [-2.0, 3.0]])',
    '>>> x = np.array([[1.0, -0.5],\n...               [-2.0, 3.0]])\n>>> x\narray([[ 1. , -0.5],\n       [-2. ,  3. ]])',
    '>>> np.array([[1.0, -0.5],\n...\n... [-2.0, 3.0]])',
    'In [3]: x = np.array([[1.0, -0.5],\n   ...:               [-2.0, 3.0]])',
    'Out[3]:\narray([[ 1. , -0.5],\n       [-2. ,  3. ]])',
    'Out[3]: array([[ 1. , -0.5],\n       [-2. ,  3. ]])',
    '... [[1.0, -0.5], [-2.0, 3.0]]',
  ];
  for (const t of transcripts) it(JSON.stringify(t), () => assertSameAsNumpy(parseArray(t), ref, t, false));

  it("numpy's own summary (indented '...') is still refused, at the ellipsis", () => {
    const printed = pythonPrints('np.set_printoptions(threshold=10)\nprint(np.arange(400.).reshape(20, 20))\nprint(repr(np.arange(400.).reshape(20, 20)))');
    const [str, repr] = printed.split(/\n(?=array)/);
    for (const text of [str, repr]) {
      const e = parseFails(text);
      assert.match(e.message, /summarised form/);
      assert.equal(text.slice(e.offset, e.offset + 3), '...');
    }
  });
});

describe(`nesting is limited to numpy's ${MAX_RANK} dimensions`, () => {
  it(`${MAX_RANK} levels are read; ${MAX_RANK + 1} are refused at the first bracket past the limit`, () => {
    assert.equal(MAX_RANK, 32);
    assert.equal(parseArray('['.repeat(32) + '1' + ']'.repeat(32)).tensor.shape.length, 32);
    const e = parseFails('x = \\\n' + '['.repeat(33) + '1' + ']'.repeat(33));
    assert.equal(e.message, 'This array nests deeper than 32 levels: numpy arrays have at most 32 dimensions');
    assert.deepEqual([e.line, e.column], [2, 33]);
  });
  it('a shape with more than 32 dimensions is refused too', () => {
    const e = parseFails(`np.zeros((${new Array(33).fill(1).join(', ')}))`);
    assert.match(e.message, /33 dimensions: numpy arrays have at most 32/);
    assert.deepEqual([e.line, e.column], [1, 10]);
  });
});
