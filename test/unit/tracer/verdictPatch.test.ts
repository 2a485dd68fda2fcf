// Run mode's verdicts arrive as a patch (protocol/verdicts.ts): the graph drawn at the tracer's
// "ran" record and the graph built once every check is in differ in verdicts only, so the host
// sends just those, and the webview's patchGraph turns the first graph into the second exactly.
// Real Python, the tracer from the sources, a layer with a wrong backward among right ones.
import * as assert from 'node:assert/strict';
import { runTracer } from '../../../src/python/tracer';
import { parseRecorded, recordedToGraph, type RecordedResult } from '../../../src/engine/recorded';
import { previewGraph } from '../../../src/engine/print/wirePreview';
import { isToWebviewMessage } from '../../../src/protocol';
import { patchGraph, verdictPatch } from '../../../src/protocol/verdicts';
import { PYTHON, TRACER, tempScript } from './helpers';

const PROGRAM = `import numpy as np
class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out
    def backward(self, dout):
        return dout * self.out  # wrong: (1 - out) * out
class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out
    def backward(self, dout):
        dout[self.mask] = 0
        return dout
s, r = Sigmoid(), Relu()
y = r.forward(s.forward(np.array([[1.0, -0.5], [2.0, 0.0]])))
s.backward(r.backward(np.ones((2, 2))))
`;

describe('verdicts as a patch (protocol/verdicts.ts)', function () {
  this.timeout(60_000);

  it('the graph at "ran" and the graph at the end differ in verdicts only; the patch makes one the other', async () => {
    const { file, dir, cleanup } = tempScript('bpt_patch.py', PROGRAM);
    let ran: RecordedResult | undefined;
    const o = await runTracer({
      python: PYTHON, tracer: TRACER, file, cwd: dir, timeoutMs: 30_000,
      live: {
        onRan: (r) => {
          const p = parseRecorded(r);
          if ('error' in p) assert.fail(p.error);
          ran = p.result;
        },
      },
    });
    cleanup();
    const end = parseRecorded(o.result);
    if ('error' in end) assert.fail(end.error);
    assert.ok(ran, 'no "ran" record');
    const before = previewGraph(recordedToGraph(ran, 0));
    const after = previewGraph(recordedToGraph(end.result, 0));
    assert.deepEqual(before.nodes.filter((n) => n.verdict).map((n) => n.verdict?.status), ['checking', 'checking']);
    const patch = verdictPatch(before, after);
    assert.ok(patch, 'verdicts only, yet no patch');
    assert.deepEqual(patch.nodes.map((n) => n.verdict?.status).sort(), ['failed', 'ok']);
    assert.ok(patch.edges.some((e) => e.backwardName === 'dx ✗' && e.gradcheck && !e.gradcheck.ok), JSON.stringify(patch.edges));
    assert.deepEqual(patchGraph(before, patch), after);
    assert.ok(isToWebviewMessage({ type: 'verdicts', ...patch }), 'the message passes the protocol');
    // nothing more to say once every verdict is in
    assert.deepEqual(verdictPatch(after, after), { nodes: [], edges: [] });
  });

  it('anything but verdicts differing is no patch (a redraw): a value, a node more, a label', () => {
    const g = recordedToGraph({ calls: [], gradcheck: [], values: {} } as unknown as RecordedResult, 0);
    const base = { ...g, nodes: [{ id: 'a', kind: 'layer' as const, label: 'A' }], edges: [] };
    assert.deepEqual(verdictPatch(base, { ...base, nodes: [{ ...base.nodes[0], badge: '✓' }] }), { nodes: [{ id: 'a', badge: '✓' }], edges: [] });
    assert.equal(verdictPatch(base, { ...base, nodes: [{ ...base.nodes[0], label: 'B' }] }), undefined);
    assert.equal(verdictPatch(base, { ...base, nodes: [...base.nodes, { id: 'b', kind: 'input', label: 'x' }] }), undefined);
    assert.equal(verdictPatch(base, { ...base, title: 'other' }), undefined);
    // a patch for another drawing is refused by the protocol when its ids are not ids
    assert.equal(isToWebviewMessage({ type: 'verdicts', nodes: [{ id: 'a b' }], edges: [] }), false);
  });
});
