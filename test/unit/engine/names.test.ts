// A name under the cursor resolves to its last assignment above (issue 11). The reference is
// Python itself: the text above the cursor is run with numpy and the name's value read back.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { nameAt, resolveName } from '../../../src/engine';
import { assertSameAsNumpy, PYTHON, type NumpyValue } from './numpyRef';

/** Runs `code` with numpy and returns `name`'s value, as numpyValues does for an expression. */
function pythonValue(code: string, name: string): NumpyValue {
  const script = `import sys, json\nimport numpy as np\nns = {}\nexec(sys.stdin.read(), ns)\na = np.asarray(ns[${JSON.stringify(name)}])\njson.dump({'shape': list(a.shape), 'dtype': str(a.dtype), 'data': [repr(float(v)) for v in a.ravel()]}, sys.stdout)`;
  const r = spawnSync(PYTHON, ['-c', script], { input: code, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as NumpyValue;
}

const SEED = `import numpy as np

class Relu:
    def forward(self, x):
        return np.maximum(x, 0)

relu = Relu()
x = np.arange(-5.0, 5.0, 0.1)
w = np.arange(6).reshape(2, 3)
wt = w.T
v = wt.reshape(-1).astype(np.float32)
x = np.array([[1.0, -0.5],
              [-2.0, 3.0]])  # the value traced
alias = x
y = relu.forward(x)
z = np.zeros(3)
z += 1
print(relu.forward(x), wt, v, alias, y, z)
`;

describe('a name under the cursor: its last assignment above', () => {
  const at = SEED.indexOf('print(');
  const before = SEED.slice(0, at);

  for (const name of ['x', 'w', 'wt', 'v', 'alias']) {
    it(`${name} is what Python holds at the print`, () => {
      const r = resolveName(before, name);
      assert.ok(r, `${name} not resolved`);
      assertSameAsNumpy(r.parsed, pythonValue(before, name), name, name === 'w' || name === 'wt' || name === 'v');
    });
  }

  it('says where the value came from: its range and line', () => {
    const r = resolveName(before, 'x');
    assert.ok(r);
    assert.equal(r.line, 12);
    assert.equal(SEED.slice(r.start, r.end), 'np.array([[1.0, -0.5],\n              [-2.0, 3.0]])');
  });

  it('does not resolve a value it cannot read, or one changed in place after it', () => {
    assert.equal(resolveName(before, 'y'), undefined, 'relu.forward(x) is not in the text');
    assert.equal(resolveName(before, 'z'), undefined, 'z += 1 changed it');
    assert.equal(resolveName(before, 'nothing'), undefined);
    assert.equal(resolveName(before, 'relu'), undefined);
    assert.equal(resolveName('x = [1, 2]\nx[0] = 5\n', 'x'), undefined);
  });

  it('only the text above counts: a later assignment is not seen', () => {
    const cut = SEED.indexOf('x = np.array');
    const r = resolveName(SEED.slice(0, cut), 'x');
    assert.ok(r);
    assertSameAsNumpy(r.parsed, pythonValue(SEED.slice(0, cut), 'x'), 'x (the arange)');
  });

  it('JS/TS declarations and annotations', () => {
    assert.deepEqual(resolveName('const x: number[] = [1, -2, 3];\nrelu.forward(x)', 'x')?.parsed.tensor.shape, [3]);
    assert.deepEqual([...(resolveName('let dout = new Float64Array(2);\n', 'dout')?.parsed.tensor.data ?? [])], [0, 0]);
  });

  it('nameAt finds the name around the cursor', () => {
    const line = 'out = relu.forward(x) + self.b';
    assert.equal(nameAt(line, line.indexOf('x)'))?.name, 'x');
    assert.equal(nameAt(line, line.indexOf('x)') + 1)?.name, 'x');
    assert.equal(nameAt(line, line.indexOf('.b') + 1)?.name, 'self.b');
    assert.equal(nameAt(line, line.indexOf('(')  - 2)?.name, 'relu.forward');
    assert.equal(nameAt('1 + 2', 1), undefined);
  });
});
