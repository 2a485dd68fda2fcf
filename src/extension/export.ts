// Exports of the trace: PNG and SVG drawn by the webview (it has the picture), the trace as JSON
// and "copy as numpy code" made here (the host has the arrays). Writes only where the user says.
import * as vscode from 'vscode';
import { writeNested, type Tensor, type Writer } from '../engine';
import type { ExportFormat, FromWebviewMessage, GraphEdge, TraceGraph } from '../protocol';
import { numpyCode } from './numpyCode';
import type { TracePanel } from './panel';

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

/**
 * The trace as JSON, written from the whole graph the panel shows (a worker's trace is made again
 * there, the same values; a small one is not computed again): every
 * node and edge with its values, and for a literal trace also x and each layer's out, dout, dx
 * and cache, as the book names them.
 */
export function traceJson(graph: TraceGraph): string {
  const parts: string[] = [];
  const out: Writer = { write: (s: string) => parts.push(s) };
  const tensor = (t: { shape: readonly number[]; data: Float64Array }) => writeNested(out, t as Tensor);
  const field = (k: string, t: { shape: readonly number[]; data: Float64Array } | undefined) => {
    if (!t) return;
    out.write(`, ${JSON.stringify(k)}: `);
    tensor(t);
  };
  out.write(`{"title": ${JSON.stringify(graph.title)}, "source": "${graph.source}", "dout_source": "${graph.doutSource}"`);
  if (graph.shape) out.write(`, "shape": ${JSON.stringify(graph.shape)}`);
  if (graph.mode) out.write(`, "mode": "${graph.mode}"`);
  const x = graph.edges.find((e) => e.source === 'x' && e.forward);
  if (graph.source === 'literal') field('x', x?.forward);
  // Layers in graph order; an expanded Sigmoid counts as its layer (its primitives share a parent).
  const layers = [...new Set(graph.nodes.flatMap((n) => (n.kind === 'layer' ? [n.id] : n.parent ? [n.parent] : [])))];
  const inside = (id: string, node: string) => id === node || graph.nodes.some((n) => n.id === id && n.parent === node);
  out.write(',\n "layers": [');
  layers.forEach((id, i) => {
    const node = graph.nodes.find((n) => n.id === id);
    const into = graph.edges.filter((e) => inside(e.target, id) && !inside(e.source, id));
    const from = graph.edges.find((e) => inside(e.source, id) && !inside(e.target, id));
    // Only a Sigmoid expands into primitives, which replace its node.
    const name = node?.layer ?? 'sigmoid';
    out.write(`${i ? ',' : ''}\n  {"id": ${JSON.stringify(id)}, "name": ${JSON.stringify(name)}`);
    field('out', from?.forward);
    field('dout', from?.backward);
    field('dx', into.find((e) => !e.targetPort || e.targetPort === node?.inputs?.[0])?.backward);
    for (const e of into) if (e.targetPort && e.targetPort !== 'x') field(`d${e.targetPort}`, e.backward);
    for (const c of node?.cache ?? []) field(c.name, c.mask ? { shape: c.mask.shape, data: Float64Array.from(c.mask.data) } : c.value);
    out.write('}');
  });
  out.write('\n ],\n "edges": [');
  graph.edges.forEach((e: GraphEdge, i) => {
    out.write(`${i ? ',' : ''}\n  {"id": ${JSON.stringify(e.id)}, "source": ${JSON.stringify(e.source)}, "target": ${JSON.stringify(e.target)}`);
    if (e.targetPort) out.write(`, "port": ${JSON.stringify(e.targetPort)}`);
    field(e.forwardName ?? 'forward', e.forward);
    field(e.backwardName ?? 'backward', e.backward);
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
  if (!panel?.graph) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: trace an array first, then export it.'));
    return undefined;
  }
  try {
    if (format === 'numpy') {
      const dag = panel.source?.dag?.();
      if (!dag) throw new Error(vscode.l10n.t('your own Python is already code: this graph cannot be copied as numpy code'));
      await vscode.env.clipboard.writeText(numpyCode(dag));
      void vscode.window.showInformationMessage(vscode.l10n.t('Backprop Trace: numpy code copied to the clipboard.'));
      return undefined;
    }
    let bytes: Uint8Array;
    if (format === 'json') {
      // A worker's trace is made again for its values (about 1 s for 1000×1000): say so meanwhile.
      const graph = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Backprop Trace: exporting the trace as JSON…') }, () => panel.fullGraph());
      bytes = new TextEncoder().encode(traceJson(graph));
    }
    else {
      const image = await requestImage(panel, format);
      bytes = image.format === 'png' ? image.data : new TextEncoder().encode(image.data);
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${exportStem(panel.graph.title)}-trace.${format}`;
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
