// Integers past 2**53 at a breakpoint, for real (debugpy in the test host): paused in
// MulLayer.backward of test/fixtures/debug/big_ints.py. float64 (the panel's numbers) cannot hold
// 2**53 + 1: a number is drawn, detailed and hovered as the program's str() of it, a layer's numbers
// too, an int64 array's elements as numpy prints them. Before, 2**53 + 1 was drawn 9007199254740992.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { inPanel, screenshot } from './index';
import { api } from './util';
import { evaluate, pausedAt } from './pausedUtil';

const PROGRAM = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'debug', 'big_ints.py');
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

/** Each drawn edge label's value part (the first line is its name). */
async function drawnValues(rendered: Promise<{ edges: { forward: string; backward: string }[] }>): Promise<string[]> {
  return (await rendered).edges.flatMap((e) => [e.forward, e.backward]).filter(Boolean).map((l) => l.split('\n').slice(1).join('\n'));
}

/** The details drawer's text, opened from the keyboard on `target` as a user would; null outside code-server. */
async function drawerOn(name: string, target: string): Promise<string | null> {
  if (!(await inPanel(`${name}-open`, 'Enter', `li[data-target="${target}"]`))) return null;
  await new Promise((r) => setTimeout(r, 800));
  return inPanel(`${name}-details`, 'text', '#details');
}

