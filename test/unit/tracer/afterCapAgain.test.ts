// After the recording's cap a class layer's second backward on one forward (the book's Relu,
// backward called twice) is checked too, as it is before the cap and as a cs231n pair's is after
// it (afterpairs.py): against the forward the first backward had, with its own dout. A new
// forward in between (the met-cap call too) makes the next backward that forward's: not paired
// with the old one. Real tracer, real Python and numpy.
import * as assert from 'node:assert/strict';
import { plainRun, tempScript, trace } from './helpers';

/** The book's Relu, with a backward that clears its mask in place: right once, wrong the second time. */
const RELU = `import numpy as np
class Relu:
    def __init__(self):
        self.mask = None
    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out
    def backward(self, dout):
        dout[self.mask] = 0
        if BUG:
            self.mask[:] = False
        dx = dout
        return dx
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
`;

async function run(bug: boolean, tail: string, cap: string) {
  const s = tempScript('relu_twice.py', `BUG = ${bug ? 'True' : 'False'}\n${RELU}${tail}`);
  try {
    const r = await trace(s.file, ['--max-calls', cap]);
    assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
    return r;
  } finally {
    s.cleanup();
  }
}

/** Four calls fill the cap (a), a fifth meets it, then r's forward and its two backwards run after it. */
const AFTER = `a = Relu()
for k in range(2):
    a.forward(x)
    a.backward(np.ones_like(x))
a.forward(x)
r = Relu()
r.forward(x)
print(r.backward(np.ones_like(x)).tolist())
print(r.backward(np.array([[2.0, 2.0], [2.0, 2.0]])).tolist())
`;

const verdicts = (r: Awaited<ReturnType<typeof run>>) =>
  r.gradcheck.filter((g) => g.instance === 1).map((g) => `${g.again ?? 'first'}:${g.status ?? (g.ok ? 'ok' : 'failed')}`);

describe('tracer: a class layer\'s second backward on one forward after the cap', function () {
  this.timeout(120_000);

  it('both backwards after the cap are checked: a mask cleared by the first makes the second FAILED', async () => {
    const r = await run(true, AFTER, '4');
    assert.equal(r.capped, true);
    assert.deepEqual(verdicts(r), ['first:ok', 'backward:failed']);
  });

  it('a right Relu: both ok', async () => {
    const r = await run(false, AFTER, '4');
    assert.deepEqual(verdicts(r), ['first:ok', 'backward:ok']);
  });

  it('the first backward recorded before the cap, the second after it: checked against that forward', async () => {
    // r's forward and first backward are calls 0 and 1; a's forward meets the cap; r's second backward runs after it
    const r = await run(true, 'r = Relu()\nr.forward(x)\nr.backward(np.ones_like(x))\na = Relu()\na.forward(x)\nr.backward(np.ones_like(x) * 2)\n', '2');
    assert.deepEqual(r.gradcheck.filter((g) => g.instance === 0).map((g) => `${g.again ?? 'first'}:${g.ok}`), ['first:true', 'backward:false']);
  });

  it('a new forward after the cap in between: the next backward is that forward\'s, not checked against the old one', async () => {
    // the instance has its verdict: a backward on a new forward is not checked again (as before the cap)
    const r = await run(true, AFTER.replace('print(r.backward(np.array', 'r.forward(x)\nprint(r.backward(np.array'), '4');
    assert.deepEqual(verdicts(r), ['first:ok']);
  });

  it('the forward that meets the cap is a new forward too', async () => {
    const r = await run(true, 'r = Relu()\nr.forward(x)\nr.backward(np.ones_like(x))\nr.forward(x)\nr.backward(np.ones_like(x))\n', '2');
    assert.deepEqual(r.gradcheck.filter((g) => g.instance === 0).map((g) => `${g.again ?? 'first'}:${g.ok}`), ['first:true']);
  });
});
