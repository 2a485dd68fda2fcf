// Python 3.8 to 3.13 (#20 item 5): the tracer starts on every version this machine has and, on
// the book's pure-Python MulLayer (examples/apple.py), either records its calls (numpy there) or
// says in one sentence that numpy is missing, through the CLI as a learner runs it. The versions
// not on this machine are printed, never passed over in silence.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { EXAMPLES, PYTHON } from './helpers';

const PYENV = '/root/.pyenv/versions';
const WANTED = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];

/** Each wanted minor version's interpreter on this machine: pyenv's, else PYTHON when it is that version. */
function interpreters(): { version: string; exe: string }[] {
  const found: { version: string; exe: string }[] = [];
  const pyenv = fs.existsSync(PYENV) ? fs.readdirSync(PYENV) : [];
  for (const minor of WANTED) {
    const dir = pyenv.find((d) => d === minor || d.startsWith(minor + '.'));
    const exe = dir ? path.join(PYENV, dir, 'bin', 'python') : undefined;
    if (exe && fs.existsSync(exe)) found.push({ version: minor, exe });
  }
  const own = spawnSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();
  if (!found.some((f) => f.version === own)) found.push({ version: own, exe: PYTHON });
  return found;
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['run', ...argv], {
    stdin: (async function* () {})(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

describe('Python 3.8 to 3.13', function () {
  this.timeout(120_000);
  const found = interpreters();

  it('the tracer starts on each version here: it records the pure-Python MulLayer, or says numpy is missing in one sentence', async () => {
    const missing = WANTED.filter((v) => !found.some((f) => f.version === v));
    console.log(`      versions run: ${found.map((f) => `${f.version} (${f.exe})`).join(', ')}; not on this machine: ${missing.join(', ') || 'none'}`);
    assert.ok(found.length > 0);
    for (const { version, exe } of found) {
      const hasNumpy = spawnSync(exe, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
      const r = await cli([path.join(EXAMPLES, 'apple.py'), '--python', exe]);
      if (hasNumpy) {
        assert.equal(r.code, 0, `${version}: ${r.err}`);
        assert.match(r.out, /── backprop-trace: 4 calls recorded in apple\.py ──/, version);
        assert.match(r.out, /dy = 110\.00000000000001/, version);
      } else {
        assert.equal(r.code, 2, `${version}: ${r.err}`);
        const lines = r.err.trim().split('\n');
        assert.equal(lines.length, 1, `${version}: one sentence, no traceback: ${r.err}`);
        assert.equal(lines[0], `backprop-trace run: numpy is not installed for ${exe} (tried ${exe}); install numpy or pass --python PATH`, version);
      }
      console.log(`      ${version}: ${hasNumpy ? 'numpy there, 4 calls recorded' : 'no numpy, said in one sentence'}`);
    }
  });
});
