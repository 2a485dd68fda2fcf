// The book's chapter 6-7 layers in run mode (test/fixtures/convnet.ts, ours in their style): each
// layer's verdict right (ok for correct code, FAILED on a planted slip), and a forward that draws
// its mask from a generator of the learner's own (np.random.default_rng) checked on that mask,
// not a new one, without moving the program's random stream; one it cannot rewind is not checked, with why.
import * as assert from 'node:assert/strict';
import { CONVNET_LAYERS, convnet } from '../../fixtures/convnet';
import { PYTHON, plainRun, runCli, tempScript } from './helpers';

const cli = (file: string) => runCli([file, '--python', PYTHON]);

/** The gradient check's line for one layer (`name (Class): …`). */
function verdict(out: string, name: string): string {
  const line = out.split('\n').find((l) => l.startsWith(`  ${name} (`));
  assert.ok(line, out.slice(out.indexOf('gradient check')));
  return line;
}

async function checked(text: string): Promise<{ out: string; printed: string; plain: string }> {
  const s = tempScript('convnet.py', text);
  try {
    const r = await cli(s.file);
    assert.equal(r.code, 0, r.err);
    return { out: r.out, printed: r.out.slice(0, r.out.indexOf('── backprop-trace')), plain: plainRun(s.file) };
  } finally {
    s.cleanup();
  }
}

describe("the book's chapter 6-7 layers in run mode: Convolution, Pooling, BatchNormalization, Dropout", function () {
  this.timeout(120_000);

  it('the correct layers: every verdict ok, and the program prints what it prints plainly (running mean, next draw)', async () => {
    const { out, printed, plain } = await checked(convnet());
    assert.equal(printed, plain);
    const layers = { conv: 'Convolution', relu: 'Relu', pool: 'Pooling', affine: 'Affine', bn: 'BatchNormalization', drop: 'Dropout' };
    for (const [name, cls] of Object.entries(layers)) assert.match(verdict(out, name), new RegExp(`^ {2}${name} \\(${cls}\\): ok: `));
    assert.match(verdict(out, 'conv'), /ok: dx, dW, db match central differences/);
    assert.match(verdict(out, 'bn'), /ok: dx, dbeta, dgamma match central differences/);
  });

  it('Pooling backward that ignores arg_max: Pooling FAILED on dx, Convolution still ok', async () => {
    const { out } = await checked(convnet({ from: 'dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()', to: 'dmax[:, 0] = dout.flatten()' }));
    assert.match(verdict(out, 'pool'), /FAILED: dx at \(\d+, \d+, \d+, \d+\): backprop \S+, numerical \S+\./);
    assert.match(verdict(out, 'conv'), /ok: /);
  });

  it('col2im that assigns instead of adding the overlapping windows: Convolution FAILED on dx, its dW and db ok', async () => {
    const { out } = await checked(convnet({ from: 'img[:, :, y:y_max:stride, x:x_max:stride] += col', to: 'img[:, :, y:y_max:stride, x:x_max:stride] = col' }));
    assert.match(verdict(out, 'conv'), /FAILED: dx at \(\d+, 0, \d+, \d+\): /);
    assert.match(out, /\n {4}dx max \|diff\| \S+ \(72 checked\), dW max \|diff\| \S+e-1\d \(27 checked\), db max \|diff\| \S+e-1\d \(3 checked\)\n/);
  });

  it("col2im's slip where the gradients are near 1e-7 (weights 0.01, a batch of 100, as SimpleConvNet): FAILED, not within a fixed 1e-6", async () => {
    const small = (slip: string) => CONVNET_LAYERS.replace('img[:, :, y:y_max:stride, x:x_max:stride] += col', slip) + SMALL_GRADIENTS;
    const right = await checked(small('img[:, :, y:y_max:stride, x:x_max:stride] += col'));
    assert.equal(right.printed, right.plain);
    assert.match(verdict(right.out, 'conv'), /ok: dx, dW, db match central differences/);
    assert.match(verdict(right.out, 'pool'), /ok: dx match central differences/);
    const { out } = await checked(small('img[:, :, y:y_max:stride, x:x_max:stride] = col'));
    const line = /^ {2}conv \(Convolution\): FAILED: dx at \(\d+, 0, \d+, \d+\): backprop (\S+), numerical (\S+)\.$/.exec(verdict(out, 'conv'));
    assert.ok(line, verdict(out, 'conv'));
    const worst = Math.max(Math.abs(Number(line[1])), Math.abs(Number(line[2])));
    assert.ok(worst < 1e-6, `the gradients this small: ${worst}`);
  });

  it('Dropout backward without its mask: Dropout FAILED (the check re-runs forward on the mask it drew)', async () => {
    const { out, printed, plain } = await checked(convnet({ from: 'return dout * self.mask', to: 'return dout' }));
    assert.equal(printed, plain);
    assert.match(verdict(out, 'drop'), /FAILED: dx at \(\d+, \d+\): backprop \S+, numerical 0\./);
    assert.match(verdict(out, 'bn'), /ok: /);
  });
});

