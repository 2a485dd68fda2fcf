// "Copy as numpy code" runs as it is in Debian's python3 + numpy and gives the panel's numbers,
// bit for bit wherever the evaluation order decides them: the engine and the copied classes use
// the book's order. exp is the one exception: numpy's own result depends on the CPU (its AVX-512
// loop is not correctly rounded, glibc's is), so values that pass through exp are held to 4 ulp (64 after 1 - out),
// and Sigmoid's backward, given the same out, is again bit for bit.
import * as assert from 'node:assert/strict';
import { bookExample, buildExample, buildTrace, type RunOptions, type Tensor, type TraceGraph } from '../../src/engine';
import { literalSpec } from '../../src/engine/graph/literal';
import { numpyCode } from '../../src/extension/panel/numpyCode';
import { HEX_IO, hexFloats, python } from './engine/python';

/** Runs the copied script, then prints the named variables as exact hex words. */
function runCopied(code: string, names: string[]): Float64Array[] {
  const printed = python(`${code}\n${HEX_IO}\nimport io, contextlib\n${names.map((n) => `out(${n}); print('--')`).join('\n')}`);
  const afterScript = printed.slice(printed.lastIndexOf('\n', printed.search(/^[0-9a-f]{16}$/m)) + 1);
  return afterScript.split('--').slice(0, names.length).map((block) => hexFloats(block));
}

const same = (got: Float64Array, want: Float64Array | undefined, what: string, ulps = 0) => {
  assert.ok(want, what);
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) => {
    const ok = ulps ? Math.abs(g - want[i]) <= ulps * Number.EPSILON * Math.abs(want[i]) : Object.is(g, want[i]);
    assert.ok(ok, `${what}[${i}]: python ${g} vs panel ${want[i]}`);
  });
};
const edge = (g: TraceGraph, id: string) => g.edges.find((e) => e.id === id);

describe('Copy as numpy code', () => {
  const cases: [string, Tensor, RunOptions][] = [
    ['the seed array, side by side', { shape: [2, 2], data: Float64Array.of(1, -0.5, 2, 0) }, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }],
    ['the notebook Sigmoid with dout = x', { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) }, { layers: ['sigmoid'], mode: 'parallel', dout: 'same' }],
    ['a chain ReLU > Sigmoid', { shape: [5], data: Float64Array.of(-1.5, 0.25, 3, -0.0, 0.7) }, { layers: ['relu', 'sigmoid'], mode: 'chain', dout: { shape: [5], data: Float64Array.of(0.5, -2, 1, 3, 0.1) } }],
  ];
  for (const [name, x, opts] of cases) {
    it(`${name}: python prints the panel's values`, () => {
      const g = buildTrace(x, opts, 't');
      const code = numpyCode(literalSpec(x, opts));
      const ids = opts.layers.map((l, i) => `${l}${i}`);
      const vars = ids.flatMap((id) => [`out_${id}`, `dx_${id}`]);
      const got = runCopied(code, vars);
      // Values downstream of a Sigmoid's exp (forward after it, backward before it in a chain).
      const firstSigmoid = opts.layers.indexOf('sigmoid');
      ids.forEach((id, i) => {
        const out = g.edges.find((e) => e.source === id)?.forward?.data;
        const dx = g.edges.find((e) => e.target === id)?.backward?.data;
        const viaExp = firstSigmoid >= 0 && (opts.mode === 'chain' || opts.layers[i] === 'sigmoid');
        same(got[2 * i], out, `${id} out`, viaExp && (opts.mode === 'parallel' || i >= firstSigmoid) ? 4 : 0);
        // 1 - out loses digits (out near 1), so a few ulp of out become tens of ulp of dx.
        same(got[2 * i + 1], dx, `${id} dx`, viaExp ? 64 : 0);
      });
      // Sigmoid's backward on the panel's own out and dout: the book's order, bit for bit.
      ids.forEach((id, i) => {
        if (opts.layers[i] !== 'sigmoid') return;
        const into = g.edges.find((e) => e.target === id);
        const from = g.edges.find((e) => e.source === id);
        const hex = (t: Float64Array | undefined) => Array.from(t ?? [], (v) => v.toString());
        const [dx] = runCopied(`import numpy as np\nout = np.array([${hex(from?.forward?.data)}])\ndout = np.array([${hex(from?.backward?.data)}])\ndx = dout * (1.0 - out) * out`, ['dx']);
        same(dx, into?.backward?.data, `${id} dx from the panel's out`);
      });
    });
  }

  it('fig 5-16 (apples) and Affine → SoftmaxWithLoss run too, with the panel\'s numbers', () => {
    const apple = bookExample('apple');
    assert.ok(apple);
    const g = buildExample(apple);
    const [price, dapple, dtax] = runCopied(numpyCode(apple.spec()), ['out_mul1', 'dapple', 'dtax']);
    same(price, edge(g, 'e_mul1_price')?.forward?.data, 'price');
    same(dapple, edge(g, 'e_apple_mul0')?.backward?.data, 'dapple');
    same(dtax, edge(g, 'e_tax_mul1')?.backward?.data, 'dtax');
    const soft = bookExample('affine_softmax');
    assert.ok(soft);
    const gs = buildExample(soft);
    const [loss, dW] = runCopied(numpyCode(soft.spec()), ['out_softmaxWithLoss1', 'daffine0_W']);
    const want = edge(gs, 'e_softmaxWithLoss1_L')?.forward?.data[0] as number;
    assert.ok(Math.abs(loss[0] - want) <= 1e-15 * Math.abs(want), `loss ${loss[0]} vs ${want}`);
    const wantW = gs.nodes.find((n) => n.id === 'affine0_W')?.grad?.data as Float64Array;
    dW.forEach((v, i) => assert.ok(Math.abs(v - wantW[i]) <= 1e-15, `dW[${i}]`));
  });
});
