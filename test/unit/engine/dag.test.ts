// The one forward/backward loop on DAGs: gradients add up where a value branches (as the book
// adds them), the book's worked examples give the book's numbers, and every gradient check
// of a correct layer passes.
import * as assert from 'node:assert/strict';
import { BOOK_EXAMPLES, bookExample, buildExample, buildTrace, checkCall, runDag, type TraceGraph } from '../../../src/engine';

const scalar = (v: number) => ({ shape: [] as number[], data: Float64Array.of(v) });
const edge = (g: TraceGraph, id: string) => {
  const e = g.edges.find((x) => x.id === id);
  assert.ok(e, `no edge ${id} in ${g.edges.map((x) => x.id).join(', ')}`);
  return e;
};
const num = (t: { data: Float64Array } | undefined) => t?.data[0];

describe('DAG forward/backward', () => {
  it('adds the gradients of a value used twice (x * x: d/dx = 2x)', () => {
    const run = runDag({ inputs: [{ id: 'x', label: 'x', value: scalar(3) }], calls: [{ id: 'm', layer: 'mul', args: ['x', 'x'] }], outputs: [{ id: 'y', label: 'y', of: 'm' }] });
    assert.equal(run.calls[0].out.data[0], 9);
    assert.deepEqual(run.calls[0].dinputs.map((d) => d?.data[0]), [3, 3], 'each edge keeps its own gradient');
    assert.equal(run.grads.get('x')?.data[0], 6, 'the node shows their sum');
  });

  it('sums at a branch into two layers, and the graph keeps one gradient per edge', () => {
    const g = buildTrace({ shape: [3], data: Float64Array.of(-1, 0.5, 2) }, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 't');
    const a = edge(g, 'e_x_relu0').backward?.data as Float64Array;
    const b = edge(g, 'e_x_sigmoid1').backward?.data as Float64Array;
    const x = g.nodes.find((n) => n.id === 'x');
    assert.deepEqual(Array.from(x?.grad?.data ?? []), Array.from(a, (v, i) => v + b[i]));
    assert.equal(x?.gradName, 'dx');
  });

  it('fig 5-16, buying apples: 220 forward; 2.2, 110, 200 backward', () => {
    const g = buildExample(bookExample('apple') as (typeof BOOK_EXAMPLES)[number]);
    assert.ok(Math.abs((num(edge(g, 'e_mul1_price').forward) as number) - 220) < 1e-12);
    assert.equal(num(edge(g, 'e_mul0_mul1').forward), 200);
    assert.ok(Math.abs((num(edge(g, 'e_apple_mul0').backward) as number) - 2.2) < 1e-12);
    assert.ok(Math.abs((num(edge(g, 'e_apple_num_mul0').backward) as number) - 110) < 1e-12);
    assert.equal(num(edge(g, 'e_tax_mul1').backward), 200);
    assert.equal(num(edge(g, 'e_mul1_price').backward), 1);
    assert.deepEqual([edge(g, 'e_apple_mul0').targetPort, edge(g, 'e_apple_num_mul0').targetPort], ['x', 'y']);
    assert.deepEqual([edge(g, 'e_apple_mul0').backwardName, edge(g, 'e_apple_num_mul0').backwardName], ['dx', 'dy']);
    assert.ok(g.edges.every((e) => !e.gradcheck || e.gradcheck.ok), 'MulLayer passes its check');
  });

  it('fig 5-17, apples and oranges: 715; 110, 2.2, 3.3, 165, 650 backward', () => {
    const g = buildExample(bookExample('apple_orange') as (typeof BOOK_EXAMPLES)[number]);
    const near = (v: number | undefined, want: number) => assert.ok(Math.abs((v as number) - want) < 1e-9, `${v} vs ${want}`);
    near(num(edge(g, 'e_mul2_price').forward), 715);
    near(num(edge(g, 'e_apple_num_mul0').backward), 110);
    near(num(edge(g, 'e_apple_mul0').backward), 2.2);
    near(num(edge(g, 'e_orange_mul1').backward), 3.3);
    near(num(edge(g, 'e_orange_num_mul1').backward), 165);
    near(num(edge(g, 'e_tax_mul2').backward), 650);
    near(num(edge(g, 'e_mul0_add0').backward), 1.1);
  });

  it('Affine → SoftmaxWithLoss: parameters with dW, db; t gets no gradient; a scalar loss', () => {
    const g = buildExample(bookExample('affine_softmax') as (typeof BOOK_EXAMPLES)[number]);
    const W = g.nodes.find((n) => n.id === 'affine0_W');
    assert.equal(W?.kind, 'param');
    assert.deepEqual(W?.grad?.shape, [2, 3]);
    assert.equal(edge(g, 'e_t_softmaxWithLoss1').backward, undefined);
    assert.equal(g.nodes.find((n) => n.id === 'L')?.kind, 'loss');
    assert.deepEqual(edge(g, 'e_softmaxWithLoss1_L').forward?.shape, []);
    // dx = (y - t) / batch: each row of the gradient into the softmax sums to 0.
    const dA = edge(g, 'e_affine0_softmaxWithLoss1').backward?.data as Float64Array;
    assert.ok(Math.abs(dA[0] + dA[1] + dA[2]) < 1e-15 && Math.abs(dA[3] + dA[4] + dA[5]) < 1e-15);
    for (const e of g.edges) if (e.gradcheck) assert.ok(e.gradcheck.ok, `${e.id}: ${JSON.stringify(e.gradcheck)}`);
    assert.ok(g.edges.filter((e) => e.gradcheck).length >= 2);
  });

  it('a wrong backward fails the check (the check can fail)', () => {
    const g = buildTrace({ shape: [2], data: Float64Array.of(0.3, -1.2) }, { layers: ['sigmoid'], mode: 'parallel', dout: 'ones' }, 't');
    const e = edge(g, 'e_x_sigmoid0');
    assert.ok(e.gradcheck?.ok);
    // Corrupt the analytic gradient through a layer that lies: the check is on what backward gave.
    const run = runDag({ inputs: [{ id: 'x', label: 'x', value: { shape: [2], data: Float64Array.of(0.3, -1.2) } }], calls: [{ id: 's', layer: 'sigmoid', args: ['x'] }], outputs: [{ id: 'y', label: 'y', of: 's' }] });
    (run.calls[0].dinputs[0] as { data: Float64Array }).data[1] += 0.01;
    const [check] = checkCall(run.calls[0]);
    assert.equal(check?.ok, false);
    assert.equal(check?.index, 1);
  });

  it('a value float64 cannot move by h (2**60 + 1 read from a program) is not checked, and says why: it was a false FAILED', () => {
    const g = buildTrace({ shape: [3], data: Float64Array.of(7, 2 ** 60, -(2 ** 62)), dtype: 'int64' }, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 't');
    const layers = g.nodes.filter((n) => n.kind === 'layer');
    assert.deepEqual(layers.map((n) => [n.label, n.verdict?.status, n.badge]), [['ReLU', 'unchecked', '?'], ['Sigmoid', 'unchecked', '?']]);
    assert.equal(layers[0].verdict?.text, "not checked: x is too large for the check's step (h = 0.0001) to move it in float64 (2 of its values, up to 4.61e+18): central differences there would not be the gradient");
    assert.ok(g.edges.every((e) => !e.gradcheck), 'no port result drawn as checked');
    const fine = buildTrace({ shape: [2], data: Float64Array.of(1e9, -3) }, { layers: ['relu'], mode: 'parallel', dout: 'ones' }, 't');
    assert.equal(fine.nodes.find((n) => n.kind === 'layer')?.verdict?.status, 'ok', '1e9 still moves by h');
  });

  it('ReLU at its kink (x = 0) is not counted against the check', () => {
    const g = buildTrace({ shape: [2, 2], data: Float64Array.of(1, -0.5, 2, 0) }, { layers: ['relu'], mode: 'parallel', dout: 'ones' }, 't');
    const c = edge(g, 'e_x_relu0').gradcheck;
    assert.ok(c?.ok);
    assert.equal(c?.checked, 3);
  });
});
