// A 1000 × 1000 literal (about 11 MB of text) opened and traced at once, as a person would: the
// file is opened, the array selected and the command run with no pause. An event-loop lag probe
// runs on this thread, which is the extension host's own, from before the file is opened until
// the graph is drawn; blocks are printed with the host's CPU time meanwhile, so a block that
// used little CPU reads as "the machine did not run us", not as our code. The process's CPU time
// includes the trace worker's thread, so each block also gets this thread's own event-loop
// utilisation: the part of the block it spent running callbacks rather than waiting to be woken.
import { performance as perfHooks } from 'perf_hooks';
import * as vscode from 'vscode';
import { profileHost } from './hostProfile';
import { activateTimed, emit, openAt, sleep } from './inHost';
import { wireBytes } from './wireSize';

interface Block { ms: number; at: number; cpuMs: number; activeMs: number }

function lagProbe(): () => Block[] {
  const blocks: Block[] = [];
  let last = performance.now();
  let cpu = process.cpuUsage();
  let elu = perfHooks.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const loop = perfHooks.eventLoopUtilization(elu);
    if (now - last > 20) blocks.push({ ms: now - last - 10, at: Date.now(), cpuMs: (used.user + used.system) / 1000, activeMs: loop.active });
    last = now;
    cpu = process.cpuUsage();
    elu = perfHooks.eventLoopUtilization();
  }, 10);
  return () => {
    clearInterval(timer);
    return blocks;
  };
}

export async function bigTraces(runs: number): Promise<void> {
  const { api } = await activateTimed();
  for (let i = 1; i <= runs; i++) {
    emit('big-begin', { run: i });
    await sleep(1500); // the driver starts watching the workbench's notifications now
    const stop = lagProbe();
    // Who holds the thread in a long block: our code, VS Code's own (its providers on the new
    // 11 MB document), or the GC.
    const profiled = await profileHost();
    const opened = Date.now();
    const editor = await openAt(`big${i}.py`, 'np.array(');
    const doc = editor.document;
    const text = doc.getText();
    editor.selection = new vscode.Selection(editor.selection.active, doc.positionAt(text.lastIndexOf(')')));
    const rendered = api.whenRendered(300_000);
    const start = Date.now();
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as { ok: boolean; error?: string; graph?: unknown };
    const resolved = Date.now();
    if (!outcome.ok) throw new Error(`trace failed: ${outcome.error}`);
    const report = await rendered;
    const back = Date.now();
    const blocks = stop();
    const held = await profiled(start);
    const worst = (from: number) => blocks.filter((b) => b.at > from).reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, at: 0, cpuMs: 0, activeMs: 0 });
    emit('big', {
      run: i, wireBytes: wireBytes(outcome.graph), opened, start, resolved, receivedAt: report.receivedAt, drawMs: report.drawMs, back, chars: text.length,
      worstSinceOpen: worst(opened), worstSinceCommand: worst(start),
      // On a busy machine a long wall-clock block may be the OS running others: CPU time is ours.
      maxCpuSinceCommand: Math.max(0, ...blocks.filter((b) => b.at > start).map((b) => b.cpuMs)),
      // The longest time this thread itself was running within one block (the event loop held).
      maxActiveSinceCommand: Math.max(0, ...blocks.filter((b) => b.at > start).map((b) => b.activeMs)),
      held,
      over50: blocks.filter((b) => b.ms > 50).map((b) => ({ ms: Math.round(b.ms), cpuMs: Math.round(b.cpuMs), activeMs: Math.round(b.activeMs), at: b.at - start })),
    });
    emit('big-end', { run: i });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // the panel too
    await sleep(3000);
  }
  // The same traces with the panel already open and the editor left to settle: what is left of
  // the transfer without the new panel's start-up (the split the figures above cannot show).
  await openAt('seed.py', 'np.array([[1.0');
  const warm = api.whenRendered(60_000);
  await vscode.commands.executeCommand('backpropTrace.trace');
  await warm;
  for (let i = 1; i <= runs; i++) {
    const editor = await openAt(`big${i}.py`, 'np.array(');
    const doc = editor.document;
    editor.selection = new vscode.Selection(editor.selection.active, doc.positionAt(doc.getText().lastIndexOf(')')));
    await sleep(4000);
    const rendered = api.whenRendered(300_000);
    const start = Date.now();
    await vscode.commands.executeCommand('backpropTrace.trace');
    const resolved = Date.now();
    const report = await rendered;
    emit('big-open', { run: i, start, resolved, receivedAt: report.receivedAt, drawMs: report.drawMs, back: Date.now() });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await sleep(1000);
  }
}

