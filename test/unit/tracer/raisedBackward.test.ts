// A backward that raised is "not checked", and the learner is told which exception and on which of
// their lines (checker.py's raised_reason): sys.monitoring (3.12+) hands the tracer the exception
// as the backward unwinds; sys.setprofile (3.8-3.11) does not, so there the exception is named at
// the run's end when the program died of it (its traceback passes through that backward), and a
// program that caught it gets the line only. Real Python: cs231n-style function pairs (our own, in
// the style of learners' layers.py) and the book's pure-Python MulLayer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordedToGraph } from '../../../src/engine/recorded';
import { parseRecorded } from '../../../src/engine/recorded/schema';
import { runTracer } from '../../../src/python/tracer';
import { PYTHON, runCli, tempScript, trace, TRACER } from './helpers';

// cs231n's affine layer with the slip learners make: dout.dot(w), not dout.dot(w.T)
const LAYERS = `import numpy as np

def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache

def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
`;
const SLIP_LINE = LAYERS.split('\n').indexOf('    dx = dout.dot(w).reshape(x.shape)') + 1;

const program = (caught: boolean) => `import numpy as np
from layers import affine_forward, affine_backward

np.random.seed(0)
x = np.random.randn(4, 5)
w = np.random.randn(5, 3)
b = np.zeros(3)
out, cache = affine_forward(x, w, b)
dout = np.ones_like(out)
${caught ? 'try:\n    dx, dw, db = affine_backward(dout, cache)\nexcept ValueError as e:\n    print("caught:", e)\n' : 'dx, dw, db = affine_backward(dout, cache)\n'}`;

function files(caught: boolean) {
  const s = tempScript('train.py', program(caught));
  fs.writeFileSync(path.join(s.dir, 'layers.py'), LAYERS);
  return s;
}

describe('tracer: a backward that raised names its exception and the line', function () {
  this.timeout(120_000);

  it('the program died of it: the exception and layers.py:line, on the graph and in the CLI (sys.setprofile names it at the end)', async () => {
    const s = files(false);
    try {
      const r = await trace(s.file);
      const g = r.gradcheck.find((e) => e.class === 'affine')!;
      assert.equal(g.status, 'unchecked');
      assert.equal(g.reason, `its backward raised ValueError: shapes (4,3) and (5,3) not aligned: 3 (dim 1) != 5 (dim 0) (layers.py:${SLIP_LINE})`);
      const node = recordedToGraph(r, 0).nodes.find((n) => n.kind === 'layer')!;
      assert.equal(node.verdict?.text, `not checked: ${g.reason}`);
      const cli = await runCli([s.file, '--python', PYTHON]);
      assert.equal(cli.code, 2);
      assert.ok(cli.out.includes(`affine_backward: not checked: ${g.reason}\n`), cli.out);
    } finally {
      s.cleanup();
    }
  });

  it('the program caught it: sys.setprofile gives no exception, so the line only (never a wrong name)', async () => {
    const s = files(true);
    try {
      const r = await trace(s.file);
      assert.match(r.stdout ?? '', /caught: shapes \(4,3\) and \(5,3\) not aligned/);
      const g = r.gradcheck.find((e) => e.class === 'affine')!;
      assert.equal(g.reason, `its backward raised an exception (layers.py:${SLIP_LINE})`);
    } finally {
      s.cleanup();
    }
  });

  it('sys.monitoring (3.12+) names a caught exception too: the book\'s MulLayer with a misspelt attribute', async () => {
    const newer = ['3.13.0', '3.12.1'].map((v) => `/root/.pyenv/versions/${v}/bin/python`).find((p) => fs.existsSync(p));
    if (!newer) {
      console.log('      (no Python 3.12+ on this machine: the sys.monitoring path is not run here)');
      return;
    }
    const s = tempScript('buy_apple.py', `class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y
    def backward(self, dout):
        dx = dout * self.Y
        dy = dout * self.x
        return dx, dy

mul = MulLayer()
price = mul.forward(100, 2)
try:
    mul.backward(1)
except AttributeError as e:
    print('caught', e)
`);
    try {
      const outcome = await runTracer({ python: newer, tracer: TRACER, file: s.file, cwd: s.dir, timeoutMs: 60_000, args: [] });
      const parsed = parseRecorded(outcome.result ?? '');
      assert.ok(!('error' in parsed), outcome.stderr);
      const g = parsed.result.gradcheck.find((e) => e.class === 'MulLayer')!;
      assert.equal(g.reason, "its backward raised AttributeError: 'MulLayer' object has no attribute 'Y' (buy_apple.py:7)");
    } finally {
      s.cleanup();
    }
  });
});
