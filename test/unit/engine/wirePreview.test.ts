// Big arrays travel to the webview as previews: the summary text and stats must be those of
// the whole array, and the sample must be the strided elements it claims to be.
import * as assert from 'assert';
import * as path from 'path';
import { buildTrace, formatArray, full, tensor } from '../../../src/engine';
import { previewGraph, previewGraphSliced, previewTensor, SAMPLE_MAX, sampleStrides, WIRE_FULL_MAX } from '../../../src/engine/print/wirePreview';
import { isWireTensor, isToWebviewMessage } from '../../../src/protocol';
import { python } from './python';

const wire = (t: { shape: readonly number[]; data: Float64Array }) => ({ shape: [...t.shape], data: t.data });

function ramp(rows: number, cols: number) {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i) * 10 - 1;
  return wire(tensor([rows, cols], data));
}

describe('wire previews of big arrays', () => {
  it('sends small arrays whole, untouched', () => {
    const t = ramp(2, 2);
    assert.strictEqual(previewTensor(t), t);
    const edge = ramp(1, WIRE_FULL_MAX);
    assert.strictEqual(previewTensor(edge), edge);
  });

  it('summarises 1000x1000 with the whole array\'s text and stats and a 63x63 sample', () => {
    const t = ramp(1000, 1000);
    const p = previewTensor(t);
    assert.ok(p.preview);
    assert.deepStrictEqual(p.shape, [1000, 1000]);
    // src/constants.json's rule: 4096 ** (1/2) = 64 per axis, a stride of ceil(1000 / 64) = 16.
    assert.deepStrictEqual(p.preview.strides, [16, 16]);
    assert.deepStrictEqual(p.preview.sampleShape, [63, 63]);
    assert.strictEqual(p.data.length, 63 * 63);
    assert.strictEqual(p.preview.text, formatArray(t));
    let min = Infinity, max = -Infinity, sum = 0;
    for (const v of t.data) { min = Math.min(min, v); max = Math.max(max, v); sum += v; }
    assert.strictEqual(p.preview.min, min);
    assert.strictEqual(p.preview.max, max);
    assert.ok(Math.abs(p.preview.mean - sum / t.data.length) < 1e-12);
    // Sample (r, c) is element (16r, 16c) of the whole array.
    for (const [r, c] of [[0, 0], [0, 62], [17, 3], [62, 62]]) {
      assert.strictEqual(p.data[r * 63 + c], t.data[16 * r * 1000 + 16 * c]);
    }
    assert.ok(isWireTensor(p), 'passes the protocol guard');
  });

  it('samples 1-D and 3-D arrays on every axis within the budget', () => {
    assert.deepStrictEqual(sampleStrides([1_000_000]), [245]);
    const cube = previewTensor(wire(full([100, 100, 100], 2)));
    assert.ok(cube.preview);
    assert.ok(cube.data.length <= SAMPLE_MAX, `${cube.data.length}`);
    assert.strictEqual(cube.preview.mean, 2);
  });

  it('previews as the tracer does (one rule, src/constants.json): whole or not, strides, sample shape', () => {
    const shapes = [[100, 100], [101, 100], [1000, 1000], [1_000_000], [100, 100, 100], [3, 5000], [7, 9, 11, 13]];
    const code = `import sys, json, numpy as np\nsys.path.insert(0, ${JSON.stringify(path.resolve(__dirname, '../../../../src/tracer'))})\nfrom bpt_tracer.values import array_value\n` +
      `out = []\nfor s in json.loads(sys.stdin.read()):\n    v = array_value(np.zeros(s))\n    out.append([v.get('strides'), v.get('sampleShape')])\nprint(json.dumps(out))`;
    const py = JSON.parse(python(code, JSON.stringify(shapes))) as [number[] | null, number[] | null][];
    shapes.forEach((shape, i) => {
      const p = previewTensor({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)) });
      assert.deepStrictEqual([p.preview?.strides ?? null, p.preview?.sampleShape ?? null], py[i], `${shape}`);
    });
  });

  it('gives NaN stats, like numpy, when a NaN is present', () => {
    const t = ramp(300, 300);
    t.data[12345] = NaN;
    const p = previewTensor(t);
    assert.ok(p.preview && Number.isNaN(p.preview.min) && Number.isNaN(p.preview.mean));
  });

  it('previews each distinct array of a trace once and keeps the graph valid', () => {
    const x = ramp(500, 500);
    const graph = buildTrace(x, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 't', { skipGradcheck: true });
    const wire = previewGraph(graph);
    assert.ok(isToWebviewMessage({ type: 'trace', graph: wire }));
    const xEdges = wire.edges.filter((e) => e.source === 'x');
    assert.strictEqual(xEdges[0].forward, xEdges[1].forward, 'x is previewed once for both edges');
    const bytes = wire.edges.reduce((n, e) => n + (e.forward?.data.byteLength ?? 0) + (e.backward?.data.byteLength ?? 0), 0);
    assert.ok(bytes <= 8 * SAMPLE_MAX * wire.edges.length * 2, `${bytes} bytes`);
    // The host's graph is not changed: exports and tests still see every value.
    assert.strictEqual(graph.edges[0].forward?.data.length, 250_000);
  });

  it('can make the previews in slices, pausing after each big array, with the same result', async () => {
    const x = ramp(400, 400);
    const graph = buildTrace(x, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 't', { skipGradcheck: true });
    let pauses = 0;
    const sliced = await previewGraphSliced(graph, async () => void pauses++);
    const distinct = new Set([...graph.edges.flatMap((e) => [e.forward?.data, e.backward?.data]), ...graph.nodes.map((n) => n.grad?.data)].filter((d) => d));
    assert.strictEqual(pauses, distinct.size, 'one pause per distinct big array');
    const direct = previewGraph(graph);
    sliced.edges.forEach((e, i) => {
      assert.deepStrictEqual(e.backward?.preview, direct.edges[i].backward?.preview);
      assert.deepStrictEqual(Array.from(e.backward?.data ?? []), Array.from(direct.edges[i].backward?.data ?? [0]));
    });
  });
});
