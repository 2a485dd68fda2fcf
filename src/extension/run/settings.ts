// The run mode's settings (backpropTrace.python.*), read fresh at every run and clamped to the
// bounds package.json declares, so a hand-edited settings.json cannot ask for a 0 s timeout.
import * as vscode from 'vscode';
import { BOUNDS, DEFAULT_METHODS, IDENT, type RecordingOptions } from '../../cli/tracerOptions';

/** The recording options are the CLI's flags too (src/cli/tracerOptions.ts: one truth). */
export interface RunSettings extends RecordingOptions {
  /** backpropTrace.python.path, '' when unset. */
  pythonPath: string;
  timeoutMs: number;
}

const clamp = (v: unknown, b: { min: number; max: number; default: number }) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(b.max, Math.max(b.min, Math.round(v))) : b.default;

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const c = vscode.workspace.getConfiguration('backpropTrace.python', scope);
  const methods = c.get<unknown>('methods');
  const names = Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string' && IDENT.test(m)) : [];
  const path = c.get<unknown>('path');
  return {
    pythonPath: typeof path === 'string' ? path.trim() : '',
    methods: names.length ? [...new Set(names)] : DEFAULT_METHODS,
    timeoutMs: clamp(c.get('timeout'), BOUNDS.timeout) * 1000,
    maxPasses: clamp(c.get('maxPasses'), BOUNDS.maxPasses),
    maxCalls: clamp(c.get('maxCalls'), BOUNDS.maxCalls),
    stopAtCap: c.get<boolean>('stopAtCap', false) === true,
  };
}
