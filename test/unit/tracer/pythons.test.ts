// Python 3.8 to 3.13 (#20 item 5): the tracer runs on every version this machine has, with numpy
// or without it: the book's pure-Python MulLayer/AddLayer programs (examples/apple.py, and the
// book's own ch05/buy_apple.py and buy_apple_orange.py) are recorded and gradient-checked on each,
// through the CLI as a learner runs it; a program that imports numpy where it is missing gets one
// sentence. The versions not on this machine are printed, never passed over in silence.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, PYTHON, ROOT, runCli, TRACER, tempScript } from './helpers';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05');

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

const cli = runCli;

describe('Python 3.8 to 3.13', function () {
  this.timeout(120_000);
  const found = interpreters();

  it('each version here records and checks the book\'s number-only layers, numpy or not', async () => {
    const missing = WANTED.filter((v) => !found.some((f) => f.version === v));
    console.log(`      versions run: ${found.map((f) => `${f.version} (${f.exe})`).join(', ')}; not on this machine: ${missing.join(', ') || 'none'}`);
    assert.ok(found.length > 0);
    const programs: [string, number, RegExp, number][] = [
      // file, calls, a line of the report, layer instances checked ok
      [path.join(EXAMPLES, 'apple.py'), 4, /dy = 110\.00000000000001/, 2],
      [path.join(BOOK, 'buy_apple.py'), 4, /── backprop-trace: 4 calls recorded in buy_apple\.py ──/, 2],
      [path.join(BOOK, 'buy_apple_orange.py'), 8, /── backprop-trace: 8 calls recorded in buy_apple_orange\.py ──/, 4],
    ];
    for (const { version, exe } of found) {
      const hasNumpy = spawnSync(exe, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
      for (const [file, calls, line, checked] of programs) {
        const plain = spawnSync(exe, [file], { cwd: path.dirname(file), encoding: 'utf8' });
        const r = await cli([file, '--python', exe]);
        assert.equal(r.code, 0, `${version} ${file}: ${r.err}`);
        assert.ok(r.out.startsWith(plain.stdout), `${version}: the program's own output first, as a plain run prints it`);
        assert.match(r.out, new RegExp(`── backprop-trace: ${calls} calls recorded in `), `${version} ${file}`);
        assert.match(r.out, line, `${version} ${file}`);
        const ok = r.out.match(/^ {2}\S.*: ok: /gm) ?? [];
        assert.equal(ok.length, checked, `${version} ${file}: every layer's check passed\n${r.out}`);
      }
      console.log(`      ${version}: ${hasNumpy ? 'numpy there' : 'no numpy'}; apple.py, buy_apple.py, buy_apple_orange.py recorded and checked`);
    }
  });

  it('a program that imports numpy where it is missing is told so in one sentence with its line', async function () {
    const bare = found.filter(({ exe }) => spawnSync(exe, ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0);
    if (!bare.length) {
      console.log('      every Python here has numpy: nothing to try');
      return;
    }
    const s = tempScript('uses_numpy.py', 'import sys\nimport numpy as np\nprint(np.ones(2))\n');
    try {
      for (const { version, exe } of bare) {
        const r = await cli([s.file, '--python', exe]);
        assert.equal(r.code, 2, `${version}: ${r.err}`);
        const lines = r.err.trim().split('\n');
        assert.equal(lines.length, 1, `${version}: one sentence, no traceback: ${r.err}`);
        assert.equal(lines[0], `backprop-trace run: numpy is not installed for ${exe} (uses_numpy.py:2 imports it): without numpy the tracer records only layers on plain numbers; install numpy or pass --python PATH`, version);
        console.log(`      ${version}: no numpy, said in one sentence`);
      }
    } finally {
      s.cleanup();
    }
  });

  it('3.12+: sys.monitoring records exactly what sys.setprofile records (threads, a generator, a raise, __call__, the cap and its watch)', async () => {
    const monitored = found.filter(({ exe }) => spawnSync(exe, ['-c', 'import sys; sys.monitoring'], { encoding: 'utf8' }).status === 0);
    console.log(`      with sys.monitoring: ${monitored.map((f) => f.version).join(', ') || 'none here'}`);
    const s = tempScript('hooks.py', STYLES);
    try {
      for (const { version, exe } of monitored) {
        const results = ['profile', 'monitoring'].map((hook) => {
          const out = path.join(s.dir, `${hook}.json`);
          const r = spawnSync(exe, [TRACER, '--out', out, '--max-calls', '40', '--file', s.file], { cwd: s.dir, encoding: 'utf8', env: { ...process.env, BPT_HOOK: hook } });
          assert.equal(r.status, 0, `${version} ${hook}: ${r.stderr}`);
          const { timing: _timing, ...rest } = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
          return rest as { calls: { class: string; thread?: string; raised?: boolean; generator?: boolean }[]; gradcheck: { status: string }[]; capped: boolean };
        });
        assert.deepEqual(results[1], results[0], `${version}: the same records either way`);
        const [r] = results;
        assert.equal(r.calls.length, 40);
        assert.ok(r.capped);
        assert.deepEqual(r.calls.slice(0, 7).map((c) => [c.class, c.thread ?? null, c.raised ?? false, c.generator ?? false]), [
          ['MulLayer', null, false, false], ['MulLayer', null, false, false], ['Square', null, false, false], ['Square', null, false, false],
          ['Gen', null, false, true], ['Bad', null, true, false], ['MulLayer', 'loader', false, false]]);
        assert.equal(r.gradcheck.filter((g) => g.status === 'ok').length, 31, `${version}: the instances after the cap checked too (the watch)`);
        console.log(`      ${version}: the same 40 calls and 31 checks with sys.monitoring as with sys.setprofile`);
      }
    } finally {
      s.cleanup();
    }
  });
});

const STYLES = `import threading

class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x

class Square:
    def __call__(self, x):
        self.x = x
        return x * x
    forward = __call__
    def backward(self, dout):
        return 2 * self.x * dout

class Gen:
    def forward(self, x):
        yield x * 2
    def backward(self, dout):
        return dout * 2

class Bad:
    def forward(self, x):
        raise ValueError('no')

def helper(i):
    return i + 1

m = MulLayer()
out = m.forward(2.0, 3.0)
m.backward(1.0)
sq = Square()
sq(3.0)
sq.backward(1.0)
next(Gen().forward(1.0))
try:
    Bad().forward(1.0)
except ValueError:
    pass
t = threading.Thread(target=lambda: MulLayer().forward(4.0, 5.0), name='loader')
t.start(); t.join()
for i in range(30):
    helper(i)
    k = MulLayer()
    k.forward(float(i), 2.0)
    k.backward(1.0)
print('done')
`;
