// `backprop-trace run` on the other ways learners write and run code: a notebook (its code cells
// in order, IPython lines skipped with a note, errors at "cell N, line L"), and the recording
// flags that the extension's settings also set (one truth: same names, defaults and bounds).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { BOUNDS, DEFAULT_METHODS } from '../../../src/cli/tracerOptions';
import { EXAMPLES, PYTHON, ROOT, tempScript } from './helpers';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['run', ...argv, '--python', PYTHON], {
    stdin: (async function* () {})(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

const LAYER = 'class Relu:\n    def forward(self, x):\n        self.mask = x <= 0\n        out = x.copy()\n        out[self.mask] = 0\n        return out\n\n    def backward(self, dout):\n        dx = dout.copy()\n        dx[self.mask] = 0\n        return dx\n';

function notebook(cells: { type: 'code' | 'markdown'; source: string }[]): string {
  return JSON.stringify({
    cells: cells.map((c) => ({ cell_type: c.type, metadata: {}, source: c.source.split(/(?<=\n)/), ...(c.type === 'code' ? { outputs: [], execution_count: null } : {}) })),
    metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

describe('backprop-trace run: notebooks and the recording flags', function () {
  this.timeout(60_000);

  it('runs a notebook\'s code cells in order (JSON true/false are not Python), magics skipped with a note', async () => {
    const s = tempScript('nb.ipynb', notebook([
      { type: 'markdown', source: '# ReLU, 5.5.1' },
      { type: 'code', source: '%matplotlib inline\n!pip install numpy\nimport numpy as np' },
      { type: 'code', source: LAYER },
      { type: 'code', source: '%time x = np.array([[1.0, -0.5], [-2.0, 3.0]])\nrelu = Relu()\nout = relu.forward(x)\ndx = relu.backward(np.ones_like(x))\nprint(dx.sum())' },
    ]));
    try {
      const r = await cli([s.file]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^2\.0\n── backprop-trace: 2 calls recorded in nb\.ipynb ──\n/, 'the program\'s own output first, as it ran');
      assert.match(r.out, /\[0\] Relu#0\.forward\(x\) at nb\.ipynb, cell 4, line 3\n/);
      assert.match(r.out, /\[1\] Relu#0\.backward\(dout\) at nb\.ipynb, cell 4, line 4\n/);
      assert.match(r.out, /\n {2}(\S+ \(Relu\)|Relu#0): ok: dx /); // the verdict line (README "The gradient check")
      assert.match(r.err, /note: IPython's lines are not Python and were skipped \(cell 2, line 1: %matplotlib inline; cell 2, line 2: !pip install numpy\)\./);
      assert.match(r.err, /note: The code under %time \/ %timeit \/ %%capture ran once, untimed \(cell 4, line 1: %time x = np\.array/);
    } finally {
      s.cleanup();
    }
  });

  it('an error in a cell is reported at cell N, line L; a broken notebook at line:column', async () => {
    const s = tempScript('broken.ipynb', notebook([
      { type: 'code', source: 'import numpy as np\n' + LAYER },
      { type: 'markdown', source: 'text' },
      { type: 'code', source: 'relu = Relu()\nrelu.forward(np.ones(2))\nrelu.backward(undefined_dout)' },
    ]));
    const bad = tempScript('bad.ipynb', '{\n  "cells": [\n    {"cell_type": "code" "source": []}\n  ]\n}\n');
    try {
      const r = await cli([s.file]);
      assert.equal(r.code, 2);
      assert.match(r.err, /^backprop-trace run: \S*broken\.ipynb, cell 3, line 3: NameError: name 'undefined_dout' is not defined\n/);
      assert.match(r.out, /\[0\] Relu#0\.forward\(x\) at broken\.ipynb, cell 3, line 2/, 'the calls before the error are printed');
      const b = await cli([bad.file]);
      assert.equal(b.code, 2);
      assert.match(b.err, /^backprop-trace run: \S*bad\.ipynb:3:\d+: not a notebook: the file is not valid JSON/);
      assert.doesNotMatch(b.err, /\n\s+at /, 'no stack trace');
    } finally {
      s.cleanup();
      bad.cleanup();
    }
  });

  it('--methods, --max-calls, --max-passes and --stop-at-cap reach the tracer', async () => {
    const s = tempScript('calls.py', 'import numpy as np\nclass Sq:\n    def fwd(self, x):\n        self.x = x\n        return x * x\n    def backward_pass(self, dout):\n        return 2 * self.x * dout\nl = Sq()\nfor i in range(5):\n    l.fwd(np.ones(2))\n    l.backward_pass(np.ones(2))\nprint("done")\n');
    try {
      const none = await cli([s.file]);
      assert.equal(none.code, 2, 'fwd is not a method the default list records');
      assert.match(none.err, /no layer call was recorded .*methods named forward and backward/);
      const r = await cli([s.file, '--methods', 'fwd,backward_pass', '--json']);
      assert.equal(r.code, 0, r.err);
      const all = JSON.parse(r.out) as { calls: { method: string }[]; passes: number; gradcheck: { ok: boolean }[] };
      assert.equal(all.calls.length, 10);
      assert.equal(all.passes, 5);
      assert.ok(all.gradcheck.length > 0 && all.gradcheck.every((g) => g.ok), 'backward_pass pairs with fwd and is checked');
      const calls = JSON.parse((await cli([s.file, '--methods=fwd,backward_pass', '--max-calls=3', '--json'])).out) as { calls: unknown[]; capped: boolean };
      assert.equal(calls.calls.length, 3);
      assert.ok(calls.capped);
      const passes = JSON.parse((await cli([s.file, '--methods', 'fwd,backward_pass', '--max-passes', '2', '--json'])).out) as { calls: unknown[]; passes: number; stdout: string };
      assert.equal(passes.passes, 2);
      assert.equal(passes.calls.length, 4);
      assert.equal(passes.stdout, 'done\n', 'after the cap the program runs on');
      const stopped = JSON.parse((await cli([s.file, '--methods', 'fwd,backward_pass', '--max-passes', '2', '--stop-at-cap', '--json'])).out) as { stdout: string; stoppedAtCap?: boolean };
      assert.equal(stopped.stdout, '', '--stop-at-cap ends the program at the cap');
      assert.ok(stopped.stoppedAtCap);
    } finally {
      s.cleanup();
    }
  });

  it('prints cs231n-style function calls by their names, the cache by name only, the loss with its dx, and their check', async () => {
    const r = await cli([path.join(EXAMPLES, 'cs231n_layers.py')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\n\[0\] affine_forward\(x, w, b\) at cs231n_layers\.py:51\n/);
    // softmax_loss gives the loss and dx from one call: recorded when it returned them
    assert.match(r.out, /\n\[3\] softmax_loss\(x, y\) at cs231n_layers\.py:54\n {2}x \(2, 3\):\n[\s\S]*? {2}y \(2,\) int64:\n {4}\[0 2\]\n {2}loss = 1\.1281435593780462\n {2}dx \(2, 3\):\n/);
    assert.match(r.out, /\n {2}softmax_loss: ok: dx match central differences \(6 elements checked\)\. y: labels \(backward returned no gradient for it\), not checked\.\n {4}dx max \|diff\| \S+ \(6 checked\)\n/);
    assert.match(r.out, /\n\[4\] affine_backward\(dout, cache\) at cs231n_layers\.py:56\n {2}dout \(2, 3\):\n[\s\S]*? {2}cache = <cache>\n {2}dx \(2, 3\):\n[\s\S]*? {2}dw \(3, 3\):\n[\s\S]*? {2}db \(3,\):\n/);
    assert.match(r.out, /\n {2}affine_forward: ok: dx, dw, db match central differences \(\d+ elements checked\)\.\n {4}dx max \|diff\| \S+ \(\d+ checked\), dw max \|diff\| \S+ \(\d+ checked\), db max \|diff\| \S+ \(\d+ checked\)\n/);
    assert.match(r.out, /\n {2}relu_forward: ok: dx /);
  });

  it('refuses a bad value with the accepted range, no stack trace', async () => {
    for (const [argv, message] of [
      [['--max-calls', '0'], /--max-calls needs a number from 1 to 1,000,000 \(got '0'\)/],
      [['--max-passes', '1001'], /--max-passes needs a number from 1 to 1,000 \(got '1001'\)/],
      [['--max-passes'], /--max-passes needs a number from 1 to 1,000\n/],
      [['--methods', 'forward;rm'], /--methods: 'forward;rm' is not a Python method name/],
    ] as const) {
      const r = await cli([path.join(EXAMPLES, 'apple.py'), ...argv]);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
    }
  });

  it('the CLI\'s defaults and bounds are the settings\' (package.json)', () => {
    const props = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown; minimum?: number; maximum?: number }> } } }).contributes.configuration.properties;
    for (const [key, b] of Object.entries(BOUNDS)) {
      const p = props[`backpropTrace.python.${key}`];
      assert.deepEqual([p.minimum, p.maximum, p.default], [b.min, b.max, b.default], key);
    }
    assert.deepEqual(props['backpropTrace.python.methods'].default, DEFAULT_METHODS);
    assert.equal(props['backpropTrace.python.stopAtCap'].default, false);
  });
});
