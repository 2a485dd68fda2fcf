// The graph view in the real extension host: chain and side-by-side traces of the seed arrays,
// Sigmoid expanded into its primitives (book figs 5-19 to 5-22), a second selection as dout, the
// panel revived after a reload, exports, and the time from command to drawn graph for 1e6 values.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RenderReport, TraceGraph } from '../../src/protocol';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { formatMask } from '../../src/engine/print/formatMask';
import { screenshot } from './index';
import { api, closeAll, openWith } from './util';

const SEED = 'import numpy as np\n\nx = np.array([[1.0, -0.5],\n              [2.0, 0]])\n';
const SEED_ARRAY = 'np.array([[1.0, -0.5],\n              [2.0, 0]])';
const X = [1.0, -0.5, 2.0, 0];
const sig = (v: number) => 1 / (1 + Math.exp(-v));

async function trace(): Promise<TraceOutcome> {
  return (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
}

async function traceSeed(): Promise<RenderReport> {
  await openWith('python', SEED, { selected: SEED_ARRAY });
  const rendered = (await api()).whenRendered();
  const outcome = await trace();
  assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
  return rendered;
}

function edge(report: RenderReport, id: string) {
  const e = report.edges.find((x) => x.id === id);
  assert.ok(e, `edge ${id} not drawn; drawn: ${report.edges.map((x) => x.id).join(', ')}`);
  return e;
}

/** The numbers in a drawn label, below its name (`x\n[[ 1.  -0.5] …` gives 1, -0.5, …). */
function numbers(label: string): number[] {
  const body = label.slice(label.indexOf('\n') + 1);
  return (body.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|-?inf|nan/g) ?? []).map(Number);
}

