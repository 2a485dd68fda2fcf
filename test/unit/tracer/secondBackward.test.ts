// A second backward on the same forward (layer.backward(dout) twice after one forward, or with
// another dout) pairs with that forward and is checked too: against the forward's own arguments,
// with its own dout; the graph draws the last backward, and the worst verdict (a FAILED first
// backward is not hidden by an ok second one), saying which backward it was, the drawer each.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded/toGraph';
import { PYTHON, runCli, tempScript, trace } from './helpers';

const LAYER = [
  'import numpy as np',
  'class Mul:',
  '    def forward(self, x, y):',
  '        self.x, self.y = x, y',
  '        return x * y',
  '    def backward(self, dout):',
  '        dx = dout * self.y',
  '        if BUG:',
  '            self.y = self.y * 2  # a backward that changes its own cache: right once, wrong after',
  '        return dx, dout * self.x',
  '',
].join('\n');

async function run(bug: boolean, tail: string) {
  const s = tempScript('twice.py', `BUG = ${bug ? 'True' : 'False'}\n${LAYER}${tail}`);
  try {
    return await trace(s.file);
  } finally {
    s.cleanup();
  }
}

const TWICE = 'm = Mul()\nm.forward(np.array([1.0, 2.0]), np.array([3.0, 4.0]))\nm.backward(np.array([1.0, 1.0]))\nm.backward(np.array([2.0, -1.0]))\n';


/** cs231n-style functions with two backwards on one cache (scale_backward, then scale_backward_alt), dx doubled in the one named. */
function scaleProgram(doubled: 'first' | 'second'): string {
  const dx = (wrong: boolean) => (wrong ? '2 * g * dout' : 'dout * g');
  return [
    'import numpy as np',
    'def scale_forward(x, g):',
    '    return x * g, (x, g)',
    'def scale_backward(dout, cache):',
    '    x, g = cache',
    `    return ${dx(doubled === 'first')}, (dout * x).sum(axis=0)`,
    'def scale_backward_alt(dout, cache):',
    '    x, g = cache',
    `    return ${dx(doubled === 'second')}, np.sum(x * dout, axis=0)`,
    'np.random.seed(1)',
    'x, g = np.random.randn(3, 4), np.random.randn(4)',
    'out, cache = scale_forward(x, g)',
    'dout = np.random.randn(3, 4)',
    'scale_backward(dout, cache)',
    'scale_backward_alt(dout, cache)',
    '',
  ].join('\n');
}

