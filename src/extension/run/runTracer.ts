// One run of the shipped tracer (dist/tracer/bpt_trace.py) on a RunTarget: a private temp folder
// holds CELLS.json and RESULT.json and is removed afterwards; nothing is written near the
// user's files. Returns the parsed result, or why there is none (timeout, cancel, crash).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRecorded, type RecordedResult } from '../../engine/recorded';
import type { Interpreter } from './interpreter';
import type { RunSettings } from './settings';
import { runPython, type SpawnResult } from './spawnPython';
import type { RunTarget } from './target';

/** RESULT.json bigger than this is not read (the tracer caps its own output well below). */
export const MAX_RESULT_BYTES = 256 * 1024 * 1024;

export type TracerRun =
  | { kind: 'result'; result: RecordedResult; spawn: SpawnResult }
  /** `result`: what the tracer wrote when SIGTERM stopped it (the calls recorded until then). */
  | { kind: 'timeout'; spawn: SpawnResult; result?: RecordedResult }
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
    // The tracer puts the code's folder on sys.path itself (the script's, or each cell's file's).
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
    const spawn = await runPython(python.exe, tracerArgs(tracer, out, settings, input), {
      cwd: target.cwd,
      env,
      timeoutMs: settings.timeoutMs,
      signal,
      maxOutput: 256 * 1024,
      graceMs: 1000,
    });
    if (spawn.end === 'cancelled') return { kind: 'cancelled', spawn };
    if (spawn.end === 'failed') return { kind: 'failed', detail: spawn.error ?? '', spawn };
    const read = await readResult(out);
    if (spawn.end === 'timeout') return { kind: 'timeout', spawn, result: typeof read === 'string' ? undefined : read };
    // No result at all: the tracer itself failed (bad arguments, a crash): its stderr says why.
    if (read === 'missing') return { kind: 'failed', detail: lastLines(spawn.stderr) || `exit ${spawn.code}`, spawn };
    if (typeof read === 'string') return { kind: 'failed', detail: read, spawn };
    return { kind: 'result', result: read, spawn };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/** RESULT.json parsed, 'missing', or what is wrong with it. */
async function readResult(out: string): Promise<RecordedResult | string> {
  let size: number;
  try {
    size = (await fs.promises.stat(out)).size;
  } catch {
    return 'missing';
  }
  if (size > MAX_RESULT_BYTES) return `RESULT.json is ${size} bytes, over the ${MAX_RESULT_BYTES} byte cap`;
  let result: unknown;
  try {
    result = JSON.parse(await fs.promises.readFile(out, 'utf8'));
  } catch (e) {
    return `RESULT.json: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = parseRecorded(result);
  return 'error' in parsed ? parsed.error : parsed.result;
}
