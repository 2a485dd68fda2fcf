// What the debugger tests share: waiting for an event of the debug session, and an evaluate in
// the selected frame as the extension sends it (clipboard context, raw string, the frameId).
import * as assert from 'assert';
import * as vscode from 'vscode';

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
