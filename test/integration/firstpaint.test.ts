// The first paint, in the real extension host: a new panel's HTML carries the first frame the host
// drew in the look and area the last panel reported. Run mode's panel is run mode's: right after the command and after
// the CodeLens, while the program still runs, the panel's HTML (what paints before any script)
// names the file, what runs it and offers Cancel, with none of literal mode's advice or controls;
// Cancel in the page stops the run; a syntax error names its line and column, and the page's link
// opens the file there. Screenshots of the progress and error pages at the harness's window size.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { screenshot } from './index';
import { api, closeAll, openWith, runModeSuite } from './util';

const WINDOW = process.env.BPT_WINDOW ?? '1400x900';
const MUL = 'class MulLayer:\n    def forward(self, x, y):\n        self.x, self.y = x, y\n        return x * y\n\n    def backward(self, dout):\n        return dout * self.y, dout * self.x\n\n';

async function eventually<T>(get: () => T | undefined, ms: number): Promise<T | undefined> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const v = get();
    if (v) return v;
  }
  return undefined;
}

/** The panel's HTML once it is written (the run page travels in it). */
async function panelHtml(): Promise<string | undefined> {
  const a = await api();
  return eventually(() => a.panelProbe()?.html || undefined, 5000);
}

/** What the run page says: the title, the status line, Cancel; and none of literal mode's words. */
function assertRunPage(html: string, file: string): void {
  assert.match(html, /<body class="run-mode running">/);
  assert.match(html, new RegExp(`<h1 id="title">[^<]*${file.replace('.', '\\.')}</h1>`), `the file is not the title: ${/<h1[^]*?<\/h1>/.exec(html)?.[0]}`);
  assert.match(html, new RegExp(`id="status"[^>]*>Running [^<]*${file.replace('.', '\\.')}( with [^<]*python[^<]*)?…<`), 'the status says what runs');
  assert.match(html, /<button id="cancelRun" data-s="cancelRun">Cancel<\/button>/);
  // What the page shows (the messages' data block, read by the script, and the stylesheet's text, aside).
  const shown = html.replace(/<script type="application\/json"[^]*?<\/script>/, '').replace(/<style\b[^]*?<\/style>/, '');
  for (const literal of ['Select an array', 'Ctrl+K B', 'Layers…', 'dout = ones']) assert.ok(!shown.includes(literal), `literal mode's "${literal}" in run mode's page`);
}

describe('run mode page', function () {
  this.timeout(90_000);
  let tmp: string;

  runModeSuite();
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-runpage-'));
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await closeAll();
  });

  /** A program that calls a layer, then runs for a while (long enough to look at the page), then ends. */
  function slowFile(name: string): vscode.Uri {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `import time\n${MUL}MulLayer().forward(3.0, 4.0)\ntime.sleep(4)\n`);
    return vscode.Uri.file(file);
  }

  for (const how of ['command', 'CodeLens'] as const) {
    it(`shows run mode's page at once from the ${how}, before the program ends`, async () => {
      await closeAll();
      const uri = slowFile(`slow_${how}.py`);
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
      let command: vscode.Command = { command: 'backpropTrace.traceFile', title: '', arguments: [uri] };
      if (how === 'CodeLens') {
        const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) as vscode.CodeLens[];
        const lens = lenses.find((l) => l.command?.command === 'backpropTrace.traceFile');
        assert.ok(lens?.command, 'no "Trace backprop" CodeLens');
        command = lens.command;
      }
      let ended = false;
      const running = (vscode.commands.executeCommand(command.command, ...(command.arguments ?? [])) as Thenable<RunOutcome>).then((o) => ((ended = true), o));
      const html = await panelHtml();
      assert.ok(html, 'no panel HTML within 5 s of the command');
      assert.ok(!ended, 'the program had ended before the page was looked at');
      assertRunPage(html, path.basename(uri.fsPath));
      if (how === 'command') await screenshot(`run-progress-${WINDOW}`, 15_000);
      const outcome = await running;
      assert.ok(outcome.ok, `the run failed: ${!outcome.ok && outcome.error}`);
    });
  }

  it("stops the run from the page's Cancel button", async () => {
    const uri = slowFile('cancel_me.py');
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const running = vscode.commands.executeCommand('backpropTrace.traceFile', uri) as Thenable<RunOutcome>;
    const a = await api();
    assert.ok(await eventually(() => a.panelProbe()?.html, 5000));
    await new Promise((r) => setTimeout(r, 500));
    a.panelProbe()?.receive({ type: 'cancelRun' });
    const outcome = await running;
    assert.ok(!outcome.ok && outcome.cancelled, `not cancelled: ${JSON.stringify(outcome)}`);
  });

  it('a syntax error names its line and column, and the page opens the file there', async () => {
    await closeAll();
    const file = path.join(tmp, 'bad_syntax.py');
    fs.writeFileSync(file, 'import numpy as np\n\nclass Relu:\n    def forward(self, x)\n        return np.maximum(0, x)\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const outcome = (await vscode.commands.executeCommand('backpropTrace.traceFile', uri)) as RunOutcome;
    assert.ok(!outcome.ok);
    assert.match(outcome.error, /^SyntaxError: expected ':' at bad_syntax\.py:4:25: Python could not read the program/);
    assert.ok(!/before any layer was called/.test(outcome.error), outcome.error);
    await new Promise((r) => setTimeout(r, 1500)); // the page shows the problem (the webview has the message)
    await screenshot(`run-syntax-error-${WINDOW}`, 15_000);
    // The page's link (the host opens the place it sent): from another editor, back to line 4, column 25.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'elsewhere' }), { viewColumn: vscode.ViewColumn.One });
    (await api()).panelProbe()?.receive({ type: 'openProblem' });
    const editor = await eventually(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === file ? e : undefined;
    }, 5000);
    assert.ok(editor, `the link did not open ${file}`);
    assert.deepStrictEqual([editor.selection.start.line, editor.selection.start.character], [3, 24]);
  });
});

