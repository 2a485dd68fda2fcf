// A forward that returns a view of its input (dlcourse.ai assignment 3's Flattener: X.reshape) was a
// false FAILED: the check steps one element of the input copy, runs forward, and restores the
// element, and the output it kept was a view of that copy, so it moved back too (numerical 0).
// Found running a learner's assignment 3 ConvNet (its Flattener is right). Our own fixture.
import * as assert from 'node:assert/strict';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

async function traced(text: string) {
  const s = tempScript('layers.py', text);
  try {
    const r = await trace(s.file);
    assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
    return { r, cli: (await runCli([s.file, '--python', PYTHON])).out };
  } finally {
    s.cleanup();
  }
}

describe('tracer: a forward returning a view of its input', function () {
  this.timeout(60_000);

  it("a Flattener whose forward returns a view of its input (X.reshape, assignment 3's) is ok: it was a false FAILED (numerical 0)", async () => {
    const program = `import numpy as np

class Flattener:
    def forward(self, X):
        self.X_shape = X.shape
        return X.reshape((X.shape[0], -1))

    def backward(self, d_out):
        return d_out.reshape(self.X_shape)


np.random.seed(4)
flat = Flattener()
out = flat.forward(np.random.randn(2, 3, 3, 2))
print(flat.backward(np.random.randn(*out.shape)).shape)
`;
    const { r, cli } = await traced(program);
    const g = r.gradcheck.find((c) => c.class === 'Flattener');
    assert.deepEqual([g?.status, g?.inputs.map((p) => [p.name, p.ok, p.checked])], ['ok', [['X', true, 36]]], JSON.stringify(g));
    assert.match(cli, /flat \(Flattener\): ok: dX match central differences \(36 elements checked\)\./, cli);
  });
});
