// numpy's own answer for a list of Python expressions, from Debian's python3-numpy (or BPT_PYTHON):
// shape, dtype and every value as repr(float), so a test compares bit for bit.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { ParsedArray } from '../../../src/engine';

export const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';

export interface NumpyValue {
  shape: number[];
  dtype: string;
  data: string[];
}

const SCRIPT = `
import sys, json, math, io
import numpy as np
numpy = np
f32 = np.float32

def torch_linspace(a, b, n):
    # torch's CPU kernel in float32: up from start for the first half, down from end for the rest
    s, e = f32(a), f32(b)
    step = f32((e - s) / f32(n - 1)) if n > 1 else f32(0)
    if n == 1:
        return np.array([s], dtype=f32)
    return np.array([s + step * f32(i) if i < n // 2 else e - step * f32(n - i - 1) for i in range(n)], dtype=f32)

def torch_arange(a, b, step):
    # torch: the length from doubles, each value start + i * step in double, then float32
    return np.array([a + step * i for i in range(math.ceil((b - a) / step))], dtype=np.float64).astype(f32)

names = {'np': np, 'numpy': np, 'math': math, 'io': io, 'torch_linspace': torch_linspace, 'torch_arange': torch_arange}
out = []
for expr in json.load(sys.stdin):
    a = np.asarray(eval(expr, names))
    out.append({'shape': list(a.shape), 'dtype': str(a.dtype), 'data': [repr(float(v)) for v in a.ravel()]})
json.dump(out, sys.stdout)
`;

/** Evaluates each expression with numpy; the reference every parse is compared with. */
export function numpyValues(exprs: string[]): NumpyValue[] {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(exprs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${PYTHON} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as NumpyValue[];
}

/** Runs a Python snippet and returns what it printed (for repr/str forms made by numpy itself). */
export function pythonPrints(code: string): string {
  const r = spawnSync(PYTHON, ['-c', `import numpy as np\n${code}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${PYTHON} failed: ${r.stderr}`);
  return r.stdout;
}

const pyNumber = (s: string) => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

/** Same shape and the very same doubles (NaN equal to NaN, -0 distinct from 0). */
export function assertSameAsNumpy(p: ParsedArray, ref: NumpyValue, what: string, dtype = true): void {
  assert.deepEqual([...p.tensor.shape], ref.shape, `${what}: shape`);
  const text = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
  assert.deepEqual([...p.tensor.data].map(text), ref.data.map(pyNumber).map(text), `${what}: values`);
  if (dtype) assert.equal(p.dtype, ref.dtype, `${what}: dtype`);
}
