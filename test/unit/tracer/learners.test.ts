// Shapes of code found in learners' chapter-5 and cs231n repositories, run through the real
// tracer on programs of our own written the same way: each case is one that went wrong there.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { recordedToGraph } from '../../../src/engine/recorded';
import { PYTHON, ROOT, TRACER, tempScript, trace } from './helpers';
import { runTracer } from '../../../src/python/tracer';
import { parseRecorded } from '../../../src/engine/recorded/schema';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['run', ...argv, '--python', PYTHON], {
    stdin: (async function* () {})(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

const cellsOf = (sources: string[]): string => JSON.stringify({
  cells: sources.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: source.split(/(?<=\n)/) })),
  metadata: {}, nbformat: 4, nbformat_minor: 5,
});

/** cs231n's word embedding and LSTM step pairs, written as learners write them (our own code). */
const EMB = `import numpy as np
def word_embedding_forward(x, W):
    out = W[x]
    return out, (x, W.shape)
def word_embedding_backward(dout, cache):
    x, shape = cache
    dW = np.zeros(shape)
    np.add.at(dW, x, dout)
    return dW
def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    H = prev_h.shape[1]
    i, f, o, g = 1/(1+np.exp(-a[:, :H])), 1/(1+np.exp(-a[:, H:2*H])), 1/(1+np.exp(-a[:, 2*H:3*H])), np.tanh(a[:, 3*H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    dc = dnext_c + dnext_h * o * (1 - np.tanh(next_c) ** 2)
    di, df, do, dg = dc * g, dc * prev_c, dnext_h * np.tanh(next_c), dc * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)
np.random.seed(0)
out, cache = word_embedding_forward(np.array([[0, 3, 1], [2, 2, 4]]), np.random.randn(5, 3))
dW = word_embedding_backward(np.random.randn(*out.shape), cache)
N, D, H = 2, 3, 4
h, c, cache = lstm_step_forward(np.random.randn(N, D), np.random.randn(N, H), np.random.randn(N, H), np.random.randn(D, 4 * H), np.random.randn(H, 4 * H), np.random.randn(4 * H))
grads = lstm_step_backward(np.random.randn(N, H), np.random.randn(N, H), cache)
`;

