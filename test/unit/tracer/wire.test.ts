// The tracer's values travel as bytes (#20 item 4: the transfer): every array the tracer packs
// (values.py's `packed`) comes back in the host bit for bit as numpy holds it, float64 exactly,
// other dtypes as numpy converts them to float64; a record whose bytes do not fit its shape is
// refused with a sentence, never drawn.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseRecorded, wireOf, withNested, type RecordedValue } from '../../../src/engine/recorded';
import { PYTHON, ROOT } from './helpers';

/** Python: V of each array (the tracer's own `value`), and numpy's float64 values as hex bytes. */
const PROGRAM = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from bpt_tracer.values import value
rng = np.random.default_rng(7)
f = rng.standard_normal(60) * 10.0 ** rng.integers(-300, 300, 60)
f[:6] = [np.nan, np.inf, -np.inf, -0.0, 5e-324, np.finfo(np.float64).max]
arrays = [f.reshape(3, 4, 5), rng.standard_normal(7).astype(np.float32), np.arange(-6, 6, dtype=np.int64).reshape(3, 4),
          rng.standard_normal(9) > 0, np.array([1.5, -2.25], dtype='>f8'), np.array([0.1, 65504], dtype=np.float16),
          np.array(3.25), np.arange(12, dtype=np.uint8)[::3], rng.standard_normal((150, 90)),
          np.asfortranarray(rng.standard_normal((4, 3)))]
out = []
for a in arrays:
    v = value(a)
    sent = a if v.get('bytes') else a[tuple(slice(None, None, s) for s in v['strides'])]
    out.append({'v': v, 'hex': np.ascontiguousarray(sent, dtype='<f8').tobytes().hex()})
print(json.dumps(out))
`;

describe('the tracer\'s arrays as bytes', function () {
  this.timeout(30_000);
  const run = spawnSync(PYTHON, ['-c', PROGRAM, path.join(ROOT, 'src', 'tracer')], { encoding: 'utf8' });
  const cases = run.status === 0 ? (JSON.parse(run.stdout) as { v: RecordedValue & { shape: number[] }; hex: string }[]) : [];

  it('every array is read back bit for bit as numpy\'s float64 values (NaN, ±inf, -0, subnormals, int64, bool, float16, big-endian, Fortran order, a big array\'s sample)', () => {
    assert.equal(run.status, 0, run.stderr);
    assert.equal(cases.length, 10);
    for (const { v, hex } of cases) {
      const w = wireOf(v);
      assert.ok(w, JSON.stringify(v).slice(0, 200));
      assert.deepEqual(w.shape, v.shape);
      const got = Buffer.from(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength)).toString('hex');
      assert.equal(got, hex, `${JSON.stringify(v).slice(0, 80)}: bit for bit`);
    }
    assert.ok(wireOf(cases[8].v)?.preview, '13,500 elements go as a preview (a sample and stats)');
  });

  it('the CLI\'s nested lists hold the same numbers (non-finite as the JSON strings)', () => {
    const nested = withNested(cases[0].v) as { data: unknown[][][] };
    assert.deepEqual(nested.data[0][0].slice(0, 4), ['NaN', 'Infinity', '-Infinity', -0]);
    assert.equal((withNested(cases[3].v) as { data: number[] }).data.every((x) => x === 0 || x === 1), true, 'bool as 0/1');
    assert.equal('bytes' in (withNested(cases[0].v) as object), false);
  });

  it('a record whose bytes do not hold its shape is refused with a sentence', () => {
    const call = (arg: unknown) => ({ version: 1, calls: [{ class: 'Relu', instance: 0, method: 'forward', params: ['x'], args: [arg], argIds: [0], result: null, resultId: null, inPlace: [], line: 1, file: 'a.py', pass: 0, attrs: {} }], gradcheck: [], passes: 1, capped: false, truncated: false, stdout: '' });
    const good = { shape: [2], dtype: 'float64', bytesDtype: 'float64', bytes: Buffer.from(new Float64Array([1, 2]).buffer).toString('base64') };
    assert.ok('result' in parseRecorded(call(good)));
    for (const bad of [{ ...good, shape: [3] }, { ...good, bytesDtype: 'complex128' }, { ...good, bytes: good.bytes.slice(0, -4) }]) {
      const r = parseRecorded(call(bad));
      assert.ok('error' in r && /calls\.0\.args\.0/.test(r.error), JSON.stringify(r));
    }
  });
});
