// Forms learners write around and inside an array (seen in chapter-5 repositories and notebooks;
// the texts here are our own): each is read as numpy evaluates it (shape, dtype, values bit for
// bit, from /usr/bin/python3), or refused with a sentence naming what is not read and where.
import * as assert from 'node:assert/strict';
import { parseArray, refusalAround, tracedX } from '../../../src/engine';
import { numpyValues } from './numpyRef';
import { parseFails } from './parseErrors.test';

/** Read: the text as selected, and the Python expression numpy evaluates for it. */
const READ: [string, string][] = [
  ['(np.array([1.0, -2.0]))', '(np.array([1.0, -2.0]))'],
  ['( ( np.array([[1, -2], [3, 4]]) ) )', '( ( np.array([[1, -2], [3, 4]]) ) )'],
  ['np.array(([1, 2], [3, 4]))', 'np.array(([1, 2], [3, 4]))'],
  ['x = np.array([1., -.5])', 'np.array([1., -.5])'],
  ['np.array([[1.0,-0.5],[-2.0,3.0]], dtype=np.float32)', 'np.array([[1.0,-0.5],[-2.0,3.0]], dtype=np.float32)'],
  ['-np.array([1.0, -2.0, 0.0])', '-np.array([1.0, -2.0, 0.0])'],
  ['-np.array([5, -1, 0])', '-np.array([5, -1, 0])'],
  ['+np.array([5, -1])', '+np.array([5, -1])'],
  ['-(np.array([1.5, -2.0]))', '-(np.array([1.5, -2.0]))'],
  ['(np.array([[1, 2]])).T', '(np.array([[1, 2]])).T'],
  ['-np.array([[1, 2]]).T', '-np.array([[1, 2]]).T'],
  ['-np.arange(3)', '-np.arange(3)'],
  ['np.array([1e-3, 2E+2, -1e5])', 'np.array([1e-3, 2E+2, -1e5])'],
  ['np.array([1.0, -2.0,])', 'np.array([1.0, -2.0,])'],
  ['np.array([[1, 2,], [3, 4,],])', 'np.array([[1, 2,], [3, 4,],])'],
  ['np.array([\n    [1.0, -0.5],  # the first row\n    [-2.0, 3.0],  # the second\n])', 'np.array([\n    [1.0, -0.5],  # the first row\n    [-2.0, 3.0],  # the second\n])'],
  ['np.asarray([1.0, 2.0])', 'np.asarray([1.0, 2.0])'],
  ['numpy.array([[1, -1]])', 'numpy.array([[1, -1]])'],
  ['np.array([np.pi, -np.e, math.pi])', 'np.array([np.pi, -np.e, math.pi])'],
  ['np.float32([1, -2, 0.1])', 'np.float32([1, -2, 0.1])'],
  ['np.float64([[1, 2]])', 'np.float64([[1, 2]])'],
  ['np.int32([1.7, -2])', 'np.int32([1.7, -2])'],
  ['np.array([5, 1, 0])', 'np.array([5, 1, 0])'],
  ['np.array([True, False])', 'np.array([True, False])'],
  ['np.array([True, 2])', 'np.array([True, 2])'],
  ['np.array([1_000, -2])', 'np.array([1_000, -2])'],
  ['np.array([int(3), float(2)])', 'np.array([int(3), float(2)])'],
  ['[[1, -2], [3, 4]]', 'np.array([[1, -2], [3, 4]])'],
  ['np.array([9007199254740992, 1])', 'np.array([9007199254740992, 1])'],
];

