// Finds a python3 with numpy (pyenv's or Debian's python3-numpy) so tests and the bench can
// compare against the real thing; returns undefined when there is none.
import { spawnSync } from 'node:child_process';

let cached: string | null | undefined;

export function findNumpyPython(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  for (const exe of [process.env.BPT_PYTHON, process.env.BACKPROP_PYTHON, '/usr/bin/python3', 'python3', 'python'].filter(Boolean) as string[]) {
    const r = spawnSync(exe, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) {
      cached = exe;
      break;
    }
  }
  return cached ?? undefined;
}

/** Runs a python script with `input` on stdin and returns stdout (throws with stderr on failure). */
export function runPython(exe: string, script: string, input: string): string {
  const r = spawnSync(exe, ['-c', script], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout;
}

/** A float as text Python's float() reads back exactly, including -0.0, nan and infinities. */
export function pyFloat(v: number): string {
  return Object.is(v, -0) ? '-0.0' : String(v);
}
