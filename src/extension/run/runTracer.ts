// One run of the shipped tracer (dist/tracer/bpt_trace.py) on a RunTarget, through the same
// module as the CLI (src/python/tracer.ts: no shell, own process group, SIGTERM then SIGKILL,
// the records read back from wherever the program stopped). This file only turns the settings
// into tracer options and the outcome into what the host shows.
import * as path from 'path';
import * as vscode from 'vscode';
import { findTracer, runTracer as spawnTracer } from '../../python/tracer';
import { tracerOptions } from '../../cli/tracerOptions';
import { isRecordedGradCheck, parseRecorded, type RecordedGradCheck, type RecordedResult } from '../../engine/recorded/schema';
import type { Interpreter } from './interpreter';
import type { RunSettings } from './settings';
import type { ProgramOutput } from './programOutput';
import type { RunTarget } from './target';
import { readEnvFile, type EnvFile } from './envFile';

export type TracerRun =
  /** `timing`: epoch ms of the spawn, the process's close, RESULT.json read, and checked (parsed). */
  | { kind: 'result'; result: RecordedResult; timing: { spawned: number; closed: number; read: number; parsed: number } }
  /** `result`: the calls recorded until the timeout; `ignoredTerm`: it ignored SIGTERM and was killed. */
  | { kind: 'timeout'; result?: RecordedResult; ignoredTerm: boolean }
  | { kind: 'cancelled' }
  | { kind: 'failed'; detail: string };

/** While it runs: the recording when the reader's code has ended (checks to come), then each check. */
export interface LiveRun {
  onRan(result: RecordedResult): void;
  onChecks(entries: RecordedGradCheck[]): void;
}

export async function runTracer(extensionPath: string, python: Interpreter, target: RunTarget, settings: RunSettings, signal: AbortSignal, output?: ProgramOutput, live?: LiveRun): Promise<TracerRun> {
  const tracer = findTracer(path.join(extensionPath, 'dist'));
  if (!tracer) return { kind: 'failed', detail: 'dist/tracer/bpt_trace.py is missing from the extension' };
  const envFile = readEnvFile(target.resource);
  if (envFile) target.notes.push(envNote(envFile));
  const outcome = await spawnTracer({
    python: python.exe,
    tracer,
    ...('file' in target.input ? { file: target.input.file } : { cells: target.input.cells }),
    cwd: target.cwd,
    env: envFile?.vars,
    timeoutMs: settings.timeoutMs,
    args: tracerOptions(settings),
    signal,
    // no stdin in run mode (input() gets end-of-file; runCode says how to give it input)
    stdin: 'ignore',
    onStdout: output?.stdout,
    onStderr: output?.stderr,
    live: live && {
      onRan: (r) => {
        const parsed = parseRecorded(r);
        if ('result' in parsed) live.onRan(parsed.result);
      },
      onChecks: (entries) => live.onChecks(entries.filter(isRecordedGradCheck)),
    },
  });
  if (outcome.spawnError) return { kind: 'failed', detail: outcome.spawnError };
  const parsed = outcome.result === undefined ? undefined : parseRecorded(outcome.result);
  if (outcome.cancelled) return { kind: 'cancelled' };
  if (outcome.timedOut) return { kind: 'timeout', result: parsed && 'result' in parsed ? parsed.result : undefined, ignoredTerm: outcome.hardKilled };
  // No result at all: the tracer itself failed (bad arguments, a crash): its stderr says why.
  if (!parsed) return { kind: 'failed', detail: lastLines(outcome.stderr) || `exit ${outcome.exitCode ?? outcome.signal}` };
  if ('error' in parsed) return { kind: 'failed', detail: parsed.error };
  return { kind: 'result', result: parsed.result, timing: { ...outcome.timing, parsed: Date.now() } };
}

function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/** What the panel's notes say of the environment file a run read (or could not). */
function envNote(f: EnvFile): string {
  const where = vscode.workspace.asRelativePath(f.file);
  if (f.problem) return vscode.l10n.t('{0} could not be read ({1}): the program ran without its variables.', where, f.problem);
  const names = Object.keys(f.vars);
  return names.length ? vscode.l10n.t('Ran with {0} from {1}, as the Python extension\'s debugger does ("python.envFile").', names.join(', '), where) : vscode.l10n.t('{0} sets no variable.', where);
}
