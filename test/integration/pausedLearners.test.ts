// Tracing at a breakpoint in chapter 5 as learners write it, for real: the test-only `debugpy`
// debug type (test/debugAdapter) launches test/fixtures/debug/learners.py (our own code in the
// shapes of the book's buy_apple_orange, of learners' ReLU and Dense classes and of cs231n's
// functions) and stops at its STOP line. Values are compared with what the program prints (run
// plainly first) and with the paused frame; the program's state with itself before each trace.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceGraph, WireTensor } from '../../src/engine/graph/graph';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api, closeAll } from './util';
import { evaluate, waitFor } from './pausedUtil';

const ROOT = path.resolve(__dirname, '../../..');
const PROGRAM = path.join(ROOT, 'test', 'fixtures', 'debug', 'learners.py');
const STOP = 85;
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;
const values = (t?: WireTensor) => (t ? Array.from(t.data) : []);

/** Lines `BPT {json}` of a run: the plain one first, then the debugged one's (its output events). */
function parsed(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) if (line.startsWith('BPT ')) Object.assign(out, JSON.parse(line.slice(4)));
  return out;
}

/** What every trace must leave alone, computed in the paused frame itself. */
const FINGERPRINT = [
  "__import__('json').dumps([",
  "  [repr(sorted(vars(o).items())) for o in (mul_apple_layer, mul_orange_layer, mul_tax_layer)],",
  "  __import__('zlib').crc32(relu.mask.tobytes()), __import__('zlib').crc32(h.tobytes()), [__import__('zlib').crc32(a.tobytes()) for a in cache],",
  "  [__import__('zlib').crc32(v.tobytes()) if hasattr(v, 'tobytes') else repr(v) for k, v in sorted(vars(dense).items())],",
  "  __import__('zlib').crc32(np.random.get_state()[1].tobytes()), sorted(k for k in globals() if not k.startswith('__'))])",
].join('');

/** Where a layer's edge carries `port` in or out: its forward and backward values. */
function port(g: TraceGraph, name: string): { forward: number[]; backward: number[] } {
  const layer = g.nodes.find((n) => n.kind === 'layer')!;
  const e = g.edges.find((x) => x.target === layer.id && (x.targetPort ?? 'x') === name);
  return { forward: values(e?.forward), backward: values(e?.backward) };
}

