// The tracer's recording options, one truth for the CLI's flags (--methods, --max-passes,
// --max-calls, --stop-at-cap) and the extension's settings (backpropTrace.python.*): the same
// names, defaults and bounds (package.json declares them too; a unit test keeps them equal), and
// one function that turns them into the tracer's argv. Pure: no vscode, no Node. The recording
// caps' defaults are the tracer's own (src/constants.json, which Python reads too).
import shared from '../constants.json';

export interface Bound {
  min: number;
  max: number;
  default: number;
}

export const BOUNDS = {
  timeout: { min: 1, max: 3600, default: 30 },
  maxPasses: { min: 1, max: 1000, default: shared.tracer.maxPasses },
  maxCalls: { min: 1, max: 1_000_000, default: shared.tracer.maxCalls },
} as const satisfies Record<string, Bound>;

export const DEFAULT_METHODS: readonly string[] = ['forward', 'backward'];

/** A Python identifier: anything else cannot be a method name, and would reach the tracer's argv. */
export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface RecordingOptions {
  methods: readonly string[];
  maxPasses: number;
  maxCalls: number;
  stopAtCap: boolean;
}

export const DEFAULT_RECORDING: RecordingOptions = {
  methods: DEFAULT_METHODS,
  maxPasses: BOUNDS.maxPasses.default,
  maxCalls: BOUNDS.maxCalls.default,
  stopAtCap: false,
};

/** The tracer's argv for these options (bpt_trace.py's --methods, --max-passes, --max-calls, --stop-at-cap). */
export function tracerOptions(s: RecordingOptions): string[] {
  const args = ['--methods', s.methods.join(','), '--max-passes', String(s.maxPasses), '--max-calls', String(s.maxCalls)];
  return s.stopAtCap ? [...args, '--stop-at-cap'] : args;
}

/** `a,b` (or `a b`) as a method list: the names, or a sentence saying which one is not a Python name. */
export function parseMethods(text: string): string[] | string {
  const names = text.split(/[\s,]+/).filter((m) => m !== '');
  if (!names.length) return '--methods needs at least one method name, e.g. forward,backward';
  const bad = names.find((m) => !IDENT.test(m));
  if (bad !== undefined) return `--methods: '${bad}' is not a Python method name`;
  return [...new Set(names)];
}

/** A whole number within the bound, or a sentence saying what is accepted. */
export function parseBounded(flag: string, text: string | undefined, b: Bound): number | string {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n < b.min || n > b.max) {
    return `${flag} needs a number from ${b.min} to ${b.max.toLocaleString('en-US')}${text === undefined ? '' : ` (got '${text}')`}`;
  }
  return Math.round(n);
}
