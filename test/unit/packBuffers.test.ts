// A message's typed arrays in one buffer (extension/panel/packBuffers.ts): a trace of 300 layers
// (~760 arrays) reached the webview under code-server with its later views reading other bytes,
// and was dropped (the real host's test: integration/sequel.test.ts).
import * as assert from 'node:assert/strict';
import { packBuffers } from '../../src/extension/panel/packBuffers';

describe('packBuffers: every typed array of a webview message in one buffer', () => {
  it('300 nodes of masks and float64 values: one buffer, every view aligned and equal to its original', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => ({
      id: `call${i}`,
      cache: [{ name: 'mask', mask: { shape: [3], data: Uint8Array.from([i % 2, 1, 0]) } }],
      grad: { shape: [2], data: Float64Array.from([i + 0.5, -i]) },
    }));
    const message = { type: 'trace', graph: { title: 't', nodes, edges: [{ id: 'e0', forward: { shape: [1], data: new Float64Array(1) } }] } };
    const packed = packBuffers(message);
    const views: ArrayBufferView[] = [];
    const walk = (x: unknown): void => {
      if (ArrayBuffer.isView(x)) views.push(x);
      else if (x && typeof x === 'object') Object.values(x).forEach(walk);
    };
    walk(packed);
    assert.equal(views.length, 601);
    assert.equal(new Set(views.map((v) => v.buffer)).size, 1, 'one buffer');
    for (const v of views) assert.equal(v.byteOffset % 8, 0);
    packed.graph.nodes.forEach((n, i) => {
      assert.ok(n.cache[0].mask.data instanceof Uint8Array && n.grad.data instanceof Float64Array);
      assert.deepEqual([...n.cache[0].mask.data], [i % 2, 1, 0]);
      assert.deepEqual([...n.grad.data], [i + 0.5, -i]);
    });
    assert.equal(packed.graph.title, 't');
    assert.deepEqual([...message.graph.nodes[7].grad.data], [7.5, -7], 'the original untouched');
  });

  it('a message with fewer than two arrays is passed as it is', () => {
    const m = { type: 'init', strings: { a: 'b' } };
    assert.equal(packBuffers(m), m);
  });
});