describe('tracer: learners\' code as they write it', function () {
  this.timeout(60_000);

  it('cs231n: a second backward given the same cache (batchnorm_backward_alt) pairs with that forward, not a stale one', async () => {
    // The BatchNormalization notebook runs forwards whose cache is kept in `_` and never
    // backpropagated, then `batchnorm_backward(dout, cache)` and `batchnorm_backward_alt(dout, cache)`
    // on one forward. The second backward was paired by name with the stale forward: FAILED on shapes.
    const s = tempScript('bn_alt.py', `import numpy as np

def scale_forward(x, g):
    return x * g, (x, g)

def scale_backward(dout, cache):
    x, g = cache
    return dout * g, (dout * x).sum(axis=0)

def scale_backward_alt(dout, cache):
    x, g = cache
    return g * dout, np.sum(x * dout, axis=0)

np.random.seed(1)
kept, _ = scale_forward(np.random.randn(6, 2), np.ones(2))
x, g = np.random.randn(3, 4), np.random.randn(4)
out, cache = scale_forward(x, g)
dout = np.random.randn(3, 4)
dx1, dg1 = scale_backward(dout, cache)
dx2, dg2 = scale_backward_alt(dout, cache)
`);
    try {
      const r = await trace(s.file);
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(r.calls.map((c) => `${c.function}:${c.pairs ?? '-'}`), [
        'scale_forward:-', 'scale_forward:-', 'scale_backward:1', 'scale_backward_alt:1',
      ]);
      assert.equal(r.calls[3].instance, r.calls[1].instance, 'the same layer (forward 1) as the first backward');
      // each backward's own verdict (a second backward on the same forward is checked too), both on
      // the forward both backwards were given the cache of; none on the stale forward
      assert.deepEqual(r.gradcheck.map((g) => [g.call, g.backwardCall, g.status ?? (g.ok ? 'ok' : 'failed')]), [[1, 2, 'ok'], [1, 3, 'ok']],
        'a verdict for each backward, on the forward both were given the cache of; none on the stale forward');
    } finally {
      s.cleanup();
    }
  });

  it("the book's sys.path.append(os.pardir) run from the folder above the file's: the error names where the module is and the file's folder", async () => {
    // The book's ch05/two_layer_net.py imports common/ through os.pardir, which Python takes from
    // the folder the program runs in: run from the repository's root (VS Code's Run Python File,
    // and run mode, start in the workspace folder) it fails, with nothing said of why.
    const book = path.join(ROOT, 'test', 'fixtures', 'book');
    const file = path.join(book, 'ch05', 'two_layer_net.py');
    const fromRoot = await trace(file, [], 60_000, book);
    assert.equal(fromRoot.error?.message, `ModuleNotFoundError: No module named 'common' (common is in ${book}, the folder '..' on sys.path names when the program runs from its own folder, ${path.dirname(file)}; it ran from ${book})`);
    assert.equal(fromRoot.error?.runFrom, path.dirname(file));
    assert.equal(fromRoot.error?.line, 5, 'from common.layers import *');
    // From its own folder it runs (it only defines TwoLayerNet), and a module missing for another reason gets no such words.
    assert.equal((await trace(file)).error, undefined);
    const s = tempScript('other.py', 'import sys, os\nsys.path.append(os.pardir)\nimport no_such_module_here\n');
    try {
      const other = await trace(s.file, [], 60_000, book);
      assert.equal(other.error?.message, "ModuleNotFoundError: No module named 'no_such_module_here'");
      assert.equal(other.error?.runFrom, undefined);
    } finally {
      s.cleanup();
    }
  });

  it('a whole network written as functions named forward and backward (def forward(x, params)): the run says they are functions, not that nothing was called', async () => {
    // A learner's numpy MLP (erenmenges/deep-learning-from-scratch, full_backprop.py, in its shape):
    // forward(x, params) -> (out, cache) and backward(x, y, params, cache) -> grads. The CLI said
    // "no forward or backward call happened" after both had run.
    const s = tempScript('full_backprop.py', `import numpy as np

def forward(x, params):
    f = params["W"] @ x + params["b"]
    return f, {"f": f}

def backward(x, y, params, cache):
    df = 2 * (cache["f"] - y)
    return {"W": df[:, None] @ x[None, :], "b": df}

params = {"W": np.ones((2, 3)), "b": np.zeros(2)}
x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.5])
out, cache = forward(x, params)
grads = backward(x, y, params, cache)
`);
    try {
      const r = await cli([s.file]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /^backprop-trace run: no layer call was recorded in /);
      const hint = 'forward (full_backprop.py:3) and backward (full_backprop.py:7) are functions, not methods of a class, so they were not recorded: the tracer records forward and backward as methods of your own classes, or as functions with a layer\'s name before them (affine_forward, affine_backward: cs231n style).';
      assert.ok(r.out.includes(`  hint: ${hint}\n`), r.out);
      const rec = await trace(s.file);
      assert.deepEqual(rec.hints, [hint], 'in the result the extension reads (its "No layer was called" message adds it)');
      // A layer class beside them is recorded as ever, and a method named forward is no such function.
      const layered = tempScript('layered.py', 'import numpy as np\nclass Relu:\n    def forward(self, x):\n        self.mask = x <= 0\n        return np.where(self.mask, 0, x)\n    def backward(self, dout):\n        return np.where(self.mask, 0, dout)\nr = Relu()\nr.backward(np.ones(2)) if r.forward(np.array([1.0, -1.0])) is not None else None\n');
      try {
        const ok = await trace(layered.file);
        assert.equal(ok.calls.length, 2);
        assert.equal(ok.hints, undefined);
      } finally {
        layered.cleanup();
      }
    } finally {
      s.cleanup();
    }
  });

  it('a function named forward_backward (one function doing both, as a learner\'s numpy MLP has it) is no backward of a layer named "forward"', async () => {
    // hf-chow/Deep-Learning-from-Scratch, model/mlp_numpy.py, in its shape: it was recorded as the
    // backward of a cs231n pair named "forward", and each call read "forward_backward: not checked:
    // its backward ran with no forward before it on this instance".
    const s = tempScript('mlp_numpy.py', `import numpy as np

def forward_backward(x, y, l1, l2):
    h = np.maximum(x @ l1, 0)
    out = h @ l2
    d_out = 2 * (out - y) / len(y)
    return (out - y).var(), h.T @ d_out, x.T @ ((d_out @ l2.T) * (h > 0))

x, y = np.ones((4, 3)), np.zeros((4, 2))
l1, l2 = np.full((3, 5), 0.1), np.full((5, 2), 0.2)
for _ in range(3):
    loss, d_l2, d_l1 = forward_backward(x, y, l1, l2)
    l1, l2 = l1 - 0.1 * d_l1, l2 - 0.1 * d_l2
print(round(float(loss), 6))
`);
    try {
      const r = await cli([s.file]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /^backprop-trace run: no layer call was recorded in /);
      assert.ok(!r.out.includes('forward_backward: not checked'), r.out);
    } finally {
      s.cleanup();
    }
  });

  it('a package of the folder the program runs from (from ch05.layers import Relu, run from the repository\'s root): the error says Python does not search it, and PYTHONPATH runs it', async () => {
    // drxyzw/deep-learning-from-scratch imports its chapters as packages of the repository
    // (from ch05.code_5_4_1_Layer import *) and runs them with PYTHONPATH=${workspaceFolder} (its launch.json).
    const s = tempScript('README.md', '');
    const file = path.join(s.dir, 'ch05', 'two_layer.py');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(path.join(s.dir, 'ch05', '__init__.py'), '');
    fs.writeFileSync(path.join(s.dir, 'ch05', 'layers.py'), 'class Relu:\n    def forward(self, x):\n        self.mask = x <= 0\n        return x * ~self.mask\n    def backward(self, dout):\n        return dout * ~self.mask\n');
    fs.writeFileSync(file, 'import numpy as np\nfrom ch05.layers import Relu\nr = Relu()\nr.forward(np.array([1.0, -2.0]))\nr.backward(np.ones(2))\n');
    try {
      const fromRoot = await trace(file, [], 60_000, s.dir);
      assert.equal(fromRoot.error?.message, `ModuleNotFoundError: No module named 'ch05' (ch05 is in ${s.dir}, the folder the program runs from, which Python does not search for imports: it searches the file's own folder, ${path.dirname(file)}, and PYTHONPATH)`);
      assert.equal(fromRoot.error?.pythonPath, s.dir);
      assert.equal(fromRoot.error?.runFrom, undefined);
      const withPath = await runTracer({ python: PYTHON, tracer: TRACER, file, cwd: s.dir, timeoutMs: 60_000, env: { PYTHONPATH: s.dir } });
      const parsed = parseRecorded(withPath.result);
      assert.ok('result' in parsed && !parsed.result.error && parsed.result.calls.length === 2, JSON.stringify(withPath.result).slice(0, 400));
    } finally {
      s.cleanup();
    }
  });

  it('gradients named grad_W / W_grad (a course\'s Linear layer): checked and drawn by those names; dividing by the batch again is FAILED on grad_W', async () => {
    // A course's layers.py template: Linear keeps self.grad_W and self.grad_b (not dW, db). They were
    // neither checked nor said: the verdict read "ok: dx match" over a grad_W divided by the batch twice.
    const linear = (gradW: string, names: [string, string]) => `import numpy as np
class Linear:
    def __init__(self, name, in_num, out_num):
        self.name = name
        self.W = np.random.randn(in_num, out_num) * 0.1
        self.b = np.zeros(out_num)
    def forward(self, input):
        self._saved_tensor = input
        return np.dot(input, self.W) + self.b
    def backward(self, grad_output):
        self.${names[1]} = np.sum(grad_output, axis=0)
        self.${names[0]} = ${gradW}
        return np.dot(grad_output, self.W.T)
np.random.seed(0)
fc = Linear('fc1', 3, 2)
y = fc.forward(np.random.randn(4, 3))
dx = fc.backward(np.ones((4, 2)))
`;
    const right = tempScript('layers.py', linear('np.dot(self._saved_tensor.T, grad_output)', ['grad_W', 'grad_b']));
    const halved = tempScript('layers.py', linear('np.dot(self._saved_tensor.T, grad_output) / grad_output.shape[0]', ['W_grad', 'b_grad']));
    try {
      const ok = recordedToGraph(await trace(right.file), 0);
      assert.equal(ok.nodes.find((n) => n.kind === 'layer')?.verdict?.text, 'ok: dinput, grad_W, grad_b match central differences (20 elements checked).');
      assert.deepEqual(ok.nodes.filter((n) => n.kind === 'param').map((n) => `${n.label}:${n.gradName}`), ['W:grad_W', 'b:grad_b'], 'drawn with the learner\'s names');
      assert.deepEqual(ok.nodes.find((n) => n.kind === 'layer')?.cache?.map((c) => c.name), ['_saved_tensor'], 'grad_W and grad_b are not caches');
      const bad = recordedToGraph(await trace(halved.file), 0).nodes.find((n) => n.kind === 'layer')!;
      assert.match(bad.verdict?.text ?? '', /^FAILED: W_grad at \(\d, \d\): backprop \S+, numerical \S+\.$/);
      assert.deepEqual(bad.marks, ['FAILED: W_grad']);
      const cliOut = await cli([halved.file]);
      assert.match(cliOut.out, /fc \(Linear\): FAILED: W_grad at .*\n {4}dinput max \|diff\| \S+ \(12 checked\), W_grad max \|diff\| \S+ \(6 checked\), b_grad max \|diff\| \S+ \(2 checked\)\n/);
    } finally {
      right.cleanup();
      halved.cleanup();
    }
  });

  it('cs231n: a dgamma returned with keepdims=True ((1, D) for gamma (D,)) is FAILED for its shape, its numbers said right', async () => {
    // 0809zheng/CS231n-assignment2019's batchnorm_backward and layernorm_backward, in their shape.
    const s = tempScript('bn.py', `import numpy as np
def scale_forward(x, gamma, beta):
    return x * gamma + beta, (x, gamma)
def scale_backward(dout, cache):
    x, gamma = cache
    return dout * gamma, np.sum(dout * x, axis=0, keepdims=True), np.sum(dout, axis=0)
np.random.seed(0)
out, cache = scale_forward(np.random.randn(4, 5), np.random.randn(5), np.random.randn(5))
dx, dgamma, dbeta = scale_backward(np.random.randn(4, 5), cache)
`);
    try {
      const r = await trace(s.file);
      const gc = r.gradcheck[0];
      assert.equal(gc.status, 'failed');
      assert.deepEqual(gc.inputs.map((p) => [p.name, p.ok, p.error ?? '']), [
        ['x', true, ''],
        ['gamma', false, "backward returned shape (1, 5) for gamma of shape (5,): the right numbers, with an axis of length 1 more as np.sum(..., keepdims=True) leaves it (gamma -= lr * dgamma would make gamma (1, 5))"],
        ['beta', true, ''],
      ]);
    } finally {
      s.cleanup();
    }
  });

  it('cs231n assignment 3: word_embedding_backward\'s dW alone is W\'s; lstm_step_forward\'s two outputs are checked each with its dout', async () => {
    // 0809zheng/CS231n-assignment2019's rnn_layers.py (our own code in its shape): dW was taken for
    // dx ("FAILED: dx (backward returned shape (6, 4) for x of shape (2, 3))"), and the LSTM step,
    // right, was FAILED: the check weighed next_h by dnext_h and left next_c's dnext_c out.
    const program = (dc: string) => EMB.replace('dc = dnext_c + ', dc);
    const right = tempScript('rnn_layers.py', program('dc = dnext_c + '));
    const wrong = tempScript('rnn_layers.py', program('dc = 0 * dnext_c + '));
    try {
      const r = await trace(right.file);
      assert.deepEqual(r.gradcheck.map((g) => g.status), ['ok', 'ok']);
      assert.deepEqual(r.gradcheck[0].inputs.map((p) => p.name), ['W']);
      const emb = recordedToGraph(r, 0);
      assert.deepEqual(emb.edges.filter((e) => e.backwardName).map((e) => `${e.forwardName}:${e.backwardName}`), ['W:dW', 'out:dout'], 'dW drawn on W, none on the indices');
      // Its three outputs are not drawn (one array out of a layer): the node says so.
      const lstm = recordedToGraph(r, 1).nodes.find((n) => n.kind === 'layer');
      assert.deepEqual(lstm?.notes, ['forward returned 3 values (a tuple): the graph draws one array out of a layer, so none of them is drawn after it']);
      const w = await trace(wrong.file);
      assert.equal(w.gradcheck[1].status, 'failed', 'a backward that drops dnext_c is FAILED');
    } finally {
      right.cleanup();
      wrong.cleanup();
    }
  });

  it('a notebook runs in its own folder, as Jupyter runs it: its relative paths (cs231n/datasets/..., weights.txt) are found', async () => {
    // cs231n's notebooks read 'cs231n/datasets/cifar-10-batches-py' and the book's notebooks
    // open('sample_weight.pkl') relative to the notebook; run from elsewhere they failed.
    const s = tempScript('README.md', '');
    const sub = path.join(s.dir, 'assignment2');
    fs.mkdirSync(path.join(sub, 'data'), { recursive: true });
    fs.writeFileSync(path.join(sub, 'data', 'x.txt'), '1.0 -0.5\n-2.0 3.0\n');
    const nb = path.join(sub, 'layers.ipynb');
    fs.writeFileSync(nb, cellsOf([
      'import numpy as np\nx = np.loadtxt(\'data/x.txt\')',
      'def relu_forward(x):\n    return np.maximum(0, x), x\n\ndef relu_backward(dout, cache):\n    return dout * (cache > 0)',
      'out, cache = relu_forward(x)\ndx = relu_backward(np.ones_like(out), cache)\nprint(out.sum())',
    ]));
    try {
      const r = await cli([nb]); // from this process's folder, not the notebook's
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^4\.0\n── backprop-trace: 2 calls recorded in layers\.ipynb ──\n/);
      assert.match(r.out, /relu_forward: ok: dx /);
    } finally {
      s.cleanup();
    }
  });

  it('an error raised inside Debian\'s numpy (/usr/lib/python3/dist-packages) is put on the learner\'s line, not numpy\'s', async () => {
    // sysconfig does not name Debian's dist-packages, so numpy's own frames counted as the learner's
    const s = tempScript('load.py', 'import numpy as np\n\nx = np.ones(2)\nw = np.loadtxt("weights_not_there.txt")\n');
    try {
      const r = await trace(s.file);
      assert.match(r.error?.message ?? '', /FileNotFoundError: weights_not_there\.txt not found/);
      assert.deepEqual([r.error?.file, r.error?.line], [s.file, 4]);
    } finally {
      s.cleanup();
    }
  });
});

