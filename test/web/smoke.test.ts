// Backprop Trace in VS Code for the web (the vscode.dev / github.dev situation): the
// extension runs from its `browser` bundle in the web-worker extension host, with no Node.
// The command, the panel (webview) and the hover must all work there.
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../src/extension/extension';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { equal, match, ok } from './assert';

const ID = 'backprop-trace.backprop-trace';

function extension(): vscode.Extension<BackpropTraceApi> {
  const ext = vscode.extensions.getExtension<BackpropTraceApi>(ID);
  ok(ext, `${ID} is not loaded`);
  return ext;
}

describe('web extension host', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('runs in the browser, in the web worker extension host', async () => {
    equal(vscode.env.uiKind, vscode.UIKind.Web);
    equal(vscode.env.remoteName, undefined, 'a remote (Node) extension host is present');
    // This suite itself runs in the same worker as the extension: no Node here.
    equal(typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node, 'undefined');
    const ext = extension();
    equal(ext.packageJSON.browser, './dist/web/extension.js');
    await ext.activate();
    ok(ext.isActive, 'not active');
    const commands = await vscode.commands.getCommands(true);
    ok(commands.includes('backpropTrace.trace'), 'backpropTrace.trace missing');
  });

  it('traces the seed array and the panel draws the graph', async () => {
    const api = await extension().activate();
    const editor = (await vscode.commands.executeCommand('backpropTrace.openExample')) as vscode.TextEditor;
    equal(editor.document.languageId, 'python');
    const rendered = api.whenRendered(45_000);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
    ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const report = await rendered;
    const labels = report.nodes.map((n) => n.label);
    for (const l of ['x', 'ReLU', 'Sigmoid']) ok(labels.includes(l), `node ${l} not drawn: ${labels.join(', ')}`);
    const forward = report.edges.map((e) => e.forward).join('\n');
    const backward = report.edges.map((e) => e.backward).join('\n');
    match(forward, /\[\[1\. 0\.\]\s+\[2\. 0\.\]\]/);
    match(backward, /\[\[1\. 0\.\]\s+\[1\. 0\.\]\]/);
    ok(report.width > 100 && report.height > 100, `graph area ${report.width}x${report.height}`);
  });

  it('shows the hover on the seed array', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'python');
    ok(editor, 'the example editor is gone');
    const pos = editor.document.positionAt(editor.document.getText().indexOf('[[1.0, -0.5],') + 3);
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', editor.document.uri, pos)) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    match(text, /ReLU/, `no Backprop Trace hover: ${text.slice(0, 300)}`);
    match(text, /Sigmoid/);
  });

  it('reports bad input with a message, not a crash', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = [[1, 2], [3]]\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 4, 0, 17);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
    ok(!outcome.ok, 'a ragged array was traced');
    // the engine's sentence, placed in the document: [3] starts on line 1, column 14
    match(outcome.error, /^Row 2 has length 1 but row 1 has length 2 \(ragged array\) \(.*:1:14\)$/);
  });

  it('reads a constructor with its methods, as numpy evaluates it', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'w = np.arange(6).reshape(2, 3).T\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 8, 0, 8);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
    ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    equal(JSON.stringify(outcome.graph.shape), '[3,2]');
  });

  it('says that tracing your own layers needs a local Python (no Node here to run it)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'class L:\n    def forward(self, x):\n        return x\n    def backward(self, d):\n        return d\n' });
    await vscode.window.showTextDocument(doc);
    for (const command of ['backpropTrace.traceFile', 'backpropTrace.trace']) {
      const outcome = (await vscode.commands.executeCommand(command)) as { ok: boolean; error?: string };
      ok(!outcome.ok, `${command} ran code in the browser`);
      match(outcome.error ?? '', /local Python/);
    }
  });
});
