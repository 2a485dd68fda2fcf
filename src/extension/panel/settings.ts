// The panel's settings (backpropTrace.layers, dout, followSelection) as the webview and the
// literal trace read them: a misspelt layers value falls back to the default rather than fail.
import * as vscode from 'vscode';
import { parseLayerList, type RunOptions } from '../../engine';
import type { PanelSettings } from '../../protocol';
import { host } from '../host';

export { LAYER_CHOICES } from '../../engine';

/**
 * The layers just picked, while the setting is still being written: the panel re-traces with
 * them at once instead of after the write (about 100 ms) and its configuration event.
 */
export function withPickedLayers<T>(layers: string, f: () => T): T {
  host.layers.picked = layers;
  try {
    return f();
  } finally {
    host.layers.picked = undefined;
  }
}

export function readSettings(): PanelSettings {
  const c = vscode.workspace.getConfiguration('backpropTrace');
  const layers = host.layers.picked ?? c.get<string>('layers', 'relu,sigmoid');
  const dout = c.get<string>('dout', 'auto');
  return {
    layers: parseLayers(layers) ? layers : 'relu,sigmoid',
    dout: dout === 'ones' || dout === 'same' ? dout : 'auto',
    followSelection: c.get<boolean>('followSelection', false),
  };
}

/** `relu,sigmoid` puts the layers side by side on the same x; `relu>sigmoid` chains them. undefined if misspelt. */
export function parseLayers(layers: string): Pick<RunOptions, 'layers' | 'mode'> | undefined {
  const list = parseLayerList(layers);
  return 'error' in list ? undefined : list;
}
