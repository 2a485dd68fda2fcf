// Proves the harness: this runs inside the real extension host with the extension loaded.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { screenshot } from './index';

describe('smoke', () => {
  it('has the extension installed and it activates', async () => {
    const ext = vscode.extensions.getExtension('backprop-trace.backprop-trace');
    assert.ok(ext, 'extension backprop-trace.backprop-trace is not loaded');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('has a workspace folder open', () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder');
  });

  it('can take a screenshot of the workbench', async () => {
    const file = await screenshot('smoke-workbench');
    console.log(`screenshot: ${file ?? 'none'}`);
  });
});
