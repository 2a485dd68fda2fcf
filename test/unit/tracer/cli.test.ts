// `backprop-trace run`: in process for the output, as a real process for the timeout.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordedToGraph } from '../../../src/engine/recorded';
import { traceJson } from '../../../src/engine/print/traceJson';
import { bookAffine } from '../../fixtures/bookLayers';
import { BOOK_RELU, EXAMPLES, plainRun, processesWith, PYTHON, ROOT, runCli, tempScript, trace } from './helpers';

const cli = (argv: string[]) => runCli([...argv, '--python', PYTHON]);

/** A layer given an int64 array and a Python int past 2**53. */
const BIG_INTS = [
  'import numpy as np',
  'class Mul:',
  '    def forward(self, x, y):',
  '        self.x, self.y = x, y',
  '        return x * y',
  'm = Mul()',
  'x = np.array([7, 2 ** 60 + 1, -(2 ** 62) - 3], dtype=np.int64)',
  'm.forward(x, 1)',
  'm.forward(2 ** 53 + 1, 1)',
  '',
].join('\n');

describe('backprop-trace run', function () {
  this.timeout(60_000);

  it('prints each call with its values, and the gradient check', async () => {
    const r = await cli([path.join(EXAMPLES, 'apple.py')]);
    assert.equal(r.code, 0, r.err);
    // #20: the program's own output first, as it ran, then the report below a separator line
    assert.match(r.out, /^220\.00000000000003\n2\.2 110\.00000000000001 200\n── backprop-trace: 4 calls recorded in apple\.py ──\n/);
    assert.match(r.out, /\[1\] MulLayer#1\.forward\(x, y\) at apple\.py:29\n {2}x = 200\n {2}y = 1\.1\n {2}out = 220\.00000000000003\n/);
    assert.match(r.out, /\[3\] MulLayer#0\.backward\(dout\) at apple\.py:34\n {2}dout = 1\.1\n {2}dx = 2\.2\n {2}dy = 110\.00000000000001\n/);
    // every instance's verdict, by the learner's name for it
    // in the panel's words (one sentence for both), each port's largest difference under it
    assert.match(r.out, /\n {2}mul_apple_layer \(MulLayer\): ok: dx, dy match central differences \(2 elements checked\)\.\n {4}dx max \|diff\| \d\.\de-\d+ \(1 checked\), dy max \|diff\| \S+ \(1 checked\)\n/);
    assert.match(r.out, /\n {2}mul_tax_layer \(MulLayer\): ok: /);
  });

  it("a layer checked after recording stopped keeps the learner's name (gradient_check.py: numerical_gradient fills the cap)", async () => {
    // the book's shape: layers in an OrderedDict, thousands of loss() evaluations, then one backprop
    const s = tempScript('gc_names.py', `${BOOK_RELU}from collections import OrderedDict
${bookAffine()}rng = np.random.default_rng(0)
layers = OrderedDict()
layers['Affine1'] = Affine(rng.standard_normal((3, 4)), np.zeros(4))
layers['Relu1'] = Relu()
x = rng.standard_normal((2, 3))
def loss():
    y = x
    for layer in layers.values():
        y = layer.forward(y)
    return np.sum(y)
W = layers['Affine1'].W
for i in range(W.size):  # a numerical gradient: forwards only
    old = W.flat[i]
    W.flat[i] = old + 1e-4
    loss()
    W.flat[i] = old
loss()
dout = np.ones((2, 4))
for layer in reversed(list(layers.values())):
    dout = layer.backward(dout)
print('done')
`);
    try {
      const r = await cli([s.file, '--max-calls', '10']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /recording stopped at the cap after 10 calls/);
      assert.match(r.out, /\n {2}layers\['Affine1'\] \(Affine\): ok: /, r.out);
      assert.match(r.out, /\n {2}layers\['Relu1'\] \(Relu\): ok: /);
    } finally {
      s.cleanup();
    }
  });

  it('arrays numpy-style: the same text numpy prints; a wrong backward is FAILED', async () => {
    const file = path.join(EXAMPLES, 'wrong_backward.py');
    const numpy = plainRun(file).split('\n').slice(0, 2).join('\n');
    const r = await cli([file]);
    assert.equal(r.code, 0, 'the program ran: exit 0 even though its backward is wrong');
    const block = /\[0\] Sigmoid#0\.forward\(x\)[^\n]*\n[\s\S]*? {2}out \(2, 2\):\n((?: {4}.*\n){2})/.exec(r.out);
    assert.ok(block, r.out);
    assert.equal(block[1].replace(/^ {4}/gm, '').trimEnd(), numpy);
    // the verdict names the port, the worst element (numpy's index, as the panel) and both values
    assert.match(r.out, /\n {2}layer \(Sigmoid\): FAILED: dx at \(1, 0\): backprop 0\.88\d+, numerical 0\.10\d+\.\n {4}dx max \|diff\| 0\.78 \(4 checked\)\n/);
    // the very sentence the panel shows on the layer (and its text description)
    const panel = recordedToGraph(await trace(file), 0).nodes.find((n) => n.verdict)?.verdict?.text;
    assert.ok(panel && r.out.includes(`  layer (Sigmoid): ${panel}\n`), `${panel}\n${r.out}`);
  });

  it('integer labels print as numpy prints them', async () => {
    const r = await cli([path.join(EXAMPLES, 'layers_import', 'main.py')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[3\] SoftmaxWithLoss#3\.forward\(x, t\) at main\.py:15\n[\s\S]*? {2}t \(2,\) int64:\n {4}\[0 1\]\n {2}out = 0\.77093395/);
  });

  it("an int64 array past 2**53 and a Python int past it print numpy's and Python's digits, not their float64's", async () => {
    const s = tempScript('big_ints.py', `${BIG_INTS}print(x)\nprint(2 ** 53 + 1)\n`);
    try {
      const r = await cli([s.file]);
      assert.equal(r.code, 0, r.err);
      const [array, number] = plainRun(s.file).trim().split('\n');
      assert.equal(array, '[                   7  1152921504606846977 -4611686018427387907]');
      assert.ok(r.out.includes(`  x (3,) int64:\n    ${array}\n  y = 1\n  out (3,) int64:\n    ${array}\n`), r.out);
      assert.ok(r.out.includes(`  x = ${number}\n  y = 1\n  out = ${number}\n`), r.out);
    } finally {
      s.cleanup();
    }
  });

  it('--json and the panel\'s JSON export write an int64 past 2**53 and a Python int past it with their exact digits', async () => {
    const s = tempScript('big_ints_json.py', BIG_INTS);
    // Python's json reads JSON's numbers exactly: what a learner's script reading the file gets.
    const read = (json: string, expr: string) => {
      const r = spawnSync(PYTHON, ['-c', `import json, sys; d = json.load(sys.stdin); print(repr(${expr}))`], { input: json, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    const exact = '[7, 1152921504606846977, -4611686018427387907]';
    try {
      const r = await cli([s.file, '--json']);
      assert.equal(r.code, 0, r.err);
      assert.equal(read(r.out, 'd["values"][str(d["calls"][0]["argIds"][0])]["data"]'), exact, 'x as written');
      assert.equal(read(r.out, 'd["values"][str(d["calls"][1]["argIds"][0])]["data"]'), '9007199254740993', 'the int (2**53 + 1) as written');
      // The panel's export of the same run: x, out and the int's edge with the program's digits.
      const graph = recordedToGraph(await trace(s.file), 0);
      const exported = traceJson(graph);
      assert.equal(read(exported, '[d["edges"][0]["x"], d["layers"][0]["out"]]'), `[${exact}, ${exact}]`, 'x and out, in the export');
      assert.equal(read(exported, '[d["edges"][2]["x"], d["layers"][1]["out"]]'), '[9007199254740993, 9007199254740993]', 'the int and its out, in the export');
    } finally {
      s.cleanup();
    }
  });

  it('--json prints the tracer result as one object', async () => {
    const r = await cli([path.join(EXAMPLES, 'two_layer_net.py'), '--json']);
    assert.equal(r.code, 0, r.err);
    // #20 item 2 changed the schema (version 2): every value once in "values", calls name it by id
    const json = JSON.parse(r.out) as { version: number; values: Record<string, { shape?: number[] }>; calls: { args: { ref: number }[]; argIds: number[] }[]; gradcheck: { ok: boolean }[] };
    assert.equal(json.version, 2);
    assert.equal(json.calls.length, 8);
    assert.ok(json.gradcheck.every((g) => g.ok));
    const relu = json.calls[1];
    assert.deepEqual(relu.args[0], { ref: relu.argIds[0] });
    assert.deepEqual(json.values[relu.argIds[0]].shape, [3, 5], 'the value, once, under its id');
  });

  it('exit 2 with the message on stderr: raised, no layer, bad arguments', async () => {
    const s = tempScript('boom.py', 'import numpy as np\nclass L:\n    def forward(self, x):\n        return x\nL().forward(1)\nraise ValueError("bad value")\n');
    const none = tempScript('none.py', 'print(1)\n');
    try {
      const raised = await cli([s.file]);
      assert.equal(raised.code, 2);
      assert.match(raised.err, new RegExp(`^backprop-trace run: ${s.file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:6: ValueError: bad value\n`));
      assert.match(raised.out, /\[0\] L#0\.forward\(x\)/, 'what was recorded is still printed');
      const empty = await cli([none.file]);
      assert.equal(empty.code, 2);
      assert.match(empty.err, /no layer call was recorded/);
      assert.equal((await cli(['--timeout', 'x', none.file])).code, 2);
      assert.equal((await cli([])).code, 2);
      const python = await runCli([none.file, '--python', '/nonexistent/python']);
      assert.equal(python.code, 2);
      assert.match(python.err, /no Python interpreter could be started \(tried \/nonexistent\/python\)/);
    } finally {
      s.cleanup();
      none.cleanup();
    }
  });

  it('an interpreter without numpy: number-only layers recorded; a program importing numpy told in one sentence', async () => {
    // python -S skips site-packages, where Debian's python3-numpy lives
    const s = tempScript('python-without-numpy', `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    const prog = tempScript('needs_numpy.py', 'import numpy as np\nprint(np.ones(2))\n');
    try {
      fs.chmodSync(s.file, 0o755);
      const run = (file: string) => runCli([file, '--python', s.file]);
      const apple = await run(path.join(EXAMPLES, 'apple.py'));
      assert.equal(apple.code, 0, apple.err);
      assert.match(apple.out, /── backprop-trace: 4 calls recorded in apple\.py ──/);
      const r = await run(prog.file);
      assert.equal(r.code, 2);
      assert.match(r.err, /^backprop-trace run: numpy is not installed for \S+ \(needs_numpy\.py:1 imports it\): without numpy the tracer records only layers on plain numbers; install numpy or pass --python PATH\n$/);
    } finally {
      s.cleanup();
      prog.cleanup();
    }
  });

  it('--timeout stops a hanging program and leaves no process behind', () => {
    const marker = `bpt_cli_hang_${process.pid}`;
    const s = tempScript(`${marker}.py`, 'import time\nwhile True:\n    time.sleep(0.05)\n');
    try {
      const started = Date.now();
      const r = spawnSync(process.execPath, [path.join(ROOT, 'out', 'src', 'cli.js'), 'run', s.file, '--timeout', '1', '--python', PYTHON], { encoding: 'utf8' });
      assert.ok(Date.now() - started < 10_000);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /timed out after 1 s and was stopped/);
      assert.deepEqual(processesWith(marker), []);
    } finally {
      s.cleanup();
    }
  });
});
