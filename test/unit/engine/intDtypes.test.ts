// Literal mode against numpy running the book's own Relu and Sigmoid (the registry's class text,
// the one "Copy as numpy code" exports) on the same literal, with dout = np.ones_like(out):
// np.array([5, -1, 0]) is int64, so ReLU's out and dx stay int64 and Sigmoid's are float64; int8
// and uint8 give float16 (np.exp's smallest float that holds them), int16 float32, bool refuses -x.
// Every dtype is numpy's and every value bit for bit, except where numpy's own exp (SIMD on this
// machine) differs from exp.ts in the last bit for that x: there Sigmoid may differ by a few ulp,
// and the test says how many. Float32 results stay within numpy's expf's 3 ulp. An array whose
// values are numpy's bit for bit prints as numpy's str() prints it.
import * as assert from 'node:assert/strict';
import { buildTrace, formatArray, LayerError, layerSpec, parseArray, runLiteral, tracedX, type Tensor } from '../../../src/engine';
import { exp } from '../../../src/engine/layers/exp';
import { python } from './python';

const CASES: string[] = [
  // learners' chapter-5 forms, integers where the book has floats
  'np.array([5, -1, 0])',
  'np.array([5, 1, 0])',
  'np.array([[1, 2], [3, 4]])',
  'np.array([[0, 100]])',
  'np.array([[0], [100]])',
  '[[-3, 0], [2, -1]]',
  'np.array([[1, -2], [30, 4]])',
  'np.array([-1, 0, 1, 2, -710, 800])',
  'np.array([True, 2, 0])',
  'np.array([1, -2, 3.0])',
  'np.array(([1, 2], [-3, 4]))',
  '-np.array([5, -1, 0])',
  '(np.array([1, -2]))',
  // dtypes named
  'np.array([5, -1, 0], dtype=np.int32)',
  'np.array([5, -1, 0], dtype=np.int8)',
  'np.array([-128, 127, 0, -1], dtype=np.int8)',
  'np.array([5, -1, 0], dtype=np.uint8)',
  'np.array([5, -1, 0]).astype(np.int16)',
  'np.array([1.5, -2.0, 0.1, 7.0], dtype=np.float16)',
  'np.float32([1, -2, 0.5])',
];

const SCRIPT = `
import json, sys, struct
import numpy as np
${layerSpec('relu').numpy}
${layerSpec('sigmoid').numpy}
def arr(a):
    return {'dtype': str(a.dtype), 'str': str(a), 'hex': [struct.pack('<d', float(v)).hex() for v in a.ravel()]}
out = []
for expr in json.load(sys.stdin):
    x = np.asarray(eval(expr))
    r = Relu()
    ro = r.forward(x)
    rdx = r.backward(np.ones_like(ro))
    row = {'x': arr(x), 'relu': arr(ro), 'relu_dx': arr(rdx)}
    with np.errstate(all='ignore'):
        row['exp'] = arr(np.exp(-x.astype(np.float64)))
    try:
        with np.errstate(all='ignore'):
            s = Sigmoid()
            so = s.forward(x)
            row['sigmoid'] = arr(so)
            row['sigmoid_dx'] = arr(s.backward(np.ones_like(so)))
    except TypeError as e:
        row['sigmoid_error'] = str(e)
    out.append(row)
print(json.dumps(out))
`;

interface NpArray {
  dtype: string;
  str: string;
  hex: string[];
}

const fromHex = (h: string): number => new DataView(Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16)).buffer).getFloat64(0, true);
const ulpF32 = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 2 ** -126)) - 23);

/** Values where numpy's exp(-x) in float64 is not exp.ts's: Sigmoid may differ there by numpy's exp's last bit. */
let expDiffers = 0;

/**
 * dtype and values as numpy's, bit for bit; `expOff[i]` when numpy's exp differs from ours at that x
 * (then within 1e-14 relative: 1 - out near out = 1 widens dx's), float32 within numpy's expf's 3 ulp.
 */
function assertLike(ours: Tensor, np: NpArray, what: string, expOff: boolean[] = []): void {
  assert.equal(ours.dtype ?? 'float64', np.dtype, `${what}: dtype`);
  const want = np.hex.map(fromHex);
  assert.equal(ours.data.length, want.length, `${what}: size`);
  let exact = true;
  ours.data.forEach((v, i) => {
    if (Object.is(v, want[i])) return;
    exact = false;
    // exp's last bit, magnified in dx by 1 - out near out = 1 (1 / (1 - out) < 10 for these x): 1e-14 relative
    const ulp = np.dtype === 'float32' ? 3 * ulpF32(want[i]) : expOff[i] ? 1e-14 * Math.abs(want[i]) : 0;
    assert.ok(Math.abs(v - want[i]) <= ulp, `${what}[${i}]: ${v} vs numpy ${want[i]}`);
  });
  if (exact) assert.equal(formatArray(ours), np.str, `${what}: printed`);
}

