// Runs inside code-server where Backprop Trace was installed from its VSIX with
// --install-extension (the Marketplace path), not loaded from this working tree.
// BPT_INSTALLED_EXTENSIONS_DIR is that extensions dir (set by runInstallTest.ts).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../src/extension/extension';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { screenshot } from '../integration/index';

const ID = 'backprop-trace.backprop-trace';
const hangul = /[\uac00-\ud7a3]/;

function installed(): vscode.Extension<BackpropTraceApi> {
  const ext = vscode.extensions.getExtension<BackpropTraceApi>(ID);
  assert.ok(ext, `${ID} is not installed; extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  return ext;
}

describe('installed VSIX (smoke)', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('is loaded from the extensions dir it was installed into, not from a development path', () => {
    const ext = installed();
    const dir = process.env.BPT_INSTALLED_EXTENSIONS_DIR;
    assert.ok(dir, 'BPT_INSTALLED_EXTENSIONS_DIR not set');
    const where = ext.extensionUri.path;
    assert.ok(where.startsWith(path.posix.join(dir, `${ID}-`)), `loaded from ${where}, not from ${dir}`);
    assert.strictEqual(ext.packageJSON.version, process.env.BPT_EXPECTED_VERSION);
    // What the VSIX must not contain is checked in test/unit/package.test.ts; here: it runs.
    console.log(`      loaded from ${where}`);
  });

  it('activates and registers its commands', async () => {
    const ext = installed();
    await ext.activate();
    assert.ok(ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['backpropTrace.trace', 'backpropTrace.openExample']) assert.ok(commands.includes(c), `${c} missing`);
  });

  it('opens the example and traces the seed array: the graph is drawn', async () => {
    const api = await installed().activate();
    await vscode.commands.executeCommand('workbench.action.closeSidebar'); // room for the graph (screenshot)
    // The walkthrough's first step: the notebook's arrays, cursor inside x = np.array([[1.0, -0.5], [2.0, 0]]).
    const editor = (await vscode.commands.executeCommand('backpropTrace.openExample')) as vscode.TextEditor;
    assert.strictEqual(editor.document.languageId, 'python');
    const rendered = api.whenRendered(30_000);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const report = await rendered;
    const labels = report.nodes.map((n) => n.label);
    for (const l of ['x', 'ReLU', 'Sigmoid']) assert.ok(labels.includes(l), `node ${l} not drawn: ${labels.join(', ')}`);
    const forward = report.edges.map((e) => e.forward).join('\n');
    const backward = report.edges.map((e) => e.backward).join('\n');
    // The notebook's ReLU output for the seed, and its mask blocking the gradient where x <= 0.
    assert.match(forward, /\[\[1\. 0\.\]\s+\[2\. 0\.\]\]/, forward);
    assert.match(backward, /\[\[1\. 0\.\]\s+\[1\. 0\.\]\]/, backward);
    assert.ok(report.width > 100 && report.height > 100, `graph area ${report.width}x${report.height}`);
    // The gradient check's verdict on ReLU, in the display language (the engine's sentences too).
    const verdict = report.nodes.find((n) => n.label === 'ReLU')?.verdict ?? '';
    assert.match(verdict, (process.env.BPT_LOCALE ?? 'ko') === 'ko' ? /^통과: dx이\(가\) 중심 차분과 일치합니다/ : /^ok: dx match central differences/, verdict);
    await new Promise((r) => setTimeout(r, 1500)); // let the flow animation show something
    await screenshot('install-trace');
    // The panel alone, in the display language (README's Korean screenshot when BPT_LOCALE=ko).
    await screenshot(`install-panel-${process.env.BPT_LOCALE ?? 'en'}`, 15_000, '.webview.ready');
  });

  it('shows the hover on the seed array', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'python');
    assert.ok(editor, 'the example editor is gone');
    const pos = editor.document.positionAt(editor.document.getText().indexOf('[[1.0, -0.5],') + 3);
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', editor.document.uri, pos)) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ReLU/, `no Backprop Trace hover: ${text.slice(0, 300)}`);
    assert.match(text, /Sigmoid/);
  });

  it('speaks the display language (BPT_LOCALE)', async function () {
    const locale = process.env.BPT_LOCALE;
    if (!locale || locale === 'en') this.skip();
    assert.strictEqual(vscode.env.language, locale);
    // Its own strings come from l10n/bundle.l10n.<locale>.json inside the VSIX.
    // Plain text: in Python, "Trace backprop" off an array would run the code (and ask first).
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'no array here\n' });
    await vscode.window.showTextDocument(doc);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
    assert.ok(!outcome.ok);
    assert.match(outcome.error, hangul, `not translated: ${outcome.error}`);
    const example = (await vscode.commands.executeCommand('backpropTrace.openExample')) as vscode.TextEditor;
    assert.match(example.document.lineAt(0).text, hangul);
  });
});
