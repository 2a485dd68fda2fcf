// The one definition of the gradient check (src/constants.json): the TypeScript side (literal
// mode, checkRule.ts) and the Python tracer (bpt_tracer/checkrule.py) pick the same elements and
// judge the same probes alike, from the same constants.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildTrace } from '../../../src/engine';
import { GRADCHECK, judge, sampleIndices, type Probe } from '../../../src/engine/graph/checkRule';
import { PYTHON, ROOT } from './helpers';

function python(code: string): unknown {
  const r = spawnSync(PYTHON, ['-c', `import sys, json; sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'src', 'tracer'))})\n${code}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const PROBES: Probe[] = [
  { index: 0, analytic: 1, right: 1.0000001, left: 0.9999999 }, // smooth, agrees
  { index: 3, analytic: 0, right: 1, left: 0 }, // ReLU at 0: a kink, the book's 0 accepted
  { index: 5, analytic: 0.5, right: 0.3, left: 0.3 }, // wrong by 0.2
  { index: 7, analytic: 2, right: 2.0000004, left: 1.9999996 },
];

describe('the one gradient check (TypeScript and Python)', function () {
  this.timeout(30_000);

  it('the same constants, read from src/constants.json on both sides', () => {
    const py = python('from bpt_tracer.constants import H, ATOL, RTOL, GRADCHECK\nprint(json.dumps([H, ATOL, RTOL, GRADCHECK]))') as [number, number, number, typeof GRADCHECK];
    assert.deepEqual(py, [GRADCHECK.h, GRADCHECK.atol, GRADCHECK.rtol, GRADCHECK]);
    assert.deepEqual([GRADCHECK.h, GRADCHECK.sample], [1e-4, 256]);
  });

  it('the same fixed-seed sample of a big port (78,400 elements: an MNIST batch), all of a small one', () => {
    const ts = [sampleIndices(78_400), sampleIndices(39_200), sampleIndices(257), sampleIndices(1000, 16), sampleIndices(10)];
    const py = python('from bpt_tracer.checkrule import sample_indices as s\nprint(json.dumps([s(78400), s(39200), s(257), s(1000, 16), s(10)]))');
    assert.deepEqual(ts, py);
    assert.equal(new Set(ts[0]).size, 256, 'without replacement');
    assert.ok(ts[0].every((i, k) => i >= 0 && i < 78_400 && (k === 0 || i > ts[0][k - 1])), 'sorted, in range');
    assert.deepEqual(ts[4], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('the same verdict on the same probes: a kink accepted apart, a wrong element found with both values', () => {
    const ts = judge(PROBES);
    const py = python(`from bpt_tracer.checkrule import judge\nprint(json.dumps(judge(${JSON.stringify(PROBES.map((p) => [p.index, p.analytic, p.right, p.left]))})))`) as typeof ts;
    assert.deepEqual(py, ts);
    assert.deepEqual([ts.ok, ts.checked, ts.kinks, ts.index], [false, 3, 1, 5]);
    assert.deepEqual(ts.worst?.[0], { index: 5, analytic: 0.5, numerical: 0.3 });
    // scale = 2: tolerance atol + rtol * 2
    assert.equal(ts.tol, GRADCHECK.atol + GRADCHECK.rtol * 2);
    const fine = judge(PROBES.filter((p) => p.index !== 5));
    assert.deepEqual([fine.ok, fine.kinks], [true, 1]);
  });

  it('a small dout shrinks the absolute floor alike on both sides: 1e-7 gradients, wrong by 100%, FAILED (a fixed 1e-6 passed them)', () => {
    const tiny: Probe[] = [
      { index: 2, analytic: -1.6e-7, right: 5.6e-7, left: 5.6e-7 }, // col2im assigning instead of adding (SimpleConvNet's Conv1)
      { index: 4, analytic: 3e-7, right: 3e-7, left: 3e-7 },
    ];
    const ts = judge(tiny, 1e-5);
    const py = python(`from bpt_tracer.checkrule import judge\nprint(json.dumps(judge(${JSON.stringify(tiny.map((p) => [p.index, p.analytic, p.right, p.left]))}, 1e-5)))`) as typeof ts;
    assert.deepEqual(py, ts);
    assert.deepEqual([ts.ok, ts.index], [false, 2]);
    assert.equal(ts.tol, GRADCHECK.atol * 1e-5 + GRADCHECK.rtol * 5.6e-7);
    assert.equal(judge(tiny).ok, true, 'with dout 1 the floor is atol, as before');
    assert.equal(judge(tiny, 3).tol, judge(tiny).tol, 'a dout over 1 does not widen it');
  });

  it('literal mode uses it: a layer node gets the verdict, ReLU at 0 is a kink, not a failure', () => {
    const g = buildTrace({ shape: [2, 2], data: Float64Array.of(1, -0.5, 2, 0) }, { layers: ['relu'], mode: 'parallel', dout: 'ones' }, 't');
    const relu = g.nodes.find((n) => n.kind === 'layer');
    assert.deepEqual([relu?.verdict?.status, relu?.badge], ['ok', '✓']);
    const e = g.edges.find((x) => x.target === relu?.id && x.gradcheck);
    assert.deepEqual([e?.gradcheck?.checked, e?.gradcheck?.kinks, e?.gradcheck?.ok], [3, 1, true]);
  });
});
