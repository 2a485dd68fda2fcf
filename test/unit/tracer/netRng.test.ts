// A Dropout drawing its mask from the network's generator, reached through the network it holds
// (`self.net.rng.random(x.shape)`, one generator its layers share): its state is taken when the
// forward starts and set on the check's copy before each evaluation, as a generator on the layer
// itself is (draws.py). It was "not checked: its forward gave a different output when re-run on
// the same copy". The program's own stream is not moved by the check. Our own fixture, in the style
// of learners' chapter 6 networks that keep their generator on the network.
import * as assert from 'node:assert/strict';
import { PYTHON, plainRun, runCli, tempScript } from './helpers';

const PROGRAM = (backward: string) => `import numpy as np


class Net:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.layers = [Dropout(self, 0.5), Dropout(self, 0.3)]


class Dropout:
    def __init__(self, net, dropout_ratio=0.5):
        self.net = net
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x):
        self.mask = self.net.rng.random(x.shape) > self.dropout_ratio
        return x * self.mask

    def backward(self, dout):
        ${backward}


net = Net(0)
x = np.arange(12.0).reshape(3, 4) - 5
out = x
for layer in net.layers:
    out = layer.forward(out)
dout = np.ones_like(out)
for layer in reversed(net.layers):
    dout = layer.backward(dout)
print(dout.sum(), net.rng.random())
`;

async function run(backward: string) {
  const s = tempScript('dropout_net.py', PROGRAM(backward));
  try {
    const r = await runCli([s.file, '--python', PYTHON]);
    assert.equal(r.code === 0 || r.code === 2, true, r.err);
    const at = r.out.indexOf('── backprop-trace');
    return { out: r.out, printed: r.out.slice(0, at), plain: plainRun(s.file), code: r.code };
  } finally {
    s.cleanup();
  }
}

const lines = (out: string) => out.split('\n').filter((l) => l.startsWith('  layer (Dropout): '));

describe('a Dropout drawing from the network it holds (self.net.rng)', function () {
  this.timeout(120_000);

  it('is checked on the mask its forward drew (ok), and the program draws what it draws plainly', async () => {
    const { out, printed, plain, code } = await run('return dout * self.mask');
    assert.equal(code, 0, out);
    assert.equal(printed, plain, "the network's generator is where the program left it");
    assert.deepEqual(lines(out), [
      '  layer (Dropout): ok: dx match central differences (12 elements checked).',
      '  layer (Dropout): ok: dx match central differences (12 elements checked).',
    ]);
  });

  it('a backward that forgets the mask is FAILED (the check is real)', async () => {
    const { out, printed, plain } = await run('return dout');
    assert.equal(printed, plain);
    const found = lines(out);
    assert.equal(found.length, 2, out);
    for (const l of found) assert.match(l, /^ {2}layer \(Dropout\): FAILED: dx at \(\d, \d\): backprop 1, numerical 0\.$/);
  });
});
