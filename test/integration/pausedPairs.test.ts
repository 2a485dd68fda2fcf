// cs231n's function layers at a breakpoint, for real (debugpy in the test host): paused inside
// affine_backward(dout, cache) of test/fixtures/debug/cs231n_layers.py, the learner traces the
// function's name. The pair affine_forward / affine_backward runs on a copy as one layer (forward on
// the (x, w, b) the frame's cache holds, backward on ones), its gradient checked against numpy;
// the learner's relu_backward with a slip is FAILED. It said "a function, neither an array nor a layer".
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api } from './util';
import { evaluate, pausedAt } from './pausedUtil';

const PROGRAM = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'debug', 'cs231n_layers.py');
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

describe('paused: cs231n\'s affine_backward(dout, cache), traced by the function\'s name', function () {
  this.timeout(120_000);
  pausedAt(PROGRAM, PROGRAM, 16);

  it('affine_backward: the pair runs on a copy with the cache\'s (x, w, b) and the frame\'s own dout (said), dx dw db equal numpy\'s, checked ok; cache and dout unchanged', async () => {
    const fingerprint = "__import__('json').dumps([__import__('zlib').crc32(a.tobytes()) for a in cache + (dout,)])";
    const before = await evaluate(fingerprint);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'affine_backward' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'layer');
    const g = outcome.graph;
    const layer = g.nodes.find((n) => n.kind === 'layer')!;
    assert.ok(/affine/.test(layer.label), layer.label);
    // numpy's own gradients for the frame's dout (relu_backward's dh, not ones), computed in the paused frame
    const want = JSON.parse(await evaluate("__import__('json').dumps([v.ravel().tolist() for v in affine_backward(dout.copy(), cache)])")) as number[][];
    assert.notDeepStrictEqual(want[2], [4, 4, 4, 4, 4], 'the frame\'s dout is not ones');
    const grad = (port: string) => Array.from(g.edges.find((e) => e.target === layer.id && (e.targetPort ?? 'x') === port)?.backward?.data ?? []);
    const got = ['x', 'w', 'b'].map(grad);
    assert.deepStrictEqual(got, want, 'dx, dw, db as numpy computes them');
    assert.strictEqual(layer.verdict?.status, 'ok', JSON.stringify(layer.verdict));
    assert.ok(g.notes?.includes('Backward ran on the paused frame\'s own dout (4, 5) (a copy: the frame\'s dout was not changed), and the gradient check is weighted by it.'), JSON.stringify(g.notes));
    assert.strictEqual(await evaluate(fingerprint), before, 'the program\'s cache and dout are unchanged');
    await rendered;
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-cs231n-affine-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('relu_backward with a slip (dout * x): its forward\'s x is asked for (the frame\'s cache is affine\'s), then it is FAILED', async () => {
    const refused = await traceExpr({ expr: 'relu_backward', ask: false });
    assert.ok(!refused.ok && refused.error === 'relu_backward: the cache in the paused frame is not the arguments of relu_forward, so its x is not known: pick an array for it.', `${!refused.ok && refused.error}`);
    // Asked in the input box, which says why (screenshot); Escape cancels, and that is said too.
    const asking = traceExpr({ expr: 'relu_backward' });
    await new Promise((r) => setTimeout(r, 1500));
    const box = await screenshot(`paused-cs231n-ask-${WINDOW}`);
    if (box) console.log(`      screenshot ${box}`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const cancelled = await asking;
    assert.ok(!cancelled.ok && cancelled.cancelled, JSON.stringify(cancelled));
    const outcome = await traceExpr({ expr: 'relu_backward', input: 'dout', ask: false });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const verdict = outcome.graph.nodes.find((n) => n.kind === 'layer')?.verdict;
    assert.strictEqual(verdict?.status, 'failed', JSON.stringify(verdict));
  });
});
