// Exports of the trace: PNG and SVG drawn by the webview (it has the picture), the trace as JSON
// and "copy as numpy code" made here (the host has the arrays). Writes only where the user says.
import * as vscode from 'vscode';
import type { ExportFormat, FromWebviewMessage } from '../../protocol';
import { numpyCode } from './numpyCode';
import type { TracePanel } from './panel';

export { traceJson } from '../../engine/print/traceJson';

type Exported = Extract<FromWebviewMessage, { type: 'exported' }>;
/** Each image request waits for the reply that quotes its id: PNG then SVG in quick succession never swap. */
const imageWaiters = new Map<number, (m: Exported) => void>();
let nextRequest = 1;

/** Called by the panel's message handler when the webview sends the image it drew. */
export function receiveImage(m: Exported): void {
  const waiter = imageWaiters.get(m.inReplyTo);
  imageWaiters.delete(m.inReplyTo);
  waiter?.(m);
}

export function requestImage(panel: TracePanel, format: 'png' | 'svg'): Promise<Exported> {
  const requestId = nextRequest++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      imageWaiters.delete(requestId);
      reject(new Error(vscode.l10n.t('The trace panel did not send the image.')));
    }, 20_000);
    imageWaiters.set(requestId, (m) => {
      clearTimeout(timer);
      if (m.format !== format) reject(new Error(`asked for ${format}, got ${m.format}`));
      else resolve(m);
    });
    panel.post({ type: 'exportImage', format, requestId });
  });
}


const FILTERS: Record<'png' | 'svg' | 'json', Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
  json: { JSON: ['json'] },
};

/**
 * Runs one export. `target` skips the save dialog (tests, scripts). Returns where it wrote,
 * or undefined when the user cancelled or copied to the clipboard.
 */
export async function exportTrace(panel: TracePanel | undefined, format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!panel?.session.graph) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: trace an array first, then export it.'));
    return undefined;
  }
  try {
    if (format === 'numpy') {
      const dag = panel.session.source?.dag?.();
      if (!dag) throw new Error(vscode.l10n.t('your own Python is already code: this graph cannot be copied as numpy code'));
      await vscode.env.clipboard.writeText(numpyCode(dag));
      void vscode.window.showInformationMessage(vscode.l10n.t('Backprop Trace: numpy code copied to the clipboard.'));
      return undefined;
    }
    let bytes: Uint8Array;
    if (format === 'json') {
      // A worker's trace is made again there and written as JSON there too (7 s and 187 MB for
      // 1000×1000, which on this thread would hold the extension host): say so meanwhile.
      bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Backprop Trace: exporting the trace as JSON…') }, () => panel.session.traceJsonBytes());
    }
    else {
      const image = await requestImage(panel, format);
      bytes = image.format === 'png' ? image.data : new TextEncoder().encode(image.data);
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${exportStem(panel.session.graph.title)}-trace.${format}`;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: FILTERS[format] }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, bytes);
    if (!target) void savedMessage(uri);
    return uri;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Backprop Trace: export failed: {0}', e instanceof Error ? e.message : String(e)));
    return undefined;
  }
}

/** `seed` for a trace titled `examples/seed.py:3:5`: the default file name says what was traced. */
export function exportStem(title: string): string {
  const file = title.replace(/:\d+(:\d+)?$/, '').split(/[\\/]/).pop() ?? '';
  const stem = file.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem || 'backprop';
}

async function savedMessage(uri: vscode.Uri): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal');
  const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Backprop Trace: saved to {0}', vscode.workspace.asRelativePath(uri)), open, reveal);
  if (pick === open) await vscode.commands.executeCommand('vscode.open', uri);
  else if (pick === reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
}
