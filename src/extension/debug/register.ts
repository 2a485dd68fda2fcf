// Tracing at a breakpoint, wired into VS Code: the tracker of paused Python sessions, "Trace
// backprop" in the Variables view's context menu, an expression command for the Debug Console
// (which offers no menu to extensions), the editor's hook, and Refresh after the next stop.
import * as vscode from 'vscode';
import { TracePanel } from '../panel';
import { lastPaused, tracePaused, type PausedOutcome, type PausedTarget } from './pausedTrace';
import { nameAt, REFRESH_PAUSED, TRACE_EXPRESSION, TRACE_VARIABLE } from './names';
import { describeFrame, isPythonSession, onDidStop, pausedFrame, registerPausedTracker } from './session';

/**
 * The editor's "Trace backprop" while a Python session is paused: the selection (one line) or
 * the name at the cursor, read from the paused frame. undefined when this does not apply (no
 * paused Python session, not a Python file, or the cursor on no name): the command then does
 * what it does without a debugger.
 */
export async function tracePausedFromEditor(extensionUri: vscode.Uri, editor: vscode.TextEditor): Promise<PausedOutcome | undefined> {
  if (editor.document.languageId !== 'python' || !isPythonSession(vscode.debug.activeDebugSession)) return undefined;
  const sel = editor.selection;
  const text = sel.isEmpty ? nameAt(editor.document, sel.active) : editor.document.getText(sel).trim();
  if (!text || text.includes('\n') || text.length > 500) return undefined;
  const frame = await pausedFrame();
  if (!frame) return undefined;
  return tracePaused(extensionUri, { expr: text }, frame);
}

/** The Variables view passes { variable: { name, evaluateName } }: the path debugpy gives it. */
function variableExpression(args: unknown): string | undefined {
  const variable = typeof args === 'object' && args !== null && 'variable' in args ? (args as { variable: unknown }).variable : undefined;
  if (typeof variable !== 'object' || variable === null) return undefined;
  const { evaluateName, name } = variable as { evaluateName?: unknown; name?: unknown };
  return typeof evaluateName === 'string' && evaluateName ? evaluateName : typeof name === 'string' ? name : undefined;
}

/** `{ expr, input?, dout? }` from a caller (tests, the Debug Console's keybinding), else asked for. */
async function expressionTarget(args: unknown): Promise<PausedTarget | undefined> {
  if (typeof args === 'object' && args !== null && typeof (args as PausedTarget).expr === 'string') {
    const a = args as PausedTarget;
    const str = (s: unknown) => (typeof s === 'string' ? s : undefined);
    return { expr: a.expr, input: str(a.input), dout: str(a.dout), ask: a.ask !== false };
  }
  const frame = await pausedFrame();
  const expr = await vscode.window.showInputBox({
    title: vscode.l10n.t('Backprop Trace: trace in the paused frame'),
    prompt: frame ? vscode.l10n.t('A name or expression in the frame {0}', describeFrame(frame)) : undefined,
    placeHolder: 'self.layers["Affine1"]',
    value: await clipboardName(),
    ignoreFocusOut: true,
  });
  return expr ? { expr } : undefined;
}

/** A short one-line clipboard (text just copied from the Debug Console) prefills the box. */
async function clipboardName(): Promise<string | undefined> {
  const text = (await vscode.env.clipboard.readText()).trim();
  return text && text.length <= 200 && !text.includes('\n') ? text : undefined;
}

/** After a stop, a panel showing a trace made at a breakpoint offers to read it again there. */
async function offerRefresh(): Promise<void> {
  const last = lastPaused;
  if (!last || offering || TracePanel.current?.session.graph?.title !== last.title) return;
  const frame = await pausedFrame();
  if (!frame) return;
  TracePanel.current?.post({ type: 'status', text: vscode.l10n.t('The program stopped again ({0}): Refresh reads {1} there.', describeFrame(frame), last.target.expr) });
  const refresh = vscode.l10n.t('Refresh');
  offering = true; // one question at a time, however often the user steps
  try {
    const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Backprop Trace: the program stopped again ({0}). Refresh the trace of {1}?', describeFrame(frame), last.target.expr), refresh);
    if (pick === refresh) await vscode.commands.executeCommand(REFRESH_PAUSED);
  } finally {
    offering = false;
  }
}
let offering = false;

export function registerPaused(context: vscode.ExtensionContext): void {
  const uri = context.extensionUri;
  context.subscriptions.push(
    registerPausedTracker(),
    vscode.commands.registerCommand(TRACE_VARIABLE, async (args?: unknown) => {
      const expr = variableExpression(args);
      return expr ? tracePaused(uri, { expr }) : undefined;
    }),
    vscode.commands.registerCommand(TRACE_EXPRESSION, async (args?: unknown) => {
      const target = await expressionTarget(args);
      return target ? tracePaused(uri, target) : undefined;
    }),
    vscode.commands.registerCommand(REFRESH_PAUSED, async () => (lastPaused ? tracePaused(uri, lastPaused.target) : undefined)),
    onDidStop(() => void offerRefresh()),
  );
}
