// dlcourse.ai-style Params at a breakpoint, for real (debugpy in the test host): paused in
// FullyConnectedLayer.backward of test/fixtures/debug/held_params.py, whose Params sit in a dict on
// the layer (self.params = {'W': Param, 'B': Param}) and are zeroed to 0 by the loop before each
// step, the layer is traced with W and B drawn beside it and its doubled dW FAILED; a layer whose
// W.value holds integers says why W is not checked. Before, at a breakpoint such Params were
// neither checked nor drawn (the doubled dW read "ok: dX match"), and a hover over the layer left them
// out. Screenshot at the launcher's window.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api } from './util';
import { evaluate, pausedAt } from './pausedUtil';

const PROGRAM = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'debug', 'held_params.py');
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

describe('paused: dlcourse.ai Params (in a dict on the layer, an integer one)', function () {
  this.timeout(120_000);
  pausedAt(PROGRAM, PROGRAM, 29);

  it('the layer\'s W and B are drawn with dW and dB, the doubled dW is FAILED; the program\'s Params untouched (screenshot)', async () => {
    const read = "repr([(k, p.value.tolist(), p.grad.tolist()) for k, p in sorted(self.params.items())])";
    const before = await evaluate(read);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'self' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const layer = outcome.graph.nodes.find((n) => n.kind === 'layer');
    assert.strictEqual(layer?.verdict?.status, 'failed', JSON.stringify(layer?.verdict));
    assert.deepStrictEqual(layer?.verdict?.ports, ['W']);
    assert.match(layer?.verdict?.text ?? '', /^FAILED: dW at \(\d, \d\): backprop /);
    const into = (port: string) => outcome.graph.edges.find((e) => e.target === layer?.id && e.targetPort === port);
    assert.deepStrictEqual([into('W')?.forward?.shape, into('W')?.backwardName], [[3, 4], 'dW ✗'], JSON.stringify(into('W')));
    assert.ok(into('B')?.gradcheck?.ok && into('B')?.backwardName === 'dB', JSON.stringify(into('B')));
    assert.strictEqual(await evaluate(read), before, 'the paused program\'s values and grads are unchanged');
    await rendered;
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-params-dict-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('hover over fc: the live tooltip lists each Param\'s value and grad (params[\'W\'].value, .grad), running none of its code', async () => {
    const doc = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === PROGRAM)!.document;
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('fc = '));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 1))) ?? [];
    const live = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).filter((v) => v.includes('live value'));
    assert.strictEqual(live.length, 1, JSON.stringify(hovers.map((h) => h.contents)));
    for (const name of ["params['W'].value", "params['W'].grad", "params['B'].value", "params['B'].grad"]) assert.ok(live[0].includes(name), `${name} in ${live[0]}`);
  });

  it('a Param whose value holds integers: dX checked, W not, and the verdict says why', async () => {
    const outcome = await traceExpr({ expr: 'counts' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const layer = outcome.graph.nodes.find((n) => n.kind === 'layer');
    assert.strictEqual(layer?.verdict?.status, 'ok', JSON.stringify(layer?.verdict));
    assert.match(layer?.verdict?.text ?? '', /^ok: dX match central differences \(6 elements checked\)\. W\.value holds integers, so dW is not checked: a parameter moves by fractional steps/);
  });
});
