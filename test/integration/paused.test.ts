// Tracing at a breakpoint, for real: the test-only `debugpy` debug type (test/debugAdapter: Debian's
// python3-debugpy, `python3 -m debugpy.adapter`) launches test/fixtures/debug/two_layer_net.py,
// which stops in Relu.backward. The values traced are compared with what the program prints
// (run plainly with the same seed: the Debug Console's output events come late on a busy
// machine), and the program's objects and random state with themselves before the trace.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceGraph, WireTensor } from '../../src/engine/graph/graph';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api, assertFits, closeAll } from './util';
import { evaluate, waitFor } from './pausedUtil';

const ROOT = path.resolve(__dirname, '../../..');
const PROGRAM = path.join(ROOT, 'test', 'fixtures', 'debug', 'two_layer_net.py');
const BREAK_LINE = 21; // the line marked BREAK, in Relu.backward
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

/** What the program prints: lines `BPT {json}`. */
const printed: Record<string, unknown> = {};
let stops = 0;
let ended = false;

function values(t?: WireTensor): number[] {
  return t ? Array.from(t.data) : [];
}

/** A fingerprint of everything the trace must leave alone, computed in the paused frame itself. */
const FINGERPRINT = [
  "__import__('json').dumps([",
  "  {k: __import__('zlib').crc32(v.tobytes()) for k, v in net.params.items()},",
  "  [sorted((k, __import__('zlib').crc32(v.tobytes()) if hasattr(v, 'tobytes') else repr(v)) for k, v in l.__dict__.items()) for l in list(net.layers.values()) + [net.lastLayer]],",
  "  __import__('zlib').crc32(dout.tobytes()), __import__('zlib').crc32(self.mask.tobytes()),",
  "  __import__('zlib').crc32(np.random.get_state()[1].tobytes()), int(np.random.get_state()[2]),",
  "  sorted(k for k in globals() if not k.startswith('__')), sorted(locals()), type(__import__('sys').stdout).__name__])",
].join('');



