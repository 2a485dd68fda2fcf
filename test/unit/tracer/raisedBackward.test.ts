// A backward that raised is "not checked", and the learner is told which exception and on which of
// their lines (checker.py's raised_reason): sys.monitoring (3.12+) hands the tracer the exception
// as the backward unwinds; sys.setprofile (3.8-3.11) does not, so there the frame the backward
// returns to is traced for that one exception (caught.py) and a program that caught it is told its
// name too (it was given the line only); one that died of it is named at the run's end as well.
// Real Python: cs231n-style function pairs (our own, in the style of learners' layers.py) and the
// book's pure-Python MulLayer on every Python 3.8-3.13 this machine has.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordedToGraph } from '../../../src/engine/recorded';
import { parseRecorded } from '../../../src/engine/recorded/schema';
import { runTracer } from '../../../src/python/tracer';
import { PYTHON, runCli, tempScript, trace, TRACER } from './helpers';

const PYENV = '/root/.pyenv/versions';

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
${caught ? 'import sys\ntry:\n    dx, dw, db = affine_backward(dout, cache)\nexcept ValueError as e:\n    print("caught:", e)\nprint("trace:", sys.gettrace())\n' : 'dx, dw, db = affine_backward(dout, cache)\n'}`;

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

  it('the program caught it: named too, and the program runs on with no trace function of ours', async () => {
    const s = files(true);
    try {
      const r = await trace(s.file);
      assert.match(r.stdout ?? '', /caught: shapes \(4,3\) and \(5,3\) not aligned/);
      assert.match(r.stdout ?? '', /^trace: None$/m);
      const g = r.gradcheck.find((e) => e.class === 'affine')!;
      assert.equal(g.reason, `its backward raised ValueError: shapes (4,3) and (5,3) not aligned: 3 (dim 1) != 5 (dim 0) (layers.py:${SLIP_LINE})`);
    } finally {
      s.cleanup();
    }
  });

  // the book's MulLayer with a misspelt attribute, the exception caught by the program
  const MUL = (own: string) => `import sys
class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y
    def backward(self, dout):
        dx = dout * self.Y
        dy = dout * self.x
        return dx, dy
${own}
mul = MulLayer()
price = mul.forward(100, 2)
try:
    mul.backward(1)
except AttributeError as e:
    print('caught', e)
print('trace:', sys.gettrace())
`;
  const NAMED = "its backward raised AttributeError: 'MulLayer' object has no attribute 'Y' (buy_apple.py:8)";

  async function mulReason(python: string, own = '') {
    const s = tempScript('buy_apple.py', MUL(own));
    try {
      const outcome = await runTracer({ python, tracer: TRACER, file: s.file, cwd: s.dir, timeoutMs: 60_000, args: [] });
      const parsed = parseRecorded(outcome.result ?? '');
      if ('error' in parsed) assert.fail(`${parsed.error}\n${outcome.stderr}`);
      return { reason: parsed.result.gradcheck.find((e) => e.class === 'MulLayer')!.reason, stdout: parsed.result.stdout ?? '' };
    } finally {
      s.cleanup();
    }
  }

  it('a caught exception is named on every Python 3.8-3.13 here (sys.setprofile and sys.monitoring), the program\'s trace left off', async () => {
    const wanted = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
    const pyenv = fs.existsSync(PYENV) ? fs.readdirSync(PYENV) : [];
    const found = wanted.map((v) => [v, pyenv.find((d) => d.startsWith(v + '.'))] as const);
    console.log(`      versions: ${found.map(([v, d]) => (d ? v : `${v} (not on this machine)`)).join(', ')}`);
    const runs = found.filter(([, d]) => d).map(([v, d]) => [v, path.join(PYENV, d!, 'bin', 'python')] as const);
    runs.push(['python3', PYTHON]);
    for (const [v, exe] of runs) {
      const { reason, stdout } = await mulReason(exe);
      assert.equal(reason, NAMED, v);
      assert.match(stdout, /^trace: None$/m, `${v}: no trace function left on`);
    }
  });

  it('a program with its own trace function keeps it: the line only on 3.8-3.11, never a wrong name', async () => {
    const own = 'def mine(frame, event, arg):\n    return None\nsys.settrace(mine)\n';
    const { reason, stdout } = await mulReason(PYTHON, own);
    assert.equal(reason, 'its backward raised an exception (buy_apple.py:8)');
    assert.match(stdout, /^trace: <function mine at /m);
  });
});
