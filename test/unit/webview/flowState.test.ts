import * as assert from 'node:assert/strict';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import { flowOrder, FlowState, topoOrder } from '../../../src/webview/flowState';
import { affineSoftmax, apple, seedChain, seedParallel } from './graphs';

const order = (g: TraceGraph) => flowOrder(g.nodes, g.edges).map((s) => `${s.dir === 'forward' ? 'f' : 'b'}:${s.edge}`);

/** Every arrow's view and every reached node, as one comparable picture. */
function picture(s: FlowState, g: TraceGraph): string {
  return JSON.stringify({ views: s.steps.map((_, i) => s.view(i)), reached: [...s.reached(g.nodes)].sort(), at: s.at, phase: s.phase() });
}

/** For each step: all values it depends on arrived before it (the order is causal). */
function assertCausal(g: TraceGraph): void {
  const steps = flowOrder(g.nodes, g.edges);
  const index = new Map(steps.map((s, i) => [`${s.dir}:${s.edge}`, i]));
  for (const e of g.edges) {
    const fi = index.get(`forward:${e.id}`);
    if (e.forward) {
      assert.ok(fi !== undefined, `forward of ${e.id} missing`);
      // A value leaves its source after every forward value into the source arrived.
      for (const into of g.edges.filter((x) => x.target === e.source && x.forward)) {
        assert.ok((index.get(`forward:${into.id}`) as number) < fi, `${into.id} must arrive before ${e.id} leaves`);
      }
    } else assert.equal(fi, undefined, `${e.id} has no forward value, so no forward step`);
    const bi = index.get(`backward:${e.id}`);
    if (e.backward) {
      assert.ok(bi !== undefined, `backward of ${e.id} missing`);
      for (const out of g.edges.filter((x) => x.source === e.target && x.backward)) {
        assert.ok((index.get(`backward:${out.id}`) as number) < bi, `${out.id}'s gradient must arrive before ${e.id}'s leaves`);
      }
    } else assert.equal(bi, undefined, `${e.id} has no gradient, so no backward step`);
  }
  const fwd = steps.filter((s) => s.dir === 'forward').length;
  assert.ok(steps.slice(0, fwd).every((s) => s.dir === 'forward'), 'the whole forward pass comes before the backward pass');
}

describe('webview flow order', () => {
  it('plays the side-by-side seed trace forward in graph order and backward in reverse', () => {
    assert.deepEqual(order(seedParallel()), [
      'f:e_x_relu0', 'f:e_x_sigmoid1', 'f:e_relu0_y0', 'f:e_sigmoid1_y1',
      'b:e_sigmoid1_y1', 'b:e_relu0_y0', 'b:e_x_sigmoid1', 'b:e_x_relu0',
    ]);
  });

  it('is causal on every fixture, whatever order the nodes and edges arrive in', () => {
    for (const g of [seedParallel(), seedChain(), apple(), affineSoftmax()]) {
      assertCausal(g);
      // Reversed lists must still give a causal order (the apple fixture is already scrambled).
      assertCausal({ ...g, nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() });
    }
  });

  it('fig 5-16: both products before the tax multiplication, the gradient from price back to the apples', () => {
    const o = order(apple());
    assert.ok(o.indexOf('f:e_apple_mul0') < o.indexOf('f:e_mul0_mul1'));
    assert.ok(o.indexOf('f:e_mul0_mul1') < o.indexOf('f:e_mul1_price'));
    assert.equal(o[5], 'b:e_mul1_price');
    assert.equal(o.length, 10);
  });

  it('skips the backward step of an edge without a gradient (SoftmaxWithLoss\'s t)', () => {
    const o = order(affineSoftmax());
    assert.ok(o.includes('f:e_t_softmaxWithLoss1'));
    assert.ok(!o.includes('b:e_t_softmaxWithLoss1'));
    assert.equal(o.length, 6 + 5);
  });

  it('topological order keeps the graph order among ready nodes and survives a cycle', () => {
    assert.deepEqual(topoOrder([{ id: 'b' }, { id: 'a' }, { id: 'c' }], [{ source: 'a', target: 'c' }]), ['b', 'a', 'c']);
    assert.deepEqual(topoOrder([{ id: 'a' }, { id: 'b' }], [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }]).sort(), ['a', 'b']);
  });
});

