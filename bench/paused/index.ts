// Runs inside the extension host for bench:paused (see run.ts): starts the debug session, waits
// for the stop, then times each case RUNS times and prints medians and ratios.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BackpropTraceApi } from '../../src/extension/extension';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';

const ROOT = path.resolve(__dirname, '../../..');
const PROGRAM = path.join(ROOT, 'test', 'fixtures', 'debug', 'two_layer_net.py');
const RUNS = Number(process.env.BPT_BENCH_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function frame(): Promise<vscode.DebugStackFrame> {
  for (const end = Date.now() + 90_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const item = vscode.debug.activeStackItem;
    if (item instanceof vscode.DebugStackFrame) return item;
  }
  throw new Error('the program did not stop at the breakpoint');
}

async function bareEvaluate(f: vscode.DebugStackFrame): Promise<number> {
  const t = performance.now();
  await f.session.customRequest('evaluate', { expression: '1', frameId: f.frameId, context: 'clipboard' });
  return performance.now() - t;
}

/** Command → the panel's report of the drawn graph. `closed`: the panel is closed first. */
async function traced(api: BackpropTraceApi, expr: string, closed: boolean): Promise<{ ms: number; evaluateMs: number; chars: number }> {
  if (closed) {
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    await new Promise((r) => setTimeout(r, 300));
  }
  const t = performance.now();
  const drawn = api.whenRendered(60_000);
  const outcome = (await vscode.commands.executeCommand('backpropTrace.traceExpression', { expr, ask: false })) as PausedOutcome;
  if (!outcome.ok) throw new Error(outcome.error);
  await drawn;
  return { ms: performance.now() - t, evaluateMs: outcome.ms, chars: outcome.chars };
}

export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<BackpropTraceApi>('backprop-trace.backprop-trace')!.activate();
  const doc = await vscode.workspace.openTextDocument(PROGRAM);
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(20, 0)))]);
  await vscode.debug.startDebugging(undefined, { type: 'debugpy', name: 'bench', request: 'launch', program: PROGRAM, args: ['100'], python: '/usr/bin/python3', console: 'internalConsole' });
  const f = await frame();
  const records: Record<string, unknown>[] = [];
  const bare: number[] = [];
  for (let k = 0; k < RUNS * 2; k++) bare.push(await bareEvaluate(f));
  const cases: [string, string][] = [['100x784 array (x_batch)', 'x_batch'], ['TwoLayerNet instance (net)', 'net']];
  const lines = [`bare evaluate of 1: median ${median(bare).toFixed(1)} ms over ${bare.length}`];
  for (const [label, expr] of cases) {
    for (const closed of [true, false]) {
      const got: { ms: number; evaluateMs: number; chars: number }[] = [];
      await traced(api, expr, false); // warm: the probe's source read once, the panel's scripts cached
      for (let k = 0; k < RUNS; k++) got.push(await traced(api, expr, closed));
      const ms = median(got.map((g) => g.ms));
      const ev = median(got.map((g) => g.evaluateMs));
      records.push({ label, closed, runs: got, bare: median(bare) });
      lines.push(`${label}, panel ${closed ? 'closed' : 'open'}: command → graph ${ms.toFixed(0)} ms (${(ms / median(bare)).toFixed(1)}× a bare evaluate), of which the evaluate ${ev.toFixed(0)} ms (${(ev / median(bare)).toFixed(1)}×), ${got[0].chars.toLocaleString('en-US')} characters`);
    }
  }
  lines.push(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const l of lines) console.log(`[bench:paused] ${l}`);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-results', 'bench-paused.json'), JSON.stringify({ runs: RUNS, bare, records }, null, 2));
  await vscode.debug.stopDebugging();
}
