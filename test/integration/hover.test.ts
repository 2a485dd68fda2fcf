// Hover tooltips in the real extension host: asked through vscode.executeHoverProvider (what the
// editor itself calls), over a Python file, a Jupyter notebook cell, TypeScript and Markdown, and
// the tooltip's "Trace backprop" link run the way a click runs it.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { screenshot } from './index';
import { api, closeAll } from './util';

const examples = (name: string): vscode.Uri => {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'no workspace folder');
  return vscode.Uri.joinPath(root, name);
};

/** Our tooltip's Markdown at `needle` (+ `delta` characters), or undefined when we gave none. */
async function ourHover(doc: vscode.TextDocument, needle: string, delta = 1): Promise<{ value: string; hover: vscode.Hover } | undefined> {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is not in the document`);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + delta))) ?? [];
  for (const hover of hovers) {
    const value = hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    if (value.includes('Trace backprop')) return { value, hover };
  }
  return undefined;
}

/** The command and arguments of the tooltip's link, as VS Code would run them on a click. */
function linkOf(value: string): { command: string; args: unknown[] } {
  const m = /\]\(command:([\w.]+)\?([^ )]+)/.exec(value);
  assert.ok(m, `no command link in ${value}`);
  return { command: m[1], args: JSON.parse(decodeURIComponent(m[2])) as unknown[] };
}

async function click(value: string): Promise<TraceOutcome> {
  const { command, args } = linkOf(value);
  assert.strictEqual(command, 'backpropTrace.trace');
  return (await vscode.commands.executeCommand(command, ...args)) as TraceOutcome;
}

describe('hover tooltips', () => {
  before(async () => {
    await api();
  });
  after(closeAll);

  it('hover: Python file - shape and the ReLU / Sigmoid table', async () => {
    const doc = await vscode.workspace.openTextDocument(examples('seed.py'));
    await vscode.window.showTextDocument(doc);
    const got = await ourHover(doc, '-0.5');
    assert.ok(got, 'no tooltip over the seed array');
    assert.match(got.value, /\*\*Array\*\* `\(2, 2\)`/);
    assert.ok(got.value.includes('x            [[ 1.  -0.5]\n              [ 2.   0. ]]'), got.value);
    assert.ok(got.value.includes('ReLU    out  [[1. 0.]\n              [2. 0.]]'), got.value);
    assert.ok(got.value.includes('Sigmoid out  [[0.73105858 0.37754067]'), got.value);
    assert.ok(got.value.includes('        dx   [[0.19661193 0.23500371]'), got.value);
    // The hover's range is the whole literal, wrapper call included.
    assert.ok(got.hover.range);
    assert.strictEqual(doc.getText(got.hover.range), 'np.array([[1.0, -0.5],\n              [2.0, 0]])');
  });

  it('hover: no tooltip outside arrays', async () => {
    const doc = await vscode.workspace.openTextDocument(examples('seed.py'));
    for (const needle of ['import numpy', 'Deep Learning', 'x = np', 'x2 = ', '5.5.2 Sigmoid']) {
      assert.strictEqual(await ourHover(doc, needle, 0), undefined, `tooltip at "${needle}"`);
    }
  });

  it('hover: the link traces exactly that array, without touching the selection', async () => {
    const doc = await vscode.workspace.openTextDocument(examples('seed.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const got = await ourHover(doc, '[-2.0, 3.0]');
    assert.ok(got);
    const outcome = await click(got.value);
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    // The graph is of the hovered array (x2 in seed.py), not of the array at the cursor.
    assert.deepStrictEqual(Array.from(outcome.graph.shape ?? []), [2, 2]);
    const x = outcome.graph.edges.find((e) => e.forwardName === 'x')?.forward;
    assert.deepStrictEqual(Array.from(x?.data ?? []), [1, -0.5, -2, 3]);
    assert.match(outcome.graph.title, /seed\.py:10:15$/);
    assert.ok(editor.selection.isEqual(new vscode.Selection(end, end)), 'selection moved');
    // The panel's tab appears once the workbench has created it: poll briefly.
    const hasPanel = (): boolean => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview);
    for (let i = 0; i < 50 && !hasPanel(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(hasPanel(), 'no trace panel');
  });

  it('hover: a Jupyter notebook cell', async () => {
    const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import numpy as np\nx = np.array([[1.0, -0.5], [2.0, 0]], dtype=np.float32)\n', 'python');
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([cell]));
    await vscode.window.showNotebookDocument(nb);
    const doc = nb.cellAt(0).document;
    assert.strictEqual(doc.uri.scheme, 'vscode-notebook-cell');
    const got = await ourHover(doc, '-0.5');
    assert.ok(got, 'no tooltip in the notebook cell');
    assert.match(got.value, /`\(2, 2\)` · dtype float32/);
    assert.ok(got.value.includes('        dx   [[1. 0.]\n              [1. 0.]]'), got.value);
    const outcome = await click(got.value);
    assert.ok(outcome.ok, `trace from the cell failed: ${!outcome.ok && outcome.error}`);
    assert.deepStrictEqual(Array.from(outcome.graph.shape ?? []), [2, 2]);
  });

  it('hover: TypeScript file', async () => {
    const doc = await vscode.workspace.openTextDocument(examples('arrays.ts'));
    await vscode.window.showTextDocument(doc);
    const got = await ourHover(doc, '-1.5');
    assert.ok(got, 'no tooltip over logits');
    assert.match(got.value, /`\(5,\)`/);
    assert.ok(got.value.includes('ReLU    out  [0.  0.  0.  1.5 3. ]'), got.value);
    assert.ok(got.value.includes('        dx   [0. 0. 0. 1. 1.]'), got.value);
    assert.strictEqual(await ourHover(doc, 'export const logits', 3), undefined);
  });

  it('hover: Markdown only inside fenced code blocks', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Prose [1, 2] here.\n\n```python\ny = [1, 2]\n```\n' });
    assert.strictEqual(await ourHover(doc, '[1, 2] here'), undefined);
    const got = await ourHover(doc, '[1, 2]\n```');
    assert.ok(got, 'no tooltip in the fenced block');
    assert.match(got.value, /`\(2,\)`/);
  });

  it('hover: a literal too large to preview gets a short note, and its link traces all of it', async () => {
    const row = Array.from({ length: 40_000 }, (_, i) => ((i % 9) - 4).toFixed(1)).join(', ');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `import numpy as np\nx = np.array([${row}])\n` });
    const got = await ourHover(doc, '4.0, -4.0', 0);
    assert.ok(got);
    assert.match(got.value, /too large to preview/);
    const outcome = await click(got.value);
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.deepStrictEqual(Array.from(outcome.graph.shape ?? []), [40_000]);
  });

  it('hover: rejects malformed link arguments with a message', async () => {
    for (const bad of [{ uri: 'file:///nope.py', range: [0, 0, 0, 1] }, { uri: 5 }, { uri: 'x', range: [-1, 0, 0, 0] }]) {
      const outcome = (await vscode.commands.executeCommand('backpropTrace.trace', bad)) as TraceOutcome;
      assert.ok(!outcome.ok, `accepted ${JSON.stringify(bad)}`);
    }
  });

  it('hover: can be switched off by setting', async () => {
    const config = vscode.workspace.getConfiguration('backpropTrace.hover');
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'w = [[0.5, -1], [2, 3]]\n' });
    assert.ok(await ourHover(doc, '-1'), 'plain text is on by default');
    await config.update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(await ourHover(doc, '-1'), undefined);
    } finally {
      await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(await ourHover(doc, '-1'), 'back on');
  });

  it('hover: shows in the editor (screenshot)', async () => {
    await closeAll();
    await vscode.commands.executeCommand('notifications.clearAll');
    const doc = await vscode.workspace.openTextDocument(examples('seed.py'));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const at = doc.positionAt(doc.getText().indexOf('-0.5') + 1);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 1500));
    const file = await screenshot('hover');
    console.log(`screenshot: ${file ?? 'none'} (${path.basename(doc.fileName)})`);
  });
});
