// The tracer's contract beyond the examples: errors, the caps, big arrays, a signal, cells.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runTracer } from '../../../src/python/tracer';
import type { RecordedArray } from '../../../src/engine/recorded/schema';
import { withNested } from '../../../src/engine/recorded/values';
import { BOOK_RELU, EXAMPLES, plainRun, processesWith, PYTHON, tempScript, trace, traceCells, TRACER } from './helpers';

const LAYER = BOOK_RELU;

describe('tracer behaviour', function () {
  this.timeout(120_000);

  it('a raising program: the error at the line in the reader’s file, calls so far kept', async () => {
    const s = tempScript('raises.py', `${LAYER}r = Relu()
r.forward(np.array([1.0, -1.0]))
def helper(v):
    return v / undefined_name
helper(1)
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.outcome.exitCode, 1);
      assert.equal(r.calls.length, 1);
      assert.match(r.error?.message ?? '', /^NameError: name 'undefined_name' is not defined$/);
      assert.equal(r.error?.line, 14);
      assert.equal(r.error?.file, s.file);
      assert.match(r.error?.traceback ?? '', /line 15, in <module>[\s\S]*line 14, in helper/);
      assert.doesNotMatch(r.error?.traceback ?? '', /bpt_trace/, 'no tracer frames');
    } finally {
      s.cleanup();
    }
  });

  it('an exception inside forward marks the call as raised', async () => {
    const s = tempScript('fwd.py', 'class L:\n    def forward(self, x):\n        return x / 0\nL().forward(1)\n');
    try {
      const r = await trace(s.file);
      assert.equal(r.calls[0].raised, true);
      assert.equal(r.calls[0].result, null);
      assert.equal(r.error?.line, 3);
      assert.match(r.error?.message ?? '', /ZeroDivisionError/);
    } finally {
      s.cleanup();
    }
  });

  it('a program with no layer: empty calls, its stdout, no error; a syntax error has line and column', async () => {
    const s = tempScript('plain.py', 'print("hello")\n');
    const bad = tempScript('bad.py', 'x = 1\ny = (\n');
    try {
      const r = await trace(s.file);
      assert.deepEqual([r.calls, r.stdout, r.error, r.passes], [[], 'hello\n', undefined, 0]);
      const b = await trace(bad.file);
      assert.equal(b.error?.line, 2);
      assert.equal(b.error?.column, 5);
      assert.match(b.error?.message ?? '', /^SyntaxError: '\(' was never closed/);
    } finally {
      s.cleanup();
      bad.cleanup();
    }
  });

  it('caps: stops recording after --max-passes, the program runs on (or stops with --stop-at-cap)', async () => {
    const s = tempScript('loop.py', `${LAYER}r = Relu()
for i in range(50):
    y = r.forward(np.array([1.0, -2.0, float(i)]))
    r.backward(np.ones(3))
print("done", i)
`);
    try {
      const r = await trace(s.file, ['--max-passes', '3']);
      assert.equal(r.capped, true);
      assert.equal(r.passes, 3);
      assert.equal(r.calls.length, 6);
      assert.deepEqual(r.calls.map((c) => c.pass), [0, 0, 1, 1, 2, 2]);
      assert.equal(r.stdout, 'done 49\n', 'the loop ran to its end');
      assert.deepEqual((withNested(r.calls[4].args[0]) as RecordedArray).data, [1, -2, 2]);
      const byCalls = await trace(s.file, ['--max-calls', '5']);
      assert.equal(byCalls.calls.length, 5);
      assert.equal(byCalls.capped, true);
      const stopped = await trace(s.file, ['--max-passes', '2', '--stop-at-cap']);
      assert.equal(stopped.stdout, '', 'stopped before the print');
      assert.equal(stopped.stoppedAtCap, true);
      assert.equal(stopped.calls.length, 4);
      // one verdict per layer instance (its first forward/backward pair), made as its backward returned
      assert.deepEqual(stopped.gradcheck.map((g) => [g.instance, g.status]), [[0, 'ok']]);
    } finally {
      s.cleanup();
    }
  });

  it('big arrays: stats and a strided sample; the output cap truncates', async () => {
    const s = tempScript('big.py', `${LAYER}x = np.arange(200 * 100, dtype=np.float64).reshape(200, 100) - 5000
r = Relu()
for i in range(3):
    r.backward(r.forward(x))
`);
    try {
      // a budget that fits 4096 elements of this forward on any machine: the sample's size is fixed
      const r = await trace(s.file, ['--gradcheck-seconds', '120']);
      const x = withNested(r.calls[0].args[0]) as RecordedArray;
      assert.equal(x.data, undefined);
      assert.deepEqual([x.shape, x.min, x.max, x.mean], [[200, 100], -5000, 14999, 4999.5]);
      assert.deepEqual(x.strides, [4, 2]);
      assert.deepEqual(x.sampleShape, [50, 50]);
      const sample = x.sample as number[][];
      assert.equal(sample[1][1], 4 * 100 + 2 - 5000);
      assert.match(x.text ?? '', /^\[\[-5000\. -4999\. -4998\. \.\.\./);
      // the shared sample (src/constants.json): 256 of the 20,000 elements, x = 0 a kink if picked
      const port = r.gradcheck[0].inputs[0];
      assert.ok(port.checked + (port.kinks ?? 0) === 256 && r.gradcheck[0].ok, JSON.stringify(port));
      // no time left: the port still checks 16 elements (MIN_PICKS); one instance, one verdict
      const hurried = await trace(s.file, ['--gradcheck-seconds', '0']);
      assert.deepEqual(hurried.gradcheck.map((g) => [g.ok, g.inputs[0].checked + (g.inputs[0].kinks ?? 0)]), [[true, 16]]);
      const cut = await trace(s.file, ['--max-output-bytes', '100000']);
      assert.equal(cut.truncated, true);
      assert.equal(cut.capped, true);
      assert.ok(cut.calls.length < 10);
    } finally {
      s.cleanup();
    }
  });

  it('Dropout: the check replays the random state of the call; the program’s own stream is untouched', async () => {
    const s = tempScript('dropout.py', `import numpy as np
class Dropout:
    def __init__(self, ratio=0.5):
        self.ratio = ratio
    def forward(self, x, train_flg=True):
        self.mask = np.random.rand(*x.shape) > self.ratio
        return x * self.mask
    def backward(self, dout):
        return dout * self.mask
np.random.seed(0)
d = Dropout()
for i in range(3):
    d.forward(np.ones((4, 5)))
    d.backward(np.full((4, 5), 2.0))
print(repr(np.random.rand()))
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.stdout, plainRun(s.file), 'same random numbers as without the tracer');
      assert.equal(r.gradcheck.length, 1, 'one instance, one verdict');
      for (const g of r.gradcheck) assert.deepEqual([g.ok, g.inputs[0].kinks, g.inputs[0].checked], [true, 0, 20]);
      assert.deepEqual(r.calls[0].params, ['x', 'train_flg']);
      assert.equal(r.calls[0].args[1], true);
    } finally {
      s.cleanup();
    }
  });

  it('records methods only: not a module-level forward(x), yes an inherited or decorated one', async () => {
    const s = tempScript('fn.py', `import functools
import numpy as np
def forward(x, W):
    return x @ W
def deco(f):
    @functools.wraps(f)
    def wrapper(*a, **k):
        return f(*a, **k)
    return wrapper
class L:
    @deco
    def forward(self, x):
        return x * 2
    @staticmethod
    def backward(dout):
        return dout
class Sub(L):
    pass
forward(np.ones((2, 2)), np.eye(2))
Sub().forward(np.ones(2))
L.backward(np.ones(2))
`);
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.calls.map((c) => `${c.class}.${c.method}`), ['Sub.forward']);
    } finally {
      s.cleanup();
    }
  });

  it('value ids: an array passed on unchanged keeps its id, changed in place gets a new one', async () => {
    const s = tempScript('ids.py', `${LAYER}a, b = Relu(), Relu()
x = np.array([1.0, -1.0])
y = a.forward(x)
b.forward(y)
y[0] = 5
b.forward(y)
b.forward(x)
`);
    try {
      const r = await trace(s.file);
      const [ax, by, by2, bx] = r.calls;
      assert.equal(by.argIds[0], ax.resultId);
      assert.notEqual(by2.argIds[0], ax.resultId, 'changed in place since it was recorded');
      assert.equal(bx.argIds[0], ax.argIds[0]);
      assert.deepEqual(by.params, ['x']);
    } finally {
      s.cleanup();
    }
  });

  it('cells run in order in one namespace; lines count from each cell’s given first line', async () => {
    const r = await traceCells(
      [
        { code: LAYER, filename: '/nb/n.ipynb#cell1', line: 1 },
        { code: 'r = Relu()\n\ny = r.forward(np.array([-1.0, 2.0]))\ny', filename: '/nb/n.ipynb#cell2', line: 10 },
        { code: 'y', filename: '/src/sel.py', line: 3 },
      ],
      EXAMPLES,
    );
    assert.equal(r.calls[0].line, 12);
    assert.equal(r.calls[0].file, '/nb/n.ipynb#cell2');
    assert.equal(r.stdout, 'array([0., 2.])\n', 'a last expression is echoed as Jupyter does (in a notebook only)');
  });

  it('SIGTERM (timeout): what was recorded is written, and nothing is left running', async () => {
    const marker = `bpt_hang_${process.pid}`;
    const s = tempScript(`${marker}.py`, `${LAYER}import subprocess, time
child = subprocess.Popen(['sleep', '317'])
r = Relu()
r.forward(np.array([1.0]))
while True:
    time.sleep(0.05)
`);
    try {
      const started = Date.now();
      const out = await runTracer({ python: PYTHON, tracer: TRACER, file: s.file, cwd: s.dir, timeoutMs: 1500 });
      assert.ok(Date.now() - started < 5000);
      assert.equal(out.timedOut, true);
      const r = out.result as { calls: unknown[]; error: { kind: string } };
      assert.equal(r.calls.length, 1);
      assert.equal(r.error.kind, 'signal');
      assert.deepEqual(processesWith(marker), []);
      assert.deepEqual(processesWith('sleep 317'), [], "the program's own child went with its group");
    } finally {
      s.cleanup();
    }
  });

  it('the interpreter without numpy or a missing one: said plainly', async () => {
    const none = await runTracer({ python: '/nonexistent/python3', tracer: TRACER, file: path.join(EXAMPLES, 'apple.py'), cwd: EXAMPLES, timeoutMs: 5000 });
    assert.match(none.spawnError ?? '', /ENOENT/);
  });
});
