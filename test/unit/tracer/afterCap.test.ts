// After the recording's cap there is no profile hook (aftercap.py): the layer classes' recorded
// methods are wrapped. These run the real tracer on real Python: every layer call after the cap
// is counted exactly once (the count the run reports as not recorded), whatever class it is on
// (seen before the cap, defined after it, an inherited method), a super().forward inside an
// override is not a second call, the program prints what it prints plainly, and a forward that
// draws random numbers whose state the watch did not keep is said not checked, with the reason,
// rather than checked on other numbers.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { plainRun, PYTHON, ROOT, tempScript, trace } from './helpers';

const PROGRAM = `import numpy as np
class Base:
    def forward(self, x):
        self.x = x
        return x * 2.0
    def backward(self, dout):
        return dout * 2.0
class Sub(Base):
    def forward(self, x):
        return super().forward(x) + 1.0
x = np.arange(6.0).reshape(2, 3)
b = Base()
for k in range(2):
    b.forward(x)
    b.backward(x)
s = Sub()
for k in range(5):
    s.forward(x)
s.backward(x)
class Late:
    def forward(self, x):
        return x - 1.0
    def backward(self, dout):
        return dout
l = Late()
for k in range(7):
    l.forward(x)
l.backward(x)
print(type(s).forward.__name__, Base.forward.__qualname__, s.forward(x).sum())
`;

describe('tracer: layer calls after the cap (no profile hook: wrapped methods)', function () {
  this.timeout(120_000);

  it('counts every layer call past the cap once: seen classes, inherited backward, a class defined after the cap; not super().forward', async () => {
    const s = tempScript('after_cap.py', PROGRAM);
    try {
      const r = await trace(s.file, ['--max-calls', '4']);
      assert.equal(r.capped, true);
      assert.equal(r.calls.length, 4);
      // Sub.forward x5 (the first met the cap) + Sub.backward (Base's) + Late.forward x7 + Late.backward + the last s.forward
      assert.equal(r.unrecorded, 15);
      assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly (names and results unchanged)');
      // the instances first run backward after the cap are checked, the class defined after it too
      assert.deepEqual(r.gradcheck.map((g) => [g.class, g.status]).sort(), [['Base', 'ok'], ['Late', 'ok'], ['Sub', 'ok']]);
    } finally {
      s.cleanup();
    }
  });

  it('a run under the cap counts nothing (no `unrecorded`), and the classes are as they were when the checks run', async () => {
    const s = tempScript('under_cap.py', PROGRAM);
    try {
      const r = await trace(s.file);
      assert.equal(r.capped, false);
      assert.equal(r.unrecorded, undefined);
      assert.equal(r.calls.length, 4 + 15, 'every call the capped run recorded or counted, recorded here');
    } finally {
      s.cleanup();
    }
  });

  it('the CLI says how many layer calls after the cap were not recorded', () => {
    const s = tempScript('cli_cap.py', PROGRAM);
    try {
      const out = execFileSync(process.execPath, [path.join(ROOT, 'out', 'src', 'cli.js'), 'run', s.file, '--max-calls', '4', '--python', PYTHON], { cwd: s.dir, encoding: 'utf8' });
      assert.match(out, /recording stopped at the cap after 4 calls; the program ran on, and 15 later calls of its layers were not recorded/);
    } finally {
      s.cleanup();
    }
  });

  it('a forward that first draws random numbers after the probes, past the cap, is not checked, and says why', async () => {
    const s = tempScript('late_draw.py', `import numpy as np
class Mul:
    def forward(self, x):
        self.x = x
        return x * 3.0
    def backward(self, dout):
        return dout * 3.0
class Noisy:
    def forward(self, x, noisy=False):
        self.mask = (np.random.rand(*x.shape) > 0.5) if noisy else np.ones(x.shape, dtype=bool)
        return x * self.mask
    def backward(self, dout):
        return dout * self.mask
x = np.arange(1.0, 7.0).reshape(2, 3)
m = Mul()
m.forward(x)
m.backward(x)
n = Noisy()
for k in range(40):
    n.forward(x)
n.forward(x, noisy=True)
n.backward(np.ones_like(x))
`);
    try {
      const r = await trace(s.file, ['--max-calls', '2']);
      assert.equal(r.capped, true);
      const check = r.gradcheck.find((g) => g.class === 'Noisy');
      assert.equal(check?.status, 'unchecked', JSON.stringify(check));
      assert.match(String(check?.reason), /its forward draws random numbers, and this forward ran after the recording's cap/);
    } finally {
      s.cleanup();
    }
  });

  it('a class that drew while recorded takes the random state after the cap at every forward: checked ok', async () => {
    const s = tempScript('drew.py', `import numpy as np
class Dropout:
    def forward(self, x):
        self.mask = np.random.rand(*x.shape) > 0.5
        return x * self.mask
    def backward(self, dout):
        return dout * self.mask
x = np.arange(1.0, 7.0).reshape(2, 3)
d = Dropout()
d.forward(x)
e = Dropout()
for k in range(40):
    e.forward(x)
e.backward(np.ones_like(x))
`);
    try {
      const r = await trace(s.file, ['--max-calls', '1']);
      assert.equal(r.unrecorded, 41);
      const check = r.gradcheck.find((g) => g.instance === 1);
      assert.equal(check?.status, 'ok', JSON.stringify(check));
    } finally {
      s.cleanup();
    }
  });
});
