// Runs the tracer (src/tracer/bpt_trace.py) on the reader's program in a fresh Python process,
// for the extension host and the CLI alike: no shell, its own process group (a timeout or Cancel
// kills whatever the program started too), SIGTERM then SIGKILL. The program's stdout and stderr
// are real pipes handed on as they come (the CLI writes them through, the host to an Output
// channel) with a capped copy for the result; the records come over a file of their own in a
// private temp folder (removed afterwards), read back from wherever the process stopped.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import shared from '../constants.json';
import { endingError, readStream, type StreamEnd } from '../engine/recorded/stream';
import { OutputCopy } from './outputCopy';
import { tailRecords, type TailHandlers } from './recordTail';

export interface TracerCell {
  code: string;
  filename: string;
  line: number;
}

export interface TracerRun {
  python: string;
  /** Path of bpt_trace.py (the entry; the package bpt_tracer/ is beside it). */
  tracer: string;
  file?: string;
  cells?: TracerCell[];
  cwd: string;
  /** Variables over the host's own environment (the workspace's .env file in run mode). */
  env?: Record<string, string>;
  timeoutMs: number;
  /** Extra tracer options, e.g. ['--max-passes', '5']. */
  args?: string[];
  signal?: AbortSignal;
  /** The program's stdin: the CLI's own ('inherit'), or none ('ignore': input() gets EOF). */
  stdin?: 'inherit' | 'ignore';
  /** The program's stdout and stderr bytes as they come. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** The records when the reader's code has ended (its checks still running), then each check
   *  as it arrives (recordTail.ts); the outcome has them all again. */
  live?: TailHandlers;
}

export interface TracerOutcome {
  /** The records read back into one result object (check it with parseRecorded), stdout filled
   *  in, and an `error` saying how the program ended when it did not end by itself. */
  result?: unknown;
  /** The tracer's last record; undefined when the process ended before writing it. */
  end?: StreamEnd;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** It ignored SIGTERM and was killed with SIGKILL after GRACE_MS. */
  hardKilled: boolean;
  /** The process's stderr, capped at whole lines (the cap and the count said at its end). */
  stderr: string;
  /** The interpreter could not be started (ENOENT, EACCES): the message. */
  spawnError?: string;
  /** Epoch ms: spawn called, the process closed, the records read (the UI bench's phases). */
  timing: { spawned: number; closed: number; read: number };
}

/** SIGTERM first, so the tracer can write its last record; SIGKILL after this. */
const GRACE_MS = 1000;

/** bpt_trace.py next to the running bundle (dist/tracer/), else in the sources (tests from out/). */
export function findTracer(dir: string = __dirname): string | undefined {
  const candidates = [
    process.env.BPT_TRACER,
    path.join(dir, 'tracer', 'bpt_trace.py'),
    path.join(dir, '..', 'tracer', 'bpt_trace.py'),
    path.join(dir, '..', '..', 'src', 'tracer', 'bpt_trace.py'),
    path.join(dir, '..', '..', '..', 'src', 'tracer', 'bpt_trace.py'),
  ];
  return candidates.find((p): p is string => p !== undefined && fs.existsSync(p));
}

/** Process groups still running: the CLI exiting (a closed pipe, Ctrl+C) or the host shutting
 *  down takes them along rather than leaving the reader's program running unseen. */
const live = new Set<number>();
let exitHook = false;

function watch(pid: number | undefined): void {
  if (pid === undefined) return;
  live.add(pid);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const p of live) killGroup(p, 'SIGKILL');
  });
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') process.kill(pid, sig);
    else process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

export async function runTracer(run: TracerRun): Promise<TracerOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-run-'));
  const records = path.join(dir, 'records.jsonl');
  const args = [run.tracer, '--stream', records, ...(run.args ?? [])];
  if (run.cells) {
    const cells = path.join(dir, 'cells.json');
    fs.writeFileSync(cells, JSON.stringify(run.cells));
    args.push('--cells', cells);
  } else if (run.file) args.push('--file', run.file);
  const stopTail = tailRecords(records, run.live ?? {});
  try {
    const ran = await spawnAndWait(run, args).finally(stopTail);
    const closed = Date.now();
    const outcome: TracerOutcome = { ...ran.outcome, timing: { spawned: ran.spawned, closed, read: closed } };
    let text = '';
    try {
      text = fs.readFileSync(records, 'utf8');
    } catch {
      // never written: the tracer did not start (bad arguments, no interpreter)
    }
    if (text) {
      const read = readStream(text);
      const ending = endingError(read.end, { ...outcome, timeoutS: run.timeoutMs / 1000 });
      Object.assign(read.result, ran.stdout.fields('stdout'), ending ? { error: ending } : {});
      outcome.result = read.result;
      outcome.end = read.end;
    }
    outcome.timing.read = Date.now();
    return outcome;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Ran = { outcome: Omit<TracerOutcome, 'timing'>; spawned: number; stdout: OutputCopy };

function spawnAndWait(run: TracerRun, args: string[]): Promise<Ran> {
  return new Promise<Ran>((resolve) => {
    const spawned = Date.now();
    const child = spawn(run.python, args, {
      cwd: run.cwd,
      detached: process.platform !== 'win32',
      stdio: [run.stdin ?? 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...run.env, PYTHONDONTWRITEBYTECODE: '1' },
      windowsHide: true,
    });
    watch(child.pid);
    const stdout = new OutputCopy(shared.outputCap);
    const stderr = new OutputCopy(shared.outputCap);
    let timedOut = false;
    let cancelled = false;
    let hardKilled = false;
    let exited = false;
    let spawnError: string | undefined;
    let hard: NodeJS.Timeout | undefined;
    const stop = (): void => {
      killGroup(child.pid, 'SIGTERM');
      hard = setTimeout(() => {
        hardKilled = !exited;
        killGroup(child.pid, 'SIGKILL');
      }, GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, run.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (b: Buffer) => {
      stdout.add(b);
      run.onStdout?.(b);
    });
    child.stderr?.on('data', (b: Buffer) => {
      stderr.add(b);
      run.onStderr?.(b);
    });
    let done = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (hard) clearTimeout(hard);
      run.signal?.removeEventListener('abort', onAbort);
      // whatever the program started in its group goes with it
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      if (child.pid !== undefined) live.delete(child.pid);
      const err = stderr.text() + (stderr.droppedLines ? `\n[${stderr.droppedLines} more lines of stderr (${stderr.droppedBytes} bytes) were not kept]\n` : '');
      const outcome = { exitCode, signal, timedOut, cancelled, hardKilled, stderr: err, ...(spawnError ? { spawnError } : {}) };
      resolve({ outcome, spawned, stdout });
    };
    child.on('error', (e) => {
      spawnError = e.message;
      if (child.pid === undefined) finish(null, null); // never started: no 'close' to wait for
    });
    // A process the program started may hold stdout open after the program exits: end the
    // group at once, or 'close' would wait for it (until the timeout).
    child.on('exit', () => {
      exited = true;
      killGroup(child.pid, 'SIGKILL');
    });
    child.on('close', finish);
    if (run.signal?.aborted) onAbort();
  });
}
