// One run of the shipped tracer (dist/tracer/bpt_trace.py) on a RunTarget, through the same
// spawning module as the CLI (src/cli/runPython.ts: no shell, own process group, SIGTERM then
// SIGKILL, a private temp folder). This file only turns the settings into tracer options and the
// outcome into what the host shows.
import * as path from 'path';
import { findTracer, runTracer as spawnTracer } from '../../cli/runPython';
import { tracerOptions } from '../../cli/tracerOptions';
import { parseRecorded, type RecordedResult } from '../../engine/recorded/schema';
import type { Interpreter } from './interpreter';
import type { RunSettings } from './settings';
import type { RunTarget } from './target';

export type TracerRun =
  /** `timing`: epoch ms of the spawn, the process's close, RESULT.json read, and checked (parsed). */
  | { kind: 'result'; result: RecordedResult; timing: { spawned: number; closed: number; read: number; parsed: number } }
  /** `result`: what the tracer wrote when SIGTERM stopped it (the calls recorded until then). */
  | { kind: 'timeout'; result?: RecordedResult }
  | { kind: 'cancelled' }
  | { kind: 'failed'; detail: string };

export async function runTracer(extensionPath: string, python: Interpreter, target: RunTarget, settings: RunSettings, signal: AbortSignal): Promise<TracerRun> {
  const tracer = findTracer(path.join(extensionPath, 'dist'));
  if (!tracer) return { kind: 'failed', detail: 'dist/tracer/bpt_trace.py is missing from the extension' };
  const outcome = await spawnTracer({
    python: python.exe,
    tracer,
    ...('file' in target.input ? { file: target.input.file } : { cells: target.input.cells }),
    cwd: target.cwd,
    timeoutMs: settings.timeoutMs,
    args: tracerOptions(settings),
    signal,
  });
  if (outcome.spawnError) return { kind: 'failed', detail: outcome.spawnError };
  const parsed = outcome.result === undefined ? undefined : parseRecorded(outcome.result);
  if (outcome.cancelled) return { kind: 'cancelled' };
  if (outcome.timedOut) return { kind: 'timeout', result: parsed && 'result' in parsed ? parsed.result : undefined };
  // No result at all: the tracer itself failed (bad arguments, a crash): its stderr says why.
  if (!parsed) return { kind: 'failed', detail: lastLines(outcome.stderr) || `exit ${outcome.exitCode ?? outcome.signal}` };
  if ('error' in parsed) return { kind: 'failed', detail: parsed.error };
  return { kind: 'result', result: parsed.result, timing: { ...outcome.timing, parsed: Date.now() } };
}

function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
