// Run mode in the real extension host: the reader's own Python (Debian's python3 + numpy) runs
// through the shipped tracer, and the panel reports what it drew. A .py file, a selection, a
// notebook's cells, a raising program, a hang (timeout) and Cancel; the untrusted refusal is
// tested on its deciding function because the test host runs with workspace trust disabled.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceGraph, WireTensor } from '../../src/engine/graph/graph';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { consentToRun, refusal } from '../../src/extension/run/consent';
import { webviewStrings } from '../../src/extension/panel/webviewStrings';
import { doneKey } from '../../src/webview/flowState';
import { screenshot } from './index';
import { api, assertFits, closeAll, PYTHON, pythonSettings, runModeSuite } from './util';

/** The window the launcher opened; at 1400x900 the run-mode graphs fit their side panel. */
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';
const FITS = WINDOW === '1400x900';
/** #21: the book's two-layer nets fit the side panel whole at 12 px in both windows (parameters in their layers' cards at 1000x800). */
const NETS_FIT = ['1400x900', '1000x800'].includes(WINDOW);
const examples = () => vscode.workspace.workspaceFolders![0].uri;

/** The panel as it opened, in the dark theme, then light and high contrast (README; #21 item 6). */
async function shootThemes(name: string): Promise<void> {
  const workbench = () => vscode.workspace.getConfiguration('workbench');
  const was = workbench().inspect<string>('colorTheme')?.globalValue;
  try {
    for (const [theme, id] of [['dark', 'Default Dark Modern'], ['light', 'Default Light Modern'], ['hc', 'Default High Contrast']]) {
      await workbench().update('colorTheme', id, vscode.ConfigurationTarget.Global);
      // The panel draws again in the new colours (webview/main.ts watches the theme).
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot(`${name}-${WINDOW}-${theme}`);
    }
  } finally {
    await workbench().update('colorTheme', was, vscode.ConfigurationTarget.Global);
  }
}