describe('literal mode against the book\'s Relu and Sigmoid in numpy: dtypes and values', () => {
  const want = JSON.parse(python(SCRIPT, JSON.stringify(CASES))) as Record<string, NpArray | string>[];
  CASES.forEach((text, k) => {
    it(text, () => {
      const x = tracedX(parseArray(text));
      const np = want[k];
      assertLike(x, np.x as NpArray, 'x');
      const relu = runLiteral(x, { layers: ['relu'], mode: 'parallel', dout: 'ones' }).calls[0];
      assertLike(relu.out, np.relu as NpArray, 'ReLU out');
      assertLike(relu.dinputs[0] as Tensor, np.relu_dx as NpArray, 'ReLU dx');
      if (typeof np.sigmoid_error === 'string') {
        assert.throws(() => layerSpec('sigmoid').create().forward([x], []), (e) => e instanceof LayerError && e.message.includes((np.sigmoid_error as string).split(',')[0]));
        return;
      }
      const npExp = (np.exp as NpArray).hex.map(fromHex);
      const expOff = npExp.map((e, i) => (x.dtype === undefined || x.dtype === 'int64' || x.dtype === 'int32') && !Object.is(exp(-x.data[i]), e));
      expDiffers += expOff.filter(Boolean).length;
      const sig = runLiteral(x, { layers: ['sigmoid'], mode: 'parallel', dout: 'ones' }).calls[0];
      assertLike(sig.out, np.sigmoid as NpArray, 'Sigmoid out', expOff);
      assertLike(sig.dinputs[0] as Tensor, np.sigmoid_dx as NpArray, 'Sigmoid dx', expOff);
    });
  });

  after(() => console.log(`      ${expDiffers} x values where numpy's np.exp(-x) is not exp.ts's to the last bit (x = 1 and 2 among them): Sigmoid there within 1e-14 relative`));

  it('np.array([True, False, True]): ReLU keeps bool, Sigmoid is refused with numpy\'s own TypeError', () => {
    const x = tracedX(parseArray('np.array([True, False, True])'));
    const np = JSON.parse(python(SCRIPT, JSON.stringify(['np.array([True, False, True])'])))[0] as Record<string, NpArray | string>;
    const relu = runLiteral(x, { layers: ['relu'], mode: 'parallel', dout: 'ones' }).calls[0];
    assertLike(relu.out, np.relu as NpArray, 'ReLU out');
    assertLike(relu.dinputs[0] as Tensor, np.relu_dx as NpArray, 'ReLU dx');
    assert.match(np.sigmoid_error as string, /boolean negative/);
    // numpy's sentence up to its first comma ("The numpy boolean negative, the `-` operator, is not supported")
    const numpySays = (np.sigmoid_error as string).split(', use')[0];
    assert.throws(() => layerSpec('sigmoid').create().forward([x], []), (e) => e instanceof LayerError && e.message.includes(numpySays));
  });

  it('a trace of a bool array leaves Sigmoid out and says why, side by side and in a chain; the CLI and the graph alike', () => {
    const x = tracedX(parseArray('np.array([True, False, True])'));
    for (const mode of ['parallel', 'chain'] as const) {
      const run = runLiteral(x, { layers: ['relu', 'sigmoid'], mode, dout: 'ones' });
      assert.deepEqual(run.calls.map((c) => c.call.layer), ['relu'], `${mode}: the layers run`);
      assert.equal(run.spec.notes?.length, 1, `${mode}: one note`);
      assert.match(run.spec.notes?.[0] ?? '', /^Sigmoid is left out: numpy refuses -x on a bool array \(TypeError: The numpy boolean negative/);
      const graph = buildTrace(x, { layers: ['relu', 'sigmoid'], mode, dout: 'ones' }, 'mask');
      assert.ok(!graph.nodes.some((n) => n.layer === 'sigmoid' || /sigmoid/i.test(n.id)), `${mode}: a Sigmoid node was drawn`);
      assert.deepEqual(graph.notes, run.spec.notes, `${mode}: the graph does not say why Sigmoid is missing`);
    }
    // A float array keeps both, and says nothing.
    const f = runLiteral(tracedX(parseArray('[1.0, -2.0]')), { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' });
    assert.equal(f.calls.length, 2);
    assert.equal(f.spec.notes, undefined);
  });
});
