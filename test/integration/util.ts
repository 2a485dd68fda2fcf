// Helpers shared by the integration suites: open a document, select text, get the API, check
// that a drawn graph fits its panel, and run mode's setup (the interpreter, consent) for a suite.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../src/extension/extension';
import type { RenderReport } from '../../src/protocol';
import type { RunOutcome } from '../../src/extension/run/runCode';

export async function api(): Promise<BackpropTraceApi> {
  const ext = vscode.extensions.getExtension<BackpropTraceApi>('backprop-trace.backprop-trace');
  if (!ext) throw new Error('extension not loaded');
  return ext.activate();
}

/** Opens an untitled document and selects `selected` (its first occurrence), or puts the cursor at `cursorAt`. */
export async function openWith(
  language: string,
  content: string,
  pick: { selected?: string; cursorAt?: string },
): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const needle = pick.selected ?? pick.cursorAt ?? '';
  const at = content.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the document`);
  const start = doc.positionAt(at);
  const end = pick.selected ? doc.positionAt(at + needle.length) : start;
  editor.selection = new vscode.Selection(start, end);
  return editor;
}

/** The interpreter the run-mode suites run the reader's code with (numpy, and debugpy for the paused suites). */
export const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';

/** The `backpropTrace.python.*` settings (path, timeout, maxCalls, maxPasses…). */
export const pythonSettings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('backpropTrace.python');

/**
 * Run mode with no questions for the suite that calls this (inside its `describe`, before its own
 * hooks): before it, `backpropTrace.python.path` set to PYTHON and "Always run" remembered (the
 * first-run question would be a modal); after it, both undone, and the limits a test may have
 * raised (timeout, maxCalls, maxPasses) reset too if it failed before resetting them, so the next
 * suite starts as a user would.
 */
export function runModeSuite(): void {
  before(async () => {
    await pythonSettings().update('path', PYTHON, vscode.ConfigurationTarget.Global);
    await (await api()).rememberRunConsent(true);
  });
  after(async () => {
    for (const key of ['path', 'timeout', 'maxCalls', 'maxPasses']) await pythonSettings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await (await api()).rememberRunConsent(undefined);
  });
}

/**
 * A suite's program written into the examples folder, run mode allowed with the test's Python,
 * all undone after it; the returned function is the program's Uri.
 */
export function withProgram(name: string, text: string): () => vscode.Uri {
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  runModeSuite();
  before(async () => {
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(text));
  });
  after(async () => {
    await vscode.workspace.fs.delete(file());
    await closeAll();
  });
  return file;
}

/** Runs the program from its editor (Trace this file's layers) and waits until no layer still says its check is running: the last report. */
export async function runSettled(file: vscode.Uri): Promise<RenderReport> {
  const a = await api();
  await vscode.window.showTextDocument(file);
  const final = a.whenRendered(60_000);
  const outcome = (await vscode.commands.executeCommand('backpropTrace.traceFile', file)) as RunOutcome;
  assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
  let drawn = await final;
  for (let i = 0; i < 50 && drawn.nodes.some((n) => n.verdict?.startsWith('checking')); i++) {
    await new Promise((r) => setTimeout(r, 200));
    drawn = a.lastReport() ?? drawn;
  }
  return drawn;
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Every node and both labels of every edge drawn, apart, no text under 12 px; with `onScreen`,
 * inside the graph area too (a graph that does not fit pans instead). `window` is for the log.
 */
export function assertFits(report: RenderReport, what: string, window: string, onScreen = true): void {
  const g = report.geometry;
  assert.ok(g, `${what}: the report carries the geometry`);
  assert.ok(g.viewport.width > 300 && g.viewport.height > 300, `${what}: graph area ${JSON.stringify(g.viewport)}`);
  assert.ok(g.minFontPx >= 12, `${what}: smallest text ${g.minFontPx} px at zoom ${g.zoom}`);
  const ids = new Set(g.boxes.map((b) => b.id));
  for (const n of report.nodes) assert.ok(ids.has(n.id), `${what}: node ${n.id} drawn`);
  // An edge with no gradient (Softmax-with-Loss's t) has no backward label.
  for (const e of report.edges) assert.ok(ids.has(`${e.id}__fl`) && (!e.backward || ids.has(`${e.id}__bl`)), `${what}: both labels of ${e.id} drawn`);
  for (const b of onScreen ? g.boxes : []) {
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= g.viewport.width && b.y + b.height <= g.viewport.height,
      `${what}: ${b.id} ${JSON.stringify(b)} inside ${JSON.stringify(g.viewport)}`);
  }
  // An expanded layer's frame (a node the report does not list) holds its primitives by design.
  const listed = new Set(report.nodes.map((n) => n.id));
  const parts = g.boxes.filter((b) => b.kind === 'label' || listed.has(b.id));
  for (const a of parts) {
    for (const b of parts) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x + 1 || b.x + b.width <= a.x + 1 || a.y + a.height <= b.y + 1 || b.y + b.height <= a.y + 1;
      assert.ok(apart, `${what}: ${a.id} ${JSON.stringify(a)} overlaps ${b.id} ${JSON.stringify(b)}`);
    }
  }
  console.log(`      ${what} at ${window}: ${g.orientation}, zoom ${g.zoom.toFixed(2)}, smallest text ${g.minFontPx} px, graph area ${g.viewport.width}×${g.viewport.height}`);
}