// SimpleConvNet's scales (weights 0.01, a batch of 100) on a smaller image: Conv1's dx is near 1e-7.
const SMALL_GRADIENTS = `x = np.random.rand(100, 1, 8, 8)
t = np.random.randint(0, 4, 100)
conv = Convolution(0.01 * np.random.randn(3, 1, 3, 3), np.zeros(3))
relu = Relu()
pool = Pooling(2, 2, stride=2)
affine = Affine(0.01 * np.random.randn(27, 10), np.zeros(10))
relu2 = Relu()
affine2 = Affine(0.01 * np.random.randn(10, 4), np.zeros(4))
loss_layer = SoftmaxWithLoss()
loss = loss_layer.forward(affine2.forward(relu2.forward(affine.forward(pool.forward(relu.forward(conv.forward(x)))))), t)
dout = affine.backward(relu2.backward(affine2.backward(loss_layer.backward(1))))
dx = conv.backward(relu.backward(pool.backward(dout)))
print('loss', loss, 'dW sum', conv.dW.sum())
`;

const GENERATORS = `import time
import numpy as np
rng = np.random.default_rng(0)

class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None
    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = rng.random(x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)
    def backward(self, dout):
        return dout * self.mask

class OwnDropout(Dropout):
    def __init__(self, dropout_ratio=0.5):
        super().__init__(dropout_ratio)
        self.rng = np.random.default_rng(1)
    def forward(self, x, train_flg=True):
        self.mask = self.rng.random(x.shape) > self.dropout_ratio
        return x * self.mask

class ArgDropout(Dropout):
    def forward(self, x, gen):
        self.mask = gen.random(x.shape) > self.dropout_ratio
        return x * self.mask

class Noise:
    def forward(self, x):
        self.noise = np.random.default_rng().normal(size=x.shape)
        return x * self.noise
    def backward(self, dout):
        return dout * self.noise

x = np.arange(12.0).reshape(3, 4) / 7
drop, own, noise, arg = Dropout(0.5), OwnDropout(0.5), Noise(), ArgDropout(0.5)
gen = np.random.default_rng(2)
y = arg.forward(noise.forward(own.forward(drop.forward(x))), gen)
dx = drop.backward(own.backward(noise.backward(arg.backward(np.ones_like(y)))))
time.sleep(1.6)  # the checks run while the program still runs (a second after they were queued)
print(dx.shape, drop.mask.sum(), own.mask.sum())
print(drop.forward(x), rng.random(), own.rng.random(), gen.random())
`;

describe('a Dropout drawing from a generator of its own (np.random.default_rng: on the layer, the module, or passed to forward)', function () {
  this.timeout(120_000);

  it("is checked on the mask its forward drew (ok, not a false FAILED), and the check leaves the program's draws as they were", async () => {
    const { out, printed, plain } = await checked(GENERATORS);
    assert.equal(printed, plain, "the program's own generator is where it was when the check ran mid-run");
    assert.match(verdict(out, 'drop'), /^ {2}drop \(Dropout\): ok: dx match central differences \(12 elements checked\)\.$/);
    assert.match(verdict(out, 'own'), /^ {2}own \(OwnDropout\): ok: dx match central differences \(12 elements checked\)\.$/);
    assert.match(verdict(out, 'arg'), /^ {2}arg \(ArgDropout\): ok: dx match central differences \(12 elements checked\)\.$/, 'a generator passed to forward');
  });

  it('a forward drawing from a new generator at every call: not checked, saying its forward gave another output on the same copy', async () => {
    const { out } = await checked(GENERATORS);
    assert.equal(
      verdict(out, 'noise'),
      '  noise (Noise): not checked: its forward gave a different output when re-run on the same copy (it draws random numbers from a ' +
        'generator the tracer could not rewind, or reads something that changes between calls), so central differences of it would not be its gradient',
    );
  });

  it("after the recording's cap, where its state is not kept: not checked with why (was a false FAILED), and the program's draws as they were", async () => {
    const s = tempScript('cap.py', CAPPED);
    try {
      const r = await runCli([s.file, '--python', PYTHON, '--max-calls', '10']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.slice(0, r.out.indexOf('── backprop-trace')), plainRun(s.file), 'its check ran at once after its backward, mid-run');
      assert.equal(
        verdict(r.out, 'gen'),
        "  gen (GenDropout): not checked: its forward draws random numbers from a generator of its own, and this forward ran after the recording's cap, " +
          "when the tracer does not keep such a generator's state: re-run on other numbers, it cannot be checked",
      );
      assert.match(r.out, /\n {2}Dropout#1: ok: dx match central differences \(12 elements checked\)\.\n/, 'the book\'s Dropout (np.random.rand) is checked after the cap');
    } finally {
      s.cleanup();
    }
  });
});

const CAPPED = `import numpy as np
rng = np.random.default_rng(0)

class GenDropout:
    def __init__(self, ratio=0.5):
        self.ratio = ratio
        self.mask = None
    def forward(self, x):
        self.mask = rng.random(x.shape) > self.ratio
        return x * self.mask
    def backward(self, dout):
        return dout * self.mask

class Dropout(GenDropout):
    def forward(self, x):
        self.mask = np.random.rand(*x.shape) > self.ratio
        return x * self.mask

np.random.seed(0)
x = np.arange(12.0).reshape(3, 4) / 7
gen, book = GenDropout(), Dropout()
for i in range(30):  # numerical_gradient's forward-only calls fill the cap
    gen.forward(x)
y = book.forward(gen.forward(x))
dx = gen.backward(book.backward(np.ones_like(y)))
print(dx.sum(), rng.random(), np.random.rand())
`;
