// cs231n-style function pairs that are not plain module-level functions: defined inside another
// function (a closure over the factory's variables, as learners write layer factories in a
// notebook), wrapped by a decorator, or defined only after the recording's cap; and a second
// backward on the same cache after the cap (batchnorm_backward_alt). Each recorded forward gets a
// verdict, or a "not checked" sentence saying why (never nothing).
// Our own code in the style of learners' cs231n assignment2 notebooks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { SAYINGS, sayReason, setPhrasebook } from '../../../src/engine';
import { recordedToGraph } from '../../../src/engine/recorded/toGraph';
import { PYTHON, ROOT, plainRun, runCli, tempScript, trace } from './helpers';

/** The host's Korean wording of the one reason these tests read (as the host builds it: vscode.l10n). */
function koreanBook() {
  const ko = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ko.json'), 'utf8'));
  l10n.config({ contents: ko });
  try {
    return { reason_backward_unseen: l10n.t(SAYINGS.reason_backward_unseen, '{0}') };
  } finally {
    l10n.config({ contents: {} });
  }
}

// a leaky ReLU made by a factory: alpha is a closure variable of both functions
const FACTORY = (dx: string) => `import numpy as np

def make_leaky_relu(alpha):
    def leaky_relu_forward(x):
        out = np.where(x > 0, x, alpha * x)
        return out, x
    def leaky_relu_backward(dout, cache):
        x = cache
        dx = ${dx}
        return dx
    return leaky_relu_forward, leaky_relu_backward

forward, backward = make_leaky_relu(0.1)
np.random.seed(0)
x = np.random.randn(3, 4)
for it in range(ITERATIONS):
    out, cache = forward(x)
    dx = backward(np.ones_like(out), cache)
print('%.6f' % dx.sum())
`;

const RIGHT = 'dout * np.where(x > 0, 1.0, alpha)';
const WRONG = 'dout * np.where(x > 0, 1.0, 0.0)  # forgot alpha';

function factory(dx: string, iterations: number) {
  return tempScript('leaky.py', FACTORY(dx).replace('ITERATIONS', String(iterations)));
}

describe('tracer: cs231n pairs defined inside a function, decorated, or after the cap', function () {
  this.timeout(120_000);

  it('a pair defined inside a factory (a closure over alpha) is checked: ok when right, FAILED when alpha is forgotten', async () => {
    for (const [dx, status] of [[RIGHT, 'ok'], [WRONG, 'failed']] as const) {
      const s = factory(dx, 2);
      try {
        const r = await trace(s.file);
        const verdicts = r.gradcheck.map((g) => [r.calls[g.call]?.function, g.status ?? (g.ok ? 'ok' : 'failed')]);
        // each forward of a function pair is a layer of its own: one verdict per iteration
        assert.deepEqual(verdicts, [['leaky_relu_forward', status], ['leaky_relu_forward', status]], JSON.stringify(r.gradcheck));
        assert.equal(r.stdout, plainRun(s.file));
      } finally {
        s.cleanup();
      }
    }
  });

  it('on every Python 3.8-3.13 here (f_locals differs across versions): the closure is read from the running frame', async () => {
    // plain numbers, no numpy: the pyenv Pythons here have none
    const withoutNumpy = 'def make_scale(k):\n    def scale_forward(x):\n        return k * x, x\n' +
      '    def scale_backward(dout, cache):\n        return dout  # forgot k\n    return scale_forward, scale_backward\n' +
      'forward, backward = make_scale(3.0)\nout, cache = forward(2.0)\nprint(backward(1.0, cache))\n';
    const pythons = [PYTHON, ...['3.8.18', '3.12.1', '3.13.0'].map((v) => `/root/.pyenv/versions/${v}/bin/python`).filter((p) => fs.existsSync(p))];
    console.log(`      (run on ${pythons.join(', ')})`);
    const s = tempScript('scale.py', withoutNumpy);
    try {
      for (const python of pythons) {
        const r = await runCli([s.file, '--python', python]);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /\n {2}scale_forward: FAILED: dx at \(\): backprop 1, numerical 3\./, `${python}: ${r.out}`);
      }
    } finally {
      s.cleanup();
    }
  });
});

// cs231n's BatchNormalization notebook checks batchnorm_backward_alt on the cache batchnorm_backward
// was given; here (our own batchnorm) the alternative forgets the mean term of dx
const BATCHNORM = `import numpy as np

def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get('eps', 1e-5)
    mu, var = x.mean(axis=0), x.var(axis=0)
    std = np.sqrt(var + eps)
    xhat = (x - mu) / std
    return gamma * xhat + beta, (xhat, gamma, std)

def batchnorm_backward(dout, cache):
    xhat, gamma, std = cache
    dxhat = dout * gamma
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / std
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)

def batchnorm_backward_alt(dout, cache):
    xhat, gamma, std = cache
    dxhat = dout * gamma
    dx = (dxhat - xhat * (dxhat * xhat).mean(axis=0)) / std
    return dx, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)

np.random.seed(231)
x = 5 * np.random.randn(4, 5) + 12
gamma, beta, dout = np.random.randn(5), np.random.randn(5), np.random.randn(4, 5)
bn_param = {'mode': 'train'}
out, cache = batchnorm_forward(x, gamma, beta, bn_param)
WARM
dx1, dgamma1, dbeta1 = batchnorm_backward(dout, cache)
dx2, dgamma2, dbeta2 = batchnorm_backward_alt(dout, cache)
print('dx difference: %.3e' % np.abs(dx1 - dx2).max())
`;

