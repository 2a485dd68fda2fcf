// src/engine/exp.ts stays only while it matches numpy's np.exp more often than Math.exp does
// (issue: exactness). 120,000 arguments over Sigmoid's whole useful range, compared bit for bit.
import * as assert from 'node:assert/strict';
import { exp } from '../../../src/engine/layers/exp';
import { HEX_IO, hexFloats, python, toHex } from './python';

describe('exp against numpy', () => {
  it('matches np.exp bit for bit more often than Math.exp, on 120,000 arguments', function () {
    this.timeout(60_000);
    const n = 120_000;
    const xs = new Float64Array(n);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < n; i++) xs[i] = i < 100_000 ? (rand() - 0.5) * 60 : (rand() - 0.5) * 1400; // typical, then extreme
    const numpy = hexFloats(python(`${HEX_IO}\nout(np.exp(read_hex()))`, toHex(xs)));
    let ours = 0;
    let math = 0;
    for (let i = 0; i < n; i++) {
      if (Object.is(exp(xs[i]), numpy[i])) ours++;
      if (Object.is(Math.exp(xs[i]), numpy[i])) math++;
    }
    console.log(`      exp.ts matches np.exp on ${((100 * ours) / n).toFixed(2)}%, Math.exp on ${((100 * math) / n).toFixed(2)}%`);
    assert.ok(ours > math, `exp.ts ${ours} vs Math.exp ${math} of ${n}`);
  });
});
