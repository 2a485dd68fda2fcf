// The panel's status at the flow's end tells what ran, from the real tracer's recording: a
// program that never called backward gets "Forward pass recorded; no backward call was
// recorded", not "Forward and backward pass complete" (the webview's doneKey on the graph's pass).
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded/toGraph';
import { doneKey } from '../../../src/webview/flowState';
import { tempScript, trace } from './helpers';

const MUL = 'class MulLayer:\n    def forward(self, x, y):\n        self.x, self.y = x, y\n        return x * y\n\n    def backward(self, dout):\n        return dout * self.y, dout * self.x\n\n';

async function graphsOf(program: string): Promise<ReturnType<typeof recordedToGraph>[]> {
  const s = tempScript('prog.py', MUL + program);
  try {
    const r = await trace(s.file);
    return Array.from({ length: r.passes }, (_, k) => recordedToGraph(r, k));
  } finally {
    s.cleanup();
  }
}

describe('tracer: the status says whether a backward ran', function () {
  this.timeout(30_000);

  it('forward only (MulLayer().forward(3.0, 4.0)): no backward recorded, the forward-only status', async () => {
    const [g] = await graphsOf('print(MulLayer().forward(3.0, 4.0))\n');
    assert.equal(g.pass?.backwards, 0);
    assert.equal(doneKey(g.pass), 'phaseForwardOnly');
    assert.ok(g.edges.every((e) => !e.backward), 'no gradient drawn');
  });

  it('forward then backward twice (two layers): "forward and backward"', async () => {
    const [g] = await graphsOf('a, b = MulLayer(), MulLayer()\nout = b.forward(a.forward(100.0, 2), 1.1)\nb.backward(1.0)\na.backward(1.1)\n');
    assert.equal(g.pass?.backwards, 2);
    assert.equal(doneKey(g.pass), 'phaseDone');
  });

  it('a training pass then a forward-only prediction: each pass says its own', async () => {
    const gs = await graphsOf('m = MulLayer()\nm.forward(2.0, 3.0)\nm.backward(1.0)\nm.forward(5.0, 6.0)\n');
    assert.deepEqual(gs.map((g) => doneKey(g.pass)), ['phaseDone', 'phaseForwardOnly']);
  });

  it('literal mode and the examples (no pass) keep "forward and backward"', () => {
    assert.equal(doneKey(undefined), 'phaseDone');
  });
});