/** Every number drawn on the edges (forward and backward texts). */
function drawnNumbers(report: { edges: { forward: string; backward: string }[] }): number[] {
  const text = report.edges.map((e) => `${e.forward}\n${e.backward}`).join('\n');
  return (text.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
}

function assertAmong(found: number[], expected: number[], what: string): void {
  for (const v of expected) {
    assert.ok(found.some((d) => Math.abs(d - v) <= 1e-6 * Math.max(1, Math.abs(v))), `${v} is not ${what}; there: ${found.join(' ')}`);
  }
}

function assertDrawn(report: { edges: { forward: string; backward: string }[] }, expected: number[]): void {
  assertAmong(drawnNumbers(report), expected, 'drawn');
}

/** The values and gradients on the graph the host sent to the panel (before any drawing). */
function assertInGraph(graph: TraceGraph, expected: number[]): void {
  const values = (t?: WireTensor) => (t ? Array.from(t.data instanceof Float64Array ? t.data : Object.values(t.data as object) as number[]) : []);
  assertAmong(graph.edges.flatMap((e) => [...values(e.forward), ...values(e.backward)]), expected, 'on the graph\'s edges');
}

/** Running, as opposed to gone; a killed grandchild may linger as a zombie of a non-reaping PID 1. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

const traceFile = async (args?: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceFile', args)) as RunOutcome;
const trace = async (args?: unknown) => (await vscode.commands.executeCommand('backpropTrace.trace', args)) as RunOutcome;

async function openUntitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

const MUL = 'class MulLayer:\n    def forward(self, x, y):\n        self.x, self.y = x, y\n        return x * y\n\n    def backward(self, dout):\n        return dout * self.y, dout * self.x\n\n';

describe('run mode', function () {
  this.timeout(90_000);
  let tmp: string;

  runModeSuite();
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-runmode-'));
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await closeAll();
  });

  it('traces examples/apple.py with "Trace this file\'s layers": the book\'s 220, 2.2, 110, 200', async () => {
    const file = vscode.Uri.joinPath(examples(), 'apple.py');
    // The numbers the program itself prints, run without the tracer.
    const printed = execFileSync(PYTHON, [file.fsPath], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
    assert.deepStrictEqual(printed.map((v) => Number(v.toPrecision(10))), [220, 2.2, 110, 200]);
    await vscode.window.showTextDocument(file);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile(file);
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.interpreter, PYTHON);
    assertInGraph(outcome.graph, [100, 2, 1.1, ...printed, 1]);
    // the learner's names for the layers (issue #19); the class stays the node's layer
    assert.deepStrictEqual(outcome.graph.nodes.filter((n) => n.kind === 'layer').map((n) => `${n.label}:${n.layer}`), ['mul_apple_layer:MulLayer', 'mul_tax_layer:MulLayer']);
    const report = await rendered;
    assertDrawn(report, printed);
    assert.deepStrictEqual(report.nodes.filter((n) => /^mul_/.test(n.label)).length, 2, `nodes: ${report.nodes.map((n) => n.label)}`);
    // Its layers and dout are the program's: the toolbar does not offer "Layers…" or "dout = …".
    assert.deepStrictEqual(report.pickers, { layers: false, dout: false });
    assertFits(report, 'apple.py', WINDOW, FITS);
    assert.ok(outcome.graph.notes?.some((n) => n.includes(PYTHON)), `notes name the interpreter: ${outcome.graph.notes}`);
    assert.strictEqual(vscode.languages.getDiagnostics(file).length, 0);
  });

  it('traces the two-layer net: its own loss and db2, every layer\'s gradient check passing', async () => {
    const file = vscode.Uri.joinPath(examples(), 'two_layer_net.py');
    // The program's own output: the loss, then db2 (run without the tracer).
    const printed = execFileSync(PYTHON, [file.fsPath], { encoding: 'utf8' }).match(/-?\d+\.\d+(?:e[-+]?\d+)?/g)!.map(Number);
    assert.strictEqual(printed.length, 4, `printed: ${printed}`);
    await vscode.window.showTextDocument(file);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile(file);
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    const g = outcome.graph;
    assert.deepStrictEqual(g.nodes.filter((n) => n.kind === 'layer').map((n) => n.layer), ['Affine', 'Relu', 'Affine', 'SoftmaxWithLoss']);
    assertInGraph(g, [printed[0]]); // the loss on the edge into L
    const db2 = g.nodes.filter((n) => n.kind === 'param' && n.grad && n.grad.shape.join() === '3').map((n) => Array.from(n.grad!.data));
    assert.ok(db2.some((d) => d.every((v, i) => Math.abs(v - printed[1 + i]) < 1e-7)), `db2 ${printed.slice(1)} not among ${JSON.stringify(db2)}`);
    const checks = g.edges.filter((e) => e.gradcheck);
    assert.ok(checks.length >= 4, `${checks.length} checked edges`);
    assert.ok(checks.every((e) => e.gradcheck!.ok), `failed: ${checks.filter((e) => !e.gradcheck!.ok).map((e) => e.id)}`);
    const report = await rendered;
    assertDrawn(report, [printed[0]]);
    await new Promise((r) => setTimeout(r, 500));
    await shootThemes('run-two-layer-net');
    // The whole net in the side panel as it opens: every value and gradient on screen at 12 px.
    assertFits(report, 'two_layer_net.py', WINDOW, NETS_FIT);
    assert.ok(report.geometry!.zoom >= 1, `two_layer_net.py at zoom ${report.geometry!.zoom}`);
  });

  it('traces an MNIST-sized batch (100 × 784): previews with numpy\'s stats, checks passing, within the run\'s budget', async () => {
    const file = vscode.Uri.joinPath(examples(), 'mnist_batch.py');
    const stats = JSON.parse(execFileSync(PYTHON, ['-c', 'import runpy, json; x = runpy.run_path("mnist_batch.py")["x_batch"]; print(json.dumps([float(x.min()), float(x.max()), float(x.mean())]))'],
      { cwd: examples().fsPath, encoding: 'utf8' }).trim().split('\n').pop()!) as number[];
    await vscode.window.showTextDocument(file);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile(file);
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    const batch = outcome.graph.edges.map((e) => e.forward).find((t) => t?.shape.join() === '100,784');
    assert.ok(batch?.preview, 'the batch travels as a preview');
    assert.deepStrictEqual([batch.preview.min, batch.preview.max, batch.preview.mean], stats);
    const checks = outcome.graph.edges.flatMap((e) => (e.gradcheck ? [e.gradcheck] : []));
    assert.ok(checks.length >= 2 && checks.every((c) => c.ok), JSON.stringify(checks));
    // The phases the bench prints, in order; the gradient check kept to its 0.5 s budget (+ margin).
    const t = outcome.timing!;
    // The graph is built when the "ran" record arrives (drawn before the checks), so `built` sits
    // between "ran" and the final show, wherever the checks and the close fall meanwhile.
    const order = [t.start, t.interpreter, t.spawned, t.tracer.start, t.tracer.numpy, t.tracer.ran, t.tracer.checked, t.closed, t.read, t.parsed, t.shown];
    assert.ok(order.every((x, i) => Number.isFinite(x) && (i === 0 || x >= order[i - 1] - 1)), `timing out of order: ${JSON.stringify(t)}`);
    assert.ok(t.built >= t.tracer.ran - 1 && t.built <= t.shown + 1, `the graph built outside "ran" → shown: ${JSON.stringify(t)}`);
    assert.ok(t.tracer.checked - t.tracer.ran < 5000, `the check took ${t.tracer.checked - t.tracer.ran} ms`);
    const report = await rendered;
    assert.ok(report.nodes.some((n) => /Affine/.test(n.label)));
    await new Promise((r) => setTimeout(r, 500));
    await shootThemes('run-mnist-batch');
    // Drawn narrow (its ranges to two digits, neighbours closer): all of it on screen at 12 px.
    assertFits(report, 'mnist_batch.py', WINDOW, NETS_FIT);
    assert.ok(report.geometry!.zoom >= 1, `mnist_batch.py at zoom ${report.geometry!.zoom}`);
  });

  it('traces a net whose layers come from another module (layers_import): all of it in the side panel at 12 px', async () => {
    const file = vscode.Uri.joinPath(examples(), 'layers_import', 'main.py');
    await vscode.window.showTextDocument(file);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile(file);
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    assert.deepStrictEqual(outcome.graph.nodes.filter((n) => n.kind === 'layer').map((n) => n.layer), ['Affine', 'Sigmoid', 'Relu', 'SoftmaxWithLoss']);
    const report = await rendered;
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('run-layers-import');
    // Its 3×2 W and dW in full, drawn narrow: all of it on screen at 12 px.
    assertFits(report, 'layers_import/main.py', WINDOW, FITS);
  });

  it('traces cs231n-style functions (examples/cs231n_layers.py): affine → relu → affine → softmax_loss as layers, w and b beside them, the loss last', async () => {
    const file = vscode.Uri.joinPath(examples(), 'cs231n_layers.py');
    // The program's own db2 (run without the tracer): the gradient of the last affine's b.
    const printed = execFileSync(PYTHON, [file.fsPath], { encoding: 'utf8' }).split('\n')[1].match(/-?\d+\.\d+(?:e[-+]?\d+)?/g)!.map(Number);
    await vscode.window.showTextDocument(file);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile(file);
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    const layers = outcome.graph.nodes.filter((n) => n.kind === 'layer');
    assert.deepStrictEqual(layers.map((n) => n.label), ['affine', 'relu', 'affine', 'softmax_loss']);
    assert.deepStrictEqual(layers.map((n) => n.params ?? []), [['w', 'b'], [], ['w', 'b'], []]);
    // softmax_loss returns the loss and dx from one call: L after it, its dx on the edge back into the last affine
    const loss = outcome.graph.nodes.find((n) => n.kind === 'loss');
    assert.strictEqual(outcome.graph.edges.find((e) => e.target === loss?.id)?.source, layers[3].id);
    assert.ok(outcome.graph.edges.find((e) => e.source === layers[2].id && e.target === layers[3].id)?.backward, 'dx into the last affine');
    const db2 = outcome.graph.nodes.find((n) => n.id === `${layers[2].id}_b`);
    assert.deepStrictEqual(db2?.gradName, 'db');
    const grad = db2?.grad;
    assertAmong(grad ? Array.from(grad.data instanceof Float64Array ? grad.data : (Object.values(grad.data as object) as number[])) : [], printed, 'the last affine\'s db');
    const checks = outcome.graph.edges.flatMap((e) => (e.gradcheck ? [e.gradcheck] : []));
    assert.ok(checks.length >= 7 && checks.every((c) => c.ok), JSON.stringify(checks));
    const report = await rendered;
    await new Promise((r) => setTimeout(r, 500));
    await screenshot(`run-cs231n-${WINDOW}`);
    assert.ok(report.nodes.filter((n) => /affine/.test(n.label)).length === 2, `nodes: ${report.nodes.map((n) => n.label)}`);
    // Whole in the side panel as it opens, at 12 px (it drew below the fold at 1000x800, cards to the edge).
    assertFits(report, 'cs231n_layers.py', WINDOW, NETS_FIT);
    assert.ok(report.geometry!.zoom >= 1, `cs231n_layers.py at zoom ${report.geometry!.zoom}`);
  });

  // A wider editor font (DejaVu Sans: digits 0.636 em, what the webview measures its texts in):
  // the nets still fit whole, cards and the labels beside their arrows inside the panel.
  it('geometry: with a wider editor font, mnist_batch.py and cs231n_layers.py are whole in the side panel at 12 px', async () => {
    const editor = () => vscode.workspace.getConfiguration('editor');
    const was = editor().inspect<string>('fontFamily')?.globalValue;
    await editor().update('fontFamily', 'DejaVu Sans', vscode.ConfigurationTarget.Global);
    try {
      for (const name of ['mnist_batch.py', 'cs231n_layers.py']) {
        await closeAll();
        const file = vscode.Uri.joinPath(examples(), name);
        await vscode.window.showTextDocument(file);
        const rendered = (await api()).whenRendered(30_000);
        const outcome = await traceFile(file);
        assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
        const report = await rendered;
        await new Promise((r) => setTimeout(r, 500));
        await screenshot(`run-wide-font-${name.replace('.py', '')}-${WINDOW}`);
        assertFits(report, `${name} in DejaVu Sans`, WINDOW, NETS_FIT);
        assert.ok(report.geometry!.zoom >= 1, `${name} at zoom ${report.geometry!.zoom}`);
      }
    } finally {
      await editor().update('fontFamily', was, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows a CodeLens "Trace backprop" above each class with forward and backward', async () => {
    const file = vscode.Uri.joinPath(examples(), 'apple.py');
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', file)) as vscode.CodeLens[];
    const ours = lenses.filter((l) => l.command?.command === 'backpropTrace.traceFile');
    const text = fs.readFileSync(file.fsPath, 'utf8').split('\n');
    assert.deepStrictEqual(ours.map((l) => l.range.start.line), [text.findIndex((l) => l.startsWith('class MulLayer'))]);
  });

  it('runs just the selected Python code with "Trace backprop"', async () => {
    // The line after the selection would fail the run: only the selection may run.
    const content = `${MUL}a = MulLayer()\nout = a.forward(3.0, 4.0)\nda, db = a.backward(2.0)\nraise SystemExit("not selected")\n`;
    const editor = await openUntitled(content);
    const start = content.indexOf('class MulLayer');
    const end = content.indexOf('raise SystemExit');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await trace();
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    assert.ok(!outcome.raised, `raised: ${outcome.raised?.message}`);
    assert.match(outcome.graph.title, /selection/);
    // x, y, out = 12; dout = 2 → dx = 8, dy = 6
    assertInGraph(outcome.graph, [3, 4, 12, 2, 8, 6]);
    assertDrawn(await rendered, [3, 4, 12, 2, 8, 6]);
  });

  it('runs a notebook\'s code cells up to the current one, in a fresh process', async () => {
    const uri = vscode.Uri.joinPath(examples(), 'seed_notebook.ipynb');
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const nbEditor = await vscode.window.showNotebookDocument(notebook);
    // The cell that prints ReLU's forward and backward; the Sigmoid cells come after it.
    const cell = notebook.getCells().find((c) => c.document.getText().includes('activation_Relu.forward'));
    assert.ok(cell, 'the ReLU cell is in the notebook');
    nbEditor.selection = new vscode.NotebookRange(cell.index, cell.index + 1);
    // No cell in edit mode: "Trace backprop" takes the notebook's selected cell.
    await new Promise((r) => setTimeout(r, 300));
    const active = vscode.window.activeTextEditor?.document;
    assert.ok(!active || active === cell.document, `the active editor is ${active?.uri.toString()}`);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await trace();
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    const labels = outcome.graph.nodes.map((n) => n.layer ?? n.label);
    assert.ok(labels.includes('ReLU'), `labels: ${labels}`);
    assert.ok(!labels.includes('Sigmoid'), 'cells after the current one did not run');
    assert.ok(outcome.graph.notes?.some((n) => /fresh/.test(n)), `notes: ${outcome.graph.notes}`);
    assertInGraph(outcome.graph, [1, 0, 2]);
    const relu = outcome.graph.nodes.find((n) => n.layer === 'ReLU');
    assert.ok(relu?.notes?.some((n) => /wrote into its argument x/.test(n)), `in-place note: ${relu?.notes}`);
    const report = await rendered;
    // The notebook's printed forward: [[1. 0.] [2. 0.]], its ReLU having written into x.
    assertDrawn(report, [1, 0, 2]);
    assert.ok(report.nodes.some((n) => n.label === 'activation_Relu'), 'the notebook\'s own name for its ReLU');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('puts a raising program\'s error at its line, and still draws what was recorded', async () => {
    const content = `${MUL}a = MulLayer()\nout = a.forward(100, 2)\nraise ValueError("after forward")\n`;
    const editor = await openUntitled(content);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile();
    assert.ok(outcome.ok, `expected a partial graph: ${!outcome.ok && outcome.error}`);
    assert.match(outcome.raised?.message ?? '', /ValueError: after forward/);
    const line = content.split('\n').findIndex((l) => l.startsWith('raise ValueError'));
    const diags = vscode.languages.getDiagnostics(editor.document.uri);
    assert.strictEqual(diags.length, 1, `diagnostics: ${JSON.stringify(diags)}`);
    assert.strictEqual(diags[0].range.start.line, line);
    assert.match(diags[0].message, /after forward/);
    assertInGraph(outcome.graph, [100, 2, 200]);
    assertDrawn(await rendered, [100, 2, 200]);
  });

  it('shows pass 1 of N of a loop, redraws another pass when the panel asks, and honours maxPasses', async () => {
    // Pass k multiplies k by 10: each pass has its own numbers.
    await openUntitled(`${MUL}a = MulLayer()\nfor k in range(1, 5):\n    a.forward(float(k), 10.0)\n    a.backward(1.0)\n`);
    await pythonSettings().update('maxPasses', 3, vscode.ConfigurationTarget.Global);
    try {
      const first = (await api()).whenRendered(30_000);
      const outcome = await traceFile();
      assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
      assert.deepStrictEqual(outcome.graph.pass, { index: 0, count: 3, capped: true, backwards: 1 });
      // pass 4's forward met the cap, its backward ran after it: both counted, said in one sentence
      assert.ok(outcome.graph.notes?.includes("2 calls of your layers after the recording's cap ran but were not recorded."), `notes: ${outcome.graph.notes}`);
      assertInGraph(outcome.graph, [1, 10]);
      const probe = (await api()).panelProbe();
      assert.ok(probe, 'the panel is open');
      assertDrawn(await first, [1, 10]);
      const rendered = (await api()).whenRendered(30_000);
      probe.receive({ type: 'pass', index: 2 });
      // A redraw posted before the pass was asked (the verdicts arriving after the graph) may report
      // first; the pass's own render follows it (the session's newest rebuild wins).
      let report = await rendered;
      for (let n = 0; n < 3 && !drawnNumbers(report).some((d) => Math.abs(d - 30) < 1e-6); n++) report = await (await api()).whenRendered(30_000);
      assertDrawn(report, [3, 10, 30]);
    } finally {
      await pythonSettings().update('maxPasses', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('says "Forward pass recorded; no backward call was recorded" for a program that never called backward', async () => {
    const strings = webviewStrings();
    for (const [program, key, name] of [
      ['MulLayer().forward(3.0, 4.0)\n', 'phaseForwardOnly', 'run-forward-only'],
      ['m = MulLayer()\nm.forward(3.0, 4.0)\nm.backward(1.0)\n', 'phaseDone', 'run-forward-backward'],
    ] as const) {
      await openUntitled(`${MUL}${program}`);
      const rendered = (await api()).whenRendered(30_000);
      const outcome = await traceFile();
      assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
      assert.strictEqual(outcome.graph.pass?.backwards, key === 'phaseDone' ? 1 : 0);
      // the status line the panel shows once the flow is at its end (a new trace starts there)
      assert.strictEqual(doneKey(outcome.graph.pass), key);
      await rendered;
      await screenshot(`${name}-${WINDOW}`);
    }
    assert.strictEqual(strings.phaseForwardOnly, 'Forward pass recorded; no backward call was recorded');
    assert.strictEqual(strings.phaseDone, 'Forward and backward pass complete');
  });

  it('says what it looks for when no layer was called', async () => {
    await openUntitled('import numpy as np\nprint(np.ones(3).sum())\n');
    const outcome = await traceFile();
    assert.ok(!outcome.ok);
    assert.match(outcome.error, /forward, backward/);
    assert.match(outcome.error, /backpropTrace\.python\.methods/);
    // Functions named forward and backward (a network written as functions): said, with where they are.
    await openUntitled('import numpy as np\ndef forward(x, w):\n    return w * x, x\ndef backward(dout, cache):\n    return dout\nout, cache = forward(np.ones(2), 2.0)\nbackward(np.ones(2), cache)\n');
    const functions = await traceFile();
    assert.ok(!functions.ok);
    assert.match(functions.error, /made none\. forward \(.*:2\) and backward \(.*:4\) are functions, not methods of a class, so they were not recorded/);
  });

  /** A program that calls a layer, writes its pid and a child's, then hangs. */
  function hanging(pidFile: string): string {
    return `${MUL}MulLayer().forward(3.0, 4.0)\nimport os, subprocess, sys, time\nchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])\n` +
      `open(${JSON.stringify(pidFile)}, "w").write("%d %d" % (os.getpid(), child.pid))\nwhile True:\n    time.sleep(0.1)\n`;
  }

  async function pids(file: string): Promise<number[]> {
    assert.ok(await eventually(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(' '), 15_000), 'the program started');
    return fs.readFileSync(file, 'utf8').split(' ').map(Number);
  }

  it('stops a hanging program at the timeout and leaves nothing running', async () => {
    await pythonSettings().update('timeout', 3, vscode.ConfigurationTarget.Global);
    try {
      const pidFile = path.join(tmp, 'timeout.pid');
      await openUntitled(hanging(pidFile));
      const started = Date.now();
      const outcome = await traceFile();
      assert.ok(!outcome.ok && outcome.timedOut, `expected a timeout: ${JSON.stringify(outcome)}`);
      assert.match(outcome.error, /3 s/);
      assert.ok(Date.now() - started < 15_000);
      // The tracer wrote what it had when it was stopped: the forward before the hang is drawn.
      assert.ok(outcome.graph, 'the calls recorded before the timeout are shown');
      assertInGraph(outcome.graph, [3, 4, 12]);
      const [python, child] = await pids(pidFile);
      assert.throws(() => process.kill(python, 0), 'the traced Python is gone');
      assert.ok(await eventually(() => !alive(child)), `its child ${child} is gone`);
    } finally {
      await pythonSettings().update('timeout', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a program killed by SIGKILL after some calls: drawn up to there, the ending named, its output in a channel', async () => {
    await openUntitled(`${MUL}MulLayer().forward(3.0, 4.0)\nprint("before the kill", flush=True)\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n`);
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceFile();
    assert.ok(outcome.ok, `the recorded call is shown: ${!outcome.ok && outcome.error}`);
    assertInGraph(outcome.graph, [3, 4, 12]);
    const notes = outcome.graph.notes ?? [];
    assert.ok(notes.some((n) => /killed by signal 9 \(SIGKILL\)/.test(n)), `the ending is named: ${notes}`);
    assert.ok(notes.some((n) => /its output is in Output › "Backprop Trace: Untitled-\d+"/.test(n)), `the panel says where the output is: ${notes}`);
    await rendered;
    await screenshot('run-killed');
  });

  it('input() in run mode: one sentence saying it gets no input and how to run it from the CLI', async () => {
    await openUntitled(`${MUL}MulLayer().forward(3.0, 4.0)\nname = input("name? ")\n`);
    const outcome = await traceFile();
    assert.ok(outcome.ok, `the recorded call is shown: ${!outcome.ok && outcome.error}`);
    const notes = outcome.graph.notes ?? [];
    assert.ok(notes.some((n) => /no input, so input\(\) got end-of-file; to type its input, run it in a terminal: backprop-trace run /.test(n)), `${notes}`);
  });

  it('stops the run on Cancel and leaves nothing running', async () => {
    const pidFile = path.join(tmp, 'cancel.pid');
    await openUntitled(hanging(pidFile));
    const source = new vscode.CancellationTokenSource();
    const running = traceFile({ token: source.token });
    const [python, child] = await pids(pidFile);
    source.cancel();
    const outcome = await running;
    assert.ok(!outcome.ok && outcome.cancelled, `expected cancelled: ${JSON.stringify(outcome)}`);
    assert.ok(await eventually(() => !alive(python)), 'the traced Python is gone');
    assert.throws(() => process.kill(python, 0));
    assert.ok(await eventually(() => !alive(child)), `its child ${child} is gone`);
  });

  it('refuses to run code in an untrusted workspace, and in the web extension', () => {
    // Workspace trust is off in the test host (code-server --disable-workspace-trust), so the
    // deciding function is called with isTrusted as the runner passes it.
    assert.match(refusal({ trusted: false, web: false }) ?? '', /not trusted/);
    assert.match(refusal({ trusted: true, web: true }) ?? '', /local Python/);
    assert.strictEqual(refusal({ trusted: true, web: false }), undefined);
  });

  it('asks before "Trace backprop" runs code: Run asks again next time, Always is remembered, Cancel runs nothing', async () => {
    const store = new Map<string, unknown>();
    const state = { keys: () => [...store.keys()], get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v) } as unknown as vscode.Memento;
    let asked = 0;
    const answer = (a: 'run' | 'always' | undefined) => async () => (asked++, a);
    assert.strictEqual(await consentToRun(state, answer(undefined)), false);
    assert.strictEqual(await consentToRun(state, answer('run')), true);
    assert.strictEqual(await consentToRun(state, answer('always')), true);
    assert.strictEqual(await consentToRun(state, answer(undefined)), true, '"Always" was remembered');
    assert.strictEqual(asked, 3);
  });
});