describe('first paint', function () {
  this.timeout(90_000);
  after(closeAll);
  const SEED = 'import numpy as np\n\nx = np.array([[1.0, -0.5],\n              [2.0, 0]])\n';
  const SEED_ARRAY = 'np.array([[1.0, -0.5],\n              [2.0, 0]])';

  it("a new panel's HTML carries the seed's first frame, drawn in the look and for the area the last panel reported; the canvas then takes the same area", async () => {
    const a = await api();
    // A first panel reports its look and area (the canvas's `look` message, kept in globalState).
    await closeAll();
    await openWith('python', SEED, { selected: SEED_ARRAY });
    let rendered = a.whenRendered();
    await vscode.commands.executeCommand('backpropTrace.trace');
    const first = await rendered;
    await new Promise((r) => setTimeout(r, 500));
    await screenshot(`first-paint-before-${WINDOW}`, 15_000);
    // A new panel, in the same column.
    await closeAll();
    await openWith('python', SEED, { selected: SEED_ARRAY });
    rendered = a.whenRendered();
    await vscode.commands.executeCommand('backpropTrace.trace');
    // The page is written on the turn after the panel is asked for (html.ts: its creation leaves first).
    const html = (await eventually(() => a.panelProbe()?.html || undefined, 5000)) ?? '';
    const svg = /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="first-frame" viewBox="[-\d. ]+" width="([\d.]+)" height="([\d.]+)">/.exec(html);
    assert.ok(svg, 'no first frame in the panel HTML');
    assert.match(html, /<body class="has-trace">/);
    assert.ok((html.match(/<text /g) ?? []).length > 5, 'a first frame with few texts');
    assert.ok(!/var\(--vscode/.test(html.slice(svg.index)), 'the first frame has the default colours, not the reported ones');
    const second = await rendered;
    assert.deepStrictEqual([Number(svg[1]), Number(svg[2])], [first.geometry?.viewport.width, first.geometry?.viewport.height], 'not drawn for the last area');
    assert.deepStrictEqual([second.geometry?.viewport.width, second.geometry?.viewport.height], [Number(svg[1]), Number(svg[2])], 'the canvas has another area than the first frame (a re-fit)');
    assert.equal(second.code, 'posted', "the page's code was linked, not posted beside it");
    await screenshot(`first-paint-seed-${WINDOW}`, 15_000);
  });

  it("hidden and shown again, the panel's page gets its code posted again (VS Code makes its frame again from the HTML)", async () => {
    const a = await api();
    const group = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('backpropTrace.graph')));
    assert.ok(group, 'no panel open');
    // Another editor over the panel in its group hides it; closing that editor shows the panel again.
    const file = path.join(os.tmpdir(), `bpt-over-${process.pid}.txt`);
    fs.writeFileSync(file, 'over the panel\n');
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: group.viewColumn, preserveFocus: false });
      await new Promise((r) => setTimeout(r, 500));
      const rendered = a.whenRendered(15_000);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const again = await rendered;
      assert.equal(again.code, 'posted', 'the page shown again linked its code: the host did not post it again');
      assert.ok(again.nodes.length > 3, `${again.nodes.length} nodes drawn`);
      await screenshot(`shown-again-${WINDOW}`, 15_000);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
