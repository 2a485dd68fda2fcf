// The UI benchmark's side inside the extension host (loaded as extensionTestsPath, like the
// integration tests' mocha index). It runs one scenario, chosen by the driver (bench/ui/run.ts)
// through env BPT_BENCH_SCENARIO, and prints what it timed as `@@bench {json}` lines through
// console.log, which the workbench forwards to the driver. Times are epoch ms (Date.now()): the
// host, the webviews and the driver share the machine's clock, so they can be subtracted.
import * as vscode from 'vscode';
import { bigTraces } from './bigTrace';
import { activateTimed, emit, openAt, sleep, workspaceFile } from './inHost';
import { likeForLike } from './likeForLike';
import { panelOpen } from './panelOpen';
import { runMode } from './runMode';

/** Fresh window: activation, then the seed trace, the way a person starts. */
async function freshTrace(): Promise<void> {
  const { api, activationMs, wasActive } = await activateTimed();
  await openAt('seed.py', 'np.array([[1.0');
  await sleep(1500); // the same settling time as the Markdown run: the window's own start-up work
  const rendered = api.whenRendered(60_000);
  const start = Date.now();
  const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as { ok: boolean; error?: string };
  const resolved = Date.now();
  if (!outcome.ok) throw new Error(`trace failed: ${outcome.error}`);
  const report = await rendered;
  emit('fresh-trace', { start, resolved, receivedAt: report.receivedAt, drawMs: report.drawMs, firstFrameMs: report.firstFrameMs, back: Date.now(), activationMs, wasActive });
  // VS Code's own activation figure (code loading + activate call) is in this editor; the driver
  // reads it, and the webview's frame, once run() returns (both stay open).
  await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
  await sleep(2000);
}

/** Fresh window: VS Code's own Markdown preview of a small file, the yardstick. */
async function freshMarkdown(): Promise<void> {
  const md = workspaceFile('preview.md');
  await openAt('preview.md', '# ');
  await sleep(1500);
  const start = Date.now();
  await vscode.commands.executeCommand('markdown.showPreviewToSide', md);
  emit('fresh-md', { start, resolved: Date.now() });
  await sleep(4000); // the driver sees the preview drawn in its frame; the host cannot
}

export async function run(): Promise<void> {
  const scenario = process.env.BPT_BENCH_SCENARIO;
  const runs = Number(process.env.BPT_BENCH_RUNS || 5);
  try {
    if (scenario === 'fresh-trace') await freshTrace();
    else if (scenario === 'fresh-md') await freshMarkdown();
    else if (scenario === 'first') await likeForLike(runs);
    else if (scenario === 'panel') await panelOpen(runs);
    else if (scenario === 'big') await bigTraces(runs);
    else if (scenario === 'run') await runMode(runs);
    else throw new Error(`unknown BPT_BENCH_SCENARIO ${scenario}`);
    emit('done', {});
  } catch (e) {
    emit('error', { message: e instanceof Error ? e.stack ?? e.message : String(e) });
    throw e;
  }
}
