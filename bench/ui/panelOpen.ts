// Interactions with the trace panel already open (one window, after a warm-up trace): each is
// timed from its start in the host to the webview's report of the new frame arriving back.
// Phases, where the webview reports them: host (start → the command returned, which is when
// the panel posted the trace: show/retrace post synchronously), transfer (→ the webview
// received it, RenderReport.receivedAt), draw (RenderReport.drawMs), back (the report's trip).
import * as vscode from 'vscode';
import type { RenderReport } from '../../src/protocol';
import type { BackpropTraceApi } from '../../src/extension/extension';
import { activateTimed, emit, openAt, sleep } from './inHost';
import { wireBytes } from './wireSize';

interface Trace {
  ok: boolean;
  error?: string;
  graph?: { nodes: { id: string; layer?: string }[] };
}

/** Times `act` (which must make the panel post one trace) to the webview's render report. */
async function timed(api: BackpropTraceApi, name: string, run: number, act: () => Thenable<unknown>): Promise<unknown> {
  const rendered = api.whenRendered(60_000);
  const start = Date.now();
  const result = await act();
  const resolved = Date.now();
  const report: RenderReport = await rendered;
  emit('panel', { name, run, start, resolved, receivedAt: report.receivedAt, drawMs: report.drawMs, back: Date.now() });
  return result;
}

const trace = () => vscode.commands.executeCommand('backpropTrace.trace') as Thenable<Trace>;

function literal(rows: number, cols: number): string {
  const row = (i: number) => `[${Array.from({ length: cols }, (_, j) => (Math.sin(i * cols + j) * 2).toFixed(4)).join(', ')}]`;
  return `np.array([${Array.from({ length: rows }, (_, i) => row(i)).join(',\n          ')}])`;
}

/** The quick pick's path (its command, with the choice given): re-trace at once, then the settings write. */
async function layers(value: string): Promise<void> {
  await vscode.commands.executeCommand('backpropTrace.chooseLayers', value);
}

export async function panelOpen(runs: number): Promise<void> {
  const { api } = await activateTimed();
  await openAt('seed.py', 'np.array([[1.0');
  const warm = await timed(api, 'warm-up (first trace, panel created)', 0, trace) as Trace;
  if (!warm.ok) throw new Error(`trace failed: ${warm.error}`);
  await sleep(1000);

  for (let i = 1; i <= runs; i++) {
    await openAt('seed.py', 'np.array([[1.0');
    await timed(api, 'seed trace', i, trace);
    await sleep(200);
  }

  const sigmoid = warm.graph?.nodes.find((n) => n.layer === 'sigmoid')?.id;
  if (!sigmoid) throw new Error('no Sigmoid node in the seed trace');
  for (let i = 1; i <= runs; i++) {
    await timed(api, 'expand Sigmoid', i, () => vscode.commands.executeCommand('backpropTrace.toggleExpand', sigmoid, true));
    await sleep(200);
    await timed(api, 'collapse Sigmoid', i, () => vscode.commands.executeCommand('backpropTrace.toggleExpand', sigmoid, false));
    await sleep(200);
  }

  // A layers change as the quick pick makes it: the re-trace, and the settings write meanwhile
  // (host here is until the write is done too; the trace is posted before it).
  for (let i = 1; i <= runs; i++) {
    await timed(api, 'layers change (relu>sigmoid)', i, () => layers('relu>sigmoid'));
    await sleep(200);
    await timed(api, 'layers change (back to default)', i, () => layers('relu,sigmoid'));
    await sleep(200);
  }

  // Step: the panel reports `stepped` when the flow moved. Step back jumps (no animation), so its
  // report follows the new frame; Step forward reports when its 700 ms pulse has arrived.
  await vscode.commands.executeCommand('backpropTrace.reset', 5);
  await api.whenStepped(5);
  for (let i = 1; i <= runs; i++) {
    for (const [command, to, name] of [['stepBack', 4, 'Step back'], ['stepForward', 5, 'Step forward (incl. its 700 ms pulse)']] as const) {
      const start = Date.now();
      await vscode.commands.executeCommand(`backpropTrace.${command}`);
      await api.whenStepped(to);
      emit('panel', { name, run: i, start, back: Date.now() });
      await sleep(150);
    }
  }

  // 100 × 100, a literal in an untitled document (50 KB of text).
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `import numpy as np\nx = ${literal(100, 100)}\n` });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const text = doc.getText();
  const from = text.indexOf('np.array(') + 'np.array('.length;
  editor.selection = new vscode.Selection(doc.positionAt(from), doc.positionAt(text.lastIndexOf(')')));
  await sleep(1000);
  for (let i = 1; i <= runs; i++) {
    const t = (await timed(api, '100×100 literal trace', i, trace)) as Trace;
    if (i === 1) emit('wire', { name: '100×100 literal trace', bytes: wireBytes(t.graph) });
    await sleep(300);
  }
}
