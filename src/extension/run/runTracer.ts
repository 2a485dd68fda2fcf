// One run of the shipped tracer (dist/tracer/bpt_trace.py) on a RunTarget: a private temp folder
// holds CELLS.json and RESULT.json and is removed afterwards; nothing is written near the
// user's files. Returns the parsed result, or why there is none (timeout, cancel, crash).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Interpreter } from './interpreter';
import type { RunSettings } from './settings';
import { runPython, type SpawnResult } from './spawnPython';
import type { RunTarget } from './target';

/** RESULT.json bigger than this is not read (the tracer caps its own output well below). */
export const MAX_RESULT_BYTES = 256 * 1024 * 1024;

export type TracerRun =
  | { kind: 'result'; result: Record<string, unknown>; spawn: SpawnResult }
  | { kind: 'timeout'; spawn: SpawnResult }
  | { kind: 'cancelled'; spawn: SpawnResult }
  | { kind: 'failed'; detail: string; spawn?: SpawnResult };

export function tracerArgs(tracer: string, out: string, s: RunSettings, input: { file: string } | { cellsFile: string }): string[] {
  const args = [tracer, '--out', out, '--methods', s.methods.join(','), '--max-passes', String(s.maxPasses), '--max-calls', String(s.maxCalls)];
  if (s.stopAtCap) args.push('--stop-at-cap');
  return 'file' in input ? [...args, '--file', input.file] : [...args, '--cells', input.cellsFile];
}

export async function runTracer(
  tracer: string,
  python: Interpreter,
  target: RunTarget,
  settings: RunSettings,
  signal: AbortSignal,
): Promise<TracerRun> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'backprop-trace-'));
  try {
    const out = path.join(dir, 'RESULT.json');
    let input: { file: string } | { cellsFile: string };
    if ('file' in target.input) input = { file: target.input.file };
    else {
      input = { cellsFile: path.join(dir, 'CELLS.json') };
      await fs.promises.writeFile(input.cellsFile, JSON.stringify(target.input.cells), 'utf8');
    }
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
    // Cells and selections: their folder on sys.path, as --file does, so sibling imports work.
    if (target.codeFolder) env.PYTHONPATH = [target.codeFolder, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    const spawn = await runPython(python.exe, tracerArgs(tracer, out, settings, input), {
      cwd: target.cwd,
      env,
      timeoutMs: settings.timeoutMs,
      signal,
      maxOutput: 256 * 1024,
    });
    if (spawn.end === 'timeout') return { kind: 'timeout', spawn };
    if (spawn.end === 'cancelled') return { kind: 'cancelled', spawn };
    if (spawn.end === 'failed') return { kind: 'failed', detail: spawn.error ?? '', spawn };
    let size: number;
    try {
      size = (await fs.promises.stat(out)).size;
    } catch {
      // No result at all: the tracer itself failed (bad arguments, a crash): its stderr says why.
      return { kind: 'failed', detail: lastLines(spawn.stderr) || `exit ${spawn.code}`, spawn };
    }
    if (size > MAX_RESULT_BYTES) return { kind: 'failed', detail: `RESULT.json is ${size} bytes`, spawn };
    let result: unknown;
    try {
      result = JSON.parse(await fs.promises.readFile(out, 'utf8'));
    } catch (e) {
      return { kind: 'failed', detail: `RESULT.json: ${e instanceof Error ? e.message : String(e)}`, spawn };
    }
    if (typeof result !== 'object' || result === null || !Array.isArray((result as { calls?: unknown }).calls)) {
      return { kind: 'failed', detail: 'RESULT.json has no "calls"', spawn };
    }
    return { kind: 'result', result: result as Record<string, unknown>, spawn };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
