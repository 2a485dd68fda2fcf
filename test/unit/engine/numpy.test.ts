// Compares formatting, layers and parsing with real numpy on generated cases.
import * as assert from 'node:assert/strict';
import { formatArray, parseArray, sizeOf, Tensor } from '../../../src/engine';
import { runLayers } from './steps';
import { findNumpyPython, pyFloat, runPython } from './pythonNumpy';

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateCases(): Tensor[] {
  const r = rng(42);
  const normal = () => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());
  const shapes = [[], [1], [5], [2, 2], [3, 4], [2, 3, 4], [30], [7, 13], [1001], [40, 40], [3, 400], [2, 2, 2, 2], [0], [2, 0]];
  const kinds: ((i: number) => number)[] = [
    () => normal(),
    () => normal() * 10 ** Math.floor(r() * 20 - 10),
    () => Math.round(normal() * 10),
    () => Math.round(normal() * 4) / 8,
    (i) => [NaN, Infinity, -Infinity, -0, 0, 1 / 512, 3 / 512, 2.5, 1234567895][i % 9],
    () => (r() < 0.3 ? [NaN, Infinity, -Infinity][Math.floor(r() * 3)] : normal()),
    () => normal() * 1e8,
    () => normal() * 1e-5,
    () => Math.round(normal() * 1e6) / 1e6,
  ];
  const cases: Tensor[] = [];
  for (const shape of shapes) {
    for (const kind of kinds) {
      const data = new Float64Array(sizeOf(shape));
      for (let i = 0; i < data.length; i++) data[i] = kind(i);
      cases.push({ shape, data });
    }
  }
  return cases;
}

const SCRIPT = `
import sys, json, numpy as np
out = []
for case in json.load(sys.stdin):
    x = np.array([float(v) for v in case['data']], dtype=np.float64).reshape(case['shape'])
    with np.errstate(all='ignore'):
        relu_mask = x <= 0
        relu = x.copy(); relu[relu_mask] = 0
        relu_dx = np.ones_like(x); relu_dx[relu_mask] = 0
        sig = 1 / (1 + np.exp(-x))
        sig_dx = x * sig * (1 - sig)
    out.append({'str': str(x), 'repr': repr(x), 'relu': [repr(float(v)) for v in relu.ravel()],
                'relu_dx': [repr(float(v)) for v in relu_dx.ravel()],
                'sig': [repr(float(v)) for v in sig.ravel()], 'sig_dx': [repr(float(v)) for v in sig_dx.ravel()]})
json.dump(out, sys.stdout)
`;

interface NumpyResult {
  str: string;
  repr: string;
  relu: string[];
  relu_dx: string[];
  sig: string[];
  sig_dx: string[];
}

const pyNumber = (s: string) => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

/**
 * Equal up to a few ulps: V8's Math.exp and numpy's exp may differ in the last bit, and
 * 1 - out magnifies that near out = 1, so `scale` widens the bound for dx.
 */
function assertNear(actual: Float64Array, expected: string[], what: string, scale?: Float64Array): void {
  expected.forEach((s, i) => {
    const e = pyNumber(s);
    const a = actual[i];
    const tol = 4e-16 * Math.max(1, Math.abs(e), scale ? Math.abs(scale[i]) : 0);
    const ok = Object.is(a, e) || (Number.isFinite(e) && Math.abs(a - e) <= tol);
    assert.ok(ok, `${what}[${i}]: ${a} vs numpy ${s}`);
  });
}

describe('agreement with numpy', function () {
  let results: NumpyResult[] = [];
  const cases = generateCases();

  before(function () {
    const python = findNumpyPython();
    if (!python) {
      console.log('    (skipped: no python3 with numpy found; install python3-numpy to compare with numpy)');
      this.skip();
    }
    const input = JSON.stringify(cases.map((c) => ({ shape: c.shape, data: Array.from(c.data, pyFloat) })));
    results = JSON.parse(runPython(python, SCRIPT, input)) as NumpyResult[];
  });

  it(`formats ${cases.length} generated arrays exactly like str(arr)`, () => {
    cases.forEach((c, k) => assert.equal(formatArray(c), results[k].str, `case ${k} shape [${c.shape}]`));
  });

  it('reads numpy repr(arr) and str(arr) back, and reprints str(arr) unchanged', () => {
    cases.forEach((c, k) => {
      if (c.data.length > 1000 || c.data.length === 0) return; // summarised output has '...'; empty prints as []
      const fromRepr = parseArray(results[k].repr).tensor;
      const fromStr = parseArray(results[k].str).tensor;
      assert.deepEqual(fromRepr.shape, c.shape, results[k].repr);
      assert.deepEqual(fromStr.shape, c.shape, results[k].str);
      if (c.shape.length > 0) assert.deepEqual(fromStr.data, fromRepr.data); // a 0-d str() is the full repr(float)
      assert.equal(formatArray(fromStr), results[k].str);
    });
  });

  it('ReLU and Sigmoid forward/backward match numpy', () => {
    cases.forEach((c, k) => {
      const relu = runLayers(c, { layers: ['relu'], mode: 'parallel' }).steps[0];
      assertNear(relu.out.data, results[k].relu, `case ${k} relu`);
      assertNear(relu.dx.data, results[k].relu_dx, `case ${k} relu dx`);
      const sig = runLayers(c, { layers: ['sigmoid'], mode: 'parallel', dout: 'same' }).steps[0];
      assertNear(sig.out.data, results[k].sig, `case ${k} sigmoid`);
      assertNear(sig.dx.data, results[k].sig_dx, `case ${k} sigmoid dx`, c.data);
    });
  });
});

