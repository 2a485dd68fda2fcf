// The tracer (real Python + numpy) on the book's programs in examples/: what it records must be
// what the program itself prints when run without it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { RecordedArray, RecordedValue } from '../../../src/engine/recorded/schema';
import { withNested } from '../../../src/engine/recorded/values';
import { bare, EXAMPLES, notebookCells, notebookPrinted, numbersIn, plainRun, PYTHON, trace, traceCells } from './helpers';

const arr = (v: RecordedValue): RecordedArray => withNested(v) as RecordedArray;

describe('tracer on the book examples', function () {
  this.timeout(120_000);

  it('apple (fig 5-16): 220 forward, 2.2 / 110 / 200 backward, as the program prints', async () => {
    const file = path.join(EXAMPLES, 'apple.py');
    const plain = plainRun(file);
    const r = await trace(file);
    assert.equal(r.stdout, plain, 'the traced program prints exactly what it prints alone');
    assert.deepEqual(r.calls.map((c) => `${c.class}#${c.instance}.${c.method}`), [
      'MulLayer#0.forward', 'MulLayer#1.forward', 'MulLayer#1.backward', 'MulLayer#0.backward',
    ]);
    const [price, grads] = plain.trim().split('\n');
    assert.equal(bare(r.calls[1].result), Number(price));
    assert.equal(bare(r.calls[1].result), 100 * 2 * 1.1);
    const [dapple, dappleNum, dtax] = numbersIn(grads);
    assert.deepEqual(bare(r.calls[3].result), [dapple, dappleNum]);
    assert.deepEqual(bare(r.calls[2].result), [1.1, dtax]);
    assert.deepEqual([dapple, dtax], [2.2, 200]);
    // the first layer's result is the value the second consumed
    assert.equal(r.calls[1].argIds[0], r.calls[0].resultId);
    assert.equal(r.calls[2].pairs, 1);
    assert.equal(r.calls[3].pairs, 0);
    assert.equal(r.gradcheck.length, 2);
    assert.ok(r.gradcheck.every((g) => g.ok && (g.maxAbsDiff as number) < 1e-6));
    assert.equal(r.passes, 1);
    assert.equal(r.error, undefined);
  });

  it('apple and orange (fig 5-17): 715; 110, 2.2, 3.3, 165, 650', async () => {
    const file = path.join(EXAMPLES, 'apple_orange.py');
    const plain = plainRun(file);
    const r = await trace(file);
    assert.equal(r.stdout, plain);
    const [price, grads] = plain.trim().split('\n');
    assert.equal(bare(r.calls[3].result), Number(price));
    const byInstance = (i: number) => bare(r.calls.find((c) => c.instance === i && c.method === 'backward')?.result) as number[];
    const [dappleNum, dapple, dorange, dorangeNum, dtax] = numbersIn(grads);
    assert.deepEqual(byInstance(0), [dapple, dappleNum]);
    assert.deepEqual(byInstance(1), [dorange, dorangeNum]);
    assert.equal(byInstance(3)[1], dtax);
    assert.deepEqual([dappleNum, dapple, dorange, dorangeNum, dtax].map((x) => Math.round(x * 10) / 10), [110, 2.2, 3.3, 165, 650]);
    assert.equal(r.gradcheck.length, 4);
    assert.ok(r.gradcheck.every((g) => g.ok));
  });

  it('the seed notebook: printed outputs reproduced, ReLU.forward wrote into x', async () => {
    const nbPath = path.join(EXAMPLES, 'seed_notebook.ipynb');
    const cells = notebookCells(nbPath);
    const printed = notebookPrinted(nbPath);
    const r = await traceCells(cells, EXAMPLES);
    assert.equal(r.stdout, printed, "the notebook's own printed outputs");
    const [fwd, bwd] = r.calls;
    assert.equal(fwd.class, 'ReLU');
    assert.deepEqual(fwd.inPlace, [0], 'forward wrote into its argument x');
    assert.deepEqual(arr(fwd.args[0]).data, [[1, -0.5], [2, 0]], 'x as it was at the call (copied)');
    assert.deepEqual(arr(fwd.result).data, [[1, 0], [2, 0]]);
    assert.deepEqual(arr(fwd.attrs.mask), { shape: [2, 2], dtype: 'bool', data: [[0, 1], [0, 1]] });
    assert.notEqual(fwd.argIds[0], fwd.resultId, 'x changed in place is a new value');
    assert.equal(bwd.argIds[0], fwd.resultId, 'backward(x) got the x forward had overwritten');
    assert.equal(fwd.file, `${nbPath}#cell4`);
    assert.equal(fwd.line, 3, 'line within the cell');
    const sig = r.calls.filter((c) => c.class === 'Sigmoid');
    assert.deepEqual(arr(sig[1].result).data, [[0.19661193324148185, 0.2099871708070129], [0.13552997919273602, 0.07065082485316443]]);
    assert.ok(r.gradcheck.every((g) => g.ok));
  });

  it('two-layer net: loss and db2 as printed, every layer and parameter passes the check', async () => {
    const file = path.join(EXAMPLES, 'two_layer_net.py');
    const plain = plainRun(file).trim().split('\n');
    const r = await trace(file);
    assert.deepEqual(r.calls.map((c) => `${c.class}.${c.method}`), [
      'Affine.forward', 'Relu.forward', 'Affine.forward', 'SoftmaxWithLoss.forward',
      'SoftmaxWithLoss.backward', 'Affine.backward', 'Relu.backward', 'Affine.backward',
    ]);
    assert.equal(bare(r.calls[3].result), Number(plain[0]));
    const db2 = arr(r.calls[5].attrs.db).data as number[];
    numbersIn(plain[1]).forEach((x, i) => assert.ok(Math.abs(x - db2[i]) < 1e-8, `db2[${i}]`));
    assert.deepEqual(r.calls[6].inPlace, [0], "the book's Relu.backward writes into dout");
    // the Relu's input is the Affine's output, sent once: named by its id
    assert.deepEqual(r.calls[1].args[0], { ref: r.calls[0].resultId });
    assert.equal(r.gradcheck.length, 4);
    for (const g of r.gradcheck) assert.ok(g.ok, `${g.class} failed: ${JSON.stringify(g)}`);
    // made as each backward returns: the loss's first, the first Affine's last
    assert.deepEqual(r.gradcheck.map((g) => g.instance), [3, 2, 1, 0]);
    const affine = r.gradcheck[3];
    assert.deepEqual(affine.params?.map((p) => p.name), ['W', 'b']);
    assert.equal(affine.inputs[0].checked, 12);
    assert.deepEqual(r.gradcheck[0].inputs.map((p) => p.name), ['x'], 'labels t get no check');
    assert.deepEqual(r.gradcheck[0].labels, ['t'], 'named as labels');
  });

  it('MNIST-sized batch (TwoLayerNet(784, 50, 10), 100 × 784): numpy\'s exact stats, the check on a time-bounded sample', async () => {
    const file = path.join(EXAMPLES, 'mnist_batch.py');
    const plain = plainRun(file);
    const r = await trace(file);
    assert.equal(r.stdout, plain);
    assert.deepEqual(r.calls.map((c) => `${c.class}.${c.method}`), [
      'Affine.forward', 'Relu.forward', 'Affine.forward', 'SoftmaxWithLoss.forward',
      'SoftmaxWithLoss.backward', 'Affine.backward', 'Relu.backward', 'Affine.backward',
    ]);
    // numpy's own figures for the batch and W1, printed with repr: the tracer's must be equal
    const stats = spawnSync(PYTHON, ['-c', `import runpy, json, numpy as np
ns = runpy.run_path('mnist_batch.py')
print(json.dumps([[float(a.min()), float(a.max()), float(a.mean())] for a in (ns['x_batch'], ns['net'].params['W1'])]))`], { cwd: EXAMPLES, encoding: 'utf8' });
    const [xStats, wStats] = JSON.parse(stats.stdout.trim().split('\n').pop()!) as number[][];
    const x = arr(r.calls[0].args[0]);
    const w1 = arr(r.calls[0].attrs.W);
    for (const [a, expected, shape] of [[x, xStats, [100, 784]], [w1, wStats, [784, 50]]] as const) {
      assert.deepEqual(a.shape, shape);
      assert.equal(a.data, undefined, 'sent as a preview, not 78,400 numbers');
      assert.deepEqual([a.min, a.max, a.mean], expected);
    }
    // Affine1's forward costs ~1.5 ms an evaluation: 4096 elements of x and of W would take ~25 s.
    // Its check samples what fits in the 0.5 s budget (at least 16 each) and passes.
    const affine = r.gradcheck.find((g) => g.instance === 0)!;
    assert.equal(affine.class, 'Affine');
    assert.ok(r.gradcheck.every((g) => g.ok), JSON.stringify(r.gradcheck));
    for (const p of [...affine.inputs, ...(affine.params ?? [])]) assert.ok(p.checked >= 16 && p.checked <= 4096, `${p.name}: ${p.checked}`);
    const t = r.timing!;
    assert.ok(t.start <= t.numpy && t.numpy <= t.ran && t.ran <= t.checked, JSON.stringify(t));
    assert.ok(t.checked - t.ran < 3000, `the check took ${t.checked - t.ran} ms`);
  });

  it('a wrong backward fails the check by as much as it is wrong', async () => {
    const r = await trace(path.join(EXAMPLES, 'wrong_backward.py'));
    assert.equal(r.gradcheck.length, 1);
    const g = r.gradcheck[0];
    assert.equal(g.ok, false);
    // dx = dout * out instead of dout * out * (1 - out): off by out^2, largest at x = 2
    const s = 1 / (1 + Math.exp(-2));
    assert.ok(Math.abs((g.maxAbsDiff as number) - s * s) < 1e-6, String(g.maxAbsDiff));
    assert.equal(g.inputs[0].index, 2);
  });

  it('layers imported from a sibling package (common/layers.py) are recorded', async () => {
    const file = path.join(EXAMPLES, 'layers_import', 'main.py');
    const plain = plainRun(file);
    const r = await trace(file);
    assert.equal(r.stdout, plain);
    assert.equal(r.calls.length, 8);
    assert.ok(r.calls.every((c) => c.defFile?.endsWith(path.join('common', 'layers.py'))));
    assert.ok(r.calls.every((c) => c.file?.endsWith('main.py')));
    assert.ok(r.gradcheck.length === 4 && r.gradcheck.every((g) => g.ok));
  });
});
