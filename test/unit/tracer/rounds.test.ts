// A numerical gradient's pass drawn once (engine/recorded/rounds.ts), on a real Python run of our
// TwoLayerNet in the learners' shape (test/fixtures/learnerNet.ts): its numerical_gradient runs
// the four layers forward again and again before the one backprop. A layer used twice inside one
// evaluation, or on fresh values with a backward after each, is still drawn every time.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { roundsDrawn, roundsOf } from '../../../src/engine/recorded/rounds';
import type { RecordedCall } from '../../../src/engine/recorded/schema';
import { learnerNet } from '../../fixtures/learnerNet';
import { tempScript, trace } from './helpers';

const layers = (g: ReturnType<typeof recordedToGraph>) => g.nodes.filter((n) => n.kind === 'layer').map((n) => n.label);

describe("a numerical gradient's pass, drawn once", function () {
  this.timeout(120_000);

  it('capped before the backprop: the last evaluation drawn, each layer once, how many said, the failing verdict on it', async () => {
    const s = tempScript('grad_check.py', learnerNet({ from: 'dout[self.mask] = 0', to: 'dout[~self.mask] = 0' }));
    try {
      const rec = await trace(s.file, ['--max-calls', '40']);
      const evaluations = rec.calls.filter((c) => c.pass === 0 && c.method === 'forward' && c.names?.short === 'Affine1').length;
      assert.ok(evaluations >= 5, `only ${evaluations} evaluations recorded`);
      const g = recordedToGraph(rec, 0);
      assert.deepEqual(layers(g).sort(), ['Affine1', 'Affine2', 'Relu1', 'lastLayer'].sort());
      assert.ok(g.notes?.includes(`This pass ran the same layers forward ${evaluations} times and no backward was recorded (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the last whole one.`), JSON.stringify(g.notes));
      assert.match(g.nodes.find((n) => n.label === 'Relu1')?.verdict?.text ?? '', /^FAILED: dx at \(\d+, \d+\)/);
    } finally {
      s.cleanup();
    }
  });

  it('recorded whole: the evaluation the backward followed is drawn, with its gradients, the forward-only ones left out and counted', async () => {
    const s = tempScript('grad_check.py', learnerNet());
    try {
      const rec = await trace(s.file, ['--max-calls', '100000']);
      assert.ok(!rec.capped, 'the run was capped');
      const inPass = rec.calls.filter((c) => c.pass === 0 && c.method === 'forward' && c.names?.short === 'Affine1').length;
      const g = recordedToGraph(rec, 0);
      assert.deepEqual(layers(g).sort(), ['Affine1', 'Affine2', 'Relu1', 'lastLayer'].sort());
      // Into each Affine: its x, W and b carry their gradients (the evaluation drawn is the one backprop ran on).
      const affines = g.nodes.filter((n) => n.label.startsWith('Affine')).map((n) => n.id);
      const into = g.edges.filter((e) => affines.includes(e.target));
      assert.ok(into.length >= 6 && into.every((e) => e.backward !== undefined), JSON.stringify(into.map((e) => [e.id, !!e.backward])));
      const note = g.notes?.find((n) => n.startsWith('This pass ran the same layers forward'));
      assert.equal(note, `This pass ran the same layers forward ${inPass} times, ${inPass - 1} of them with no backward after (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the ones a backward followed.`);
      assert.ok((g.pass?.backwards ?? 0) >= 4, `backwards in the drawn pass: ${g.pass?.backwards}`);
    } finally {
      s.cleanup();
    }
  });

  it('one AddLayer used twice in an evaluation, and a MulLayer used on fresh values with a backward after each: all drawn, nothing said', async () => {
    const s = tempScript('reuse.py', [
      'import numpy as np',
      'class AddLayer:',
      '    def forward(self, x, y):',
      '        return x + y',
      '    def backward(self, dout):',
      '        return dout, dout',
      'class MulLayer:',
      '    def forward(self, x, y):',
      '        self.x, self.y = x, y',
      '        return x * y',
      '    def backward(self, dout):',
      '        return dout * self.y, dout * self.x',
      'add, mul = AddLayer(), MulLayer()',
      'a = add.forward(np.array([1., 2.]), np.array([3., 4.]))',
      'b = add.forward(a, np.array([5., 6.]))',
      'out = mul.forward(b, np.array([2., 2.]))',
      'out2 = mul.forward(np.array([1., 1.]), np.array([3., 3.]))',
      'print(mul.backward(np.ones(2)))',
      'print(add.backward(np.ones(2)))',
      '',
    ].join('\n'));
    try {
      const rec = await trace(s.file);
      const forwards = rec.calls.map((c, i) => ({ c, i })).filter(({ c }) => c.method === 'forward');
      assert.equal(roundsOf(forwards).length, 2, 'the MulLayer on fresh values starts a second round');
      const g = recordedToGraph(rec, 0);
      assert.equal(layers(g).length, 4, JSON.stringify(layers(g)));
      assert.ok(!g.notes?.some((n) => n.startsWith('This pass ran')), JSON.stringify(g.notes));
    } finally {
      s.cleanup();
    }
  });

  it("cut short by the recording's cap: the last whole evaluation is drawn, not the cut one", () => {
    // Four layers, each fed the one before's output; the weights' input (id 1) fed again each evaluation.
    let id = 100;
    const forwards: { c: RecordedCall; i: number }[] = [];
    const evaluation = (layers: number) => {
      let arg = 1;
      for (let k = 0; k < layers; k++) {
        const c = { instance: k, argIds: [arg], resultId: ++id } as unknown as RecordedCall;
        forwards.push({ c, i: forwards.length });
        arg = id;
      }
    };
    [4, 4, 4, 2].forEach(evaluation);
    const drawn = roundsDrawn(forwards, () => false);
    assert.deepEqual(drawn.forwards.map((f) => f.i), [8, 9, 10, 11], 'the third evaluation (whole) is the one drawn');
    assert.match(drawn.note ?? '', /forward 4 times .*the last whole one\.$/);
  });
});
