// Reload, phase 1 (run last, by ../index.ts): open the book's Affine → Softmax-with-Loss example as
// the only editor, note what the panel drew, and reload the window for real. The extension host
// ends during the reload; the new one runs phase 2 (after.ts).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll } from '../util';
import { countsSoFar, drawnGraph, writeMarker } from './marker';

describe('reload (phase 1)', function () {
  this.timeout(60_000);
  it('reload: a panel open when the window reloads is drawn again by VS Code', async () => {
    await closeAll();
    const a = await api();
    const rendered = a.whenRendered();
    assert.strictEqual(await vscode.commands.executeCommand('backpropTrace.openBookExample', 'affine_softmax'), true);
    const report = await rendered;
    assert.ok(report.nodes.some((n) => n.label === 'Softmax-with-Loss'), `drawn: ${report.nodes.map((n) => n.label).join(', ')}`);
    // Only the panel is open: after the reload nothing else (a Python document) may activate us.
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.deepStrictEqual(tabs.map((t) => t.input instanceof vscode.TabInputWebview), [true], 'only the panel is open');
    const counts = countsSoFar();
    writeMarker({ passes: counts.passes + 1, failures: counts.failures, drawn: drawnGraph(report) });
    console.log('    (phase 1 passed: reloading the window; phase 2 follows in the new window)');
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    // The extension host is stopped by the reload; should the reload not happen, the timeout fails this test.
    await new Promise(() => undefined);
  });
});
