// Exports of the trace: PNG and SVG drawn by the webview (it has the picture), the trace as JSON
// and "copy as numpy code" made here (the host has the arrays). Writes only where the user says.
import * as vscode from 'vscode';
import { runLayers, writeNested, type Tensor, type Writer } from '../engine';
import type { ExportFormat, FromWebviewMessage } from '../protocol';
import { numpyCode } from './numpyCode';
import type { TracePanel } from './panel';
import { readSettings, runOptions } from './traceSession';

type Exported = Extract<FromWebviewMessage, { type: 'exported' }>;
let imageWaiter: ((m: Exported) => void) | undefined;

/** Called by the panel's message handler when the webview sends the image it drew. */
export function receiveImage(m: Exported): void {
  imageWaiter?.(m);
  imageWaiter = undefined;
}

function requestImage(panel: TracePanel, format: 'png' | 'svg'): Promise<Exported> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(vscode.l10n.t('The trace panel did not send the image.'))), 20_000);
    imageWaiter = (m) => {
      clearTimeout(timer);
      resolve(m);
    };
    panel.post({ type: 'exportImage', format });
  });
}

/** The trace as JSON: x, dout and every layer's out and dx (plus ReLU's mask), written in pieces. */
export function traceJson(panel: TracePanel): string {
  const input = panel.input;
  if (!input) throw new Error('nothing traced');
  const opts = runOptions(readSettings().layers, input.dout);
  const run = runLayers(input.x, opts);
  const parts: string[] = [];
  const out: Writer = { write: (s: string) => parts.push(s) };
  const tensor = (t: Tensor) => writeNested(out, t);
  out.write(`{"title": ${JSON.stringify(input.title)}, "shape": ${JSON.stringify(input.x.shape)}, "mode": "${run.mode}", "dout_source": "${input.doutSource}",\n "x": `);
  tensor(input.x);
  out.write(',\n "layers": [');
  run.steps.forEach((s, i) => {
    out.write(`${i ? ',' : ''}\n  {"name": "${s.name}", "out": `);
    tensor(s.out);
    out.write(', "dout": ');
    tensor(s.dout);
    out.write(', "dx": ');
    tensor(s.dx);
    if (s.mask) {
      out.write(', "mask": ');
      tensor({ shape: s.input.shape, data: Float64Array.from(s.mask) });
    }
    out.write('}');
  });
  out.write('\n ]}\n');
  return parts.join('');
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
  if (!panel?.input) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: trace an array first, then export it.'));
    return undefined;
  }
  try {
    if (format === 'numpy') {
      await vscode.env.clipboard.writeText(numpyCode(panel.input.x, runOptions(readSettings().layers, panel.input.dout)));
      void vscode.window.showInformationMessage(vscode.l10n.t('Backprop Trace: numpy code copied to the clipboard.'));
      return undefined;
    }
    let bytes: Uint8Array;
    if (format === 'json') bytes = new TextEncoder().encode(traceJson(panel));
    else {
      const image = await requestImage(panel, format);
      bytes = image.format === 'png' ? image.data : new TextEncoder().encode(image.data);
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `backprop-trace.${format}`;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: FILTERS[format] }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, bytes);
    return uri;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Backprop Trace: export failed: {0}', e instanceof Error ? e.message : String(e)));
    return undefined;
  }
}
