// dtypes as numpy computes them: float32 rounded after every operation (compared with numpy
// float32), integer ReLU stays integer, integer Sigmoid becomes float64.
import * as assert from 'node:assert/strict';
import { buildTrace, castTo, formatArray, numpyDtype, parseArray } from '../../../src/engine';
import { runLayers } from './steps';
import { python } from './python';

function numpyF32(values: number[]): { relu: number[]; rdx: number[]; sig: number[]; sdx: number[] } {
  const code = `
import json, sys, numpy as np
x = np.array(json.load(sys.stdin), dtype=np.float32)
mask = (x <= 0); out = x.copy(); out[mask] = 0
dout = np.ones_like(x); rdx = dout.copy(); rdx[mask] = 0
sig = 1 / (1 + np.exp(-x))
sdx = np.ones_like(sig) * (1.0 - sig) * sig
assert sig.dtype == np.float32 and sdx.dtype == np.float32
print(json.dumps({k: [float(v) for v in a] for k, a in dict(relu=out, rdx=rdx, sig=sig, sdx=sdx).items()}))
`;
  return JSON.parse(python(code, JSON.stringify(values)));
}

const ulpF32 = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 2 ** -126)) - 23);

describe('dtypes', () => {
  it('reads the dtype names numpy, torch and tf use', () => {
    assert.equal(numpyDtype('float32'), 'float32');
    assert.equal(numpyDtype('float64'), undefined);
    assert.equal(numpyDtype('float', 'torch'), 'float32');
    assert.equal(numpyDtype('float', 'np'), undefined);
    assert.equal(numpyDtype('int'), 'int64');
    assert.equal(numpyDtype('complex128'), undefined);
  });

  it('float32: ReLU exactly and Sigmoid within 3 float32 ulp of numpy float32 (numpy SIMD expf is good to ~2.5 ulp)', () => {
    const xs = Array.from({ length: 2000 }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 9));
    const want = numpyF32(xs);
    const p = parseArray(`np.array([${xs.join(', ')}], dtype=np.float32)`);
    const x = castTo(p.tensor, numpyDtype(p.dtype));
    assert.equal(x.dtype, 'float32');
    const [relu, sig] = runLayers(x, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }).steps;
    assert.deepEqual(Array.from(relu.out.data), want.relu);
    assert.deepEqual(Array.from(relu.dx.data), want.rdx);
    assert.equal(sig.out.dtype, 'float32');
    let exact = 0;
    sig.out.data.forEach((v, i) => {
      assert.equal(Math.fround(v), v, 'a float32 value');
      assert.ok(Math.abs(v - want.sig[i]) <= 3 * ulpF32(want.sig[i]), `sigmoid(${xs[i]}): ${v} vs numpy ${want.sig[i]}`);
      if (v === want.sig[i]) exact++;
    });
    // dx = dout * (1.0 - out) * out in float32: from numpy's own out, our order gives numpy's dx bit
    // for bit; from ours, out's few ulp grow through 1 - out (near 1), so 5e-6 relative.
    const f = Math.fround;
    want.sig.forEach((o, i) => assert.equal(f(f(1 * f(1.0 - o)) * o), want.sdx[i], `dx order at ${xs[i]}`));
    sig.dx.data.forEach((v, i) => assert.ok(Math.abs(v - want.sdx[i]) <= 5e-6 * Math.abs(want.sdx[i]) + 1e-12, `dx at ${xs[i]}: ${v} vs numpy ${want.sdx[i]}`));
    console.log(`      float32 Sigmoid: ${exact} of ${xs.length} bit for bit with numpy`);
    assert.ok(exact / xs.length > 0.5, `${exact} of ${xs.length} bit for bit`);
    // In float64 the same inputs differ from float32 numpy by ~1e-8: the dtype matters.
    const f64 = runLayers(p.tensor, { layers: ['sigmoid'], mode: 'parallel', dout: 'ones' }).steps[0].out.data;
    assert.ok(f64.some((v, i) => v !== want.sig[i]));
  });

  it('int: ReLU keeps int64, Sigmoid gives float64; values are truncated as numpy stores them', () => {
    const p = parseArray('np.array([1.7, -2.5, 3], dtype=int)');
    const x = castTo(p.tensor, numpyDtype(p.dtype));
    assert.deepEqual(Array.from(x.data), [1, -2, 3]);
    const g = buildTrace(x, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 't');
    assert.equal(g.edges.find((e) => e.id === 'e_relu0_y0')?.forward?.dtype, 'int64');
    assert.equal(g.edges.find((e) => e.id === 'e_x_relu0')?.backward?.dtype, 'int64');
    assert.equal(g.edges.find((e) => e.id === 'e_sigmoid1_y1')?.forward?.dtype, undefined);
  });

  it('prints float32, int and bool arrays exactly as numpy does', () => {
    const arrays: number[][] = Array.from({ length: 60 }, (_, k) => Array.from({ length: 1 + (k % 7) }, (_, i) => Math.sin(k * 7.1 + i) * 10 ** ((k % 9) - 4)));
    const code = `
import json, sys, numpy as np
out = []
for a in json.load(sys.stdin):
    out.append([str(np.array(a, dtype=np.float32)), str(np.array(a, dtype=np.int64)), str(np.array(a, dtype=bool))])
print(json.dumps(out))
`;
    const want = JSON.parse(python(code, JSON.stringify(arrays))) as string[][];
    arrays.forEach((a, k) => {
      const t = { shape: [a.length], data: Float64Array.from(a) };
      assert.equal(formatArray(castTo(t, 'float32')), want[k][0], `float32 ${JSON.stringify(a)}`);
      assert.equal(formatArray(castTo(t, 'int64')), want[k][1], `int64 ${JSON.stringify(a)}`);
      assert.equal(formatArray(castTo(t, 'bool')), want[k][2], `bool ${JSON.stringify(a)}`);
    });
  });
});
