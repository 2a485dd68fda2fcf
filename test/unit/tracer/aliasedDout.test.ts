// A gradient corrupted on its way between layers (aliased.ts): the book's AddLayer returns
// (dout, dout), one array for both branches, and the book's Relu writes into its dout in place,
// so the other branch receives Relu's zeros. Every layer's own check is ok (each is right given
// what it received); the layer that received the written array says so in its verdict and notes.
// The ordinary chain (Relu returning the dout it wrote into as dx to the layer before it) says nothing.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { PYTHON, runCli, tempScript, trace } from './helpers';

const LAYERS = `import numpy as np

class Relu:
    def __init__(self):
        self.mask = None
    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out
    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx

class AddLayer:
    def forward(self, x, y):
        return x + y
    def backward(self, dout):
        return dout, dout

class Scale:
    def forward(self, x):
        return x * 2.0
    def backward(self, dout):
        return dout * 2.0
`;

const BRANCHES = `${LAYERS}
x = np.array([-1.0, 2.0, -3.0, 4.0])
relu, scale, add = Relu(), Scale(), AddLayer()
a = relu.forward(x)
b = scale.forward(x)
out = add.forward(a, b)
da, db = add.backward(np.ones(4))
dx1 = relu.backward(da)
dx2 = scale.backward(db)
print(dx1 + dx2)
`;

const CHAIN = `${LAYERS}
x = np.array([-1.0, 2.0, -3.0, 4.0])
scale, relu = Scale(), Relu()
y = relu.forward(scale.forward(x))
dx = scale.backward(relu.backward(np.ones(4)))
print(dx)
`;

const layerNodes = async (text: string) => {
  const s = tempScript('branches.py', text);
  try {
    const r = await trace(s.file);
    const cli = (await runCli([s.file, '--python', PYTHON])).out;
    return { r, cli, nodes: recordedToGraph(r, 0).nodes.filter((n) => n.kind === 'layer'), line: text.split('\n').indexOf('dx1 = relu.backward(da)') + 1 };
  } finally {
    s.cleanup();
  }
};

describe('a dout written into by another branch (AddLayer (dout, dout) and the book\'s Relu)', function () {
  this.timeout(60_000);

  it('every check is ok, the whole gradient is wrong, and the layer that received the written array says why', async () => {
    const { r, cli, nodes, line } = await layerNodes(BRANCHES);
    // numpy: d/dx (relu(x) + 2x) = (x > 0) + 2 = [2 3 2 3]; the program's backprop gave [0 3 0 3]
    assert.equal(r.stdout, '[0. 3. 0. 3.]\n');
    assert.deepEqual(r.gradcheck.map((g) => [g.class, g.status]).sort(), [['AddLayer', 'ok'], ['Relu', 'ok'], ['Scale', 'ok']]);
    const said = `the dout its backward received had been changed in place first: relu's backward (line ${line}) wrote into that same array (dout) before this layer got it`;
    const scale = nodes.find((n) => n.label === 'scale')!;
    assert.match(scale.verdict?.text ?? '', /^ok: dx match central differences \(4 elements checked\)\. But /);
    assert.ok(scale.verdict?.text.endsWith(` But ${said}.`), scale.verdict?.text);
    assert.ok(!scale.notes?.includes(said), 'said once, in the verdict, not again in a note');
    for (const other of nodes.filter((n) => n !== scale)) assert.ok(!other.verdict?.text.includes('changed in place first'), `${other.label}: ${other.verdict?.text}`);
    assert.ok(cli.includes(`\n  scale (Scale): ok: dx match central differences (4 elements checked). But ${said}.\n`), cli);
    assert.equal(cli.split('changed in place first').length, 2, 'the CLI says it once, on scale');
  });

  it('the chain scale -> relu: relu returns the dout it wrote into as scale\'s dout, as it should: nothing said', async () => {
    const { r, nodes } = await layerNodes(CHAIN);
    assert.equal(r.stdout, '[0. 2. 0. 2.]\n');
    assert.equal(nodes.length, 2);
    for (const n of nodes) assert.ok(!(n.notes ?? []).some((t) => t.includes('changed in place first')) && n.verdict?.status === 'ok', `${n.label}: ${n.verdict?.text}`);
  });
});
