// Printed forms users copy from a terminal or notebook (issue 11), each compared with numpy's array
// of the same values; the printed text itself comes from numpy's repr or Node's util.inspect where
// those can make it here.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { buildTrace, parseArray, tracedX } from '../../../src/engine';
import { assertSameAsNumpy, numpyValues, pythonPrints } from './numpyRef';
import { parseFails } from './parseErrors.test';

const same = (text: string, expr: string, dtype?: string) => {
  const p = parseArray(text);
  assertSameAsNumpy(p, numpyValues([expr])[0], text, false);
  if (dtype) assert.equal(p.dtype, dtype);
};

describe('printed forms', () => {
  it("PyTorch's print(layer.weight): Parameter containing: tensor(...)", () => {
    same('Parameter containing:\ntensor([[ 0.1234, -0.5678],\n        [ 1.0000,  2.0000]], requires_grad=True)', 'np.array([[0.1234, -0.5678], [1.0, 2.0]])');
    same('Parameter containing:\ntensor([-0.2500,  0.7500], dtype=torch.float64, requires_grad=True)', 'np.array([-0.25, 0.75])', 'float64');
  });

  it("TensorFlow's tf.Tensor and tf.Variable, with numpy's repr inside", () => {
    // numpy itself prints the array part; values exact in float32 so both readings agree
    const code = `a = (np.arange(-3, 3).reshape(2, 3) * 0.25).astype(np.float32)
print(f"<tf.Tensor: shape={a.shape}, dtype=float32, numpy={a!r}>")
print("@@")
print(f"<tf.Variable 'dense/kernel:0' shape={a.shape} dtype=float32, numpy=\\n{a!r}>")
print("@@")
print(f"<tf.Tensor: shape=(), dtype=float32, numpy={np.float32(1.5)!r}>")`;
    const [tensor, variable, scalar] = pythonPrints(code).split('\n@@\n').map((s) => s.trim());
    same(tensor, 'np.arange(-3, 3).reshape(2, 3) * 0.25', 'float32');
    same(variable, 'np.arange(-3, 3).reshape(2, 3) * 0.25', 'float32');
    same(scalar, 'np.float64(1.5)', 'float32');
  });

  it("jax's printed Array: a 0-d Array(1.5, dtype=float32, weak_type=True) is a float32 value, not JavaScript's new Array(n)", () => {
    const p = parseArray('Array(1.5, dtype=float32, weak_type=True)');
    assert.deepEqual([p.tensor.shape, Array.from(p.tensor.data), p.dtype], [[], [1.5], 'float32']);
    const x = tracedX(p);
    assert.equal(x.dtype, 'float32');
    const g = buildTrace(x, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 'jax');
    assert.deepEqual(g.shape, []);
    const into = g.edges.find((e) => e.id === 'e_x_sigmoid1');
    assert.deepEqual([into?.forward?.shape, into?.forward?.dtype, Array.from(into?.forward?.data ?? [])], [[], 'float32', [1.5]]);
    assert.equal(g.edges.find((e) => e.id === 'e_sigmoid1_y1')?.forward?.data[0], Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-1.5)))));
    // Its other printed forms still read, and JavaScript's size calls are still refused.
    same('Array([1., 2.], dtype=float32)', 'np.array([1.0, 2.0])', 'float32');
    same('Array([[ 0.5, -1. ],\n       [ 2. ,  0. ]], dtype=float32)', 'np.array([[0.5, -1.0], [2.0, 0.0]])', 'float32');
    same('Array(-3, dtype=int32, weak_type=True)', 'np.float64(-3)', 'int32');
    assert.match(parseFails('Array(3)').message, /makes 3 empty slots/);
    assert.match(parseFails('new Array(3, dtype=float32)').message, /makes 3 empty slots/);
  });

  it("Node's util.inspect of typed arrays: Float64Array(3) [ 1, -2, 3.5 ]", () => {
    same(inspect(new Float64Array([1, -2, 3.5])), 'np.array([1, -2, 3.5])');
    same(inspect(new Int32Array([7, -8])), 'np.array([7.0, -8.0])');
    same(inspect(new Float32Array(0)), 'np.zeros(0)');
    const e = parseFails('Float64Array(4) [ 1, -2, 3 ]');
    assert.equal(e.message, "Node announced 4 values ('(4)') but the list holds 3");
    assert.deepEqual([e.line, e.column], [1, 1]);
  });

  it('MATLAB / Octave / Julia matrices: [1 -2; 3 4]', () => {
    same('A = [1 -2; 3 4];', 'np.array([[1.0, -2.0], [3.0, 4.0]])');
    same('[1, 2, 3; 4, 5, 6]', 'np.array([[1.0, 2, 3], [4, 5, 6]])');
    same('[1.5 NaN -Inf;\n 0 1e-3 2]', 'np.array([[1.5, np.nan, -np.inf], [0, 1e-3, 2]])');
    same('[1 2 3;]', 'np.array([[1.0, 2, 3]])');
    same('2×2 Matrix{Float64}:\n 1.0  -2.0\n 3.0   4.0', 'np.array([[1.0, -2.0], [3.0, 4.0]])');
    const e = parseFails('x = [1 2 3; 4 5]');
    assert.equal(e.message, 'Row 2 has length 2 but row 1 has length 3 (ragged array)');
    assert.deepEqual([e.line, e.column], [1, 13]);
    assert.equal(parseFails('[1 2; 3 4').line, 1);
  });

  it('plain CSV and whitespace rows, one row per line, as np.loadtxt reads them', () => {
    const tables: [string, string][] = [
      ['1.0, -0.5\n2.0, 0.0\n', ','],
      ['1,2,3\n4,5,6\n7,8,9', ','],
      ['0.1 -0.2 0.3\n0.4  0.5 -0.6', 'None'],
      ['1.5\t2.5\n-3.5\t4.5\n', 'None'],
      ['1, 2, 3', ','],
      ['1\n2\n3\n', 'None'],
      ['# weights\n1 2\n3 4  # last row', 'None'],
    ];
    for (const [text, delimiter] of tables) {
      same(text, `np.loadtxt(io.StringIO(${JSON.stringify(text)}), delimiter=${delimiter === ',' ? "','" : 'None'})`);
    }
    const ragged = parseFails('1, 2\n3\n');
    assert.equal(ragged.message, 'Row 2 has length 1 but row 1 has length 2 (ragged array)');
    assert.deepEqual([ragged.line, ragged.column], [2, 1]);
    const missing = parseFails('1, , 2');
    assert.equal(missing.message, 'Missing value between two commas');
    assert.deepEqual([missing.line, missing.column], [1, 4]);
    const word = parseFails('1 2\n3 four');
    assert.match(word.message, /Expected a number, found 'four'/);
    assert.deepEqual([word.line, word.column], [2, 3]);
  });

  it('a TensorFlow value without numpy= is refused with a way out', () => {
    const e = parseFails('<tf.Tensor: shape=(2,), dtype=float32>');
    assert.match(e.message, /shows no values \(no 'numpy=' part\)/);
    assert.deepEqual([e.line, e.column], [1, 1]);
    assert.match(parseFails('<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)').message, /Expected '>'/);
  });
});
