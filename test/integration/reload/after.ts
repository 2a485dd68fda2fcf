// Reload, phase 2 (run by ../index.ts in the new window when phase 1 left its marker): VS Code
// itself restored the panel — our `onWebviewPanel:backpropTrace.graph` activation event woke the
// extension (the test never activates it) and our serializer revived the panel — and it draws
// the same graph as before the reload.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../../src/extension/extension';
import { drawnGraph, takenMarker } from './marker';

describe('reload (phase 2)', function () {
  this.timeout(60_000);
  it('reload: VS Code activated the extension for the restored panel, which drew the same graph', async () => {
    const ext = vscode.extensions.getExtension<BackpropTraceApi>('backprop-trace.backprop-trace');
    assert.ok(ext, 'extension not loaded');
    const deadline = Date.now() + 30_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(ext.isActive, 'the restored panel did not activate the extension (onWebviewPanel:backpropTrace.graph)');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.strictEqual(tabs.length, 1, `open tabs: ${tabs.map((t) => t.label).join(', ')}`);
    assert.ok(tabs[0].input instanceof vscode.TabInputWebview && tabs[0].input.viewType.endsWith('backpropTrace.graph'), 'the panel tab is back');
    const a = ext.exports;
    const report = await a.whenRendered(30_000);
    assert.strictEqual(a.panelOrigin(), 'revived', 'the panel came from the serializer');
    // Why VS Code activated us, from its extension host log (the workbench also opens a JSONC model
    // at startup, and `onLanguage:jsonc` would activate us too, so being active alone proves nothing).
    assert.match(await activationEvent(a.logDir()), /^onWebviewPanel:backpropTrace\.graph$/);
    assert.deepStrictEqual(drawnGraph(report), takenMarker()?.drawn);
  });
});

/** The activation event VS Code's extension host log gives for this extension (the host's log sits next to ours). */
async function activationEvent(ourLogDir: string): Promise<string> {
  const dir = path.dirname(ourLogDir);
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const name of ['remoteexthost.log', 'exthost.log']) {
      const file = path.join(dir, name);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const m = /_doActivateExtension backprop-trace\.backprop-trace, startup: \w+, activationEvent: '([^']+)'/.exec(text);
      if (m) return m[1];
    }
    if (Date.now() > deadline) return `no activation line in ${dir}`;
    await new Promise((r) => setTimeout(r, 200));
  }
}
