// Runs Python without a shell and without leaving anything behind: its own process group
// (`detached`), killed as a group on timeout, on cancel and after it exits (a script's own
// children go too), stdout/stderr kept up to a cap. Node only, no vscode: the extension host's
// run mode uses it, and so can the CLI.
import { spawn } from 'child_process';

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Polled and listened to: abort() kills the process group. */
  signal?: AbortSignal;
  /** Bytes of stdout and of stderr kept (the rest is dropped and `outputCut` set). */
  maxOutput?: number;
  /**
   * On timeout, SIGTERM first and SIGKILL this much later, so a program that handles SIGTERM
   * (the tracer writes what it recorded) can finish; 0 = SIGKILL at once. Cancel never waits.
   */
  graceMs?: number;
}

export interface SpawnResult {
  /** How it ended: exited by itself (`code`), or we killed it. */
  end: 'exit' | 'timeout' | 'cancelled' | 'failed';
  code: number | null;
  stdout: string;
  stderr: string;
  outputCut: boolean;
  pid?: number;
  /** `failed`: the interpreter could not be started (ENOENT…). */
  error?: string;
}

const DEFAULT_MAX_OUTPUT = 1 << 20;

/** Signals the whole group (SIGKILL by default); a group that is already gone is fine. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (!pid) return;
  try {
    if (process.platform === 'win32') {
      // No process groups there: taskkill walks the tree.
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // ESRCH: nothing left to kill.
  }
}

export function runPython(exe: string, args: string[], opts: SpawnOptions): Promise<SpawnResult> {
  const cap = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    let end: SpawnResult['end'] = 'exit';
    let outputCut = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sizes = { out: 0, err: 0 };
    const keep = (list: Buffer[], key: 'out' | 'err') => (b: Buffer) => {
      const room = cap - sizes[key];
      if (room <= 0) return void (outputCut = true);
      if (b.length > room) outputCut = true;
      const part = b.length > room ? b.subarray(0, room) : b;
      list.push(part);
      sizes[key] += part.length;
    };
    if (opts.signal?.aborted) {
      return resolve({ end: 'cancelled', code: null, stdout: '', stderr: '', outputCut: false });
    }
    const child = spawn(exe, args, {
      cwd: opts.cwd,
      env: opts.env,
      shell: false,
      detached: true, // its own process group, so one kill reaches everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const pid = child.pid;
    child.stdout.on('data', keep(out, 'out'));
    child.stderr.on('data', keep(err, 'err'));
    let grace: ReturnType<typeof setTimeout> | undefined;
    const stop = (why: 'timeout' | 'cancelled') => {
      if (end === 'exit') end = why;
      if (why === 'timeout' && opts.graceMs) {
        killGroup(pid, 'SIGTERM');
        grace = setTimeout(() => killGroup(pid), opts.graceMs);
      } else {
        killGroup(pid);
      }
    };
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    const onAbort = () => stop('cancelled');
    opts.signal?.addEventListener('abort', onAbort);
    let done = false;
    const finish = (r: Omit<SpawnResult, 'stdout' | 'stderr' | 'outputCut' | 'pid'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      opts.signal?.removeEventListener('abort', onAbort);
      killGroup(pid); // whatever the script left running in its group
      resolve({ ...r, pid, outputCut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    };
    child.on('error', (e) => finish({ end: 'failed', code: null, error: e.message }));
    // A child the script started may still hold the pipes open: end it now, or 'close' would wait.
    child.on('exit', () => killGroup(pid));
    child.on('close', (code) => finish({ end, code }));
  });
}