describe('tracer: a second backward on the same cache after the cap (batchnorm_backward_alt)', function () {
  this.timeout(120_000);

  // where the cap falls: after the forward, both backwards switched (the warm-up's first forward
  // meets it); on the first backward (watched to its return); on the alternative
  const cases: Array<[string, string, string]> = [
    ['both backwards after the cap', '1', 'for _ in range(3):\n    batchnorm_forward(x, gamma, beta, {"mode": "train"})'],
    ['the first backward meets the cap', '1', ''],
    ['the first backward recorded, the alternative meets the cap', '2', ''],
  ];
  for (const [title, cap, warm] of cases) {
    it(`${title}: the alternative is checked too, FAILED where it forgets the mean`, async () => {
      const s = tempScript('bn.py', BATCHNORM.replace('WARM', warm));
      try {
        const r = await trace(s.file, ['--max-calls', cap]);
        assert.equal(r.capped, true);
        assert.equal(r.stdout, plainRun(s.file));
        const verdicts = r.gradcheck.map((g) => [r.calls[g.call]?.function, g.status ?? (g.ok ? 'ok' : 'failed')]);
        assert.deepEqual(verdicts, [['batchnorm_forward', 'ok'], ['batchnorm_forward', 'failed']], JSON.stringify(r.gradcheck));
        const dx = r.gradcheck[1].inputs.find((p) => p.name === 'x');
        assert.equal(dx?.ok, false);
        assert.ok(r.gradcheck[1].inputs.filter((p) => p.name !== 'x').every((p) => p.ok), 'dgamma and dbeta are right');
        assert.equal(recordedToGraph(r, 0).nodes.find((n) => n.kind === 'layer')?.verdict?.status, 'failed', 'the graph draws the later verdict');
        assert.equal(r.gradcheck[1].again, 'batchnorm_backward_alt');
        const cli = await runCli([s.file, '--python', PYTHON, '--max-calls', cap]);
        assert.match(cli.out, /\n {2}batchnorm_forward: ok: dx, dgamma, dbeta match .*\n.*\n {2}batchnorm_forward, its second backward batchnorm_backward_alt: FAILED: dx at /, cli.out);
      } finally {
        s.cleanup();
      }
    });
  }
});

// a cs231n loop whose cap (1 call) falls on the second forward: every later call goes through
// the switched functions, or not at all when they could not be switched
const AFTER_CAP = (head: string, tail = '') => `import functools
import numpy as np
${head}
np.random.seed(0)
x, g = np.random.randn(3, 4), np.random.randn(4)
out, cache = scale_forward(x, g)
scale_forward(2 * x, g)  # other arguments: not a numerical gradient's evaluation of the first
${tail}dx, dg = scale_backward(np.ones_like(out), cache)
for it in range(3):
    o, c = scale_forward(x, g)
    scale_backward(np.ones_like(o), c)
print('%.6f' % dx.sum())
`;

const SCALE = `def scale_forward(x, g):
    return x * g, (x, g)
def scale_backward(dout, cache):
    x, g = cache
    return 2 * dout * g, (dout * x).sum(axis=0)  # dx doubled
`;

const DECORATED = `def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
def logged(fn):  # no functools.wraps: the function is only in the wrapper's closure
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner
@timed
${SCALE.split('def scale_backward')[0]}@logged
def scale_backward${SCALE.split('def scale_backward')[1]}`;

const CLOSURES = `def make(k):
    def scale_forward(x, g):
        return k * x * g, (x, g)
    def scale_backward(dout, cache):
        x, g = cache
        return 2 * k * dout * g, (k * dout * x).sum(axis=0)  # dx doubled
    return scale_forward, scale_backward
scale_forward, scale_backward = make(1.0)
`;

describe('tracer: cs231n pairs after the cap that are decorated or closures', function () {
  this.timeout(120_000);

  for (const [title, head] of [['decorated (functools.wraps, and a wrapper without it)', DECORATED], ['closures a factory returned', CLOSURES]]) {
    it(`${title}: switched after the cap, every later call counted, the forward recorded before it FAILED`, async () => {
      const s = tempScript('after.py', AFTER_CAP(head));
      try {
        const r = await trace(s.file, ['--max-calls', '1']);
        assert.equal(r.calls.length, 1);
        assert.equal(r.unrecorded, 1 + 1 + 3 * 2, 'the forward that met the cap, the backward and the loop');
        assert.equal(r.stdout, plainRun(s.file));
        assert.deepEqual(r.gradcheck.map((g) => [r.calls[g.call]?.function, g.status]), [['scale_forward', 'failed']], JSON.stringify(r.gradcheck));
      } finally {
        s.cleanup();
      }
    });
  }

  for (const variant of ['', '_naive']) {
    it(`a backward defined only after the cap (scale_backward${variant}): the forward says why it is not checked (en, ko)`, async () => {
      const forwardOnly = SCALE.split('def scale_backward')[0];
      const text = AFTER_CAP(forwardOnly, `def scale_backward${SCALE.split('def scale_backward')[1]}`);
      const s = tempScript('late.py', text.replace(/scale_(forward|backward)\b/g, `scale_$1${variant}`));
      try {
        const r = await trace(s.file, ['--max-calls', '1']);
        assert.deepEqual(r.gradcheck.map((g) => [g.instance, g.status]), [[0, 'unchecked']]);
        const reason = r.gradcheck[0].reason ?? '';
        assert.equal(reason, SAYINGS.reason_backward_unseen.replace('{0}', `scale_backward${variant}`));
        setPhrasebook(koreanBook());
        try {
          assert.match(sayReason(reason), /[가-힣]/);
          assert.ok(sayReason(reason).includes(`scale_backward${variant}`));
        } finally {
          setPhrasebook({});
        }
      } finally {
        s.cleanup();
      }
    });
  }
});