describe('paused: tracing at a breakpoint (debugpy)', function () {
  this.timeout(120_000);
  let session: vscode.DebugSession | undefined;
  const subs: vscode.Disposable[] = [];

  before(async () => {
    const out = execFileSync('/usr/bin/python3', [PROGRAM], { encoding: 'utf8', maxBuffer: 1 << 26 });
    for (const line of out.split('\n')) if (line.startsWith('BPT ')) Object.assign(printed, JSON.parse(line.slice(4)));
    await api();
    subs.push(vscode.debug.registerDebugAdapterTrackerFactory('debugpy', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage(m: { type?: string; event?: string }) {
          if (m.type === 'event' && m.event === 'stopped') stops++;
        },
      }),
    }));
    const doc = await vscode.workspace.openTextDocument(PROGRAM);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(BREAK_LINE - 1, 0)))]);
    subs.push(vscode.debug.onDidStartDebugSession((s) => (session = s)), vscode.debug.onDidTerminateDebugSession(() => (ended = true)));
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'debugpy', name: 'two_layer_net', request: 'launch', program: PROGRAM, python: '/usr/bin/python3',
      console: 'internalConsole', justMyCode: true,
    });
    assert.ok(started, 'the debugpy session started');
    await waitFor(() => stops > 0 && vscode.debug.activeStackItem instanceof vscode.DebugStackFrame, 60_000, 'the stop at the breakpoint');
  });

  after(async () => {
    if (session) await vscode.debug.stopDebugging(session);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    subs.forEach((s) => s.dispose());
    await closeAll();
    // the Debug Console's panel would stay open and shorten the editor area for the tests after these
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('is paused in Relu.backward, at the marked line', () => {
    const item = vscode.debug.activeStackItem;
    assert.ok(item instanceof vscode.DebugStackFrame);
    assert.strictEqual(session?.type, 'debugpy');
  });

  it('traces a float32 array from the paused frame with its dtype and every value, leaving the program as it was', async () => {
    const before = await evaluate(FINGERPRINT);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'small' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'array');
    const x = outcome.graph.edges.find((e) => e.source === 'x')?.forward;
    assert.ok(x, 'an edge leaves x');
    assert.deepStrictEqual(x.shape, [2, 3]);
    assert.strictEqual(x.dtype, 'float32');
    assert.deepStrictEqual(values(x), (printed.small as number[][]).flat());
    assert.match(outcome.graph.title, /^small, paused at two_layer_net\.py:21, frame `backward`$/);
    await rendered;
    assert.strictEqual(await evaluate(FINGERPRINT), before, 'the program\'s objects, random state, globals and locals are unchanged');
  });

  it('"Trace backprop" in the editor on a name reads it from the paused frame (dout, a float64 array)', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === PROGRAM)!;
    const at = new vscode.Position(BREAK_LINE - 1, editor.document.lineAt(BREAK_LINE - 1).text.indexOf('dout') + 1);
    editor.selection = new vscode.Selection(at, at);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as PausedOutcome;
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'array');
    assert.match(outcome.graph.title, /^dout, paused at two_layer_net\.py:21, frame `backward`$/);
    const dout = JSON.parse(await evaluate("__import__('json').dumps(dout.tolist())")) as number[][];
    assert.deepStrictEqual(values(outcome.graph.edges.find((e) => e.source === 'x')?.forward), dout.flat());
  });

  it('the Variables view\'s "Trace backprop" passes the variable; its evaluateName is read', async () => {
    const outcome = (await vscode.commands.executeCommand('backpropTrace.traceVariable', { variable: { name: 'mask', evaluateName: 'self.mask', value: '' } })) as PausedOutcome;
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.graph.edges.find((e) => e.source === 'x')?.forward?.dtype, 'bool');
    // numpy refuses Sigmoid's -x on a bool array: the mask is traced through ReLU, and the graph says why Sigmoid is not there.
    assert.ok(outcome.graph.notes?.some((n) => n.startsWith('Sigmoid is left out: numpy refuses -x on a bool array')), JSON.stringify(outcome.graph.notes));
    assert.ok(!outcome.graph.nodes.some((n) => n.layer === 'sigmoid'), 'a Sigmoid node on a bool array');
  });

  it('hover: a layer in the paused frame shows what it holds, and none of its methods runs', async () => {
    const before = await evaluate(FINGERPRINT);
    const doc = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === PROGRAM)!.document;
    const at = new vscode.Position(BREAK_LINE - 1, doc.lineAt(BREAK_LINE - 1).text.indexOf('self') + 1);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
    const live = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).filter((v) => v.includes('live value'));
    assert.strictEqual(live.length, 1, `one live tooltip: ${JSON.stringify(hovers.map((h) => h.contents))}`);
    const text = live[0].replace(/\\(.)/g, '$1');
    const masked = Number(await evaluate('int(self.mask.sum())'));
    assert.ok(text.includes('**self** · live value, paused at two_layer_net.py:21, frame `backward`'), text);
    assert.ok(text.includes('`Relu` · a layer (forward and backward)'), text);
    assert.match(text, new RegExp(`mask +\\(4, 50\\) +bool +${masked}/200 True`));
    assert.strictEqual(await evaluate(FINGERPRINT), before, 'the layer and the frame are unchanged');
  });

  it('brings a 1000x784 float32 array whole, not summarised', async () => {
    const outcome = await traceExpr({ expr: 'big' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const whole = (await (await api()).wholeGraph()) as TraceGraph;
    const x = whole.edges.find((e) => e.source === 'x')?.forward;
    assert.ok(x && !x.preview, 'x with all its values');
    assert.deepStrictEqual(x.shape, [1000, 784]);
    assert.strictEqual(x.data.length, 784_000);
    assert.deepStrictEqual(Array.from(x.data.slice(0, 5)), printed.big0);
    assert.deepStrictEqual(Array.from(x.data.slice(-5)), printed.bigLast);
    let sum = 0;
    for (const v of x.data) sum += v;
    assert.ok(Math.abs(sum - (printed.bigSum as number)) < 1e-6 * (printed.bigSum as number), `sum ${sum} vs the program's ${String(printed.bigSum)}`);
    console.log(`      1000x784 float32: ${outcome.chars.toLocaleString('en-US')} characters in one evaluate, ${outcome.ms} ms`);
  });

  it('runs a layer instance (Affine2) on a copy: forward on its cached x, backward on ones, with the gradient check', async () => {
    const before = await evaluate(FINGERPRINT);
    const outcome = await traceExpr({ expr: 'net.layers["Affine2"]' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'layer');
    assert.strictEqual(await evaluate(FINGERPRINT), before, 'the layer, the net, the random state and the frame are unchanged');
    const g = outcome.graph;
    assert.deepStrictEqual(g.nodes.filter((n) => n.kind === 'layer').map((n) => n.label), ['Affine']);
    const checked = g.edges.filter((e) => e.gradcheck);
    assert.ok(checked.length > 0 && checked.every((e) => e.gradcheck!.ok), `gradient check on the edges: ${JSON.stringify(checked.map((e) => e.gradcheck))}`);
    const layer = g.nodes.find((n) => n.kind === 'layer')!;
    const out = g.edges.find((e) => e.source === layer.id);
    const into = g.edges.find((e) => e.target === layer.id && (e.targetPort ?? 'x') === 'x');
    layerSeen = { out: values(out?.forward), dx: values(into?.backward) };
  });

  it('runs the net (TwoLayerNet.gradient) on a copy, its calls drawn like run mode', async () => {
    const before = await evaluate(FINGERPRINT);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'net' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'net');
    assert.strictEqual(await evaluate(FINGERPRINT), before, 'the net and the random state are unchanged');
    const g = outcome.graph;
    assert.deepStrictEqual(g.nodes.filter((n) => n.kind === 'layer').map((n) => n.label), ['Affine', 'Relu', 'Affine', 'SoftmaxWithLoss']);
    netSeen = g;
    // geometry: the panel beside the editor with the Debug Console open is short and wide (≈502×321
    // at 1400x900); the layer stack folds into columns there (scene/layout/fold.ts) with small
    // glyphs (levels.ts `arrays: 'mark'`), read in order: every node and text inside the graph
    // area without panning, nothing overlapping, no text under 12 px.
    const report = await rendered;
    // The whole window once the panel has drawn (not the host's first frame before it).
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-net-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
    // At 1000x800 too (the graph area ≈351×330 under the Debug Console, the program's note on one
    // line): whole at 12 px, drawn with tiny glyphs (levels.ts `arrays: 'tiny'`) in two columns.
    const { viewport: area } = report.geometry!;
    console.log(`      paused net at ${WINDOW}: graph area ${area.width}×${area.height}, zoom ${report.geometry!.zoom.toFixed(2)}`);
    assertFits(report, 'paused net', WINDOW);
    const at = new Map(report.geometry!.boxes.map((b) => [b.id, b]));
    const layers = g.nodes.filter((n) => n.kind === 'layer').map((n) => at.get(n.id)!);
    assert.ok(layers.every(Boolean), 'every layer drawn');
    const newColumn = layers.findIndex((b, k) => k > 0 && b.y < layers[k - 1].y && b.x >= layers[k - 1].x + layers[k - 1].width);
    assert.ok(newColumn > 0, `the stack folds into columns, read in order: ${layers.map((b) => `${b.x.toFixed(0)},${b.y.toFixed(0)}`).join(' ')}`);
    const { viewport, zoom } = report.geometry!;
    assert.ok(zoom >= 1, `zoom ${zoom} at least 1: 12 px text, no panning`);
    console.log(`      paused net in ${viewport.width}×${viewport.height}: folded, layer ${newColumn + 1} heads a later column, zoom ${zoom.toFixed(2)}, whole`);
  });

  it('a Relu that keeps no input says so, naming what to pick; with a picked array it runs', async () => {
    const refused = await traceExpr({ expr: 'self', ask: false });
    assert.ok(!refused.ok && /keeps no x/.test(refused.error), `refused: ${!refused.ok && refused.error}`);
    const outcome = await traceExpr({ expr: 'self', input: 'small', ask: false });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const relu = outcome.graph.nodes.find((n) => n.kind === 'layer')!;
    const out = outcome.graph.edges.find((e) => e.source === relu.id)?.forward;
    assert.deepStrictEqual(values(out), (printed.small as number[][]).flat().map((v) => Math.max(v, 0)));
  });

  it('refuses an array over backpropTrace.maxElements before moving it, naming the setting', async () => {
    const c = vscode.workspace.getConfiguration('backpropTrace');
    await c.update('maxElements', 1000, vscode.ConfigurationTarget.Global);
    try {
      const outcome = await traceExpr({ expr: 'big' });
      assert.ok(!outcome.ok && /backpropTrace\.maxElements/.test(outcome.error) && /\(1000, 784\) float32/.test(outcome.error), `refusal: ${!outcome.ok && outcome.error}`);
    } finally {
      await c.update('maxElements', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the values match what the program prints, and the program runs on to its end', async () => {
    assert.ok(layerSeen && netSeen, 'the layer and net traces ran');
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await waitFor(() => ended, 60_000, 'the end of the program');
    assert.deepStrictEqual(layerSeen.out, (printed.out as number[][]).flat(), 'Affine2 forward on its cached x');
    assert.deepStrictEqual(layerSeen.dx, (printed.dx as number[][]).flat(), 'Affine2 backward on ones');
    const affine2 = netSeen.nodes.filter((n) => n.kind === 'layer')[2];
    const dW = netSeen.edges.find((e) => e.target === affine2.id && e.targetPort === 'W')?.backward;
    const db = netSeen.edges.find((e) => e.target === affine2.id && e.targetPort === 'b')?.backward;
    assert.deepStrictEqual(values(dW), (printed.dW2 as number[][]).flat(), 'dW2 of the net\'s copy');
    assert.deepStrictEqual(values(db), printed.db2, 'db2 of the net\'s copy');
  });
});

let layerSeen: { out: number[]; dx: number[] } | undefined;
let netSeen: TraceGraph | undefined;
