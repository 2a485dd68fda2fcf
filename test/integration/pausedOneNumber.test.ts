// A layer's one-number gradient at a breakpoint, for real (debugpy in the test host): paused in
// Scale.backward of test/fixtures/debug/one_number_grads.py, a Scale whose W is a Python float
// (its dW a float) is traced with W checked and dW drawn, and an Affine whose db = np.sum(dout)
// (no axis) is FAILED with why, as run mode says it. Before, both were left out of the check in
// silence, and that Affine was drawn "ok".
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceGraph } from '../../src/engine/graph/graph';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api } from './util';
import { evaluate, pausedAt } from './pausedUtil';

const PROGRAM = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'debug', 'one_number_grads.py');
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

/** The edge into the (one) layer's port `name`. */
function into(g: TraceGraph, name: string) {
  const layer = g.nodes.find((n) => n.kind === 'layer')!;
  return { layer, edge: g.edges.find((e) => e.target === layer.id && (e.targetPort ?? 'x') === name) };
}

describe('paused: a layer\'s one-number gradient (a float dW, a db summed over every axis)', function () {
  this.timeout(120_000);
  pausedAt(PROGRAM, PROGRAM, 20);

  it('Scale with a float W: dW is drawn as the program computes it for dout = ones, and W is checked ok', async () => {
    const before = await evaluate("repr(sorted(vars(self).items()))");
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'self' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const { layer, edge } = into(outcome.graph, 'W');
    const want = Number(await evaluate('repr(float(np.sum(np.ones_like(self.x) * self.x)))'));
    assert.deepStrictEqual(Array.from(edge?.backward?.data ?? []), [want], 'dW as numpy computes it');
    assert.ok(edge?.gradcheck?.ok && edge.gradcheck.checked === 1, `W is checked: ${JSON.stringify(edge?.gradcheck)}`);
    assert.strictEqual(layer.verdict?.status, 'ok', JSON.stringify(layer.verdict));
    assert.strictEqual(await evaluate("repr(sorted(vars(self).items()))"), before, 'the layer is unchanged');
    await rendered;
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-one-number-dW-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('Affine with db = np.sum(dout): FAILED on b, saying db is one number and how to sum it', async () => {
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'affine' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const { layer, edge } = into(outcome.graph, 'b');
    assert.strictEqual(layer.verdict?.status, 'failed', JSON.stringify(layer.verdict));
    assert.deepStrictEqual(layer.verdict?.ports, ['b']);
    assert.match(layer.verdict?.text ?? '', /db has shape \(\) but b has \(3,\): db is one number/, 'said as run mode says it');
    assert.ok(edge, 'b is drawn');
    assert.ok(into(outcome.graph, 'W').edge?.gradcheck?.ok, 'W is checked ok');
    await rendered;
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-one-number-db-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });
});