/** Refused: the text, the sentence (a pattern), and where it points (line, column). */
const REFUSED: [string, RegExp, number, number][] = [
  ['np.array([1, 2]) * 2', /^Arithmetic with the array \('\*'\) is not evaluated/, 1, 18],
  ['2 * np.array([1, 2])', /^Arithmetic with the array \('\*'\) is not evaluated/, 1, 3],
  ['np.array([[1, 2], [3, 4]]) / 10', /^Arithmetic with the array \('\/'\)/, 1, 28],
  ['np.array([-1, 2]) ** 2', /^Arithmetic with the array \('\*\*'\)/, 1, 19],
  ['x = np.array([1.0, 2.0]) + 1', /^Arithmetic with the array \('\+'\)/, 1, 26],
  ['np.array([1/3, 2])', /^Arithmetic inside the array \('\/'\) is not evaluated/, 1, 12],
  ['np.array([2*3, 1])', /^Arithmetic inside the array \('\*'\)/, 1, 12],
  ['np.array([1, 2])[0]', /^Indexing after the array \('\[\.\.\.\]'\) is not read/, 1, 17],
  ['np.array([-1, 2])[np.newaxis, :]', /^Indexing after the array/, 1, 18],
  ['np.array(x)', /^'x' is a name, not a number: only values written in the text are read here/, 1, 10],
  ['np.array([x1, -0.5])', /^'x1' is a name, not a number/, 1, 11],
  ['np.array(range(5))', /^range\(\.\.\.\) is not evaluated: write the values out, or use np\.arange/, 1, 10],
  ['np.array([len(a), 2])', /^len\(\.\.\.\) is not evaluated inside an array/, 1, 11],
  ['np.array([0x10, 2])', /^'0x10': hexadecimal, octal and binary numbers are not read/, 1, 11],
  ['np.array([1+2j])', /^Complex numbers are not supported/, 1, 12],
  ['(np.array([1.0, -2.0])', /^This '\(' is never closed/, 1, 1],
  ['(np.array([1.0, -2.0]), np.array([3.0]))', /^Expected '\)' to close the parentheses around the array, found ','/, 1, 23],
  ['np.array([12345678901234567891, 1])', /^This whole number is not exactly a float64/, 1, 11],
  ['np.array([9007199254740993, 1])', /^This whole number is not exactly a float64/, 1, 11],
  [`np.array([${Array.from({ length: 8 }, (_, i) => 9007199254740000 + i).join(', ')}, 9007199254740993])`, /^This whole number is not exactly a float64/, 1, 10],
  ['torch.tensor([1.0, 2.0]) * 2', /^Arithmetic with the array/, 1, 26],
  // In Python `//` is floor division, never a comment (it was skipped as one, the division lost).
  ['np.array([5, 3]) // 2', /^Arithmetic with the array \('\/\/'\) is not evaluated/, 1, 18],
  ['np.arange(4)  // 2', /^Arithmetic with the array \('\/\/'\)/, 1, 15],
];

describe('forms learners write: read as numpy evaluates them, or refused with what and where', () => {
  const refs = numpyValues(READ.map(([, py]) => py));
  READ.forEach(([text], k) => {
    it(`reads ${JSON.stringify(text)} as numpy`, () => {
      const x = tracedX(parseArray(text));
      const ref = refs[k];
      assert.deepEqual([...x.shape], ref.shape, 'shape');
      assert.equal(x.dtype ?? 'float64', ref.dtype, 'dtype');
      const same = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
      assert.deepEqual([...x.data].map(same), ref.data.map(Number).map(same), 'values');
    });
  });

  REFUSED.forEach(([text, message, line, column]) => {
    it(`refuses ${JSON.stringify(text)} at ${line}:${column}`, () => {
      const e = parseFails(text);
      assert.match(e.message, message);
      assert.deepEqual([e.line, e.column], [line, column]);
    });
  });

  it('a bare word keeps its own sentence, and so does a word in CSV rows', () => {
    assert.equal(parseFails('hello').message, "Expected a number, found 'hello'");
    assert.match(parseFails('1, 2\n3, four').message, /Expected a number, found 'four'/);
  });

  it('the cursor inside an array call it cannot read: the parser\'s sentence, placed on the line (hover; the command where code cannot be run)', () => {
    const cases: [string, string, RegExp, number][] = [
      ['x = np.array([1/3, 2])', '2]', /^Arithmetic inside the array/, 16],
      ['print(relu.forward(np.array([x1, -1])))', '-1', /^'x1' is a name, not a number/, 30],
      ['x = np.array([[1, 2], [x, 4]])', '4]', /^'x' is a name/, 24],
      ['x = np.array(range(5))', '5', /^range\(\.\.\.\) is not evaluated/, 14],
    ];
    for (const [line, near, message, column] of cases) {
      const e = refusalAround(line, line.indexOf(near), true);
      assert.match(e?.message ?? '', message, line);
      assert.equal(e?.column, column, line);
      assert.equal(refusalAround(line, line.indexOf(near)), undefined, `${line}: only when asked`);
    }
    assert.equal(refusalAround('x = np.array([1, 2])', 15, true), undefined);
    assert.equal(refusalAround('y = f([1, 2])', 8, true), undefined);
  });
});