describe('paused: chapter 5 as learners write it, at a breakpoint (debugpy)', function () {
  this.timeout(120_000);
  let session: vscode.DebugSession | undefined;
  let stops = 0;
  let ended = false;
  let debugged = '';
  const subs: vscode.Disposable[] = [];
  const printed = parsed(execFileSync('/usr/bin/python3', [PROGRAM], { encoding: 'utf8' }));

  before(async () => {
    await api();
    subs.push(vscode.debug.registerDebugAdapterTrackerFactory('debugpy', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage(m: { type?: string; event?: string; body?: { category?: string; output?: string } }) {
          if (m.type === 'event' && m.event === 'stopped') stops++;
          if (m.type === 'event' && m.event === 'output' && m.body?.category === 'stdout') debugged += m.body.output ?? '';
        },
      }),
    }));
    const doc = await vscode.workspace.openTextDocument(PROGRAM);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(STOP - 1, 0)))]);
    subs.push(vscode.debug.onDidStartDebugSession((s) => (session = s)), vscode.debug.onDidTerminateDebugSession(() => (ended = true)));
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'debugpy', name: 'learners', request: 'launch', program: PROGRAM, python: '/usr/bin/python3', console: 'internalConsole', justMyCode: true,
    });
    assert.ok(started, 'the debugpy session started');
    await waitFor(() => stops > 0 && vscode.debug.activeStackItem instanceof vscode.DebugStackFrame, 60_000, 'the stop at the breakpoint');
  });

  after(async () => {
    if (session && !ended) await vscode.debug.stopDebugging(session);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    subs.forEach((s) => s.dispose());
    await closeAll();
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('the book\'s MulLayer on numbers (buy_apple): backward gets dout = 1 as the book\'s dprice = 1, and gives what the program computed', async () => {
    const before = await evaluate(FINGERPRINT);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'mul_tax_layer' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'layer');
    const g = outcome.graph;
    assert.ok(!g.notes?.some((n) => /raised/.test(n)), `no error: ${JSON.stringify(g.notes)}`);
    assert.deepStrictEqual([port(g, 'x'), port(g, 'y')], [{ forward: [650], backward: [printed.dall_price] }, { forward: [1.1], backward: [printed.dtax] }]);
    const checked = g.edges.filter((e) => e.gradcheck);
    assert.ok(checked.length === 2 && checked.every((e) => e.gradcheck!.ok), `gradient check: ${JSON.stringify(checked.map((e) => e.gradcheck))}`);
    assert.strictEqual(await evaluate(FINGERPRINT), before, 'the layers and the frame are unchanged');
    const report = await rendered;
    // #25 scalars: each number drawn as the paused program prints it, all_price (an int) 650, tax 1.1
    const said = JSON.parse(await evaluate("__import__('json').dumps([str(all_price), str(tax), str(price), str(dtax)])")) as string[];
    const drawn = report.edges.flatMap((e) => [e.forward, e.backward]).filter(Boolean).map((l) => l.split('\n').slice(1).join('\n'));
    for (const s of said) assert.ok(drawn.includes(s), `${s} is drawn as the program prints it: ${JSON.stringify(drawn)}`);
    assert.ok(!drawn.some((l) => /\d\.$/.test(l)), `no number drawn as numpy's element (650.): ${JSON.stringify(drawn)}`);
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-mul-layer-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('AddLayer keeps neither input: the one still missing is named (y after x), and with both picked it runs', async () => {
    const refused = await traceExpr({ expr: 'add_apple_orange_layer', input: 'apple_price', ask: false });
    assert.ok(!refused.ok && /^add_apple_orange_layer \(AddLayer\) keeps no y from its last forward/.test(refused.error), `refused: ${!refused.ok && refused.error}`);
    const outcome = await traceExpr({ expr: 'add_apple_orange_layer', input: 'apple_price, orange_price', ask: false });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.deepStrictEqual([port(outcome.graph, 'x'), port(outcome.graph, 'y')], [{ forward: [200], backward: [1] }, { forward: [450], backward: [1] }]);
  });

  it('a 1 MB bool mask (1024x1024) goes through the trace worker: ReLU only, Sigmoid left out and said, every value as the program holds it', async () => {
    const before = await evaluate(FINGERPRINT);
    const rendered = (await api()).whenRendered(60_000);
    const outcome = await traceExpr({ expr: 'relu.mask' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const g = outcome.graph;
    assert.ok(g.notes?.some((n) => n.startsWith('Sigmoid is left out: numpy refuses -x on a bool array')), JSON.stringify(g.notes));
    assert.deepStrictEqual(g.nodes.filter((n) => n.kind === 'layer').map((n) => n.layer), ['relu']);
    const shown = g.edges.find((e) => e.source === 'x')?.forward;
    assert.ok(shown?.preview && shown.data.length < 1 << 20, `the host holds the worker's preview of x (${shown?.data.length} values), not all of it`);
    const whole = (await (await api()).wholeGraph())?.edges.find((e) => e.source === 'x')?.forward;
    assert.ok(whole && !whole.preview && whole.dtype === 'bool', 'the whole x, bool');
    assert.deepStrictEqual(whole.shape, [1024, 1024]);
    assert.strictEqual(values(whole).reduce((s, v) => s + v, 0), printed.masked, 'as many True as the program\'s mask');
    const crc = Number(await evaluate("__import__('zlib').crc32(relu.mask.astype('float64').tobytes())"));
    assert.strictEqual(crc32(new Uint8Array(Float64Array.from(whole.data).buffer)), crc, 'value for value the program\'s mask');
    await rendered;
    assert.strictEqual(await evaluate(FINGERPRINT), before);
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-bool-mask-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('what cannot be traced says why and what to trace instead, in one sentence, never a stack trace', async () => {
    const said: string[] = [];
    for (const expr of ['grads', 'cache', 'affine_forward']) {
      const outcome = await traceExpr({ expr });
      assert.ok(!outcome.ok, `${expr} was traced`);
      said.push(outcome.error);
    }
    const where = 'paused at learners.py:85, frame `<module>`';
    assert.deepStrictEqual(said, [
      `grads in the paused frame (${where}): a dict of 2 ('dw', 'db'), not an array: trace one of its values, e.g. grads['dw']`,
      `cache in the paused frame (${where}): a tuple of 3 items of different shapes or kinds ((4, 3), (3, 2), (2,)), not one array: trace one of them, e.g. cache[0]`,
      `affine_forward in the paused frame (${where}): a function with no affine_backward beside it where the program is paused: a pair of functions (affine_forward / affine_backward) is traced as one layer`,
    ]);
    // The panel (still showing the last trace) says the last refusal above it.
    await traceExpr({ expr: 'cache' });
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-refusal-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('a Dense with a base class and backward(self, dy, *args, **kwargs), on a picked input: the program\'s own forward values', async () => {
    const before = await evaluate(FINGERPRINT);
    const outcome = await traceExpr({ expr: 'dense', input: 'small', ask: false });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const layer = outcome.graph.nodes.find((n) => n.kind === 'layer')!;
    assert.strictEqual(layer.label, 'Dense');
    assert.deepStrictEqual(values(outcome.graph.edges.find((e) => e.source === layer.id)?.forward), (printed.y as number[][]).flat());
    assert.strictEqual(await evaluate(FINGERPRINT), before);
  });

  it('an expression with a call runs on copies: relu.forward(small) is traced, the program\'s mask and random state stay', async () => {
    const before = await evaluate(FINGERPRINT);
    const outcome = await traceExpr({ expr: 'relu.forward(small)' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const want = JSON.parse(await evaluate("__import__('json').dumps((small * (small > 0)).tolist())")) as number[][];
    assert.deepStrictEqual(values(outcome.graph.edges.find((e) => e.source === 'x')?.forward), want.flat());
    const drawn = await traceExpr({ expr: 'np.random.randn(3)' });
    assert.ok(drawn.ok, `trace failed: ${!drawn.ok && drawn.error}`);
    assert.strictEqual(await evaluate(FINGERPRINT), before, 'the mask (1024x1024), the random state and the rest unchanged');
  });

  it('continued, the program runs to its end and prints what it prints without us', async () => {
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await waitFor(() => ended, 60_000, 'the end of the program');
    await waitFor(() => 'after' in parsed(debugged), 10_000, 'the program\'s last line in the Debug Console');
    const run = parsed(debugged);
    assert.deepStrictEqual([run.after, run.mask], [printed.after, printed.mask]);
  });
});

/** zlib's crc32, as the program computes it of the same bytes. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
