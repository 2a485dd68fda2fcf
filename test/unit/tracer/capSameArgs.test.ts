// A cs231n forward called again with the very same argument objects is a numerical gradient's
// evaluation (pairs.py, OpenForwards.evaluations): the earlier call will never pair, so its check's
// copies are dropped. Only when that later call is recorded: one that meets the recording's cap
// leaves the earlier forward open, so a backward after the cap on its cache is still checked (a
// wrong one FAILED) instead of the forward reading "none after the cap was paired with it".
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

const PROGRAM = `import numpy as np
def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache
def relu_backward(dout, cache):
    x = cache
    return dout * (x > 0) * 2  # wrong: doubled
np.random.seed(0)
x = np.random.randn(3, 4)
out, cache = relu_forward(x)
out2, cache2 = relu_forward(x)  # the very same x again, and the recording's cap (1 call) meets it
dx = relu_backward(np.ones_like(out), cache)
print(dx.sum())
`;

describe('tracer: a forward given the same arguments as the call that meets the cap', function () {
  this.timeout(60_000);

  it('the recorded forward stays open: its backward after the cap is checked (FAILED), on the panel and in the CLI', async () => {
    const s = tempScript('cap.py', PROGRAM);
    try {
      const r = await trace(s.file, ['--max-calls', '1']);
      assert.equal(r.capped, true);
      assert.equal(r.calls.length, 1);
      assert.equal(r.stdout, plainRun(s.file));
      assert.deepEqual(r.gradcheck.map((g) => [g.call, g.status ?? (g.ok ? 'ok' : 'failed')]), [[0, 'failed']], JSON.stringify(r.gradcheck));
      const node = recordedToGraph(r, 0).nodes.find((n) => n.kind === 'layer');
      assert.equal(node?.verdict?.status, 'failed', JSON.stringify(node?.verdict));
      const cli = await runCli([s.file, '--python', PYTHON, '--max-calls', '1']);
      assert.match(cli.out, /\n {2}relu_forward: FAILED: dx at \(0, 0\): backprop 2, numerical 1\./, cli.out);
      assert.ok(!cli.out.includes('none after the cap was paired with it'), cli.out);
    } finally {
      s.cleanup();
    }
  });

  it('under the cap the second call is recorded and the first still dropped as an evaluation (unchanged)', async () => {
    const s = tempScript('cap.py', PROGRAM);
    try {
      const r = await trace(s.file);
      assert.equal(r.capped, false);
      // the backward is given the first call's cache (x): it pairs with the later forward of the same x
      assert.deepEqual(r.gradcheck.map((g) => g.status ?? (g.ok ? 'ok' : 'failed')), ['failed']);
    } finally {
      s.cleanup();
    }
  });
});
