// What the debugger tests share: waiting for an event of the debug session, and an evaluate in
// the selected frame as the extension sends it (clipboard context, raw string, the frameId); a
// suite's debugpy session stopped at a line (pausedAt).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeAll } from './util';

export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
  }
}

export async function evaluate(expression: string): Promise<string> {
  const item = vscode.debug.activeStackItem;
  assert.ok(item instanceof vscode.DebugStackFrame, 'a frame is selected');
  const r = (await item.session.customRequest('evaluate', { expression, frameId: item.frameId, context: 'clipboard', format: { rawString: true } })) as { result: string };
  return r.result;
}

/** A debugpy session of `program` stopped at `file`:`line`; stopped again in `after`. */
export function pausedAt(program: string, file: string, line: number): void {
  let session: vscode.DebugSession | undefined;
  let stops = 0;
  const subs: vscode.Disposable[] = [];
  before(async () => {
    await api();
    subs.push(vscode.debug.registerDebugAdapterTrackerFactory('debugpy', {
      createDebugAdapterTracker: () => ({ onDidSendMessage: (m: { type?: string; event?: string }) => void (m.type === 'event' && m.event === 'stopped' && stops++) }),
    }));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(line - 1, 0)))]);
    subs.push(vscode.debug.onDidStartDebugSession((s) => (session = s)));
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'debugpy', name: path.basename(program), request: 'launch', program, cwd: path.dirname(program), python: '/usr/bin/python3', console: 'internalConsole', justMyCode: true,
    });
    assert.ok(started, 'the debugpy session started');
    await waitFor(() => stops > 0 && vscode.debug.activeStackItem instanceof vscode.DebugStackFrame, 60_000, 'the stop at the breakpoint');
  });
  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints); // before the stop: the adapter is there to take it
    if (session) await vscode.debug.stopDebugging(session);
    subs.forEach((s) => s.dispose());
    await closeAll();
  });
}
