import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import { activationOf, curveData, curveGeometry, fullIndex, MAX_POINTS } from '../../../src/webview/curve';
import { SEED_X, seedChain, seedParallel, tensor } from './graphs';

const PY = process.env.BPT_PYTHON ?? '/usr/bin/python3';

/** numpy's sigmoid and its derivative out·(1 − out) for xs. */
function numpySigmoid(xs: number[]): { out: number[]; slope: number[] } {
  const r = spawnSync(PY, ['-c', 'import sys,json,numpy as np; x=np.array(json.load(sys.stdin)); o=1/(1+np.exp(-x)); print(json.dumps({"out":o.tolist(),"slope":(o*(1-o)).tolist()}))'], { input: JSON.stringify(xs), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('webview activation curve', () => {
  it('Sigmoid: points are the host\'s x and out, slopes out·(1 − out) as numpy gives them', () => {
    const g = seedParallel();
    const d = curveData(g.nodes[2], g);
    assert.ok(d);
    assert.equal(d.kind, 'sigmoid');
    const np = numpySigmoid(SEED_X);
    assert.deepEqual(d.points.map((p) => p.x), SEED_X);
    d.points.forEach((p, i) => {
      assert.ok(Math.abs(p.y - np.out[i]) < 1e-15, `out[${i}]`);
      assert.ok(Math.abs(p.slope - np.slope[i]) < 1e-15, `slope[${i}]`);
      // dx = dout × slope, read off the edges the host sent
      assert.ok(p.dout !== undefined && p.dx !== undefined);
      assert.ok(Math.abs(p.dx - p.dout * p.slope) < 1e-15);
    });
  });

  it('ReLU: slope 0 where the cached mask blocks, 1 elsewhere; y from the output edge', () => {
    const g = seedParallel();
    const d = curveData(g.nodes[1], g);
    assert.ok(d);
    assert.deepEqual(d.points.map((p) => p.slope), [1, 0, 1, 0]);
    assert.deepEqual(d.points.map((p) => p.y), [1, 0, 2, 0]);
    // In a chain the Sigmoid's x is h₁ (ReLU's output), not the trace's x.
    const c = seedChain();
    const s = curveData(c.nodes[2], c);
    assert.deepEqual(s?.points.map((p) => p.x), [1, 0, 2, 0]);
  });

  it('only ReLU and Sigmoid layers get a curve, in any spelling of the class name', () => {
    assert.equal(activationOf({ kind: 'layer', layer: 'Relu' }), 'relu');
    assert.equal(activationOf({ kind: 'layer', layer: 'Sigmoid' }), 'sigmoid');
    assert.equal(activationOf({ kind: 'layer', layer: 'mul' }), undefined);
    assert.equal(activationOf({ kind: 'input', layer: 'relu' }), undefined);
  });

  it('geometry: every point on the drawn curve and every tangent with the point\'s slope', () => {
    const g = seedParallel();
    for (const node of [g.nodes[1], g.nodes[2]]) {
      const d = curveData(node, g);
      assert.ok(d);
      const geo = curveGeometry(d, 320, 200);
      const [lo, hi] = geo.xRange;
      const [ylo, yhi] = geo.yRange;
      assert.ok(lo < -0.5 && hi > 2, 'the range covers the input');
      const sx = 264 / (hi - lo);
      const sy = 144 / (yhi - ylo);
      d.points.forEach((p, i) => {
        const t = geo.tangents[i];
        // midpoint is the dot
        assert.ok(Math.abs((t.x1 + t.x2) / 2 - geo.dots[i].cx) < 1e-9);
        assert.ok(Math.abs((t.y1 + t.y2) / 2 - geo.dots[i].cy) < 1e-9);
        // slope on screen, back in data units, is the point's slope
        const slope = -((t.y2 - t.y1) / sy) / ((t.x2 - t.x1) / sx);
        assert.ok(Math.abs(slope - p.slope) < 1e-9, `slope ${slope} vs ${p.slope}`);
        assert.ok(Math.abs(Math.hypot(t.x2 - t.x1, t.y2 - t.y1) - 32) < 1e-9, 'same length for every tangent');
        assert.ok(geo.dots[i].cx >= 28 && geo.dots[i].cx <= 292 && geo.dots[i].cy >= 28 && geo.dots[i].cy <= 172, 'inside the plot');
      });
      // Ticks are the host's min and max x, not the padded range.
      assert.deepEqual(geo.xTicks.map((t) => t.value), [-0.5, 2]);
      if (node.layer === 'relu') assert.match(geo.line, new RegExp(`L${geo.axisX?.toFixed(2)},${geo.axisY?.toFixed(2)}`), 'passes through the kink');
    }
  });

  it('a big input is sampled to at most MAX_POINTS, with indices into the whole array', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => (i - 500) / 100);
    const out = xs.map((v) => Math.max(0, v));
    const g: TraceGraph = {
      title: 't', source: 'literal', doutSource: 'ones',
      nodes: [
        { id: 'x', kind: 'input', label: 'x' },
        { id: 'relu0', kind: 'layer', label: 'ReLU', layer: 'relu', cache: [{ name: 'mask', mask: { shape: [n], data: Uint8Array.from(xs.map((v) => (v <= 0 ? 1 : 0))) } }] },
        { id: 'y', kind: 'output', label: 'y' },
      ],
      edges: [
        { id: 'a', source: 'x', target: 'relu0', forward: tensor([n], xs), backward: tensor([n], out.map((v) => (v > 0 ? 1 : 0))) },
        { id: 'b', source: 'relu0', target: 'y', forward: tensor([n], out), backward: tensor([n], xs.map(() => 1)) },
      ],
    };
    const d = curveData(g.nodes[1], g);
    assert.ok(d);
    assert.ok(d.points.length <= MAX_POINTS && d.points.length >= MAX_POINTS / 2);
    assert.equal(d.total, n);
    for (const p of d.points) assert.equal(p.slope, xs[p.index] > 0 ? 1 : 0);
  });

  it('maps a big array\'s sample back to full indices with the preview\'s strides', () => {
    const t = { shape: [10, 30], data: new Float64Array(6), preview: { text: '', min: 0, max: 0, mean: 0, sampleShape: [2, 3], strides: [5, 10] } };
    assert.equal(fullIndex(t, 4), 5 * 30 + 10);
    assert.equal(fullIndex(t, 5), 5 * 30 + 20);
    assert.equal(fullIndex({ shape: [4], data: new Float64Array(4) }, 3), 3);
  });
});
