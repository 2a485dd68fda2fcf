// Run mode as a user feels it (bench:ui --only run): in one window, for each run and each file
// (the two-layer example, then the MNIST-sized batch), every editor and the panel are closed,
// the file is opened, and after a short read the CodeLens "Trace backprop" above a layer is
// clicked, which is its command with its arguments, or for a file that imports its layers the
// palette's "Trace this file's layers" (both backpropTrace.traceFile, which asks no first-run
// question; the bench's code-server runs with workspace trust off, i.e. trusted). Timed: the
// phases the run reports (RunOutcome.timing) and the panel's render report; beside them, the
// same file run plainly with the same interpreter, the ratio's base.
import { execFile } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { activateTimed, emit, sleep, workspaceFile } from './inHost';
import { wireBytes } from './wireSize';

export const RUN_FILES = ['two_layer_net.py', 'mnist_batch.py'];
const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';

/** `python3 file.py` from spawn to exit, in ms. */
function plainRun(file: string): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) =>
    execFile(PYTHON, [file], { cwd: path.dirname(file) }, (e) => (e ? reject(e) : resolve(Date.now() - start))));
}

/**
 * The CodeLens's command on the document, as a click would run it; a file whose layers are
 * imported (mnist_batch.py) has no CodeLens: then the palette's "Trace this file's layers".
 */
async function lensCommand(uri: vscode.Uri, text: string): Promise<vscode.Command & { via: string }> {
  const palette = { command: 'backpropTrace.traceFile', title: 'palette', via: 'palette' };
  if (!/^class \w+/m.test(text)) return palette;
  for (let i = 0; i < 50; i++) {
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) as vscode.CodeLens[];
    const lens = lenses.find((l) => l.command?.command === 'backpropTrace.traceFile');
    if (lens?.command) return { ...lens.command, via: 'CodeLens' };
    await sleep(100);
  }
  throw new Error(`no "Trace backprop" CodeLens on ${uri.fsPath}`);
}

export async function runMode(runs: number): Promise<void> {
  const { api } = await activateTimed();
  // The interpreter a user would set once (PATH's python3 here may lack numpy).
  await vscode.workspace.getConfiguration('backpropTrace.python').update('path', PYTHON, vscode.ConfigurationTarget.Global);
  for (let i = 1; i <= runs; i++) {
    for (const name of RUN_FILES) {
      const uri = workspaceFile(name);
      const plainMs = await plainRun(uri.fsPath);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // the panel too
      await sleep(1000);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      const command = await lensCommand(uri, doc.getText());
      await sleep(1500); // a person reads the file before clicking
      const rendered = api.whenRendered(60_000);
      const start = Date.now();
      const outcome = (await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []))) as RunOutcome;
      const resolved = Date.now();
      if (!outcome.ok) {
        // a timeout (the code before the time-bounded gradient check took > 30 s) is a figure too
        emit('run', { name, via: command.via, run: i, plainMs, start, resolved, failed: outcome.error });
        continue;
      }
      const report = await rendered;
      const back = Date.now();
      const checks = outcome.graph.edges.flatMap((e) => (e.gradcheck ? [e.gradcheck] : []));
      emit('run', {
        name, via: command.via, run: i, plainMs, start, resolved, receivedAt: report.receivedAt, drawMs: report.drawMs, back,
        timing: outcome.timing, wireBytes: wireBytes(outcome.graph), nodes: outcome.graph.nodes.length,
        gradchecks: checks.map((c) => `${c.ok ? 'ok' : 'FAILED'} ${c.checked}`).join(', '),
      });
    }
  }
}
