// The tracer imports numpy only when the program does (values.py's numpy_arrived): a numpy-free
// program runs without it (its ~230 ms of CPU), and a program that gets numpy through its own
// module, its text never naming numpy, still has its arrays recorded and its layers checked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BOOK_RELU, plainRun, tempScript, trace } from './helpers';

describe('tracer: numpy imported only by the program', function () {
  this.timeout(60_000);

  it('a numpy-free program: numpy is not in sys.modules when it ends, traced as plain; its layers checked on numbers', async () => {
    const s = tempScript('mul_only.py', `import sys
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x
layer = MulLayer()
price = layer.forward(100, 2)
print(price, layer.backward(1.0))
name = 'num' + 'py'  # spelt apart: a file whose text names it gets it before the hook (bpt_trace.py)
print('loaded:', name in sys.modules)
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.stdout, plainRun(s.file));
      assert.match(r.stdout, /loaded: False\n$/);
      assert.equal(r.numpy, undefined, 'no numpy version: the program never imported it');
      assert.deepEqual(r.gradcheck.map((g) => [g.class, g.status]), [['MulLayer', 'ok']]);
    } finally {
      s.cleanup();
    }
  });

  it('numpy imported by the program\'s own module (its file never names it): arrays recorded, the layer checked, the version reported', async () => {
    const s = tempScript('main.py', `from mylayers import Relu, np
layer = Relu()
x = np.array([[1.0, -2.0], [-0.5, 3.0]])
out = layer.forward(x)
dx = layer.backward(np.ones((2, 2)))
print(out.tolist(), dx.tolist())
`);
    fs.writeFileSync(path.join(s.dir, 'mylayers.py'), BOOK_RELU);
    try {
      assert.ok(!fs.readFileSync(s.file, 'utf8').includes('numpy'));
      const r = await trace(s.file);
      assert.equal(r.stdout, plainRun(s.file));
      assert.match(r.numpy ?? '', /^\d+\.\d+/);
      const forward = r.calls[0];
      assert.deepEqual((forward.args[0] as { shape?: number[] }).shape, [2, 2], 'x recorded as an array');
      assert.deepEqual(r.gradcheck.map((g) => [g.class, g.status]), [['Relu', 'ok']]);
    } finally {
      s.cleanup();
    }
  });
});
