// Every registry layer against numpy running the layer's own book class (the code "Copy as numpy
// code" exports), on generated cases: forward, every input's gradient and every parameter's.
// JSON carries float64 exactly both ways (shortest round-trip reprs), so equality is bit for bit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAYER_CHOICES, LAYERS, layerSpec, parseLayerList, runDag, type DagSpec, type Tensor } from '../../../src/engine';
import { python } from './python';

const PRELUDE = `
import json, sys
import numpy as np
`;

interface Case {
  layer: string;
  inputs: Tensor[];
  params: Tensor[];
  dout: Tensor;
}

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const randn = (shape: number[], scale = 2): Tensor => ({ shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.round((rand() - 0.5) * 2 * scale * 1e6) / 1e6) });
const nested = (t: Tensor): unknown => {
  if (t.shape.length === 0) return t.data[0];
  const step = t.data.length / t.shape[0];
  return Array.from({ length: t.shape[0] }, (_, i) => nested({ shape: t.shape.slice(1), data: t.data.subarray(i * step, (i + 1) * step) }));
};
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

function cases(): Case[] {
  const out: Case[] = [];
  for (let k = 0; k < 6; k++) {
    const shape = [[], [5], [3, 4], [2, 3, 2]][k % 4];
    const x = randn(shape);
    if (k === 1) x.data[0] = 0; // ReLU's mask at exactly 0
    out.push({ layer: 'relu', inputs: [x], params: [], dout: randn(shape) });
    out.push({ layer: 'sigmoid', inputs: [x], params: [], dout: randn(shape) });
    out.push({ layer: 'mul', inputs: [x, randn(shape)], params: [], dout: randn(shape) });
    out.push({ layer: 'add', inputs: [x, randn(shape)], params: [], dout: randn(shape) });
    const n = 1 + (k % 3);
    const d = 2 + k;
    const m = 3 + (k % 2);
    out.push({ layer: 'affine', inputs: [randn([n, d])], params: [randn([d, m]), randn([m])], dout: randn([n, m]) });
    const logits = randn([n, m], 4);
    const labels = Array.from({ length: n }, () => Math.floor(rand() * m));
    const t: Tensor = k % 2 ? { shape: [n], data: Float64Array.from(labels) } : { shape: [n, m], data: Float64Array.from({ length: n * m }, (_, i) => (labels[Math.floor(i / m)] === i % m ? 1 : 0)) };
    out.push({ layer: 'softmaxWithLoss', inputs: [logits, t], params: [], dout: { shape: [], data: Float64Array.of(1) } });
  }
  return out;
}

/** numpy's results for every case, from the book's classes as the registry declares them. */
function numpyResults(all: Case[]): { out: unknown; grads: unknown[]; dparams: unknown[] }[] {
  // The registry's own numpy code: each layer's functions and class, as "Copy as numpy code" writes them.
  const classes = LAYERS.map((l) => `${(l as { functions?: string }).functions ?? ''}\n${l.numpy}`).join('\n\n');
  const code = `${PRELUDE}\n${classes}\n
cases = json.load(sys.stdin)
results = []
for c in cases:
    inputs = [np.array(v, dtype=np.float64) for v in c['inputs']]
    if c['layer'] == 'SoftmaxWithLoss' and np.array(c['inputs'][1]).ndim == 1 and len(c['inputs'][1]) != inputs[0].size:
        inputs[1] = inputs[1].astype(np.int64)  # class indices index the array
    params = [np.array(v, dtype=np.float64) for v in c['params']]
    layer = globals()[c['layer']](*params)
    out = layer.forward(*[i.copy() for i in inputs])
    g = layer.backward(np.array(c['dout'], dtype=np.float64).copy() if c['layer'] != 'SoftmaxWithLoss' else 1)
    g = list(g) if isinstance(g, tuple) else [g]
    dparams = [getattr(layer, 'd' + n).tolist() for n in c['paramNames']]
    results.append({'out': np.asarray(out).tolist(), 'grads': [np.asarray(x).tolist() for x in g], 'dparams': dparams})
print(json.dumps(results))
`;
  const payload = all.map((c) => {
    const spec = layerSpec(c.layer);
    return { layer: spec.className, inputs: c.inputs.map(nested), params: c.params.map(nested), dout: nested(c.dout), paramNames: spec.params };
  });
  return JSON.parse(python(code, JSON.stringify(payload)));
}

