// The web build's run mode (vscode.dev, github.dev): there is no local Python to run, so the
// commands say so in one sentence. Swapped in for register.ts by webpack.config.js.
import * as vscode from 'vscode';
import { TRACE_FILE } from './codeLens';
import { refusal } from './consent';
import type { RunModeApi } from './register';
import { setCodeRunner, type CodeOutcome } from './runner';

function needsLocalPython(): CodeOutcome {
  const message = refusal({ trusted: vscode.workspace.isTrusted, web: true }) ?? '';
  void vscode.window.showInformationMessage(vscode.l10n.t('Backprop Trace: {0}', message));
  return { ok: false, error: message };
}

export function registerRunMode(context: vscode.ExtensionContext): RunModeApi {
  setCodeRunner({ traceCode: async () => needsLocalPython(), traceNotebook: async () => needsLocalPython() });
  context.subscriptions.push(vscode.commands.registerCommand(TRACE_FILE, async () => needsLocalPython()));
  return { rememberRunConsent: async () => undefined };
}
