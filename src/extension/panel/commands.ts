// The graph panel's commands (flow, layers and dout quick picks, follow selection, exports), its
// serializer (the panel comes back after a window reload) and the settings it reacts to.
import * as vscode from 'vscode';
import { layerSpec, parseArray, PRIMITIVES_LAYER } from '../../engine';
import type { ExportFormat, FlowAction } from '../../protocol';
import { exportTrace, receiveImage } from './export';
import { literalAround } from '../literal/locate';
import { host } from '../host';
import { TracePanel } from './panel';
import { LAYER_CHOICES, readSettings, withPickedLayers } from './settings';

const FLOW: [string, FlowAction][] = [
  ['backpropTrace.play', 'play'],
  ['backpropTrace.stepForward', 'step'],
  ['backpropTrace.stepBack', 'stepBack'],
  ['backpropTrace.reset', 'reset'],
  ['backpropTrace.fitGraph', 'fit'],
];

const EXPORTS: [string, ExportFormat][] = [
  ['backpropTrace.exportPng', 'png'],
  ['backpropTrace.exportSvg', 'svg'],
  ['backpropTrace.exportJson', 'json'],
  ['backpropTrace.copyNumpy', 'numpy'],
];

async function update(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('backpropTrace').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The layers quick pick; `choice` (one of LAYER_CHOICES: keybindings, tests) skips it. */
export async function pickLayers(choice?: unknown): Promise<void> {
  const label = (n: string) => layerSpec(n).label;
  const describe = (value: string): [string, string] => {
    const [a, b] = value.split(/[,>]/);
    if (!b) return [vscode.l10n.t('{0} only', label(a)), `x → ${label(a)} → y`];
    if (value.includes('>')) return [vscode.l10n.t('Chain: {0} then {1}', label(a), label(b)), `x → ${label(a)} → ${label(b)} → y`];
    return [vscode.l10n.t('{0} and {1} side by side', label(a), label(b)), `x → ${label(a)} → y₁, x → ${label(b)} → y₂`];
  };
  const current = readSettings().layers;
  const items = LAYER_CHOICES.map((value) => ({ value, label: describe(value)[0], description: describe(value)[1], picked: value === current }));
  const given = typeof choice === 'string' && LAYER_CHOICES.includes(choice) ? { value: choice } : undefined;
  const pick = given ?? (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Backprop Trace: layers'), placeHolder: vscode.l10n.t('How x flows through the layers') }));
  if (!pick || pick.value === current) return;
  // Re-trace with the choice first (build reads the settings before its first await), then
  // write it; the configuration event that follows finds the panel already showing it.
  const p = TracePanel.current;
  withPickedLayers(pick.value, () => {
    p?.post({ type: 'settings', settings: readSettings() });
    if (p?.session.source?.settings?.includes('backpropTrace.layers')) {
      host.layers.traced = pick.value;
      void p.session.retrace();
    }
  });
  await update('layers', pick.value);
}

export async function pickDout(): Promise<void> {
  const items = [
    { value: 'auto', label: vscode.l10n.t('Second selection, else ones'), description: vscode.l10n.t('Select x, then Alt+select dout (multi-cursor)') },
    { value: 'ones', label: vscode.l10n.t('Ones'), description: 'dout = np.ones_like(y)' },
    { value: 'same', label: vscode.l10n.t('Same as x'), description: vscode.l10n.t('dout = x, as the notebook calls backward(x)') },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Backprop Trace: dout') });
  if (pick) await update('dout', pick.value);
}

/**
 * Expand or collapse a layer node: with `node` (tests, keybindings) directly, otherwise from a
 * quick pick of the layers in the current trace.
 */
async function toggleExpand(node?: unknown, expanded?: unknown): Promise<void> {
  const p = TracePanel.current;
  if (!p?.session.graph) return;
  let id = typeof node === 'string' ? node : undefined;
  if (!id) {
    const layers = p.session.graph.nodes.filter((n) => n.expandable).map((n) => ({ label: n.label, description: n.expanded ? vscode.l10n.t('expanded') : '', id: n.id }));
    const parents = [...new Set(p.session.graph.nodes.flatMap((n) => (n.parent ? [n.parent] : [])))].map((id) => ({ label: PRIMITIVES_LAYER.label, description: vscode.l10n.t('expanded'), id }));
    id = (await vscode.window.showQuickPick([...layers, ...parents], { title: vscode.l10n.t('Backprop Trace: expand or collapse a layer') }))?.id;
  }
  if (!id) return;
  const want = typeof expanded === 'boolean' ? expanded : !p.session.expanded.has(id);
  if (want) p.session.expanded.add(id);
  else p.session.expanded.delete(id);
  await p.session.retrace();
}

/** Re-traces as the selection moves (debounced), only when it lands on something that parses. */
function followSelection(): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
    if (!TracePanel.current || !readSettings().followSelection || e.textEditor !== vscode.window.activeTextEditor) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const editor = e.textEditor;
      const sel = editor.selection;
      const located = sel.isEmpty ? literalAround(editor.document, sel.active) : { range: sel };
      if (!located || 'error' in located) return;
      const range = located.range;
      // The panel shows this very array already (the trace that opened it): nothing to draw again.
      if (TracePanel.current?.session.source?.restore?.xText === editor.document.getText(range)) return;
      try {
        parseArray(editor.document.getText(range)); // a half-typed array is skipped quietly
      } catch {
        TracePanel.current?.post({ type: 'status', text: vscode.l10n.t('Follow selection: no array here') });
        return;
      }
      void vscode.commands.executeCommand('backpropTrace.trace');
    }, 400);
  });
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    sub.dispose();
  });
}