/** One case through the engine's own loop: a DAG of the inputs, one call, one output. */
function engine(c: Case) {
  const spec = layerSpec(c.layer);
  const dag: DagSpec = {
    inputs: [...c.inputs.map((v, i) => ({ id: `i${i}`, label: spec.inputs[i], value: v })), ...c.params.map((v, i) => ({ id: `p${i}`, label: spec.params[i], value: v, param: true }))],
    calls: [{ id: 'c', layer: c.layer, args: c.inputs.map((_, i) => `i${i}`), params: c.params.map((_, i) => `p${i}`) }],
    outputs: [{ id: 'y', label: 'y', of: 'c', dout: c.dout }],
  };
  return runDag(dag).calls[0];
}

describe('layer registry against numpy', () => {
  const all = cases();
  const expected = numpyResults(all);
  // Element-wise arithmetic is one IEEE operation per value, as numpy's: exactly equal. exp, the
  // dot products and the softmax's sums may round differently (BLAS and SIMD orders): 1e-12 relative.
  const exact = new Set(['relu', 'mul', 'add']);

  all.forEach((c, k) => {
    it(`${layerSpec(c.layer).className} case ${k} (x ${JSON.stringify(c.inputs[0].shape)})`, () => {
      const run = engine(c);
      const want = expected[k];
      const close = (got: Float64Array, w: unknown, what: string) => {
        const ws = flat(w);
        assert.equal(got.length, ws.length, `${what}: length`);
        got.forEach((g, i) => {
          if (exact.has(c.layer)) assert.ok(Object.is(g, ws[i]) || (g === 0 && ws[i] === 0), `${what}[${i}]: ${g} vs numpy ${ws[i]}`);
          else assert.ok(Math.abs(g - ws[i]) <= 1e-12 * Math.max(1, Math.abs(ws[i])), `${what}[${i}]: ${g} vs numpy ${ws[i]}`);
        });
      };
      close(run.out.data, want.out, 'forward');
      run.dinputs.forEach((d, i) => {
        if (d) close(d.data, want.grads[i], `d${layerSpec(c.layer).inputs[i]}`);
      });
      run.dparams.forEach((d, i) => close(d.data, want.dparams[i], `d${layerSpec(c.layer).params[i]}`));
    });
  });

  it('every layer declares a gradient for each input (or says it has none) and each parameter', () => {
    for (const spec of LAYERS) {
      const c = all.find((x) => x.layer === spec.name) as Case;
      const run = engine(c);
      assert.equal(run.dinputs.length, spec.inputs.length, spec.name);
      run.dinputs.forEach((d, i) => assert.equal(d === null, ((spec as { noGrad?: readonly string[] }).noGrad ?? []).includes(spec.inputs[i]), `${spec.name} ${spec.inputs[i]}`));
      assert.equal(run.dparams.length, spec.params.length, spec.name);
    }
  });
});

describe('what derives from the registry', () => {
  it("package.json's layers setting offers exactly the registry's choices, each with a description", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum: string[]; enumDescriptions: string[] }> } } };
    const setting = pkg.contributes.configuration.properties['backpropTrace.layers'];
    assert.deepEqual(setting.enum, [...LAYER_CHOICES]);
    assert.equal(setting.enumDescriptions.length, LAYER_CHOICES.length);
  });

  it('the one layer grammar: a,b side by side, a>b a chain, a sentence for anything else', () => {
    assert.deepEqual(parseLayerList('relu,sigmoid'), { layers: ['relu', 'sigmoid'], mode: 'parallel' });
    assert.deepEqual(parseLayerList(' ReLU > sigmoid '), { layers: ['relu', 'sigmoid'], mode: 'chain' });
    const bad = parseLayerList('relu>tanh');
    assert.ok('error' in bad && /unknown layer 'tanh'.*relu, sigmoid/.test(bad.error));
    assert.ok('error' in parseLayerList('relu,sigmoid>relu'));
    assert.ok('error' in parseLayerList(''));
  });
});
