// Constructors and methods (issue 11), each evaluated by the engine and compared value for value,
// shape and dtype with numpy's own result from /usr/bin/python3 (BPT_PYTHON).
import * as assert from 'node:assert/strict';
import { parseArray } from '../../../src/engine';
import { assertSameAsNumpy, numpyValues } from './numpyRef';
import { parseFails } from './parseErrors.test';

/** [what the reader selects, the numpy expression that gives the same array]. */
const CASES: [string, string][] = [
  ['x = np.arange(-5.0, 5.0, 0.1)', 'np.arange(-5.0, 5.0, 0.1)'], // the book's x for plotting the sigmoid
  ['np.arange(10)', 'np.arange(10)'],
  ['np.arange(1, 10, 3)', 'np.arange(1, 10, 3)'],
  ['np.arange(10, 0, -3)', 'np.arange(10, 0, -3)'],
  ['np.arange(0, 1, 0.1)', 'np.arange(0, 1, 0.1)'],
  ['np.arange(0.5, 3)', 'np.arange(0.5, 3)'],
  ['np.arange(1, 1)', 'np.arange(1, 1)'],
  ['np.arange(-1.0, 1.0, 0.3, dtype=np.float32)', 'np.arange(-1.0, 1.0, 0.3, dtype=np.float32)'],
  ['np.arange(0.5, 3, 1, dtype=int)', 'np.arange(0.5, 3, 1, dtype=int)'],
  ['numpy.arange(3.0)', 'np.arange(3.0)'],
  ['np.arange(-3, 3, step=0.7)', 'np.arange(-3, 3, step=0.7)'],
  ['np.linspace(0, 1, 5)', 'np.linspace(0, 1, 5)'],
  ['np.linspace(-np.pi, np.pi, 7)', 'np.linspace(-np.pi, np.pi, 7)'],
  ['np.linspace(0, 1, 5, endpoint=False)', 'np.linspace(0, 1, 5, endpoint=False)'],
  ['np.linspace(2.0, 3.0, num=1)', 'np.linspace(2.0, 3.0, num=1)'],
  ['np.linspace(-1, 1)', 'np.linspace(-1, 1)'],
  ['np.linspace(0, 10, 4, dtype=int)', 'np.linspace(0, 10, 4, dtype=int)'],
  ['np.linspace(0, 1, 0)', 'np.linspace(0, 1, 0)'],
  ['np.linspace(-5, 5, 11, dtype=np.float32)', 'np.linspace(-5, 5, 11, dtype=np.float32)'],
  ['np.zeros(3)', 'np.zeros(3)'],
  ['np.zeros((2, 3))', 'np.zeros((2, 3))'],
  ['np.zeros([2, 0])', 'np.zeros([2, 0])'],
  ['np.ones((2, 2), dtype=np.float32)', 'np.ones((2, 2), dtype=np.float32)'],
  ['np.ones(4, dtype=int)', 'np.ones(4, dtype=int)'],
  ['np.full((2, 3), -0.5)', 'np.full((2, 3), -0.5)'],
  ['np.full(3, 7)', 'np.full(3, 7)'],
  ['np.full((2,), np.inf)', 'np.full((2,), np.inf)'],
  ['np.full((2, 2), True)', 'np.full((2, 2), True)'],
  ['np.eye(3)', 'np.eye(3)'],
  ['np.eye(2, 4, k=1)', 'np.eye(2, 4, k=1)'],
  ['np.eye(3, k=-1, dtype=int)', 'np.eye(3, k=-1, dtype=int)'],
  ['np.identity(4)', 'np.identity(4)'],
  ['np.arange(6).reshape(2, 3)', 'np.arange(6).reshape(2, 3)'],
  ['np.arange(24).reshape((2, -1, 4))', 'np.arange(24).reshape((2, -1, 4))'],
  ['np.arange(6).reshape(-1)', 'np.arange(6).reshape(-1)'],
  ['np.arange(6).reshape(2, 3).T', 'np.arange(6).reshape(2, 3).T'],
  ['np.arange(24.0).reshape(2, 3, 4).T', 'np.arange(24.0).reshape(2, 3, 4).T'],
  ['np.array([[1.0, -0.5], [2.0, 0.0]]).T', 'np.array([[1.0, -0.5], [2.0, 0.0]]).T'],
  ['np.array([1, 2, 3, 4]).reshape(2, 2)', 'np.array([1, 2, 3, 4]).reshape(2, 2)'],
  ['np.array([0.1, -1.7, 2.5]).astype(np.float32)', 'np.array([0.1, -1.7, 2.5]).astype(np.float32)'],
  ['np.array([-1.5, 2.7, -0.2]).astype(int)', 'np.array([-1.5, 2.7, -0.2]).astype(int)'],
  ['np.array([-1.5, 0, 3]).astype(bool)', 'np.array([-1.5, 0, 3]).astype(bool)'],
  ['np.array([-1.5, 300.7]).astype(np.uint8)', 'np.array([-1.5, 300.7]).astype(np.uint8)'],
  ['np.linspace(-1, 1, 6).reshape(2, 3).astype(np.float32)', 'np.linspace(-1, 1, 6).reshape(2, 3).astype(np.float32)'],
  ['x = np.arange(12).reshape(3, 4)  # rows', 'np.arange(12).reshape(3, 4)'],
  // jax.numpy computes concrete ranges with numpy in its default float32 / int32
  ['jnp.arange(-1.0, 1.0, 0.25)', 'np.arange(-1.0, 1.0, 0.25, dtype=np.float32)'],
  ['jnp.arange(5)', 'np.arange(5, dtype=np.int32)'],
  ['jnp.zeros((2, 2))', 'np.zeros((2, 2), dtype=np.float32)'],
  ['jnp.ones(3)', 'np.ones(3, dtype=np.float32)'],
  // torch: float32 by default, int64 for whole numbers; sizes may be separate arguments
  ['torch.zeros(2, 3)', 'np.zeros((2, 3), dtype=np.float32)'],
  ['torch.ones((3,))', 'np.ones(3, dtype=np.float32)'],
  ['torch.arange(5)', 'np.arange(5)'],
  ['torch.arange(-1, 1, 0.3)', 'torch_arange(-1, 1, 0.3)'],
  ['torch.arange(0.0, 1.0, 0.1)', 'torch_arange(0.0, 1.0, 0.1)'],
  ['torch.linspace(-5, 5, 7)', 'torch_linspace(-5, 5, 7)'],
  ['torch.linspace(0, 1, steps=10)', 'torch_linspace(0, 1, 10)'],
  ['torch.linspace(3, 4, 1)', 'torch_linspace(3, 4, 1)'],
  ['torch.full((2, 2), 1.5)', 'np.full((2, 2), 1.5, dtype=np.float32)'],
  ['torch.eye(3)', 'np.eye(3, dtype=np.float32)'],
  ['torch.arange(6).view(2, 3)', 'np.arange(6).reshape(2, 3)'],
  ['torch.arange(4).float()', 'np.arange(4, dtype=np.float32)'],
];