function near(actual: number[], expected: number[], what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what}: ${actual} vs ${expected}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-8 * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${a} vs ${expected[i]}`));
}

async function setLayers(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('backpropTrace').update('layers', value, vscode.ConfigurationTarget.Global);
}

describe('graph view', function () {
  this.timeout(120_000);
  after(async () => {
    await setLayers(undefined);
    await closeAll();
  });

  it('graph: side by side (the notebook) shows the cached mask and out, and steps forward then backward', async () => {
    const report = await traceSeed();
    assert.deepStrictEqual(report.nodes.map((n) => n.label), ['x', 'ReLU', 'Sigmoid', 'y₁', 'y₂']);
    assert.strictEqual(report.nodes[1].state, 'mask\n[[False  True]\n [False  True]]');
    near(numbers(report.nodes[2].state ?? ''), X.map(sig), 'Sigmoid out');
    near(numbers(edge(report, 'e_x_sigmoid1').backward), X.map((v) => sig(v) * (1 - sig(v))), 'Sigmoid dx');
    // Screenshots for the README: the panel alone, maximised so the whole graph is readable.
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await new Promise((r) => setTimeout(r, 800));
    await vscode.commands.executeCommand('backpropTrace.fitGraph');
    await screenshot('graph-seed', 15_000, '.webview.ready');

    // 4 forward arrows, then 4 backward ones (dout enters on the edges into y₁ and y₂).
    const a = await api();
    await vscode.commands.executeCommand('backpropTrace.reset', 4);
    const forward = await a.whenStepped(4);
    assert.deepStrictEqual([forward.total, forward.phase], [8, 'forward']);
    await screenshot('graph-forward', 15_000, '.webview.ready');
    await vscode.commands.executeCommand('backpropTrace.reset', 6);
    assert.strictEqual((await a.whenStepped(6)).phase, 'backward');
    await screenshot('graph-backward', 15_000, '.webview.ready');
    // Play runs to the end by itself.
    await vscode.commands.executeCommand('backpropTrace.reset', 0);
    await a.whenStepped(0);
    await vscode.commands.executeCommand('backpropTrace.play');
    assert.strictEqual((await a.whenStepped(8, 30_000)).phase, 'done');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
  });

  it('graph: a chain x → ReLU → Sigmoid carries h₁ forward and the chained gradient back', async () => {
    await setLayers('relu>sigmoid');
    try {
      const report = await traceSeed();
      assert.deepStrictEqual(report.nodes.map((n) => n.label), ['x', 'ReLU', 'Sigmoid', 'y']);
      const h1 = X.map((v) => (v > 0 ? v : 0));
      near(numbers(edge(report, 'e_relu0_sigmoid1').forward), h1, 'h1');
      near(numbers(edge(report, 'e_sigmoid1_y0').forward), h1.map(sig), 'y');
      const dh1 = h1.map((h) => sig(h) * (1 - sig(h)));
      near(numbers(edge(report, 'e_relu0_sigmoid1').backward), dh1, 'dh1');
      near(numbers(edge(report, 'e_x_relu0').backward), dh1.map((d, i) => (X[i] > 0 ? d : 0)), 'dx');
    } finally {
      await setLayers(undefined);
    }
  });

  it('graph: the layers quick pick re-traces once with the choice, before its settings write, and keeps the setting', async () => {
    await traceSeed();
    const a = await api();
    try {
      const rendered = a.whenRendered();
      await vscode.commands.executeCommand('backpropTrace.chooseLayers', 'relu>sigmoid');
      const report = await rendered;
      assert.deepStrictEqual(report.nodes.map((n) => n.label), ['x', 'ReLU', 'Sigmoid', 'y']);
      assert.strictEqual(vscode.workspace.getConfiguration('backpropTrace').get('layers'), 'relu>sigmoid');
      // The configuration event of that write must not trace the same thing a second time.
      await assert.rejects(a.whenRendered(2000), /did not report a render/, 'a second re-trace after the settings write');
    } finally {
      await setLayers(undefined);
      await a.whenRendered(10_000).catch(() => undefined); // the re-trace back to the default
    }
  });

  it('graph: expands Sigmoid into ×(−1) → exp → +1 → / with the book\'s values, and collapses it back', async () => {
    await traceSeed();
    const a = await api();
    let rendered = a.whenRendered();
    await vscode.commands.executeCommand('backpropTrace.toggleExpand', 'sigmoid1', true);
    const report = await rendered;
    assert.deepStrictEqual(report.nodes.map((n) => n.label), ['x', 'ReLU', '×(−1)', 'exp', '+1', '/', 'y₁', 'y₂']);
    const y = X.map(sig);
    const e = (from: string, to: string) => edge(report, `e_sigmoid1_${from}_sigmoid1_${to}`);
    near(numbers(e('neg', 'exp').forward), X.map((v) => -v), '−x');
    near(numbers(e('exp', 'add1').forward), X.map((v) => Math.exp(-v)), 'exp(−x)');
    near(numbers(e('add1', 'div').forward), X.map((v) => 1 + Math.exp(-v)), '1+exp(−x)');
    near(numbers(edge(report, 'e_sigmoid1_div_y1').forward), y, 'y');
    // dout = 1: "/" gives −y², "+1" passes it, "exp" multiplies by exp(−x), "×(−1)" by −1 (fig 5-21).
    near(numbers(e('add1', 'div').backward), y.map((v) => -v * v), '−dout·y² into /');
    near(numbers(e('exp', 'add1').backward), y.map((v) => -v * v), '−dout·y² into +1');
    near(numbers(e('neg', 'exp').backward), y.map((v, i) => -v * v * Math.exp(-X[i])), '−dout·y²·exp(−x)');
    // …which is the collapsed layer's dx = dout·y(1 − y) (fig 5-22).
    near(numbers(edge(report, 'e_x_sigmoid1_neg').backward), y.map((v) => v * (1 - v)), 'dx');
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await new Promise((r) => setTimeout(r, 800));
    await vscode.commands.executeCommand('backpropTrace.fitGraph');
    await screenshot('graph-expanded', 15_000, '.webview.ready');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');

    rendered = a.whenRendered();
    await vscode.commands.executeCommand('backpropTrace.toggleExpand', 'sigmoid1', false);
    assert.deepStrictEqual((await rendered).nodes.map((n) => n.label), ['x', 'ReLU', 'Sigmoid', 'y₁', 'y₂']);

    rendered = a.whenRendered();
    await vscode.commands.executeCommand('backpropTrace.toggleExpand', 'relu0', true);
    const masked = await rendered;
    assert.match(masked.nodes[1].state ?? '', /^mask = \(x <= 0\)\n\[\[▶ ■\]\n \[▶ ■\]\]\n■ 2\/4$/);
    await vscode.commands.executeCommand('backpropTrace.toggleExpand', 'relu0', false);
  });

  it('graph: uses the second selection as dout', async () => {
    const text = 'import numpy as np\nx = np.array([[1.0, -0.5], [2.0, 0]])\ndout = np.array([[3.0, 4.0], [-1.0, 0.5]])\n';
    const editor = await openWith('python', text, { selected: 'np.array([[1.0, -0.5], [2.0, 0]])' });
    const doc = editor.document;
    const at = text.indexOf('np.array([[3.0');
    editor.selections = [editor.selection, new vscode.Selection(doc.positionAt(at), doc.positionAt(text.indexOf('\n', at)))];
    const rendered = (await api()).whenRendered();
    const outcome = await trace();
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.graph.doutSource, 'selection');
    const report = await rendered;
    const dout = [3, 4, -1, 0.5];
    near(numbers(edge(report, 'e_relu0_y0').backward), dout, 'dout');
    near(numbers(edge(report, 'e_x_relu0').backward), [3, 0, -1, 0], 'ReLU dx');
    near(numbers(edge(report, 'e_x_sigmoid1').backward), X.map((v, i) => dout[i] * sig(v) * (1 - sig(v))), 'Sigmoid dx');
  });

  it('graph: comes back after a reload from the state the webview saved', async () => {
    const a = await api();
    const rendered = a.whenRendered();
    // Exactly what registerWebviewPanelSerializer hands over after "Developer: Reload Window".
    await a.revivePanel({ restore: { title: 'seed.py:3:5', xText: SEED_ARRAY }, expanded: ['sigmoid1'] });
    const report = await rendered;
    assert.deepStrictEqual(report.nodes.map((n) => n.label), ['x', 'ReLU', '×(−1)', 'exp', '+1', '/', 'y₁', 'y₂']);
    assert.strictEqual(edge(report, 'e_x_relu0').forward, 'x\n[[ 1.  -0.5]\n [ 2.   0. ]]');
    // Reloading just the webview also redraws it: the host re-sends the trace on `ready`.
    const again = a.whenRendered();
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    assert.strictEqual((await again).nodes.length, 8);
  });

  it('graph: exports PNG, SVG and valid JSON', async () => {
    await traceSeed();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-export-'));
    const png = vscode.Uri.file(path.join(dir, 'trace.png'));
    assert.strictEqual(((await vscode.commands.executeCommand('backpropTrace.exportPng', png)) as vscode.Uri | undefined)?.fsPath, png.fsPath);
    const bytes = fs.readFileSync(png.fsPath);
    assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(bytes.length > 2000, `PNG of ${bytes.length} bytes`);
    const svg = vscode.Uri.file(path.join(dir, 'trace.svg'));
    await vscode.commands.executeCommand('backpropTrace.exportSvg', svg);
    const svgText = fs.readFileSync(svg.fsPath, 'utf8');
    assert.match(svgText, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // The mask drawn in the ReLU node, numpy's rows under the first (`mask = [[False  True]`).
    assert.match(svgText, /mask = \[\[False  True\]<\/tspan><tspan[^>]*> +\[False  True\]\]/);
    const json = vscode.Uri.file(path.join(dir, 'trace.json'));
    await vscode.commands.executeCommand('backpropTrace.exportJson', json);
    const data = JSON.parse(fs.readFileSync(json.fsPath, 'utf8'));
    assert.deepStrictEqual(data.shape, [2, 2]);
    assert.deepStrictEqual(data.x, [[1, -0.5], [2, 0]]);
    assert.deepStrictEqual(data.layers.map((l: { name: string }) => l.name), ['relu', 'sigmoid']);
    assert.deepStrictEqual(data.layers[0].dx, [[1, 0], [1, 0]]);
    // numpy's json.dumps(mask.tolist()): bools (the export wrote 0/1 before this release).
    assert.deepStrictEqual(data.layers[0].mask, [[false, true], [false, true]]);
    await vscode.commands.executeCommand('backpropTrace.copyNumpy');
    const code = await vscode.env.clipboard.readText();
    assert.match(code, /x = np\.array\(\[\[1\.0, -0\.5\], \[2\.0, 0\.0\]\], dtype=np\.float64\)/);
  });

  it('graph: follow selection re-traces when the cursor moves onto another array', async () => {
    const config = vscode.workspace.getConfiguration('backpropTrace');
    await config.update('followSelection', true, vscode.ConfigurationTarget.Global);
    try {
      const content = 'a = [[1.0, -1.0]]\nb = [[3.0, -3.0], [4.0, 0.5]]\n';
      const editor = await openWith('python', content, { cursorAt: '1.0, -1.0' });
      const a = await api();
      const first = a.whenRendered();
      assert.ok((await trace()).ok);
      assert.deepStrictEqual(numbers(edge(await first, 'e_x_relu0').forward), [1, -1]);
      // Moving the cursor is all it takes: no command, the panel follows (debounced).
      const second = a.whenRendered(30_000);
      const at = editor.document.positionAt(content.indexOf('4.0'));
      editor.selection = new vscode.Selection(at, at);
      const report = await second;
      assert.deepStrictEqual(numbers(edge(report, 'e_x_relu0').forward), [3, -3, 4, 0.5]);
      assert.deepStrictEqual(numbers(edge(report, 'e_relu0_y0').forward), [3, 0, 4, 0.5]);
    } finally {
      await config.update('followSelection', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('graph: draws 1,000,000 elements (1000 × 1000) from command to drawn graph', async () => {
    const row = (r: number) => `[${Array.from({ length: 1000 }, (_, c) => ((r * 7 + c * 13) % 21) / 10 - 1).join(', ')}]`;
    const text = `x = [${Array.from({ length: 1000 }, (_, r) => row(r)).join(',\n     ')}]\n`;
    const a = await api();
    // A small trace first, so the panel exists: its one-off start-up (loading the webview) is
    // measured apart from what 1,000,000 elements cost.
    await openWith('python', 'x = [[1.0, -0.5], [2.0, 0]]\n', { selected: '[[1.0, -0.5], [2.0, 0]]' });
    const warm = a.whenRendered(60_000);
    const warmStart = Date.now();
    assert.ok((await trace()).ok);
    await warm;
    console.log(`      2x2 trace, command → drawn graph: ${Date.now() - warmStart} ms`);
    const editor = await openWith('python', text, { selected: '[[' });
    const doc = editor.document;
    editor.selection = new vscode.Selection(doc.positionAt(4), doc.positionAt(text.length - 1));
    // Let the workbench finish with the new 10 MB document (tokenizing, bracket pairs) first: its
    // UI thread is also the one that hands our message to the webview.
    await new Promise((r) => setTimeout(r, 5000));
    const rendered = a.whenRendered(180_000);
    const started = Date.now();
    const outcome = await trace();
    const traced = Date.now();
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const report = await rendered;
    const ms = Date.now() - started;
    const drawMs = Math.round(report.drawMs ?? -1);
    const transfer = (report.receivedAt ?? traced) - traced;
    console.log(`      1e6 elements: command → drawn graph ${ms} ms (parse + layers ${traced - started} ms, to the webview ${transfer} ms, drawing ${drawMs} ms)`);
    assert.match(edge(report, 'e_x_relu0').forward, /\.\.\./, 'big arrays are summarised');
    // The notification lasted until the panel said it drew the trace (not just until it was posted).
    await new Promise((r) => setTimeout(r, 200));
    const progress = a.lastProgress();
    assert.strictEqual(progress.drawn, true, 'progress closed on the render report');
    assert.ok((progress.closedAt ?? 0) >= (report.receivedAt ?? Infinity), `progress closed at ${progress.closedAt}, trace received at ${report.receivedAt}`);
    // The host holds only the wire form (ReLU's mask as a preview); an export makes the whole graph
    // again in the worker, and the panel prints the whole mask as that one reads.
    const maskOf = (g: TraceGraph | undefined) => g?.nodes.find((n) => n.layer === 'relu')?.cache?.find((c) => c.name === 'mask')?.mask;
    const shown = maskOf(outcome.ok ? outcome.graph : undefined);
    assert.ok(shown && shown.data.length < 1_000_000, `the host holds a preview of the mask (${shown?.data.length} values), not all of it`);
    const host = maskOf(await a.wholeGraph());
    assert.strictEqual(host?.data.length, 1_000_000, 'the export gets the whole mask');
    assert.strictEqual(report.nodes.find((n) => n.id === 'relu0')?.state, `mask\n${formatMask(host.data, host.shape)}`);
    assert.deepStrictEqual(outcome.ok && outcome.graph.shape, [1000, 1000]);
    await screenshot('graph-1e6', 15_000, '.webview.ready');
  });
});
