// Spawning Python for the run mode, with Debian's python3: the process group is gone after a
// timeout, a cancel, and a normal exit that left a child behind; output is cut at the cap.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runPython } from '../../../src/extension/run/spawnPython';

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

/** A script that starts a sleeping grandchild, writes both pids, then sleeps itself. */
function sleeper(dir: string, selfSleep: number): string {
  const file = path.join(dir, 'sleeper.py');
  fs.writeFileSync(file, [
    'import os, subprocess, sys, time',
    `child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])`,
    `open(${JSON.stringify(path.join(dir, 'pids'))}, "w").write("%d %d" % (os.getpid(), child.pid))`,
    `time.sleep(${selfSleep})`,
  ].join('\n'));
  return file;
}

async function pidsIn(dir: string): Promise<number[]> {
  const file = path.join(dir, 'pids');
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  return fs.readFileSync(file, 'utf8').split(' ').map(Number);
}

/** Killed processes vanish once their parent reaps them: allow a moment. */
async function gone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('run mode: spawning Python', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-spawn-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs without a shell and returns stdout and the exit code', async () => {
    const r = await runPython(PYTHON, ['-c', 'import sys; print("a;b $HOME"); sys.exit(3)'], { timeoutMs: 10_000 });
    assert.strictEqual(r.end, 'exit');
    assert.strictEqual(r.code, 3);
    assert.strictEqual(r.stdout, 'a;b $HOME\n');
  });

  it('kills the whole process group on timeout', async () => {
    const started = Date.now();
    const run = runPython(PYTHON, [sleeper(dir, 60)], { timeoutMs: 1500 });
    const pids = await pidsIn(dir);
    const r = await run;
    assert.strictEqual(r.end, 'timeout');
    assert.ok(Date.now() - started < 8000, 'stopped near the timeout');
    assert.ok(await gone(pids), `still running: ${pids.filter(alive)}`);
  });

  it('kills the whole process group on cancel', async () => {
    const abort = new AbortController();
    const run = runPython(PYTHON, [sleeper(dir, 60)], { timeoutMs: 30_000, signal: abort.signal });
    const pids = await pidsIn(dir);
    abort.abort();
    const r = await run;
    assert.strictEqual(r.end, 'cancelled');
    assert.ok(await gone(pids), `still running: ${pids.filter(alive)}`);
  });

  it('ends what a script left running when it exits by itself', async () => {
    const r = await runPython(PYTHON, [sleeper(dir, 0)], { timeoutMs: 20_000 });
    assert.strictEqual(r.end, 'exit');
    assert.strictEqual(r.code, 0);
    assert.ok(await gone(await pidsIn(dir)));
  });

  it('keeps at most maxOutput bytes and says it cut', async () => {
    const r = await runPython(PYTHON, ['-c', 'print("x" * 100000)'], { timeoutMs: 10_000, maxOutput: 1000 });
    assert.strictEqual(r.stdout.length, 1000);
    assert.ok(r.outputCut);
  });

  it('reports an interpreter that does not exist', async () => {
    const r = await runPython(path.join(dir, 'no-python'), ['-c', '1'], { timeoutMs: 5000 });
    assert.strictEqual(r.end, 'failed');
    assert.match(r.error ?? '', /ENOENT/);
  });
});
