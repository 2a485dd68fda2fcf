// #24/#20: the program's own streams are real. Under `backprop-trace run` a program that uses
// sys.stdout.buffer, fileno(), isatty(), reconfigure(), C-level writes to fd 1 and 2, children
// (subprocess, os.system) and stdin prints exactly what its plain run prints; the report comes
// after a separator; a closed pipe (`| head -1`) ends the CLI quietly with status 0.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { processesWith, PYTHON, ROOT, tempScript } from './helpers';

const CLI = path.join(ROOT, 'out', 'src', 'cli.js');

const PROGRAM = `import ctypes, os, subprocess, sys
import numpy as np
class Scale:
    def forward(self, x):
        return x * 2
    def backward(self, dout):
        return dout * 2
s = Scale()
s.backward(s.forward(np.ones(2)))
print("print", flush=True)
sys.stdout.buffer.write(b"buffer \\xc3\\xa9\\n")
sys.stdout.flush()
print("fileno", sys.stdout.fileno(), sys.stderr.fileno(), sys.stdin.fileno(), flush=True)
print("isatty", sys.stdout.isatty(), sys.stderr.isatty(), flush=True)
sys.stdout.reconfigure(line_buffering=True)
print("reconfigured", sys.stdout.line_buffering)
os.write(1, b"fd 1\\n")
os.write(2, b"fd 2\\n")
libc = ctypes.CDLL(None)
libc.puts(b"C puts")
libc.fflush(None)
subprocess.run([sys.executable, "-c", "import sys; print('child'); print('child err', file=sys.stderr)"])
sys.stdout.flush()
os.system("echo system")
print("stdin:", sys.stdin.read().strip())
print("to stderr", file=sys.stderr)
`;

describe('the program’s own streams under the tracer', function () {
  this.timeout(60_000);

  it('stdout, stderr and stdin as in the plain run: buffer, fileno, isatty, reconfigure, C writes, children', () => {
    const s = tempScript('streams.py', PROGRAM);
    try {
      const plain = spawnSync(PYTHON, [s.file], { cwd: s.dir, input: 'typed in\n' });
      assert.equal(plain.status, 0, plain.stderr.toString());
      const traced = spawnSync(process.execPath, [CLI, 'run', s.file, '--python', PYTHON], { cwd: s.dir, input: 'typed in\n' });
      assert.equal(traced.status, 0, traced.stderr.toString());
      const out = traced.stdout.toString('utf8');
      const at = out.indexOf('── backprop-trace: 2 calls recorded in streams.py ──\n');
      assert.ok(at > 0, out);
      assert.equal(out.slice(0, at), plain.stdout.toString('utf8'), 'stdout byte for byte, before the report');
      assert.match(plain.stdout.toString(), /stdin: typed in\n/, 'the plain run read its stdin (the test is a real one)');
      assert.equal(traced.stderr.toString('utf8'), plain.stderr.toString('utf8'), 'stderr byte for byte');
      assert.match(out.slice(at), /\[1\] Scale#0\.backward\(dout\)/);
    } finally {
      s.cleanup();
    }
  });

  it('--json owns stdout: the program’s output goes to stderr, stdout is one JSON object', () => {
    const s = tempScript('json_streams.py', PROGRAM);
    try {
      const traced = spawnSync(process.execPath, [CLI, 'run', s.file, '--json', '--python', PYTHON], { cwd: s.dir, input: '' });
      assert.equal(traced.status, 0, traced.stderr.toString());
      const r = JSON.parse(traced.stdout.toString()) as { calls: unknown[] };
      assert.equal(r.calls.length, 2);
      assert.match(traced.stderr.toString(), /^print\nbuffer é\n/);
    } finally {
      s.cleanup();
    }
  });

  it('a closed pipe ends it quietly: `backprop-trace run prog.py | head -1` exits 0, nothing left running', () => {
    const marker = `bpt_epipe_${process.pid}`;
    const s = tempScript(`${marker}.py`, `import numpy as np, time
class L:
    def forward(self, x):
        return x
L().forward(np.ones(1))
for i in range(200000):
    print("line", i)
time.sleep(30)
`);
    try {
      const r = spawnSync('bash', ['-c', `node "${CLI}" run "${s.file}" --python "${PYTHON}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.stdout, 'line 0\n');
      assert.equal(r.stderr, 'status 0\n', 'no stack trace, status 0');
      assert.deepEqual(processesWith(marker), [], 'the traced program went with the CLI');
    } finally {
      s.cleanup();
    }
  });
});

describe('backprop-trace run --json on a big recording', function () {
  this.timeout(120_000);

  it('10,000 calls sharing two big arrays: each array written once, no "Invalid string length"', () => {
    const s = tempScript('shared_arrays.py', `import numpy as np
class Same:
    def forward(self, x):
        return x
a, b = np.ones((300, 300)), np.zeros((300, 300))
layer = Same()
for i in range(10000):
    layer.forward(a if i % 2 else b)
print("done")
`);
    try {
      const r = spawnSync(process.execPath, [CLI, 'run', s.file, '--json', '--timeout', '120', '--python', PYTHON], { cwd: s.dir, maxBuffer: 1 << 30 });
      assert.equal(r.status, 0, r.stderr.toString());
      assert.doesNotMatch(r.stderr.toString(), /Invalid string length|\n\s+at /, 'no stack trace');
      const json = JSON.parse(r.stdout.toString()) as { version: number; calls: { args: { ref: number }[] }[]; values: Record<string, { shape: number[]; sample?: unknown }> };
      assert.equal(json.version, 2);
      assert.equal(json.calls.length, 10000);
      const ids = new Set(json.calls.flatMap((c) => c.args.map((a) => a.ref)));
      assert.equal(ids.size, 2, 'two arrays, two ids');
      assert.deepEqual(Object.keys(json.values).length, 2, 'each written once');
      for (const id of ids) assert.deepEqual(json.values[id].shape, [300, 300]);
      // about 300 bytes a call and the two arrays once; writing each value in place took ~1.6 GB
      assert.ok(r.stdout.length < 8_000_000, `${r.stdout.length} bytes`);
      // and the human report of the same recording
      const human = spawnSync(process.execPath, [CLI, 'run', s.file, '--timeout', '120', '--python', PYTHON], { cwd: s.dir, maxBuffer: 1 << 30 });
      assert.equal(human.status, 0, human.stderr.toString());
      assert.match(human.stdout.toString(), /\.\.\. 9800 more calls \(--json prints them all\)/);
    } finally {
      s.cleanup();
    }
  });
});
