// What a trace was made from (x, dout, layers, title) and how to make it again: the panel re-traces
// when a node is expanded, a setting changes or the window reloads, without the editor.
import * as vscode from 'vscode';
import { DEFAULT_LAYERS, literalSpec, parseArray, ParseError, tracedX, type DoutSpec, type RunOptions, type Tensor } from '../../engine';
import { traceJson } from '../../engine/print/traceJson';
import type { PanelSettings, RestoreInfo, TraceGraph } from '../../protocol';
import type { ScalarType } from '../../engine/graph/graph';
import { host } from '../host';
import { TracePanel, type GraphSource, type SourceView } from '../panel';
import { parseLayers, readSettings } from '../panel/settings';
import { parseErrorText } from '../parseErrorText';
import { retrace } from './pipeline';
import { Slicer } from './slicer';

export type { RestoreInfo };

/** Literals up to this size are kept verbatim in the panel's state, so a reload can re-parse them. */
const KEEP_TEXT = 256 * 1024;

export interface TraceInput {
  x: Tensor;
  dout: DoutSpec;
  doutSource: TraceGraph['doutSource'];
  title: string;
  restore: RestoreInfo;
  /** x is a number the paused program holds (`apple = 100`): Python's int or float, or a numpy scalar. */
  scalar?: ScalarType;
  /** That number as the program's str(), when float64 cannot hold it (an integer past 2**53): drawn instead. */
  text?: string;
}

/**
 * Says on x's edges what x's float64 does not: that it is a number (the details read `int`, not
 * a 0-d ndarray) and its str() past 2**53, or an int64 array's exact digits; in every rebuild.
 */
function markInput<T extends { graph?: TraceGraph; wire: TraceGraph }>(built: T, input: TraceInput): T {
  const { scalar, text, x } = input;
  if (!scalar && !x.exact) return built;
  for (const g of [built.graph, built.wire]) {
    const inputs = new Set(g?.nodes.filter((n) => n.kind === 'input').map((n) => n.id));
    for (const e of g?.edges ?? []) {
      if (!inputs.has(e.source) || !e.forward) continue;
      if (scalar && e.forward.shape.length === 0) Object.assign(e.forward, { scalar }, text !== undefined ? { text } : {});
      else if (x.exact && !e.forward.preview && e.forward.data.length === x.data.length) e.forward.exact = x.exact;
    }
  }
  return built;
}

export function runOptions(layers: string, dout: DoutSpec): RunOptions {
  return { ...(parseLayers(layers) ?? { ...DEFAULT_LAYERS, layers: [...DEFAULT_LAYERS.layers] }), dout };
}

/**
 * The literal trace as a panel source. Every rebuild (expand, a layers change, a reload) takes
 * the first trace's path (a worker for a big x, slices here otherwise), so none of them holds
 * the extension host for long.
 */
export function literalSource(input: TraceInput): GraphSource {
  /** The one re-trace of this x with the current layers setting and the view's expanded nodes. */
  const again = (view: SourceView, want: { full?: boolean; json?: boolean } = {}) => {
    if (!host.extensionUri) throw new Error('re-trace before activation');
    const job = { opts: runOptions(readSettings().layers, input.dout), title: input.title, view: { expanded: view.expanded, doutSource: input.doutSource } };
    return retrace(host.extensionUri, input.x, job, new Slicer(), want).then((built) => markInput(built, input));
  };
  return {
    title: input.title,
    restore: input.restore,
    settings: ['backpropTrace.layers'],
    dag: () => literalSpec(input.x, runOptions(readSettings().layers, input.dout)),
    build: (view) => again(view),
    async full(view) {
      const { graph } = await again(view, { full: true });
      if (!graph) throw new Error('the re-trace gave no graph');
      return graph;
    },
    async json(view) {
      // A worker writes the JSON where the whole graph is; a small x's graph is made here anyway.
      const { graph, json } = await again(view, { json: true });
      if (json) return json;
      if (!graph) throw new Error('the re-trace gave no graph');
      return new TextEncoder().encode(traceJson(graph));
    },
  };
}

/**
 * dout for a trace started in `editor`: with two selections (multi-cursor) and the setting on
 * `auto`, the second one is dout; otherwise ones or a copy of x as the setting says.
 */
export function doutFromEditor(editor: vscode.TextEditor, settings: PanelSettings): { dout: DoutSpec; source: TraceGraph['doutSource']; text?: string } | string {
  if (settings.dout === 'same') return { dout: 'same', source: 'same' };
  const second = editor.selections[1];
  if (settings.dout === 'ones' || !second || second.isEmpty) return { dout: 'ones', source: 'ones' };
  const doc = editor.document;
  const text = doc.getText(second);
  try {
    return { dout: parseArray(text).tensor, source: 'selection', text };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const at = doc.positionAt(doc.offsetAt(second.start) + e.offset);
    return vscode.l10n.t('dout (the second selection): {0} ({1}:{2}:{3})', parseErrorText(e), vscode.workspace.asRelativePath(doc.uri), at.line + 1, at.character + 1);
  }
}

/**
 * The trace input for the array at `range` in `doc`, but x (which a worker may still be making);
 * dout may be the active editor's second selection.
 */
export function traceInput(doc: vscode.TextDocument, range: vscode.Range, title: string, text?: string): Omit<TraceInput, 'x'> | string {
  const settings = readSettings();
  const editor = vscode.window.activeTextEditor;
  const d = editor?.document === doc ? doutFromEditor(editor, settings) : { dout: settings.dout === 'same' ? ('same' as const) : ('ones' as const), source: settings.dout === 'same' ? ('same' as const) : ('ones' as const) };
  if (typeof d === 'string') return d;
  const doutText = 'text' in d && d.text && d.text.length <= KEEP_TEXT ? d.text : undefined;
  const restore: RestoreInfo = { title, doutText };
  if (text !== undefined && text.length <= KEEP_TEXT) restore.xText = text;
  else restore.xFrom = { uri: doc.uri.toString(), start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
  return { dout: d.dout, doutSource: d.source, title, restore };
}

/** Rebuilds the input from a reloaded panel's state; undefined if the array is gone. */
export async function inputFromRestore(r: RestoreInfo, settings: PanelSettings): Promise<TraceInput | undefined> {
  try {
    let text = r.xText;
    if (text === undefined && r.xFrom) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.xFrom.uri));
      text = doc.getText(new vscode.Range(doc.positionAt(r.xFrom.start), doc.positionAt(r.xFrom.end)));
    }
    if (text === undefined) return undefined;
    const parsed = parseArray(text);
    const x = tracedX(parsed);
    const dout: DoutSpec = r.doutText ? parseArray(r.doutText).tensor : settings.dout === 'same' ? 'same' : 'ones';
    return { x, dout, doutSource: r.doutText ? 'selection' : dout === 'same' ? 'same' : 'ones', title: r.title, restore: r };
  } catch {
    return undefined; // the document changed or closed: the panel shows its empty state instead
  }
}

/** After a window reload, a literal trace's panel traces its array again (kept text, or the document's range). */
export function registerLiteralReviver(): void {
  TracePanel.revivers.push({
    test: (r) => r.xText !== undefined || r.xFrom !== undefined,
    revive: async (r) => {
      const input = await inputFromRestore(r, readSettings());
      return input && literalSource(input);
    },
  });
}
