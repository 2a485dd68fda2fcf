// Runs the tracer (src/tracer/bpt_trace.py) on the reader's program in a fresh Python process:
// no shell, its own process group (so a timeout kills whatever the program started too), the
// result in a temporary folder that is removed afterwards. Node only; the engine stays pure.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import shared from '../constants.json';

export interface TracerCell {
  code: string;
  filename: string;
  line: number;
}

export interface TracerRun {
  python: string;
  /** Path of bpt_trace.py. */
  tracer: string;
  file?: string;
  cells?: TracerCell[];
  cwd: string;
  timeoutMs: number;
  /** Extra tracer options, e.g. ['--max-passes', '5']. */
  args?: string[];
  signal?: AbortSignal;
  /** The program's stderr as it comes (warnings, tracebacks of its own threads). */
  onStderr?: (chunk: string) => void;
}

export interface TracerOutcome {
  /** The parsed RESULT.json, when the tracer wrote one. */
  result?: unknown;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The process's stderr, at most 64 KB. */
  stderr: string;
  /** The interpreter could not be started (ENOENT, EACCES): the message. */
  spawnError?: string;
  /** Epoch ms: spawn called, the process closed, RESULT.json read and parsed (the UI bench's phases). */
  timing: { spawned: number; closed: number; read: number };
}

const STDERR_CAP = shared.outputCap;
/** SIGTERM first, so the tracer can write what it recorded; SIGKILL after this. */
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
  const out = path.join(dir, 'result.json');
  const args = [run.tracer, '--out', out, ...(run.args ?? [])];
  if (run.cells) {
    const cells = path.join(dir, 'cells.json');
    fs.writeFileSync(cells, JSON.stringify(run.cells));
    args.push('--cells', cells);
  } else if (run.file) args.push('--file', run.file);
  try {
    return await new Promise<TracerOutcome>((resolve) => {
      const spawned = Date.now();
      const child = spawn(run.python, args, {
        cwd: run.cwd,
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
        windowsHide: true,
      });
      let stderr = '';
      let timedOut = false;
      let cancelled = false;
      let spawnError: string | undefined;
      let hard: NodeJS.Timeout | undefined;
      const stop = (): void => {
        killGroup(child.pid, 'SIGTERM');
        hard = setTimeout(() => killGroup(child.pid, 'SIGKILL'), GRACE_MS);
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
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (s: string) => {
        if (stderr.length < STDERR_CAP) stderr += s.slice(0, STDERR_CAP - stderr.length);
        run.onStderr?.(s);
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
        const closed = Date.now();
        let result: unknown;
        try {
          result = JSON.parse(fs.readFileSync(out, 'utf8'));
        } catch {
          result = undefined;
        }
        const timing = { spawned, closed, read: Date.now() };
        resolve({ result, exitCode, signal, timedOut, cancelled, stderr, timing, ...(spawnError ? { spawnError } : {}) });
      };
      child.on('error', (e) => {
        spawnError = e.message;
        if (child.pid === undefined) finish(null, null); // never started: no 'close' to wait for
      });
      // A process the program started may hold stderr open after the program exits: end the
      // group at once, or 'close' would wait for it (until the timeout).
      child.on('exit', () => killGroup(child.pid, 'SIGKILL'));
      child.on('close', finish);
      if (run.signal?.aborted) onAbort();
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
