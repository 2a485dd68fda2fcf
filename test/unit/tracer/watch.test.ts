// After the recording's cap the watch keeps the gradient check going, cheaply: a forward's
// random state is taken only when it draws (a Dropout after the cap is still checked right, its
// mask drawn again from the state its forward had), and after WATCH_MAX forward calls in a row
// with no backward it stops watching and the run's hints say so in one sentence (never silent).
// WATCH_MAX is lowered here through a two-line stand-in for bpt_trace.py (the real package).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTracer } from '../../../src/python/tracer';
import { parseRecorded, type RecordedResult } from '../../../src/engine/recorded/schema';
import { plainRun, PYTHON, ROOT, tempScript, trace } from './helpers';

const LAYERS = [
  'import random',
  'import numpy as np',
  'class Mul:',
  '    def forward(self, x, y):',
  '        self.x, self.y = x, y',
  '        return x * y',
  '    def backward(self, dout):',
  '        return dout * self.y, dout * self.x',
  'class Dropout:',
  '    def forward(self, x):',
  '        self.mask = (np.random.rand(*x.shape) > 0.5) * (0.5 + random.random())',
  '        return x * self.mask',
  '    def backward(self, dout):',
  '        return dout * self.mask',
  'x = np.arange(1.0, 7.0).reshape(2, 3)',
  '',
].join('\n');

async function traced(program: string, watchMax?: number): Promise<RecordedResult> {
  const s = tempScript('prog.py', LAYERS + program);
  try {
    if (watchMax === undefined) return await trace(s.file, ['--max-calls', '4']);
    const tracer = path.join(s.dir, 'bpt_trace_small_watch.py');
    fs.writeFileSync(tracer, [
      'import sys, time',
      `sys.path[0] = ${JSON.stringify(path.join(ROOT, 'src', 'tracer'))}`,
      'from bpt_tracer import hooks, runner',
      `hooks.WATCH_MAX = ${watchMax}`,
      'sys.exit(runner.main(sys.argv[1:], time.time(), time.time()))',
      '',
    ].join('\n'));
    const o = await runTracer({ python: PYTHON, tracer, file: s.file, cwd: s.dir, timeoutMs: 60_000, args: ['--max-calls', '4'] });
    const parsed = parseRecorded(o.result);
    if ('error' in parsed) assert.fail(parsed.error);
    return parsed.result;
  } finally {
    s.cleanup();
  }
}

const stopped = (r: RecordedResult) => (r.hints ?? []).filter((h) => h.startsWith('The gradient check stopped watching after'));

describe('tracer: the watch after the cap', function () {
  this.timeout(60_000);

  it('a Dropout first run forward and backward after the cap is checked ok: its random state taken when it drew', async () => {
    // 4 calls recorded, then forwards that draw (numpy's and Python's generators), then the pair
    const r = await traced('m = Mul()\nfor k in range(2):\n    m.forward(x, x)\n    m.backward(x)\nd = Dropout()\nfor k in range(50):\n    d.forward(x)\nout = d.forward(x)\nd.backward(np.ones_like(x))\nprint(np.random.rand())\n');
    assert.equal(r.capped, true);
    const check = r.gradcheck.find((g) => g.class === 'Dropout');
    assert.equal(check?.call, -1, 'checked after recording stopped');
    assert.equal(check?.ok, true, JSON.stringify(check));
    assert.equal(check?.inputs[0].checked, 6);
    assert.deepEqual(stopped(r), []);
  });

  it('the program draws the same random numbers traced as plain (the check restores the state)', async () => {
    const s = tempScript('seeded.py', `${LAYERS}np.random.seed(0)\nrandom.seed(0)\nm = Mul()\nfor k in range(3):\n    m.forward(x, x)\nd = Dropout()\nd.forward(x)\nd.backward(x)\nprint(np.random.rand(), random.random())\n`);
    try {
      const r = await trace(s.file, ['--max-calls', '2']);
      assert.equal(r.capped, true);
      assert.equal(r.gradcheck.find((g) => g.class === 'Dropout')?.ok, true);
      assert.equal(r.stdout, plainRun(s.file));
    } finally {
      s.cleanup();
    }
  });

  it('past WATCH_MAX forward calls in a row with no backward it stops, and the hints say so', async () => {
    const r = await traced('m = Mul()\nm.forward(x, x)\nm.backward(x)\nm.forward(x, x)\nd = Dropout()\nfor k in range(300):\n    d.forward(x)\nd.backward(x)\n', 200);
    assert.equal(r.gradcheck.find((g) => g.class === 'Dropout'), undefined, 'its backward came after the watch stopped');
    assert.deepEqual(stopped(r), ["The gradient check stopped watching after 200 forward calls in a row with no backward, past the recording's cap, so the program ran on at full speed: a backward called after that, if any, was not checked."]);
  });

  it('under WATCH_MAX the watch goes on: checked, no such hint', async () => {
    const r = await traced('m = Mul()\nm.forward(x, x)\nm.backward(x)\nm.forward(x, x)\nd = Dropout()\nfor k in range(150):\n    d.forward(x)\nd.backward(x)\n', 200);
    assert.equal(r.gradcheck.find((g) => g.class === 'Dropout')?.ok, true);
    assert.deepEqual(stopped(r), []);
  });
});
