// recordedToGraph on what the real tracer recorded: the graph the program really computed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { MAX_ITEMS, type GraphEdge, type GraphNode, type TraceGraph } from '../../../src/engine/graph/graph';
import { say } from '../../../src/engine/graph/sayings';
import { parseRecorded, recordedToGraph, withNested } from '../../../src/engine/recorded';
import { BOOK_RELU, EXAMPLES, notebookCells, tempScript, trace, traceCells } from './helpers';

const values = (t: { data: Float64Array } | undefined): number[] => Array.from(t?.data ?? []);
const node = (g: TraceGraph, pred: (n: GraphNode) => boolean): GraphNode => {
  const n = g.nodes.find(pred);
  assert.ok(n, 'node missing');
  return n;
};
const into = (g: TraceGraph, target: string, port?: string): GraphEdge => {
  const e = g.edges.find((x) => x.target === target && (port === undefined || x.targetPort === port));
  assert.ok(e, `no edge into ${target}:${port}`);
  return e;
};

describe('recordedToGraph', function () {
  this.timeout(60_000);

  it('chained calls on one line are named by their own receivers: c.forward(b.forward(a.forward(x))), layers[k].forward(...)', async () => {
    const s = tempScript('chained.py', `${BOOK_RELU}class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out
    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out
a, b, c = Relu(), Sigmoid(), Relu()
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
y = c.forward(b.forward(a.forward(x)))
dx = a.backward(b.backward(c.backward(np.ones_like(y))))
layers = {'first': Relu(), 'second': Sigmoid()}
z = layers['second'].forward(layers['first'].forward(x))
`);
    try {
      const r = await trace(s.file);
      const names = r.calls.map((c) => `${c.method}:${c.names?.short ?? '-'}:${(c.names?.out ?? []).join(',')}`);
      // the outermost call's result goes to the line's target; the inner ones' into the next call
      assert.deepEqual(names, ['forward:a:', 'forward:b:', 'forward:c:y', 'backward:c:', 'backward:b:', 'backward:a:dx', 'forward:first:', 'forward:second:z']);
      const g = recordedToGraph(r, 0);
      assert.deepEqual(g.nodes.filter((n) => n.kind === 'layer').map((n) => n.label), ['a', 'b', 'c']);
    } finally {
      s.cleanup();
    }
  });

  it("a loop over the program's own list or dict names each layer by its place: layers[0], a dict's key; a layer with a name of its own keeps the loop's", async () => {
    const s = tempScript('own_loop.py', `${BOOK_RELU}x = np.array([[1.0, -0.5], [-2.0, 3.0]])
layers = [Relu(), Relu()]
for layer in layers:
    x = layer.forward(x)
dout = np.ones_like(x)
for layer in reversed(layers):
    dout = layer.backward(dout)
def run(x):
    net = {'first': Relu()}
    for name_, layer in net.items():
        x = layer.forward(x)
    return x
run(x)
mine = Relu()
for layer in [mine]:
    layer.forward(x)
`);
    try {
      const r = await trace(s.file);
      const names = r.calls.map((c) => `${c.method}:${c.names?.self ?? '-'}:${c.names?.short ?? '-'}`);
      assert.deepEqual(names, [
        'forward:layers[0]:layers[0]', 'forward:layers[1]:layers[1]', 'backward:layers[1]:layers[1]', 'backward:layers[0]:layers[0]',
        "forward:net['first']:first", 'forward:layer:layer',
      ]);
    } finally {
      s.cleanup();
    }
  });

  it('a forward whose backward never came says it was not checked, and why (never silent)', async () => {
    const s = tempScript('forward_only.py', `class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x
checked, alone = MulLayer(), MulLayer()
price = checked.forward(100.0, 2.0)
total = alone.forward(price, 1.1)
dx, dy = checked.backward(1.0)
`);
    try {
      const g = recordedToGraph(await trace(s.file), 0);
      const [first, second] = g.nodes.filter((n) => n.kind === 'layer');
      assert.deepEqual([first.label, first.verdict?.status], ['checked', 'ok']);
      assert.deepEqual([second.label, second.verdict?.status, second.verdict?.text], ['alone', 'unchecked', 'not checked: no backward call was recorded for it']);
    } finally {
      s.cleanup();
    }
  });

  it('apple: two × layers chained by value id, gradients on every edge (fig 5-16)', async () => {
    const r = await trace(path.join(EXAMPLES, 'apple.py'));
    const g = recordedToGraph(r, 0);
    assert.equal(g.source, 'run');
    assert.equal(g.title, 'apple.py');
    // the learner's names, read from the call sites (fig 5-16), the class kept as the layer
    assert.deepEqual(g.nodes.map((n) => `${n.kind}:${n.label}`), ['layer:mul_apple_layer', 'input:apple', 'input:apple_num', 'layer:mul_tax_layer', 'input:tax', 'loss:price']);
    const [first, second] = g.nodes.filter((n) => n.kind === 'layer');
    assert.deepEqual([first.layer, second.layer], ['MulLayer', 'MulLayer']);
    // tuple unpacking of backward's result: dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    assert.deepEqual([into(g, first.id, 'x'), into(g, first.id, 'y'), into(g, second.id, 'x'), into(g, second.id, 'y')].map((e) => `${e.forwardName}/${e.backwardName}`), [
      'apple/dapple',
      'apple_num/dapple_num',
      'apple_price/dapple_price',
      'tax/dtax',
    ]);
    assert.deepEqual([first.verdict?.status, first.badge, second.verdict?.status], ['ok', '✓', 'ok']);
    assert.deepEqual([first.line, second.line, first.inputs, first.section], [28, 29, ['x', 'y'], '5.4.1']);
    const chain = into(g, second.id, 'x');
    assert.equal(chain.source, first.id, 'apple_price flows from the first layer into the second');
    assert.deepEqual([values(chain.forward), values(chain.backward)], [[200], [1.1]]);
    assert.deepEqual(values(into(g, first.id, 'x').backward), [2.2]);
    assert.deepEqual(values(into(g, first.id, 'y').backward), [110.00000000000001]);
    assert.deepEqual(values(into(g, second.id, 'y').backward), [200]);
    const out = g.edges.find((e) => e.target === node(g, (n) => n.kind === 'loss').id) as GraphEdge;
    assert.deepEqual([values(out.forward), values(out.backward)], [[220.00000000000003], [1]]);
    assert.equal(into(g, first.id, 'x').gradcheck?.ok, true);
    assert.deepEqual(node(g, (n) => n.id === into(g, first.id, 'x').source).grad?.data, Float64Array.of(2.2));
    assert.deepEqual(g.pass, { index: 0, count: 1, backwards: 2 });
  });

  it('two-layer net: inputs x and t, W and b with dW and db, mask cache, loss with dout 1', async () => {
    const r = await trace(path.join(EXAMPLES, 'two_layer_net.py'));
    const g = recordedToGraph(r, 0);
    const layers = g.nodes.filter((n) => n.kind === 'layer');
    // the layers by the learner's names: the OrderedDict's keys (found by identity, nothing evaluated)
    assert.deepEqual(layers.map((n) => n.label), ['Affine1', 'Relu1', 'Affine2', 'lastLayer']);
    assert.deepEqual(layers.map((n) => n.layer), ['Affine', 'Relu', 'Affine', 'SoftmaxWithLoss']);
    assert.deepEqual(layers.map((n) => n.verdict?.status), ['ok', 'ok', 'ok', 'ok']);
    assert.match(layers[3].verdict?.text ?? '', /t: labels \(backward returned no gradient for it\), not checked/);
    assert.deepEqual(g.nodes.filter((n) => n.kind === 'input').map((n) => n.label), ['x', 't']);
    assert.deepEqual(layers[0].params, ['W', 'b']);
    const W = node(g, (n) => n.id === `${layers[0].id}_W`);
    assert.equal(W.kind, 'param');
    assert.equal(W.gradName, 'dW');
    assert.deepEqual(W.grad?.shape, [4, 5]);
    const wEdge = into(g, layers[0].id, 'W');
    assert.deepEqual(wEdge.forward?.shape, [4, 5]);
    assert.equal(wEdge.gradcheck?.ok, true);
    for (let i = 1; i < layers.length; i++) assert.equal(into(g, layers[i].id, 'x').source, layers[i - 1].id);
    const mask = layers[1].cache?.find((c) => c.name === 'mask');
    assert.deepEqual(mask?.mask?.shape, [3, 5]);
    const h = values(into(g, layers[1].id, 'x').forward);
    assert.deepEqual(Array.from(mask?.mask?.data ?? []), h.map((v) => (v <= 0 ? 1 : 0)));
    const t = into(g, layers[3].id, 't');
    assert.equal(t.backward, undefined, 'labels get no gradient');
    assert.equal(t.gradcheck, undefined);
    const loss = node(g, (n) => n.kind === 'loss');
    assert.equal(loss.label, 'L');
    const lossEdge = g.edges.find((e) => e.target === loss.id) as GraphEdge;
    assert.deepEqual(values(lossEdge.backward), [1]);
    // the Relu's backward value on its input edge is what its backward returned
    assert.deepEqual(values(into(g, layers[1].id, 'x').backward), ((withNested(r.calls[6].result) as { data: number[][] }).data).flat());
    assert.ok(layers[1].notes?.includes('backward wrote into its argument dout'));
    // Affine keeps x: the cache points at its input edge instead of repeating the values
    assert.deepEqual(layers[0].cache?.find((c) => c.name === 'x'), { name: 'x', edge: into(g, layers[0].id, 'x').id });
  });

  it('the seed notebook: the in-place note on ReLU; backward got the x forward overwrote', async () => {
    const r = await traceCells(notebookCells(path.join(EXAMPLES, 'seed_notebook.ipynb')), EXAMPLES);
    const g = recordedToGraph(r, 0);
    const relu = node(g, (n) => n.layer === 'ReLU');
    assert.equal(relu.label, 'activation_Relu', "the notebook's own name for the layer");
    // backward's dout[mask] = 0 writes zeros where forward already had: no value changed, no note
    assert.equal(relu.notes?.[0], 'forward wrote into its argument x');
    assert.match(relu.notes?.[1] ?? '', /^Why it matters: numpy passes arrays by reference/);
    assert.equal(relu.notes?.length, 2);
    // drawn on the node, and the changed x the notebook passed as dout says what it is
    assert.deepEqual(relu.marks, ['forward wrote into x:', "the caller's x changed"]);
    const changed = g.edges.find((e) => e.source === relu.id) as GraphEdge;
    assert.equal(changed.backwardName, 'x (changed by forward)');
    assert.match(changed.note ?? '', /^This is x after activation_Relu\.forward wrote into it/);
    // why dx is 0 where it is: the mask, and a dout already 0 there (written by forward)
    const why = into(g, relu.id, 'x').zeros ?? [];
    assert.match(why[0] ?? '', /^2 of 2 zeros of dx: the mask blocked them/);
    const x = into(g, relu.id, 'x');
    assert.deepEqual(values(x.forward), [1, -0.5, 2, 0], 'x as forward received it');
    const out = g.edges.find((e) => e.source === relu.id) as GraphEdge;
    assert.deepEqual(values(out.backward), [1, 0, 2, 0], 'the dout the notebook passed: x, overwritten by forward');
    assert.equal(x.gradcheck?.ok, true);
    assert.deepEqual(relu.cache?.map((c) => c.name), ['mask']);
  });

  it('a wrong backward: the failed check on the edge and in a note', async () => {
    const r = await trace(path.join(EXAMPLES, 'wrong_backward.py'));
    const g = recordedToGraph(r, 0);
    const sig = node(g, (n) => n.kind === 'layer');
    assert.equal(into(g, sig.id, 'x').gradcheck?.ok, false);
    assert.ok(sig.notes?.some((n) => /^gradient check failed on x \(max \|diff\| 0\.776\)$/.test(n)), String(sig.notes));
    // on the node without opening anything: ✗, the word, the port; the edge's gradient marked
    assert.equal(sig.badge, '✗');
    assert.deepEqual(sig.marks, ['FAILED: dx']);
    assert.equal(sig.verdict?.status, 'failed');
    assert.match(sig.verdict?.text ?? '', /^FAILED: dx at \(\d, \d\): backprop [-\d.e]+, numerical [-\d.e]+$/);
    const e = into(g, sig.id, 'x');
    assert.ok(e.backwardName?.endsWith('✗'));
    const w = e.gradcheck?.worst ?? [];
    assert.equal(w.length, 4, 'every element of a 2 x 2 port, worst first');
    assert.ok(Math.abs(w[0].analytic - w[0].numerical) >= Math.abs(w[3].analytic - w[3].numerical));
    assert.deepEqual(sig.cache?.map((c) => c.name), ['out']);
    assert.ok(sig.cache?.[0].edge, "Sigmoid's out is its output edge's value");
  });

  it('passes: a training loop gives one graph per pass; the cap is reported', async () => {
    const r = await trace(path.join(EXAMPLES, 'train_loop.py'), ['--max-passes', '3', '--stop-at-cap']);
    assert.equal(r.passes, 3);
    const g0 = recordedToGraph(r, 0);
    const g2 = recordedToGraph(r, 2);
    assert.deepEqual(g2.pass, { index: 2, count: 3, capped: true, backwards: 4 });
    assert.equal(g0.nodes.filter((n) => n.kind === 'layer').length, 4);
    // pass 1 holds the evaluation forward on all 1000 samples and one training step
    const g1 = recordedToGraph(r, 1);
    assert.equal(g1.nodes.filter((n) => n.kind === 'layer').length, 8);
    assert.equal(g1.nodes.filter((n) => n.kind === 'loss').length, 2);
    const big = g1.edges.find((e) => e.forward?.shape[0] === 1000);
    assert.ok(big?.forward?.preview, 'a 1000×20 array arrives as a preview');
  });

  const chain = (n: number) => `import numpy as np
class Mul:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x
class Ident:
    def forward(self, x):
        return x
x = np.ones(3)
for layer in [Mul() for _ in range(${n})]:
    x = layer.forward(x, np.full(3, 2.0))
Ident().forward(x)
`;

  it('a layer returning its input unchanged still ends in an output', async () => {
    const s = tempScript('chain.py', chain(30));
    try {
      const g = recordedToGraph(await trace(s.file), 0);
      assert.equal(g.nodes.filter((n) => n.kind === 'layer').length, 31);
      const outs = g.nodes.filter((n) => n.kind === 'output');
      assert.equal(outs.length, 1);
      assert.equal((g.edges.find((e) => e.target === outs[0].id) as GraphEdge).source, 'call30');
      assert.equal(into(g, 'call30', 'x').source, 'call29');
      assert.equal(g.notes, undefined, 'all drawn, nothing to say');
    } finally {
      s.cleanup();
    }
  });

  it('3,001 layer calls in a pass: the first ones a graph holds are drawn, quickly, ending in an output, and a note says how many of how many (the webview dropped the whole graph in silence)', async () => {
    const s = tempScript('chain.py', chain(3000));
    try {
      const r = await trace(s.file); // the helper holds every pass's graph to the protocol
      const started = Date.now();
      const g = recordedToGraph(r, 0);
      assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
      const layers = g.nodes.filter((n) => n.kind === 'layer').length;
      assert.ok(g.nodes.length <= MAX_ITEMS && g.edges.length <= MAX_ITEMS && layers > MAX_ITEMS / 4, `${layers} layers, ${g.nodes.length} nodes, ${g.edges.length} edges`);
      assert.deepEqual(g.notes, [say('calls_not_drawn', layers, 3001, MAX_ITEMS)]);
      assert.match(g.notes?.[0] ?? '', new RegExp(`^The first ${layers} of this pass's 3001 layer calls are drawn: a graph holds at most 256 nodes and edges`));
      const outs = g.nodes.filter((n) => n.kind === 'output');
      assert.equal((g.edges.find((e) => e.target === outs[0].id) as GraphEdge).source, `call${layers - 1}`, 'the last layer drawn ends in an output');
    } finally {
      s.cleanup();
    }
  });

  it('rejects JSON that is not the tracer’s, naming the field', () => {
    const bad = parseRecorded({ version: 1, calls: [{ class: 'X' }], gradcheck: [], passes: 0, capped: false, truncated: false, stdout: '' });
    assert.ok('error' in bad);
    assert.match(bad.error, /at calls\.0\.instance/);
  });
});