describe('constructors, evaluated as numpy does', () => {
  const refs = numpyValues(CASES.map((c) => c[1]));
  CASES.forEach(([text, expr], k) => {
    // a literal without dtype= reports none (the engine reads its values as float64)
    const namesDType = !/^np\.array\(/.test(text) || text.includes('astype');
    it(`${text} == ${expr}`, () => assertSameAsNumpy(parseArray(text), refs[k], text, namesDType));
  });

  it('the text range covers the whole call and its methods', () => {
    const text = 'y = np.arange(6).reshape(2, 3)\nprint(y)';
    const p = parseArray('y = np.arange(6).reshape(2, 3)');
    assert.equal(text.slice(p.start, p.end), 'np.arange(6).reshape(2, 3)');
  });
});

describe('constructors that are refused, with where and why', () => {
  const cases: [string, RegExp, number, number][] = [
    ['np.empty(3)', /^np\.empty\(\) leaves its values undefined .*not in the text\. Use np\.zeros/, 1, 1],
    ['x = torch.empty(2, 3)', /torch\.empty\(\) leaves its values undefined/, 1, 5],
    ['np.empty_like(x)', /undefined/, 1, 1],
    ['np.random.randn(3)', /^np\.random\.randn\(\) draws random numbers: its values are not in the text/, 1, 1],
    ['w = np.random.rand(2, 3)', /random numbers/, 1, 5],
    ['torch.randn(2, 3)', /random numbers/, 1, 1],
    ['np.arange(2 * 3)', /the expression at '\*' is not evaluated/, 1, 13],
    ['np.arange(n)', /^np\.arange\(\) needs a number for 'stop'$/, 1, 11],
    ['np.arange(0, 1, 0)', /step is 0/, 1, 17],
    ['np.linspace(0, 1, -2)', /must be non-negative/, 1, 19],
    ['np.linspace(0, 1, 2.5)', /whole number/, 1, 19],
    ['np.zeros((2, -1))', /negative dimensions/, 1, 10],
    ['np.zeros((100000, 100000))', /np\.zeros would hold 10,000,000,000 elements; at most 20,000,000/, 1, 10],
    ['np.zeros()', /needs a shape/, 1, 1],
    ['np.full((2, 2))', /^np\.full\(\) needs a value for 'fill_value'$/, 1, 1],
    ['np.arange(6).reshape(4, 2)', /^cannot reshape array of size 6 into shape \(4, 2\)$/, 1, 22],
    ['np.arange(6).reshape(-1, -1)', /only one dimension may be -1/, 1, 22],
    ['np.arange(6).sum()', /'\.sum\(\.\.\.\)' after the array is not read/, 1, 14],
    ['np.arange(3).astype(np.complex64)', /dtype 'np\.complex64' is not one this reads/, 1, 21],
    ['np.array([np.nan]).astype(int)', /nan cannot be cast to int64|NaN cannot be cast/, 1, 20],
    ['np.arange(3', /never closed/, 1, 10],
    ['np.zeros(3, order="F", bogus=1)', /no argument 'bogus'/, 1, 30],
    ['np.sum([1, 2])', /call to 'np\.sum'/, 1, 1],
  ];
  for (const [text, message, line, column] of cases) {
    it(`${text} -> ${message.source}`, () => {
      const e = parseFails(text);
      assert.match(e.message, message);
      assert.deepEqual([e.line, e.column], [line, column], e.message);
    });
  }
});
