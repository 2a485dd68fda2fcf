// The book's Dropout (chapter 6, common/layers.py) draws its mask with np.random.rand: its check
// re-runs forward from the random state the forward started with. numpy 2's np.random.rand is a
// Cython 3 method, not a C function, so sys.setprofile sees no call into the generator (numpy
// 1.24's was one): the state has to be taken when the forward starts, or the check draws another
// mask (a false FAILED: "dx at (0, 2): backprop 2, numerical 0"). Run on every Python here with numpy.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { PYTHON, runCli, tempScript } from './helpers';

const DROPOUT = `import numpy as np
class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None
    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            return x * self.mask
        else:
            return x * (1.0 - self.dropout_ratio)
    def backward(self, dout):
        return dout * self.mask
np.random.seed(0)
drop = Dropout()
x = np.random.randn(4, 5)
y = drop.forward(x)
dx = drop.backward(np.full((4, 5), 2.0))
print(drop.mask.sum(), repr(np.random.rand()))
`;

const numpyOf = (python: string): string | undefined => {
  const r = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

describe("tracer: the book's Dropout on numpy 1 and numpy 2 (np.random.rand seen or not by the profile hook)", function () {
  this.timeout(120_000);

  it('ok on every Python here with numpy, the program printing what it prints plainly', async () => {
    const pythons = [PYTHON, ...['3.11.7', '3.12.1', '3.13.0'].map((v) => `/root/.pyenv/versions/${v}/bin/python`)]
      .filter((p) => fs.existsSync(p) && numpyOf(p) !== undefined);
    console.log(`      (run on ${pythons.map((p) => `${p} with numpy ${numpyOf(p)}`).join(', ')})`);
    const s = tempScript('dropout.py', DROPOUT);
    try {
      for (const python of pythons) {
        const r = await runCli([s.file, '--python', python]);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /\n {2}drop \(Dropout\): ok: dx match central differences \(20 elements checked\)\./, `${python}: ${r.out}`);
        const plain = spawnSync(python, [s.file], { encoding: 'utf8' }).stdout;
        assert.ok(r.out.startsWith(plain), `${python}: the program's random stream is its own`);
      }
    } finally {
      s.cleanup();
    }
  });
});
