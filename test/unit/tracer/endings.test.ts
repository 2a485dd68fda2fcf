// #24: run mode never loses what it recorded. Real programs that end every way but the ordinary
// one (SIGTERM ignored until the timeout's SIGKILL, os._exit, SIGKILL, a segfault): the calls
// recorded until then are read back, drawn, and the ending is named. And the record stream read
// back from a cut at every byte.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTracer, type TracerOutcome } from '../../../src/python/tracer';
import { parseRecorded, readStream, recordedToGraph, withNested, type RecordedResult } from '../../../src/engine/recorded';
import { processesWith, PYTHON, tempScript, TRACER } from './helpers';
import { main } from '../../../src/cli';

const LAYERS = `import numpy as np, os, signal, sys, time
class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
    def forward(self, x):
        self.x = x
        return x @ self.W + self.b
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T
layer = Affine(np.arange(6.0).reshape(2, 3) / 10, np.ones(3))
for i in range(3):
    out = layer.forward(np.ones((4, 2)) * i)
    layer.backward(np.ones_like(out))
print('three passes', flush=True)
`;

async function run(name: string, ending: string, timeoutMs = 20_000): Promise<{ outcome: TracerOutcome; r: RecordedResult; stdout: string }> {
  const s = tempScript(name, LAYERS + ending);
  let stdout = '';
  try {
    const outcome = await runTracer({ python: PYTHON, tracer: TRACER, file: s.file, cwd: s.dir, timeoutMs, onStdout: (b) => (stdout += b.toString()) });
    const parsed = parseRecorded(outcome.result);
    if ('error' in parsed) assert.fail(parsed.error);
    return { outcome, r: parsed.result, stdout };
  } finally {
    s.cleanup();
  }
}

/** The three passes are there and each one draws: Affine with W, b, dW, db. */
function assertDrawn(r: RecordedResult): void {
  assert.equal(r.calls.length, 6, 'three forward/backward pairs recorded');
  assert.equal(r.passes, 3);
  for (let pass = 0; pass < 3; pass++) {
    const g = recordedToGraph(r, pass);
    const affine = g.nodes.find((n) => n.kind === 'layer' && n.layer === 'Affine');
    assert.ok(affine, `pass ${pass + 1} draws the Affine layer: ${g.nodes.map((n) => n.label).join(', ')}`);
  }
}

describe('run mode endings (#24)', function () {
  this.timeout(60_000);

  it('ignores SIGTERM and hangs: killed at the timeout, every call kept and drawn', async () => {
    const marker = `bpt_ignore_term_${process.pid}`;
    const started = Date.now();
    const { outcome, r, stdout } = await run(`${marker}.py`, 'signal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.05)\n', 1500);
    assert.ok(Date.now() - started < 8000, 'SIGKILL after the grace period');
    assert.equal(outcome.timedOut, true);
    assert.equal(outcome.hardKilled, true);
    assert.equal(outcome.end, undefined, 'no last record: it never got the chance');
    assertDrawn(r);
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error?.message ?? '', /^killed at the timeout after 1\.5 s after it ignored SIGTERM/);
    assert.equal(stdout, 'three passes\n');
    assert.deepEqual(processesWith(marker), []);
  });

  it('os._exit: the calls, the gradient check and the ending', async () => {
    const { outcome, r } = await run('exits.py', 'os._exit(3)\n');
    assert.equal(outcome.exitCode, 3);
    assertDrawn(r);
    assert.equal(r.error?.kind, 'os-exit');
    assert.match(r.error?.message ?? '', /^ended with os\._exit\(3\)/);
    assert.ok(r.gradcheck.length > 0 && r.gradcheck.every((g) => g.ok), 'checked before the exit');
  });

  it('SIGKILL (as the OOM killer sends): killed by signal 9, calls kept', async () => {
    const { outcome, r } = await run('killed.py', 'os.kill(os.getpid(), signal.SIGKILL)\n');
    assert.equal(outcome.signal, 'SIGKILL');
    assertDrawn(r);
    assert.equal(r.error?.kind, 'killed');
    assert.match(r.error?.message ?? '', /^killed by signal 9 \(SIGKILL\)/);
  });

  it('a segfault: crashed, signal 11, calls kept', async () => {
    const { outcome, r } = await run('segfault.py', 'import ctypes\nctypes.string_at(0)\n');
    assert.equal(outcome.signal, 'SIGSEGV');
    assertDrawn(r);
    assert.equal(r.error?.kind, 'crashed');
    assert.match(r.error?.message ?? '', /^crashed: signal 11 \(SIGSEGV\)/);
  });

  it('killed inside a forward: that call is there with its arguments, marked incomplete', async () => {
    const { r } = await run('inside.py', `class Boom:
    def forward(self, x):
        os.kill(os.getpid(), signal.SIGKILL)
Boom().forward(np.array([7.0, 8.0]))
`);
    const last = r.calls[r.calls.length - 1];
    assert.equal(last.class, 'Boom');
    assert.equal(last.incomplete, true);
    assert.deepEqual((withNested(last.args[0]) as { data: number[] }).data, [7, 8]);
  });

  it('the CLI names the ending and still prints the calls', async () => {
    const s = tempScript('cli_killed.py', `${LAYERS}os.kill(os.getpid(), signal.SIGKILL)\n`);
    let out = '';
    let err = '';
    try {
      const code = await main(['run', s.file, '--python', PYTHON], {
        stdin: (async function* () {})(),
        stdout: { write: (t: string) => (out += t) },
        stderr: { write: (t: string) => (err += t) },
      });
      assert.equal(code, 2);
      assert.match(out, /\[5\] Affine#0\.backward\(dout\)/);
      assert.match(err, /cli_killed\.py: killed by signal 9 \(SIGKILL\)/);
    } finally {
      s.cleanup();
    }
  });

  it('the stream read back from a cut at every byte: never an error, calls only ever gained', () => {
    const s = tempScript('whole.py', LAYERS);
    const stream = path.join(s.dir, 'records.jsonl');
    try {
      execFileSync(PYTHON, [TRACER, '--stream', stream, '--file', s.file], { cwd: s.dir, stdio: 'ignore' });
      const text = fs.readFileSync(stream, 'utf8');
      let calls = 0;
      for (let cut = 0; cut <= text.length; cut++) {
        const read = readStream(text.slice(0, cut));
        const parsed = parseRecorded(read.result);
        assert.ok('result' in parsed, `cut at ${cut}: ${'error' in parsed ? parsed.error : ''}`);
        assert.ok(parsed.result.calls.length >= calls, `cut at ${cut}: fewer calls than before`);
        calls = parsed.result.calls.length;
        recordedToGraph(parsed.result, 0);
      }
      assert.equal(calls, 6);
      assert.equal(readStream(text).end?.how, 'finished');
    } finally {
      s.cleanup();
    }
  });
});
