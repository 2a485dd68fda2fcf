// Arrays as learners write them in their chapter-5 files and cs231n notebooks (forms seen in their
// repositories; the texts here are our own), traced as x and compared with numpy's own array
// from /usr/bin/python3: np.array's ndmin= (leading 1s), and dtypes named by numpy's character
// codes or less common names ('f' is float32, 'i' int32, np.intc), which used to be read as float64.
import * as assert from 'node:assert/strict';
import { parseArray, tracedX } from '../../../src/engine';
import { numpyValues } from './numpyRef';
import { parseFails } from './parseErrors.test';

const CASES: string[] = [
  'np.array([1.0, -0.5, 2.0], ndmin=2)',
  'np.array([[1, -2], [3, 4]], ndmin=1)',
  'np.array(5.5, ndmin=3)',
  "np.array([0.1, 2.5], ndmin=2, dtype='f')",
  "np.array([[0.1, -0.7], [2.5, 3.3]], dtype='f')",
  "np.array([1.7, -2.5, 3.9], dtype='i')",
  "np.array([1.7, -2.5, 300.9], dtype='b')",
  "np.array([1.7, 2.5, 300.9], dtype='B')",
  'np.array([1.7, -2.5], dtype=np.intc)',
  'np.array([0.1, 0.2], dtype=np.single)',
  "np.array([0.1, 0.2], dtype='<f4')",
  "np.array([1.5, 0.0], dtype='?')",
];

describe('literals as learners write them, traced as numpy makes them', () => {
  const refs = numpyValues(CASES);
  CASES.forEach((text, k) => {
    it(`${text}: shape, dtype and values as numpy`, () => {
      const x = tracedX(parseArray(text));
      const ref = refs[k];
      assert.deepEqual([...x.shape], ref.shape, 'shape');
      assert.deepEqual([...x.data], ref.data.map(Number), 'values');
      // without dtype= the engine reads np.array's values as float64 (same values), as elsewhere
      if (text.includes('dtype')) assert.equal(x.dtype ?? 'float64', ref.dtype, 'dtype');
    });
  });

  it('an ndmin that is not a whole number is refused with its place', () => {
    const e = parseFails('np.array([1, 2], ndmin=n)');
    assert.match(e.message, /^np\.array\(\) needs a number for 'ndmin'$/);
    assert.deepEqual([e.line, e.column], [1, 24]);
    assert.match(parseFails('np.array([1, 2], ndmin=1.5)').message, /needs a whole number for 'ndmin', not 1\.5/);
  });
});
