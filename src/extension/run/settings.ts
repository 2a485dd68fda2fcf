// The run mode's settings (backpropTrace.python.*), read fresh at every run and clamped to the
// bounds package.json declares, so a hand-edited settings.json cannot ask for a 0 s timeout.
import * as vscode from 'vscode';
import shared from '../../constants.json';

export interface RunSettings {
  /** backpropTrace.python.path, '' when unset. */
  pythonPath: string;
  methods: string[];
  timeoutMs: number;
  maxPasses: number;
  maxCalls: number;
  stopAtCap: boolean;
}

export const BOUNDS = {
  timeout: { min: 1, max: 3600, default: 30 },
  maxPasses: { min: 1, max: 1000, default: shared.tracer.maxPasses },
  maxCalls: { min: 1, max: 1_000_000, default: shared.tracer.maxCalls },
} as const;

const clamp = (v: unknown, b: { min: number; max: number; default: number }) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(b.max, Math.max(b.min, Math.round(v))) : b.default;

/** A Python identifier: anything else cannot be a method name, and would reach the tracer's argv. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const c = vscode.workspace.getConfiguration('backpropTrace.python', scope);
  const methods = c.get<unknown>('methods');
  const names = Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string' && IDENT.test(m)) : [];
  const path = c.get<unknown>('path');
  return {
    pythonPath: typeof path === 'string' ? path.trim() : '',
    methods: names.length ? [...new Set(names)] : ['forward', 'backward'],
    timeoutMs: clamp(c.get('timeout'), BOUNDS.timeout) * 1000,
    maxPasses: clamp(c.get('maxPasses'), BOUNDS.maxPasses),
    maxCalls: clamp(c.get('maxCalls'), BOUNDS.maxCalls),
    stopAtCap: c.get<boolean>('stopAtCap', false) === true,
  };
}
