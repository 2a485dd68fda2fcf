// The spawning module the host and the CLI share (src/python/tracer.ts), with Debian's python3
// and a stand-in "tracer" that starts a grandchild and hangs: nothing of the group may be left
// after a timeout, a cancel, or a normal exit that left a child behind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTracer } from '../../../src/python/tracer';

const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';

/**
 * Running, as opposed to gone or killed. A killed grandchild is re-parented to PID 1, and where
 * PID 1 never reaps (this CI's VM init) it stays a zombie, which kill(pid, 0) still finds.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the answer
  }
}

/** Stands in for bpt_trace.py (its arguments are ignored): a sleeping grandchild, both pids written. */
function sleeper(dir: string, selfSleep: number): string {
  const file = path.join(dir, 'sleeper.py');
  fs.writeFileSync(file, [
    'import os, subprocess, sys, time',
    'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])',
    `open(${JSON.stringify(path.join(dir, 'pids'))}, "w").write("%d %d" % (os.getpid(), child.pid))`,
    `time.sleep(${selfSleep})`,
  ].join('\n'));
  return file;
}

async function pidsIn(dir: string): Promise<number[]> {
  const file = path.join(dir, 'pids');
  for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  return fs.readFileSync(file, 'utf8').split(' ').map(Number);
}

/** Killed processes vanish once their parent reaps them: allow a moment. */
async function gone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('run mode: spawning the tracer', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-spawn-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kills the whole process group on timeout', async () => {
    const started = Date.now();
    const run = runTracer({ python: PYTHON, tracer: sleeper(dir, 60), file: 'x.py', cwd: dir, timeoutMs: 1500 });
    const pids = await pidsIn(dir);
    const r = await run;
    assert.ok(r.timedOut);
    assert.ok(Date.now() - started < 8000, 'stopped near the timeout');
    assert.ok(await gone(pids), `still running: ${pids.filter(alive)}`);
  });

  it('kills the whole process group on cancel', async () => {
    const abort = new AbortController();
    const run = runTracer({ python: PYTHON, tracer: sleeper(dir, 60), file: 'x.py', cwd: dir, timeoutMs: 30_000, signal: abort.signal });
    const pids = await pidsIn(dir);
    abort.abort();
    const r = await run;
    assert.ok(r.cancelled && !r.timedOut);
    assert.ok(await gone(pids), `still running: ${pids.filter(alive)}`);
  });

  it('ends what a program left running when it exits by itself, without waiting for the timeout', async () => {
    const started = Date.now();
    const r = await runTracer({ python: PYTHON, tracer: sleeper(dir, 0), file: 'x.py', cwd: dir, timeoutMs: 20_000 });
    assert.ok(!r.timedOut, 'did not wait for the grandchild');
    assert.strictEqual(r.exitCode, 0);
    assert.ok(Date.now() - started < 10_000);
    assert.ok(await gone(await pidsIn(dir)));
  });

  it('reports an interpreter that does not exist', async () => {
    const r = await runTracer({ python: path.join(dir, 'no-python'), tracer: 'x', file: 'x.py', cwd: dir, timeoutMs: 5000 });
    assert.match(r.spawnError ?? '', /ENOENT/);
  });
});
