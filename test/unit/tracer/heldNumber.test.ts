// A dlcourse.ai Param whose value is a number, not an array (a learnable scale: `self.k = Param(1.5)`,
// its grad the template's np.zeros_like(1.5), a 0-d array, or a number set by backward): it was
// neither checked nor said (held.py read only array values), so `ok: dX match …` hid a wrong dk.
// Now k.value is perturbed on a copy, set back as a number at each evaluation (as a float attribute
// with its d<name> is), against what backward gave k.grad. Our own fixture, in that style.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

const PROGRAM = (grad: string, zero = 'np.zeros_like(value)') => `import numpy as np


class Param:
    def __init__(self, value):
        self.value = value
        self.grad = ${zero}


class ScaleLayer:
    """out = k * X, k a learnable number"""
    def __init__(self, k):
        self.k = Param(k)
        self.X = None

    def forward(self, X):
        self.X = X
        return X * self.k.value

    def backward(self, d_out):
        ${grad}
        return d_out * self.k.value

    def params(self):
        return {'k': self.k}


np.random.seed(0)
scale = ScaleLayer(1.5)
X = np.random.randn(2, 3)
for step in range(2):
    scale.k.grad = ${zero.replace('value', 'scale.k.value')}
    out = scale.forward(X)
    dX = scale.backward(np.random.randn(*out.shape))
    scale.k.value -= 0.1 * scale.k.grad
    print(step, round(float(scale.k.value), 6))
`;

async function traced(text: string) {
  const s = tempScript('scale.py', text);
  try {
    const r = await trace(s.file);
    assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
    const cli = await runCli([s.file, '--python', PYTHON]);
    return { r, cli: cli.out, entry: r.gradcheck.find((g) => g.class === 'ScaleLayer') };
  } finally {
    s.cleanup();
  }
}

describe('tracer: a dlcourse.ai Param holding a number (Param(1.5))', function () {
  this.timeout(60_000);

  it('its grad a 0-d array (np.zeros_like): dk checked beside dX, ok, and drawn beside the layer', async () => {
    const { r, cli, entry } = await traced(PROGRAM('self.k.grad += np.sum(d_out * self.X)'));
    assert.deepEqual(entry?.params?.map((p) => [p.name, p.ok, p.checked, p.shape]), [['k', true, 1, []]], JSON.stringify(entry));
    const g = recordedToGraph(r, 0);
    const node = g.nodes.find((n) => n.layer === 'ScaleLayer');
    assert.equal(node?.verdict?.text, 'ok: dX, dk match central differences (7 elements checked).');
    const k = g.edges.find((e) => e.target === node?.id && e.targetPort === 'k');
    assert.equal(k?.backwardName, 'dk', JSON.stringify(g.edges));
    assert.match(cli, /\n {2}scale \(ScaleLayer\): ok: dX, dk match central differences \(7 elements checked\)\./, cli);
  });

  it('a doubled dk is FAILED on dk, backprop twice numerical (numpy\'s sum of d_out * X)', async () => {
    const { r, cli, entry } = await traced(PROGRAM('self.k.grad += 2 * np.sum(d_out * self.X)'));
    const k = entry?.params?.find((p) => p.name === 'k');
    assert.equal(k?.ok, false, JSON.stringify(entry));
    const worst = k?.worst?.[0];
    assert.ok(worst && Math.abs(Number(worst.analytic) / Number(worst.numerical) - 2) < 1e-6, JSON.stringify(worst));
    assert.equal(recordedToGraph(r, 0).nodes.find((n) => n.layer === 'ScaleLayer')?.verdict?.status, 'failed');
    assert.match(cli, /\n {2}scale \(ScaleLayer\): FAILED: dk at \(\): backprop /, cli);
  });

  it('its grad a number (zeroed to 0.0, set or added by backward): checked, ok either way', async () => {
    for (const grad of ['self.k.grad += float(np.sum(d_out * self.X))', 'self.k.grad = np.sum(d_out * self.X)']) {
      const { entry } = await traced(PROGRAM(grad, '0.0'));
      assert.deepEqual(entry?.params?.map((p) => [p.name, p.ok]), [['k', true]], `${grad}: ${JSON.stringify(entry)}`);
    }
  });
});
