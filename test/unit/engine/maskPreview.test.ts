// ReLU's mask is the biggest thing a big trace sends (one byte per element, 1 MB for 1000x1000):
// on the wire it becomes a sample on x's own grid plus numpy's print and the True count of the
// whole mask, made by the host. What the webview shows from it must be what numpy says.
import * as assert from 'assert';
import { buildTrace, tensor } from '../../../src/engine';
import { formatMask, relabelMask } from '../../../src/engine/print/formatMask';
import { previewGraph, previewMask, SAMPLE_MAX, WIRE_FULL_MAX } from '../../../src/engine/print/wirePreview';
import { isToWebviewMessage } from '../../../src/protocol';
import { nodeState } from '../../../src/scene/nodeLabels';
import { curveData } from '../../../src/webview/curve';
import { python } from './python';

function ramp(rows: number, cols: number) {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.sin(i * 1.7) * 1000) / 100;
  return { shape: [rows, cols], data };
}

const maskOf = (g: ReturnType<typeof buildTrace>) => g.nodes.find((n) => n.layer === 'relu')?.cache?.find((c) => c.name === 'mask');

describe('wire previews of big masks', () => {
  it('leaves small masks whole', () => {
    const m = { shape: [100, 100], data: new Uint8Array(WIRE_FULL_MAX) };
    assert.strictEqual(previewMask(m), m);
  });

  it('sends a 300x400 mask as a sample with numpy\'s print and True count of the whole', () => {
    const x = ramp(300, 400);
    const graph = buildTrace(tensor(x.shape, x.data), { layers: ['relu'], mode: 'parallel', dout: 'ones' }, 't', { skipGradcheck: true });
    const wire = previewGraph(graph);
    const full = maskOf(graph)?.mask;
    const sent = maskOf(wire)?.mask;
    assert.ok(full && sent?.preview);
    assert.strictEqual(full.data.length, 120_000, 'the host keeps the whole mask (exports, JSON)');
    assert.ok(sent.data.length <= SAMPLE_MAX, `${sent.data.length}`);
    // numpy: the count and the print of (x <= 0).
    const [count, ...text] = python(
      `import sys, numpy as np\nx = np.array(sys.stdin.read().split(), dtype=np.float64).reshape(300, 400)\nm = x <= 0\nprint(int(m.sum()))\nprint(m)`,
      Array.from(x.data).join(' '),
    ).trimEnd().split('\n');
    assert.strictEqual(sent.preview.count, Number(count));
    assert.strictEqual(sent.preview.text, text.join('\n'));
    // The sample is on the same grid as x's preview, so the ReLU curve reads both alike.
    const xSent = wire.edges.find((e) => e.source === 'x')?.forward;
    assert.deepStrictEqual(sent.preview.sampleShape, xSent?.preview?.sampleShape);
    assert.deepStrictEqual(sent.preview.strides, xSent?.preview?.strides);
    const [sr, sc] = sent.preview.strides;
    const cols = sent.preview.sampleShape[1];
    for (const [r, c] of [[0, 0], [5, 7], [sent.preview.sampleShape[0] - 1, cols - 1]]) {
      assert.strictEqual(sent.data[r * cols + c], full.data[r * sr * 400 + c * sc]);
    }
    assert.ok(isToWebviewMessage({ type: 'trace', graph: wire }), 'passes the protocol guard');
    const relu = wire.nodes.find((n) => n.layer === 'relu');
    assert.ok(relu);
    const curve = curveData(relu, wire);
    assert.ok(curve && curve.points.every((p) => p.slope === (p.x <= 0 ? 0 : 1)), 'slope from the sampled mask matches x');
  });

  it('labels a previewed mask with the whole mask\'s numbers, collapsed and expanded', () => {
    const x = ramp(200, 100);
    const graph = buildTrace(tensor(x.shape, x.data), { layers: ['relu'], mode: 'parallel', dout: 'ones' }, 't', { skipGradcheck: true });
    const wire = previewGraph(graph);
    const n = (g: typeof graph) => g.nodes.find((v) => v.layer === 'relu');
    assert.deepStrictEqual(nodeState(n(wire)!, wire), nodeState(n(graph)!, graph));
    const open = { ...graph, nodes: graph.nodes.map((v) => (v.layer === 'relu' ? { ...v, expanded: true } : v)) };
    const openWire = previewGraph(open);
    assert.deepStrictEqual(nodeState(n(openWire)!, openWire), nodeState(n(open)!, open));
  });

  it('relabels the print as formatMask with other symbols would', () => {
    const data = Uint8Array.from({ length: 3 * 2000 }, (_, i) => (i % 7 < 3 ? 1 : 0));
    for (const shape of [[6000], [3, 2000], [3, 20, 100], [2, 2]]) {
      const d = data.subarray(0, shape.reduce((a, b) => a * b, 1));
      assert.strictEqual(relabelMask(formatMask(d, shape), '■', '▶'), formatMask(d, shape, '■', '▶'), `${shape}`);
    }
  });

  it('rejects a mask preview whose sample does not match its shape or counts too many', () => {
    const x = ramp(120, 100);
    const wire = previewGraph(buildTrace(tensor(x.shape, x.data), { layers: ['relu'], mode: 'parallel', dout: 'ones' }, 't', { skipGradcheck: true }));
    const sent = maskOf(wire)?.mask;
    assert.ok(sent?.preview);
    const withMask = (mask: unknown) => ({
      type: 'trace',
      graph: { ...wire, nodes: wire.nodes.map((n) => (n.layer === 'relu' ? { ...n, cache: [{ name: 'mask', mask }] } : n)) },
    });
    assert.ok(isToWebviewMessage(withMask(sent)), 'the real preview passes');
    assert.ok(!isToWebviewMessage(withMask({ ...sent, data: sent.data.subarray(1) })), 'a short sample');
    assert.ok(!isToWebviewMessage(withMask({ ...sent, preview: { ...sent.preview, count: 12_001 } })), 'more True than elements');
    assert.ok(!isToWebviewMessage(withMask({ ...sent, preview: { ...sent.preview, strides: [0, 2] } })), 'a zero stride');
    assert.ok(isToWebviewMessage(withMask({ shape: [100, 100], data: new Uint8Array(10_000) })), 'a whole mask (the old form) still passes');
  });
});
