// The message guards, both ways: a webview is untrusted, and so is anything that claims to be the
// host. Junk of every kind is rejected; valid messages pass; nothing is polluted along the way.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildTrace } from '../../src/engine';
import { isFromWebviewMessage, isToWebviewMessage, isTraceGraph } from '../../src/protocol';

const graph = () => buildTrace({ shape: [2, 2], data: Float64Array.of(1, -0.5, 2, 0) }, { layers: ['relu', 'sigmoid'], mode: 'parallel', dout: 'ones' }, 'seed.py:3:5');
const trace = () => ({ type: 'trace', graph: graph() });
const report = () => ({ nodes: [{ id: 'x', label: 'x' }], edges: [{ id: 'e_x_relu0', forward: 'x = [1.]', backward: 'dx = [1.]' }], width: 300, height: 200 });

/** `f` applied to a fresh valid trace message. */
const tweak = (f: (m: ReturnType<typeof trace>) => void) => {
  const m = trace();
  f(m);
  return m;
};

describe('protocol guards', () => {
  it('accept the messages the two sides really send', () => {
    assert.ok(isToWebviewMessage(trace()));
    assert.ok(isFromWebviewMessage({ type: 'ready' }));
    assert.ok(isFromWebviewMessage({ type: 'rendered', report: report() }));
    assert.ok(isFromWebviewMessage({ type: 'error', message: 'boom' }));
  });

  it('reject anything that is not a message', () => {
    const junk: unknown[] = [undefined, null, 0, NaN, '', 'ready', '{"type":"ready"}', [], [{ type: 'ready' }], () => 1, Symbol('x'), new Date(), new Float64Array(4), new Map([['type', 'ready']])];
    for (const j of junk) {
      assert.equal(isFromWebviewMessage(j), false, String(j));
      assert.equal(isToWebviewMessage(j), false, String(j));
    }
  });

  it('reject unknown types and wrongly typed fields from the webview', () => {
    const bad: unknown[] = [
      { type: 'READY' }, { type: 'eval', code: 'alert(1)' }, { type: 'ready', extra: 1 }, { type: 'rendered' },
      { type: 'rendered', report: { ...report(), width: 'wide' } }, { type: 'rendered', report: { ...report(), width: Infinity } },
      { type: 'rendered', report: { ...report(), nodes: [{ id: '<img src=x onerror=alert(1)>', label: 'x' }] } },
      { type: 'rendered', report: { ...report(), nodes: new Array(100_000).fill({ id: 'x', label: 'x' }) } },
      { type: 'rendered', report: { ...report(), edges: [{ id: 'e', forward: 'x'.repeat(200_000), backward: '' }] } },
      { type: 'error' }, { type: 'error', message: 42 }, { type: 'error', message: 'x'.repeat(20_000) },
      { type: 'export', format: '../../etc/passwd' }, { type: 'export', format: 'exe' },
      { type: 'exported', format: 'png', data: 'not bytes' }, { type: 'exported', format: 'svg', data: '<script>alert(1)</script>' },
      { type: 'exported', format: 'png', data: new Float64Array(4) },
      { type: 'expand', node: 'x; rm -rf /', expanded: true }, { type: 'expand', node: 'x', expanded: 'yes' },
      { type: 'stepped', step: 5, total: 3, phase: 'forward' }, { type: 'stepped', step: -1, total: 3, phase: 'forward' },
      { type: 'stepped', step: 1.5, total: 3, phase: 'forward' }, { type: 'pick', what: 'everything' }, { type: 'follow', on: 1 },
    ];
    for (const b of bad) assert.equal(isFromWebviewMessage(b), false, JSON.stringify(b).slice(0, 120));
  });

  it('reject a malformed trace graph sent to the webview', () => {
    const bad: unknown[] = [
      tweak((m) => ((m.graph.edges[0].backward as { data: unknown }).data = new Float32Array(4))),
      tweak((m) => ((m.graph.edges[0].backward as { data: unknown }).data = [1, 2, 3, 4])),
      tweak((m) => ((m.graph.edges[0].backward as { data: unknown }).data = new Float64Array(3))), // shape says 4
      tweak((m) => ((m.graph.edges[0].backward as { shape: unknown }).shape = [2, -2])),
      tweak((m) => ((m.graph.edges[0].backward as { shape: unknown }).shape = [2.5, 2])),
      tweak((m) => ((m.graph.edges[0].backward as { shape: unknown }).shape = new Array(33).fill(1))),
      tweak((m) => ((m.graph.nodes[1].cache as { mask: unknown }[])[0].mask = [1, 0, 1, 0])),
      tweak((m) => ((m.graph.nodes[1].cache as { mask: { data: unknown } }[])[0].mask.data = new Uint8Array(3))), // shape says 4
      tweak((m) => ((m.graph.nodes[1].cache as unknown[]).push({ name: 'out' }))), // neither mask, value nor edge
      tweak((m) => ((m.graph.edges[0] as { gradcheck: unknown }).gradcheck = { maxAbsDiff: NaN, index: 0, checked: 1, ok: true })),
      tweak((m) => ((m.graph as { source: unknown }).source = 'eval')),
      tweak((m) => ((m.graph.nodes[0] as { kind: unknown }).kind = 'script')),
      tweak((m) => ((m.graph.nodes[0] as { id: unknown }).id = '"><script>alert(1)</script>')),
      tweak((m) => ((m.graph.nodes[0] as { label: unknown }).label = 'x'.repeat(1000))),
      tweak((m) => (m.graph.edges[0].target = 'nowhere')),
      tweak((m) => ((m.graph as { nodes: unknown }).nodes = new Array(10_000).fill(m.graph.nodes[0]))),
      tweak((m) => ((m.graph as { mode: unknown }).mode = 'both')),
      tweak((m) => ((m.graph as { title: unknown }).title = { toString: () => 'x' })),
      { type: 'trace' }, { type: 'trace', graph: null }, { type: 'trace', graph: JSON.parse(JSON.stringify(graph())) }, // typed arrays lost
      { type: 'flow', action: 'rm' }, { type: 'exportImage', format: 'bmp' }, { type: 'status', text: 7 }, { type: 'init', strings: { a: 1 } },
    ];
    for (const b of bad) assert.equal(isToWebviewMessage(b), false, JSON.stringify(b).slice(0, 120));
  });

  it('are not fooled by prototype pollution and never pollute', () => {
    const polluted = [
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
      JSON.parse('{"__proto__":{"type":"ready"}}'),
      JSON.parse('{"type":"error","message":"x","constructor":{"prototype":{"polluted":true}}}'),
      Object.create({ type: 'ready' }),
      JSON.parse('{"type":"trace","graph":{"__proto__":{"title":"t","shape":[],"mode":"chain","nodes":[],"edges":[]}}}'),
    ];
    assert.equal(isFromWebviewMessage(polluted[0]), false);
    assert.equal(isFromWebviewMessage(polluted[1]), false);
    // A real error message with a stray `constructor` field: accepted (the field is ignored), polluting nothing.
    assert.equal(isFromWebviewMessage(polluted[2]), true);
    assert.equal(isFromWebviewMessage(polluted[3]), false, 'inherited fields do not count');
    assert.equal(isToWebviewMessage(polluted[4]), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  it('never throw, whatever they are given (fast-check)', () => {
    const anything = fc.oneof(fc.anything({ withTypedArray: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withNullPrototype: true }),
      fc.record({ type: fc.constantFrom('ready', 'rendered', 'error', 'trace', 'export', 'exported', 'stepped', 'expand'), report: fc.anything(), graph: fc.anything(), message: fc.anything(), format: fc.anything(), data: fc.anything() }, { requiredKeys: ['type'] }));
    fc.assert(fc.property(anything, (v) => {
      isFromWebviewMessage(v);
      isToWebviewMessage(v);
      isTraceGraph(v);
    }), { numRuns: 2000 });
  });
});
