// Before any of the reader's code runs: never in an untrusted workspace or without a local
// Python (the web extension), and, when "Trace backprop" would run code only because the cursor
// is not on an array, a first-time question per workspace. The explicit commands just run.
import * as vscode from 'vscode';

const ALWAYS_KEY = 'backpropTrace.runCode.always';

/** A sentence saying why code cannot run here, or undefined when it may. */
export function refusal(env: { trusted: boolean; web: boolean }): string | undefined {
  if (env.web) {
    return vscode.l10n.t('Tracing your own Python layers needs a local Python: open this folder in VS Code on your computer (this browser version cannot run Python).');
  }
  if (!env.trusted) {
    return vscode.l10n.t('This workspace is not trusted, so Backprop Trace will not run its Python. Trust the workspace (Manage Workspace Trust) to trace your own layers; array literals can still be traced.');
  }
  return undefined;
}

export type Ask = () => Thenable<'run' | 'always' | undefined>;

const modal: Ask = async () => {
  const run = vscode.l10n.t('Run');
  const always = vscode.l10n.t('Always');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('Run this file\'s Python to trace its layers?'),
    { modal: true, detail: vscode.l10n.t('The cursor is not on an array, so Backprop Trace would run the code with your Python interpreter. "Always" stops asking in this workspace.') },
    run,
    always,
  );
  return pick === run ? 'run' : pick === always ? 'always' : undefined;
};

/** True when the user agrees (or agreed "Always" before, in this workspace). */
export async function consentToRun(state: vscode.Memento, ask: Ask = modal): Promise<boolean> {
  if (state.get<boolean>(ALWAYS_KEY) === true) return true;
  const answer = await ask();
  if (answer === 'always') await state.update(ALWAYS_KEY, true);
  return answer !== undefined;
}

/** Tests (and a future "forget" command): set or clear the remembered "Always". */
export function rememberConsent(state: vscode.Memento, always: boolean | undefined): Thenable<void> {
  return state.update(ALWAYS_KEY, always);
}