export function registerGraph(context: vscode.ExtensionContext): void {
  const uri = context.extensionUri;
  TracePanel.onMessage = (m, panel) => {
    if (m.type === 'pick') void (m.what === 'layers' ? pickLayers() : pickDout());
    else if (m.type === 'follow') void update('followSelection', m.on);
    else if (m.type === 'export') void exportTrace(panel, m.format);
    else if (m.type === 'exported') receiveImage(m);
  };
  context.subscriptions.push(
    ...FLOW.map(([id, action]) => vscode.commands.registerCommand(id, (to?: unknown) => {
      TracePanel.current?.post({ type: 'flow', action, to: Number.isInteger(to) ? (to as number) : undefined });
    })),
    ...EXPORTS.map(([id, format]) => vscode.commands.registerCommand(id, (target?: unknown) =>
      exportTrace(TracePanel.current, format, target instanceof vscode.Uri ? target : undefined),
    )),
    vscode.commands.registerCommand('backpropTrace.toggleExpand', toggleExpand),
    vscode.commands.registerCommand('backpropTrace.chooseLayers', (choice?: unknown) => pickLayers(choice)),
    vscode.commands.registerCommand('backpropTrace.chooseDout', pickDout),
    vscode.commands.registerCommand('backpropTrace.toggleFollowSelection', () => update('followSelection', !readSettings().followSelection)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const p = TracePanel.current;
      if (!p || !e.affectsConfiguration('backpropTrace')) return;
      p.post({ type: 'settings', settings: readSettings() });
      // The quick pick's own write: the panel was re-traced with these layers already.
      const picked = host.layers.traced !== undefined && host.layers.traced === readSettings().layers;
      host.layers.traced = undefined;
      if (picked) return;
      if (p.session.source?.settings?.some((key) => e.affectsConfiguration(key))) void p.session.retrace();
    }),
    followSelection(),
    vscode.window.registerWebviewPanelSerializer(TracePanel.viewType, {
      deserializeWebviewPanel: (panel, state: unknown) => TracePanel.revive(panel, uri, state),
    }),
  );
}