describe('webview flow state', () => {
  it('a second Step while the first pulse runs completes it: two quick Steps = two slow ones', () => {
    const g = seedParallel();
    const quick = new FlowState(flowOrder(g.nodes, g.edges));
    const slow = new FlowState(flowOrder(g.nodes, g.edges));
    quick.goto(0);
    slow.goto(0);
    quick.step();
    quick.step(); // pressed again before the first pulse arrived
    slow.step();
    slow.arrive();
    slow.step();
    assert.equal(quick.view(0), 'travelled');
    assert.equal(quick.view(1), 'running');
    assert.equal(picture(quick, g), picture(slow, g));
    quick.arrive();
    slow.arrive();
    assert.equal(picture(quick, g), picture(slow, g));
    assert.equal(quick.at, 2);
    assert.deepEqual(quick.passStep(), { k: 2, of: 4 });
  });

  it('many quick Steps never leave more than one arrow running and stop at the end', () => {
    const g = apple();
    const s = new FlowState(flowOrder(g.nodes, g.edges));
    s.goto(0);
    for (let i = 0; i < 25; i++) {
      s.step();
      assert.ok(s.steps.filter((_, j) => s.view(j) === 'running').length <= 1);
    }
    assert.equal(s.at, s.total);
    assert.equal(s.phase(), 'done');
    assert.equal(s.step(), undefined);
  });

  it('at step 0 no layer is reached (no cache shown); a layer is reached when its inputs arrived', () => {
    const g = seedChain();
    const s = new FlowState(flowOrder(g.nodes, g.edges));
    assert.ok(s.reached(g.nodes).has('sigmoid1'), 'a new trace shows everything');
    s.goto(0);
    assert.equal(s.phase(), 'idle');
    assert.deepEqual([...s.reached(g.nodes)], ['x']);
    s.step();
    assert.ok(!s.reached(g.nodes).has('relu0'), 'not while its pulse still runs');
    s.arrive();
    assert.deepEqual([...s.reached(g.nodes)].sort(), ['relu0', 'x']);
    // Fig 5-16: mul1 waits for both of its inputs.
    const a = apple();
    const t = new FlowState(flowOrder(a.nodes, a.edges));
    t.goto(0);
    const seen: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      t.step();
      t.arrive();
      seen.push(t.reached(a.nodes).has('mul1'));
    }
    assert.equal(seen.filter(Boolean).length, 2, 'mul1 reached only after its second input (then price, then done)');
    assert.equal(seen.indexOf(true), 3);
  });

  it('phase and per-pass step numbers follow the state, a running last arrow is not yet done', () => {
    const g = seedChain();
    const s = new FlowState(flowOrder(g.nodes, g.edges));
    s.goto(2);
    assert.equal(s.phase(), 'forward');
    s.goto(4);
    assert.equal(s.phase(), 'backward');
    assert.deepEqual(s.passStep(), { k: 1, of: 3 });
    s.goto(5);
    s.step();
    assert.equal(s.phase(), 'backward');
    s.arrive();
    assert.equal(s.phase(), 'done');
    s.goto(-3);
    assert.equal(s.at, 0);
    s.goto(99);
    assert.equal(s.at, 6);
  });

  it('a branching input\'s summed gradient is complete only when both of its gradients arrived', () => {
    const g = seedParallel();
    const s = new FlowState(flowOrder(g.nodes, g.edges));
    s.goto(0);
    assert.ok(!s.gradsArrived(g.nodes).has('x'));
    s.goto(s.total - 1);
    assert.ok(!s.gradsArrived(g.nodes).has('x'), 'one of the two dx still on its way');
    s.step();
    assert.ok(!s.gradsArrived(g.nodes).has('x'), 'not while its pulse runs');
    s.arrive();
    assert.ok(s.gradsArrived(g.nodes).has('x'));
  });
});
