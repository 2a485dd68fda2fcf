import * as assert from 'node:assert/strict';
import { FIND_WINDOW, findArrayLiteral, refusalAround } from '../../../src/engine';

function found(text: string, cursor: string | number): string | undefined {
  const offset = typeof cursor === 'number' ? cursor : text.indexOf(cursor);
  const r = findArrayLiteral(text, offset);
  return r && text.slice(r.start, r.end);
}

describe('findArrayLiteral', () => {
  const doc = 'import numpy as np\nx = np.array([[1.0, -0.5],\n              [2.0, 0]], dtype=float)\ny = f([5, 6]) + z[0]\nw = ((1, 2), (3, 4))\n';

  it('returns the whole np.array(...) call from anywhere inside it, or on its name', () => {
    const call = 'np.array([[1.0, -0.5],\n              [2.0, 0]], dtype=float)';
    assert.equal(found(doc, '-0.5'), call);
    assert.equal(found(doc, '2.0'), call);
    assert.equal(found(doc, 'dtype'), call);
    assert.equal(found(doc, doc.indexOf('array') + 2), call);
  });

  it('a unary sign before the literal is its value\'s; a binary one is not', () => {
    const neg = findArrayLiteral('x = -np.array([1, -2])\n', 16);
    assert.equal(neg && 'x = -np.array([1, -2])\n'.slice(neg.start, neg.end), '-np.array([1, -2])');
    assert.deepEqual(neg && [...neg.parsed.tensor.data], [-1, 2]);
    assert.equal(found('f(+ np.array([1.5, 2]), 3)', '1.5'), '+ np.array([1.5, 2])');
    assert.equal(found('z = [-np.array([1.5])]', '1.5'), '-np.array([1.5])');
    assert.equal(found('y = a - np.array([1, -2])', '1,'), 'np.array([1, -2])');
    assert.equal(found('y = 3 -np.array([1, -2])', '1,'), 'np.array([1, -2])');
    assert.equal(found('y = b[0] - [1, 2]', '1,'), '[1, 2]');
  });

  it('the outermost bracket literal when there is no wrapper; not calls or indexing', () => {
    assert.equal(found(doc, '5, 6'), '[5, 6]');
    assert.equal(found(doc, doc.indexOf('z[0]') + 2), undefined);
    assert.equal(found(doc, '3, 4'), '((1, 2), (3, 4))');
    assert.equal(found(doc, 0), undefined);
    assert.equal(found('[[1, 2], [3, 4]]', 0), '[[1, 2], [3, 4]]');
    assert.equal(found('[[1, 2], [3, 4]]', 16), '[[1, 2], [3, 4]]');
  });

  it('looks only within a bounded window in a huge document', () => {
    const filler = '# ' + 'x'.repeat(78) + '\n';
    const huge = filler.repeat(Math.ceil(10e6 / filler.length)) + 'a = [1, 2, 3]\n' + filler.repeat(1000);
    const at = huge.indexOf('[1, 2');
    assert.equal(found(huge, at + 2), '[1, 2, 3]');
    assert.equal(found(huge, 5e6), undefined);
    // text beyond the window cannot change the answer: an unmatched '[' far before is never seen
    const far = '['.repeat(3) + ' '.repeat(FIND_WINDOW + 10) + 'a = [1, 2]';
    assert.equal(found(far, far.indexOf('1, 2')), '[1, 2]');
    // a literal larger than the window is not found
    const wide = '[' + '1, '.repeat(FIND_WINDOW) + '1]';
    assert.equal(findArrayLiteral(wide, 3), undefined);
  });
});

describe('findArrayLiteral: constructors and methods (issue 11)', () => {
  const doc = 'import numpy as np\nx = np.arange(-5.0, 5.0, 0.1)\ny = sigmoid(x)\nw = np.arange(6).reshape(2, 3).T\nz = np.random.randn(3)\nv = x.reshape(2, 50)\n';

  it('finds a constructor call from inside its arguments or on its name', () => {
    assert.equal(found(doc, '5.0, 0.1'), 'np.arange(-5.0, 5.0, 0.1)');
    assert.equal(found(doc, doc.indexOf('arange') + 2), 'np.arange(-5.0, 5.0, 0.1)');
    assert.deepEqual(findArrayLiteral(doc, doc.indexOf('0.1'))?.parsed.tensor.shape, [100]);
  });

  it('takes the method chain after the array along, from the receiver or from inside the methods', () => {
    const chain = 'np.arange(6).reshape(2, 3).T';
    assert.equal(found(doc, '(6)'), chain);
    assert.equal(found(doc, doc.indexOf('(6)') + 1), chain);
    assert.equal(found(doc, '2, 3'), chain);
    assert.equal(found(doc, doc.indexOf('reshape(2, 3)') + 3), chain);
    assert.deepEqual(findArrayLiteral(doc, doc.indexOf('2, 3'))?.parsed.tensor.shape, [3, 2]);
  });

  it('finds nothing in a random call, or in a method called on a name', () => {
    assert.equal(found(doc, doc.indexOf('randn(3)') + 6), undefined);
    assert.equal(found(doc, '2, 50'), undefined);
  });
});

describe('refusalAround: why a call under the cursor is no array', () => {
  it('gives the refusal, placed where the call starts, from its name or its arguments', () => {
    const line = 'w = 0.01 * np.random.randn(2, 3)';
    for (const at of [line.indexOf('randn') + 2, line.indexOf('2, 3'), line.indexOf('np.random')]) {
      const e = refusalAround(line, at);
      assert.ok(e, `nothing at ${at}`);
      assert.match(e.message, /^np\.random\.randn\(\) draws random numbers: its values are not in the text/);
      assert.equal(e.column, line.indexOf('np.random') + 1);
    }
    assert.match(refusalAround('b = np.empty(3)', 13)?.message ?? '', /leaves its values undefined/);
    assert.equal(refusalAround('y = relu.forward(x)', 17), undefined);
    assert.equal(refusalAround('x = np.zeros(3)', 13), undefined);
  });

  it("a generator set up (np.random.seed(0), default_rng, RandomState, torch.manual_seed) is no refusal: it draws nothing", () => {
    for (const line of ['np.random.seed(0)', 'rng = np.random.default_rng(0)', 'r = np.random.RandomState(1)', 'torch.manual_seed(0)']) {
      assert.equal(refusalAround(line, 0), undefined, line);
      assert.equal(refusalAround(line, line.indexOf('(') + 1), undefined, line);
    }
  });
});