describe('tracer: a second backward on the same forward is checked too', function () {
  this.timeout(30_000);

  it('both backwards pair with the one forward and each gets its own check (its own dout)', async () => {
    const r = await run(false, TWICE);
    const backwards = r.calls.filter((c) => c.method === 'backward');
    assert.deepEqual(backwards.map((c) => c.pairs), [0, 0]);
    assert.deepEqual(r.gradcheck.map((g) => [g.call, g.backwardCall, g.status ?? (g.ok ? 'ok' : 'failed')]), [[0, 1, 'ok'], [0, 2, 'ok']]);
    // dy = dout * x: the second check's worst element is judged with dout (2, -1), not (1, 1)
    const dy = r.gradcheck[1].inputs.find((p) => p.name === 'y');
    assert.ok(dy?.worst?.some((w) => Math.abs(Math.abs(Number(w.analytic)) - 2) < 1e-9), JSON.stringify(dy));
  });

  it('a backward wrong only the second time: the first ok, the second FAILED, and the drawing says FAILED', async () => {
    const r = await run(true, TWICE);
    assert.deepEqual(r.gradcheck.map((g) => `${g.backwardCall}:${g.ok}`), ['1:true', '2:false']);
    const failed = r.gradcheck[1].inputs.find((p) => p.name === 'x');
    assert.equal(failed?.ok, false, 'dx = dout * 2y where forward gives dout * y');
    const g = recordedToGraph(r, 0);
    assert.equal(g.nodes.find((n) => n.kind === 'layer')?.verdict?.status, 'failed');
    // the command line tells the two verdicts apart
    const s = tempScript('twice.py', `BUG = True\n${LAYER}${TWICE}`);
    try {
      const cli = await runCli([s.file, '--python', PYTHON]);
      assert.match(cli.out, /\n {2}m \(Mul\): ok: .*\n.*\n {2}m \(Mul\), its second backward: FAILED: dx at /, cli.out);
    } finally {
      s.cleanup();
    }
  });

  it("cs231n functions: a second backward on the same cache, wrong where the first is right, is FAILED and drawn so", async () => {
    const s = tempScript('alt.py', scaleProgram('second'));
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.gradcheck.map((g) => `${g.call}/${g.backwardCall}:${g.ok}`), ['0/1:true', '0/2:false']);
      assert.equal(recordedToGraph(r, 0).nodes.find((n) => n.kind === 'layer')?.verdict?.status, 'failed');
    } finally {
      s.cleanup();
    }
  });

  it('a FAILED first backward then an ok one (a class): the node reads FAILED, says it was the first, and lists both', async () => {
    // wrong only the first time: a backward that fixes its own cache after its first call
    const tail = TWICE.replace('m = Mul()\n', 'm = Mul()\nm.bad = True\n');
    const layer = LAYER.replace('        dx = dout * self.y\n', '        dx = dout * self.y * (2 if getattr(self, "bad", False) else 1)\n        self.bad = False\n');
    const s = tempScript('first.py', `BUG = False\n${layer}${tail}`);
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.gradcheck.map((g) => `${g.backwardCall}:${g.ok}`), ['1:false', '2:true']);
      const node = recordedToGraph(r, 0).nodes.find((n) => n.kind === 'layer');
      assert.equal(node?.verdict?.status, 'failed', JSON.stringify(node?.verdict));
      assert.equal(node?.badge, '✗');
      assert.match(node?.verdict?.text ?? '', /^Its first backward: FAILED: dx at \(1,\): backprop 8, numerical 4\. Its second backward: ok: dx, dy match central differences \(4 elements checked\)\.$/, node?.verdict?.text);
      assert.ok(node?.marks?.includes('FAILED: dx (its first backward)'), JSON.stringify(node?.marks));
      const cli = await runCli([s.file, '--python', PYTHON]);
      assert.match(cli.out, /\n {2}m \(Mul\): FAILED: dx at .*\n.*\n {2}m \(Mul\), its second backward: ok: /, cli.out);
    } finally {
      s.cleanup();
    }
  });

  it('cs231n functions: batchnorm_backward FAILED, batchnorm_backward_alt ok on the same cache: FAILED drawn, each named', async () => {
    const s = tempScript('alt.py', scaleProgram('first'));
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.gradcheck.map((g) => `${g.call}/${g.backwardCall}:${g.ok}`), ['0/1:false', '0/2:true']);
      const g = recordedToGraph(r, 0);
      const node = g.nodes.find((n) => n.kind === 'layer');
      assert.equal(node?.verdict?.status, 'failed', JSON.stringify(node?.verdict));
      assert.match(node?.verdict?.text ?? '', /^Its first backward scale_backward: FAILED: dx at .* Its second backward scale_backward_alt: ok: dx, dg match/, node?.verdict?.text);
      assert.ok(node?.marks?.includes('FAILED: dx (its first backward scale_backward)'), JSON.stringify(node?.marks));
      // the x edge carries the failed check (the worst entry's ports), marked on its gradient's name,
      // and draws that backward's dx (2 g dout: the doubled one), not the second's
      const xEdge = g.edges.find((e) => e.targetPort === 'x' && e.gradcheck?.ok === false && e.backwardName?.endsWith('✗'));
      assert.ok(xEdge?.backward, JSON.stringify(g.edges));
      const gEdge = g.edges.find((e) => e.targetPort === 'g');
      const dout = Array.from(g.edges.find((e) => e.backwardName === 'dout')?.backward?.data ?? []);
      const gs = Array.from(gEdge?.forward?.data ?? []);
      assert.equal(dout.length, 12);
      Array.from(xEdge.backward.data).forEach((v, j) => assert.ok(Math.abs(v - 2 * gs[j % 4] * dout[j]) < 1e-12, `dx[${j}] = ${v}`));
    } finally {
      s.cleanup();
    }
  });

  it('a new forward in between: each backward pairs with its own forward, the instance checked once as before', async () => {
    const r = await run(false, 'm = Mul()\nfor k in range(2):\n    m.forward(np.array([1.0, 2.0]) + k, np.array([3.0, 4.0]))\n    m.backward(np.array([1.0, 1.0]))\n');
    assert.deepEqual(r.calls.filter((c) => c.method === 'backward').map((c) => c.pairs), [0, 2]);
    assert.equal(r.gradcheck.length, 1);
  });
});
