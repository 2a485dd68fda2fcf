// The gradient checks run after the reader's code (#20, speed): the tracer writes a "ran" record
// when the code ends and runs the queued checks after it; the host reads the records at "ran"
// (graph drawn, layers checking…) and the verdicts as they come. A deferred check judges the
// layer as it was at its backward, whatever the program did later; a check the run's end did not
// let run says why. Real Python, real numpy, the tracer from the sources.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runTracer } from '../../../src/python/tracer';
import { parseRecorded, recordedToGraph, type RecordedResult } from '../../../src/engine/recorded';
import { EXAMPLES, PYTHON, TRACER, tempScript, trace } from './helpers';

const verdicts = (r: RecordedResult) => r.gradcheck.map((g) => `${g.class}#${g.instance}:${g.status}${g.reason ? ` (${g.reason})` : ''}`).sort();

/** A layer whose forward reads a list and an attribute the program changes after its backward. */
const LATER_CHANGES = `import numpy as np
class Scale:
    def __init__(self):
        self.W = np.array([1.0, 2.0, 3.0])
    def forward(self, x, weights):
        self.x, self.k = x, weights[0]
        return x * self.W * self.k
    def backward(self, dout):
        self.dW = dout * self.x * self.k
        return dout * self.W * self.k
layer = Scale()
weights = [2.0]
x = np.array([0.5, -1.0, 4.0])
layer.forward(x, weights)
layer.backward(np.ones(3))
weights[0] = 1e6             # the list forward read, changed after the backward
layer.W[:] = [7.0, 8.0, 9.0]  # the parameter, changed in place
x[:] = 0.0                   # forward's input array too
`;

describe('gradient checks after the code ends (#20, speed)', function () {
  this.timeout(120_000);

  it('the records at "ran": every call, no verdict yet, the layers checking; then each verdict, the same as the end', async () => {
    const file = path.join(EXAMPLES, 'mnist_batch.py');
    const seen: { ran?: RecordedResult; checks: unknown[]; order: string[] } = { checks: [], order: [] };
    const o = await runTracer({
      python: PYTHON, tracer: TRACER, file, cwd: EXAMPLES, timeoutMs: 60_000,
      live: {
        onRan: (r) => {
          const p = parseRecorded(r);
          if ('error' in p) assert.fail(p.error);
          seen.ran = p.result;
          seen.order.push('ran');
        },
        onChecks: (entries) => {
          seen.checks.push(...entries);
          seen.order.push('checks');
        },
      },
    });
    const end = parseRecorded(o.result);
    if ('error' in end) assert.fail(end.error);
    const ran = seen.ran;
    assert.ok(ran, 'no "ran" record was read while the process ran');
    assert.equal(ran.calls.length, end.result.calls.length);
    assert.deepEqual(ran.gradcheck, []);
    assert.deepEqual(ran.checking, [0, 1, 2, 3]);
    assert.equal(seen.order[0], 'ran');
    // the graph at "ran": each layer's verdict is "checking"; at the end: ok
    const status = (r: RecordedResult) => recordedToGraph(r, 0).nodes.flatMap((n) => (n.verdict ? [n.verdict.status] : []));
    assert.deepEqual(status(ran), ['checking', 'checking', 'checking', 'checking']);
    assert.deepEqual(status(end.result), ['ok', 'ok', 'ok', 'ok']);
    // what arrived live is what the end has (the poll may miss the last ones only if the process closed first)
    assert.ok(seen.checks.length >= 1, 'no check arrived while the process ran');
    assert.deepEqual(seen.checks, end.result.gradcheck.slice(0, seen.checks.length));
    assert.equal(end.result.checking, undefined);
  });

  it('a deferred check judges the layer as it was at its backward: later changes to its list, parameter and input do not count', async () => {
    const s = tempScript('later.py', LATER_CHANGES);
    try {
      const r = await trace(s.file);
      assert.deepEqual(verdicts(r), ['Scale#0:ok']);
      const entry = r.gradcheck[0];
      assert.deepEqual(entry.inputs.map((p) => [p.name, p.ok, p.checked]), [['x', true, 3]]);
      assert.deepEqual(entry.params?.map((p) => [p.name, p.ok, p.checked]), [['W', true, 3]]);
    } finally {
      s.cleanup();
    }
  });

  it('a program still running 1 s after a backward gets its verdict during the run; SIGKILL after it keeps it', async () => {
    const s = tempScript('long.py', `import os, time, numpy as np
class Relu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0, x)
    def backward(self, dout):
        return np.where(self.mask, 0, dout)
r = Relu()
r.forward(np.array([1.0, -2.0, 3.0]))
r.backward(np.ones(3))
t = time.time()
while time.time() - t < 2.0:
    sum(range(100))
os.kill(os.getpid(), 9)
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.error?.kind, 'killed');
      assert.deepEqual(verdicts(r), ['Relu#0:ok']);
    } finally {
      s.cleanup();
    }
  });

  it('killed while its checks run: each layer not checked says so, none is left "checking"', async () => {
    const s = tempScript('killed.py', `import os, signal, threading, time, numpy as np
class Slow:
    def forward(self, x):
        time.sleep(0.01)
        return x * 2.0
    def backward(self, dout):
        return dout * 2.0
a, b = Slow(), Slow()
y = b.forward(a.forward(np.ones(50)))
a.backward(b.backward(np.ones(50)))
pid = os.getpid()
threading.Thread(target=lambda: (time.sleep(0.3), os.kill(pid, signal.SIGKILL)), daemon=True).start()
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.error?.kind, 'killed');
      assert.equal(r.gradcheck.length, 2);
      for (const g of r.gradcheck) {
        assert.ok(g.status === 'ok' || g.reason === 'the process ended before its check was sent', JSON.stringify(g));
      }
      assert.ok(r.gradcheck.some((g) => g.status === 'unchecked'), 'both checks finished within 0.3 s of 0.01 s forwards');
      assert.equal(r.checking, undefined);
    } finally {
      s.cleanup();
    }
  });
});