describe('paused: integers past 2**53 (big_ints.py, inside MulLayer.backward)', function () {
  this.timeout(120_000);
  pausedAt(PROGRAM, PROGRAM, 19);

  it('apple = 2**53 + 1 is drawn as the program prints it, and the status says its float64 is what is computed with', async () => {
    const said = await evaluate('str(apple)');
    assert.strictEqual(said, '9007199254740993');
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'apple' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    // apple's own edges carry its str(); what the layers compute from it is float64's (said in the status)
    const inputs = new Set(outcome.graph.nodes.filter((n) => n.kind === 'input').map((n) => n.id));
    const own = new Set(outcome.graph.edges.filter((e) => inputs.has(e.source)).map((e) => e.id));
    const report = await rendered;
    const labels = report.edges.filter((e) => own.has(e.id)).map((e) => e.forward.split('\n').slice(1).join('\n'));
    assert.ok(labels.length > 0 && labels.every((l) => l === said), `apple's edges drawn as str(): ${JSON.stringify(labels)}`);
    // the details drawer, opened from the keyboard on apple's edge: its value is str(apple) too (was 9007199254740992)
    const drawer = await drawerOn('big-ints-apple', `edge:${[...own][0]}`);
    if (drawer !== null) assert.ok(drawer.includes(`Value${said}Type`), `the drawer's value is str(apple): ${drawer}`);
    assert.strictEqual(outcome.status, '9007199254740993 is an integer past 2**53: it is drawn and detailed as the program prints it; what the layers compute from it uses its nearest float64, 9007199254740992.');
  });

  it('hover: apple\'s live tooltip says what float64 cannot hold', async () => {
    const doc = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === PROGRAM)!.document;
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('apple = '));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 1))) ?? [];
    const live = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).filter((v) => v.includes('live value'));
    assert.strictEqual(live.length, 1, JSON.stringify(hovers.map((h) => h.contents)));
    assert.ok(live[0].replace(/\\(.)/g, '$1').includes('9007199254740993 is an integer past 2**53: it is drawn and detailed as the program prints it'), live[0]);
  });

  it("hover: ids' live table shows numpy's digits for x (it showed their float64's)", async () => {
    const doc = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === PROGRAM)!.document;
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('ids = '));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 1))) ?? [];
    const live = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).filter((v) => v.includes('live value'));
    assert.strictEqual(live.length, 1, JSON.stringify(hovers.map((h) => h.contents)));
    const printed = await evaluate('str(ids)');
    const row = live[0].split('\n').find((l) => l.startsWith('x '));
    assert.strictEqual(row?.replace(/^x\s+/, ''), printed.split('\n')[0], live[0]);
  });

  it('the layer (self) on 2**53 + 1: x, out and dy drawn as the program\'s str() of each; the layer unchanged', async () => {
    const before = await evaluate('repr(sorted(vars(self).items()))');
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'self' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const drawn = await drawnValues(rendered);
    const want = JSON.parse(await evaluate("__import__('json').dumps([str(self.x), str(self.x * self.y), str(1 * self.x)])")) as string[];
    assert.deepStrictEqual(want, ['9007199254740993', '27021597764222979', '9007199254740993']);
    for (const s of want) assert.ok(drawn.includes(s), `${s} drawn: ${JSON.stringify(drawn)}`);
    // float64 cannot move 2**53 + 1 by the check's h: not checked, with why (it was a false FAILED on x)
    const verdict = outcome.graph.nodes.find((n) => n.kind === 'layer')?.verdict;
    assert.deepStrictEqual([verdict?.status, verdict?.text], ['unchecked', "not checked: x is too large for the check's step (h = 0.0001) to move it in float64 (1 of its values, up to 9.007e+15): central differences there would not be the gradient"]);
    assert.strictEqual(await evaluate('repr(sorted(vars(self).items()))'), before);
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-big-ints-layer-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('a layer on the int64 array: the notes say how many integers are drawn as their nearest float64', async () => {
    // a fresh MulLayer run forward on ids in the expression (on copies: the program's names stay)
    const outcome = await traceExpr({ expr: '(lambda m: (m.forward(ids, 2), m)[1])(MulLayer())' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.ok(outcome.graph.notes?.includes("4 integers past 2**53 (9007199254740992) in the recorded arrays are drawn and detailed with the program's digits; the gradient check computes with their nearest float64."), JSON.stringify(outcome.graph.notes));
  });

  it('an int64 array with 2 elements past 2**53 is traced, and says they are drawn as their nearest float64', async () => {
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'ids' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    await rendered;
    // traced like a literal through ReLU and Sigmoid: values float64 cannot move by h are not checked (it was a false FAILED)
    assert.deepStrictEqual(outcome.graph.nodes.filter((n) => n.kind === 'layer').map((n) => n.verdict?.status), ['unchecked', 'unchecked']);
    // the graph as drawn (x's labels whole, or cut with a `…` in the narrowest panel), before the drawer opens
    await new Promise((r) => setTimeout(r, 500));
    const graphShot = await screenshot(`paused-big-ints-array-${WINDOW}`);
    if (graphShot) console.log(`      screenshot ${graphShot}`);
    // the drawer on x's edge: its cells, min and max are numpy's (they were their float64's, ...976)
    const [x1, lo, hi] = JSON.parse(await evaluate("__import__('json').dumps([str(ids[1]), str(ids.min()), str(ids.max())])")) as string[];
    assert.deepStrictEqual([x1, lo, hi], ['1152921504606846977', '-4611686018427387907', '1152921504606846977']);
    const inputs = new Set(outcome.graph.nodes.filter((n) => n.kind === 'input').map((n) => n.id));
    const xEdge = outcome.graph.edges.find((e) => inputs.has(e.source))!;
    const drawer = await drawerOn('big-ints-ids', `edge:${xEdge.id}`);
    if (drawer !== null) {
      assert.ok(drawer.includes(`min${lo}max${hi}`), `min / max as numpy prints them: ${drawer}`);
      assert.ok(drawer.includes(x1) && !drawer.includes('1152921504606846976'), `the cells are numpy's: ${drawer}`);
      await screenshot(`paused-big-ints-details-${WINDOW}`);
    }
    assert.strictEqual(outcome.status, '2 of its values are integers past 2**53 (9007199254740992): they are drawn and detailed as the program holds them; what the layers compute from them uses their nearest float64.');
  });
});
