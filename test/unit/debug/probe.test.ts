// The probe a trace at a breakpoint evaluates, run in a real Python with numpy the way debugpy
// evaluates an expression in a paused frame (eval with the frame's globals and locals merged):
// the host's decoding of its answer, the size refusal, the length check, and that nothing of the
// program (its objects, random state, globals, stdout) is changed. The debugpy end to end is in
// test/integration/paused.test.ts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { readAnswer, tensorOf, type ArrayAnswer, type LayerAnswer } from '../../../src/extension/debug/answer';
import { probeExpression, type ProbeRequest } from '../../../src/extension/debug/expression';
import { withNested } from '../../../src/engine/recorded/values';
import { bare } from '../tracer/helpers';
import { PROBE, PYTHON, ROOT, TRACER } from './probeSources';

const PROGRAM = path.join(ROOT, 'test', 'fixtures', 'debug', 'two_layer_net.py');

/**
 * Runs the fixture program, then evaluates each expression as pydevd does in a frame of
 * Relu.backward (self = the net's Relu, dout = a gradient); prints per expression the answer as
 * repr() (what debugpy sends without rawString) and a fingerprint of the program before and after.
 */
const DRIVER = `
import json, runpy, sys, zlib
exprs = json.load(sys.stdin)
sys.argv = [${JSON.stringify(PROGRAM)}]
out = sys.stdout
sys.stdout = open('/dev/null', 'w')
g = runpy.run_path(sys.argv[0], run_name='__main__')
sys.stdout = out
np = g['np']
class Trap:
    '''Counts every call of its code: a hover must run none of it.'''
    ran = 0
    def __init__(self):
        self.kept = np.arange(3.0)
    @property
    def W(self):
        Trap.ran += 1
        return np.ones(3)
    def __getattr__(self, name):
        Trap.ran += 1
        return np.ones(3)
    def forward(self, x):
        Trap.ran += 1
        return x
    def backward(self, dout):
        Trap.ran += 1
        return dout
class MulLayer:
    '''The book's layer_naive.py in its shape: numbers in, a number out, backward(dout) with no default.'''
    def __init__(self):
        self.x = self.y = None
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x
class AddLayer:
    def forward(self, x, y):
        return x + y
    def backward(self, dout):
        return dout * 1, dout * 1
class Dropout:
    '''The book's shape: forward(x, train_flg=True) keeping only its mask.'''
    def forward(self, x, train_flg=True):
        self.mask = np.random.rand(*x.shape) > 0.5 if train_flg else None
        return x * self.mask if train_flg else x
    def backward(self, dout):
        return dout * self.mask
class Misspelt:
    def forward(self, x):
        return x
    def backword(self, dout):
        return dout
class Locked:
    '''A layer holding a lock (a learner's logging or threading): deepcopy refuses it.'''
    def __init__(self):
        import threading
        self.lock, self.n = threading.Lock(), 0
    def forward(self, x):
        self.n += 1
        return x
mul_tax = MulLayer()
price = mul_tax.forward(650, 1.1)
l = {'self': g['net'].layers['Relu1'], 'dout': np.linspace(-1, 1, 200).reshape(4, 50), 'trap': Trap(), 'mul_tax': mul_tax, 'add': AddLayer(),
     'apple_price': 200, 'orange_price': 450, 'misspelt': Misspelt(), 'dropout': Dropout(), 'grads': {'W1': np.ones(2), 'b1': np.zeros(2)},
     'cache': (np.ones((4, 3)), np.ones((3, 2)), np.zeros(2)), 'locked': Locked()}
def fingerprint():
    net = g['net']
    parts = [sorted((k, zlib.crc32(v.tobytes()) if hasattr(v, 'tobytes') else repr(v)) for k, v in o.__dict__.items())
             for o in list(net.layers.values()) + [net.lastLayer]]
    return json.dumps([parts, zlib.crc32(np.random.get_state()[1].tobytes()), int(np.random.get_state()[2]),
                       sorted(g), sorted(l), zlib.crc32(l['dout'].tobytes()), type(sys.stdout).__name__, repr(vars(l['mul_tax']))])
for e in exprs:
    merged = dict(g)
    merged.update(l)
    before = fingerprint()
    r = eval(e, merged, l)
    print(json.dumps({'repr': repr(r), 'same': before == fingerprint(), 'ran': Trap.ran, 'leftover': sorted(set(merged) - set(g) - set(l)),
                      'modules': sorted(m for m in sys.modules if 'backprop' in m)}))
`;

function ask(reqs: Partial<ProbeRequest>[]): { repr: string; same: boolean; ran: number; leftover: string[]; modules: string[] }[] {
  const exprs = reqs.map((r) => probeExpression(PROBE, TRACER, { expr: 'x', maxElements: 2_000_000, methods: ['forward', 'backward'], ...r }));
  const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(exprs), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

describe('debug probe (a real Python evaluating it as debugpy does)', function () {
  this.timeout(60_000);

  it('sends arrays as bytes with shape and dtype: float32, bool, int64, a list, a scalar, bit for bit', () => {
    const exprs = ['small', 'self.mask', '[[1, 2], [3, -4]]', '2.5', 'np.arange(6, dtype=np.uint16).reshape(2, 3)'];
    const answers = ask(exprs.map((expr) => ({ expr })));
    const got = answers.map((a) => {
      assert.ok(a.same, 'the program is unchanged');
      assert.deepEqual(a.leftover, [], 'nothing left in the frame');
      const ans = readAnswer(a.repr) as ArrayAnswer;
      assert.equal(ans.kind, 'array', JSON.stringify(ans).slice(0, 200));
      const t = tensorOf(ans);
      assert.ok(!('bad' in t), JSON.stringify(t));
      return { ans, t };
    });
    assert.deepEqual(Array.from(got[0].t.data), [-1.5, 0.25, 3, 2, -0.5, 0]);
    assert.equal(got[0].t.dtype, 'float32');
    assert.deepEqual(got[1].t.shape, [4, 50]);
    assert.equal(got[1].t.dtype, 'bool');
    assert.deepEqual([Array.from(got[2].t.data), got[2].t.dtype], [[1, 2, 3, -4], 'int64']);
    assert.deepEqual([Array.from(got[3].t.data), got[3].t.shape], [[2.5], []]);
    assert.equal(got[4].ans.converted, 'uint16', 'a dtype the engine does not compute in is said');
    assert.deepEqual(Array.from(got[4].t.data), [0, 1, 2, 3, 4, 5]);
  });

  it('refuses an array over maxElements with its shape and dtype only, before moving a byte', () => {
    const [a] = ask([{ expr: 'big', maxElements: 1000 }]);
    const ans = readAnswer(a.repr) as ArrayAnswer;
    assert.equal(ans.refused, true);
    assert.deepEqual([ans.shape, ans.dtype, ans.size], [[1000, 784], 'float32', 784000]);
    assert.equal(ans.data, undefined);
    assert.ok(a.repr.length < 400, `${a.repr.length} characters`);
  });

  it('refuses a cut or mangled transfer instead of drawing it', () => {
    const [a] = ask([{ expr: 'small' }]);
    assert.ok('bad' in readAnswer(a.repr.slice(0, 60) + '...' + a.repr.slice(-20)), 'debugpy\'s cut (first part ... last part)');
    const ans = readAnswer(a.repr) as ArrayAnswer;
    const t = tensorOf({ ...ans, data: ans.data!.slice(0, 8) });
    assert.ok('bad' in t && /incomplete/.test(t.bad), JSON.stringify(t));
  });

  it('says what went wrong in a sentence: an unknown name, a string, a quote in the message', () => {
    const answers = ask([{ expr: 'nothere' }, { expr: '"text"' }]).map((a) => readAnswer(a.repr));
    assert.deepEqual(answers.map((a) => ('error' in a ? a.error : JSON.stringify(a))), ["NameError: name 'nothere' is not defined", 'a str, not an array']);
  });

  it('runs a layer on a deep copy with its methods wrapped, records both calls with the gradient check, and leaves it alone', () => {
    const [a] = ask([{ expr: 'net.layers["Affine2"]' }]);
    assert.ok(a.same, 'the layer, the net and the random state are unchanged');
    assert.deepEqual(a.leftover, []);
    assert.deepEqual(a.modules, [], 'the tracer package imported from text is gone from sys.modules');
    const ans = readAnswer(a.repr) as LayerAnswer;
    assert.equal(ans.kind, 'layer');
    const r = ans.result!;
    assert.deepEqual(r.calls.map((c) => `${c.class}.${c.method}`), ['Affine.forward', 'Affine.backward']);
    assert.equal(r.calls[1].pairs, 0);
    assert.ok(r.gradcheck.length === 1 && r.gradcheck[0].ok, JSON.stringify(r.gradcheck));
    assert.deepEqual(r.gradcheck[0].params?.map((p) => p.name), ['W', 'b']);
  });

  it('runs a net\'s gradient on a copy: every layer\'s calls in order, each pair checked', () => {
    const [a] = ask([{ expr: 'net' }]);
    assert.ok(a.same);
    const ans = readAnswer(a.repr) as LayerAnswer;
    assert.equal(ans.kind, 'net');
    const r = ans.result!;
    assert.deepEqual(r.calls.map((c) => `${c.class}.${c.method}`), ['Affine.forward', 'Relu.forward', 'Affine.forward', 'SoftmaxWithLoss.forward',
      'SoftmaxWithLoss.backward', 'Affine.backward', 'Relu.backward', 'Affine.backward']);
    assert.equal(r.gradcheck.length, 4);
    assert.ok(r.gradcheck.every((c) => c.ok), JSON.stringify(r.gradcheck.map((c) => [c.class, c.maxAbsDiff])));
  });

  it('asks for an input a layer does not keep (the book\'s Relu keeps only its mask), then runs on the picked one', () => {
    const [need, ran] = ask([{ expr: 'self' }, { expr: 'self', input: 'dout' }]).map((a) => readAnswer(a.repr) as LayerAnswer);
    assert.deepEqual(need.needInput, ['x']);
    const fwd = ran.result!.calls[0];
    assert.equal(fwd.method, 'forward');
    const out = (withNested(fwd.result) as { data: number[][] }).data.flat();
    const x = Array.from({ length: 200 }, (_, i) => -1 + (2 * i) / 199);
    out.forEach((v, i) => assert.equal(v, x[i] > 0 ? v : 0));
    assert.equal(out.filter((v) => v > 0).length, 100);
  });

  it('a layer whose forward gave a number (the book\'s buy_apple) gets dout = 1, as the book\'s dprice = 1: MulLayer\'s backward gives (1.1, 650)', () => {
    const [a] = ask([{ expr: 'mul_tax' }]);
    assert.ok(a.same, 'the layer is unchanged');
    const r = (readAnswer(a.repr) as LayerAnswer).result!;
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.calls.map((c) => [c.method, bare(c.args[0]), bare(c.result)]), [['forward', 650, 715.0000000000001], ['backward', 1, [1.1, 650]]]);
    // #25: each number with its Python type, so it is drawn as the program prints it (650, not 650.)
    assert.deepEqual(r.calls.map((c) => (c.args[0] as { scalar?: string }).scalar), ['int', 'int']);
    assert.ok(r.gradcheck.length === 1 && r.gradcheck[0].ok, JSON.stringify(r.gradcheck));
  });

  it('asks for each input a layer keeps none of, in forward\'s order (AddLayer: x, then y), and runs on the picked values', () => {
    const [both, y, ran] = ask([{ expr: 'add' }, { expr: 'add', input: 'apple_price' }, { expr: 'add', input: 'apple_price, orange_price' }]).map((a) => readAnswer(a.repr) as LayerAnswer);
    assert.deepEqual([both.needInput, y.needInput], [['x', 'y'], ['y']]);
    assert.deepEqual(ran.result!.calls.map((c) => [c.method, bare(c.args), bare(c.result)]), [['forward', [200, 450], 650], ['backward', [1], [1, 1]]]);
    // A parameter with a default (Dropout's train_flg=True) is never asked for: it keeps its default.
    const [drop, dropped] = ask([{ expr: 'dropout' }, { expr: 'dropout', input: 'dout' }]).map((a) => readAnswer(a.repr) as LayerAnswer);
    assert.deepEqual(drop.needInput, ['x']);
    assert.deepEqual([dropped.result!.calls[0].params, withNested(dropped.result!.calls[0].args[1])], [['x', 'train_flg'], true]);
  });

  it('a picked input and dout are the layer\'s own copies: the book\'s Relu.backward zeroes its dout in place, the program\'s dout stays', () => {
    const [a] = ask([{ expr: 'self', input: 'dout', dout: 'dout' }]);
    assert.ok(a.same, 'the program\'s dout is unchanged');
    const r = (readAnswer(a.repr) as LayerAnswer).result!;
    const dx = (withNested(r.calls[1].result) as { data: number[][] }).data.flat();
    assert.equal(dx.filter((v) => v === 0).length, 100, 'the copy\'s dx is zero where x <= 0');
  });

  it('an expression with a call runs on copies of what it reads: relu.forward(x) leaves the program\'s mask, np.random.randn leaves its random state', () => {
    const answers = ask([{ expr: 'self.forward(-dout)' }, { expr: 'np.random.randn(3)' }, { expr: 'self', input: 'self.forward(dout)', dout: 'np.random.randn(4, 50)' }]);
    for (const a of answers) assert.ok(a.same, `the program is unchanged: ${a.repr.slice(0, 200)}`);
    const relu = tensorOf(readAnswer(answers[0].repr) as ArrayAnswer);
    assert.ok(!('bad' in relu));
    assert.equal(relu.data.filter((v) => v > 0).length, 100, 'the copy\'s forward ran on -dout');
  });

  it('an expression with a call on a name that cannot be copied says so in a sentence and runs nothing: the program stays', () => {
    const [a] = ask([{ expr: 'locked.forward(dout)' }]);
    assert.ok(a.same, 'the program changed');
    const answer = readAnswer(a.repr);
    assert.ok('error' in answer, JSON.stringify(answer).slice(0, 200));
    assert.equal(answer.error, "locked cannot be copied (TypeError: cannot pickle '_thread.lock' object), and an expression with a call runs on copies so that the paused program stays as it is: trace locked itself, or a value it holds");
  });

  it('says in a sentence what to trace instead: a dict\'s value, one item of a tuple of arrays (cs231n\'s cache), a layer without backward; None as None', () => {
    const answers = ask([{ expr: 'grads' }, { expr: 'cache' }, { expr: 'misspelt' }, { expr: 'None' }]).map((a) => readAnswer(a.repr));
    assert.deepEqual(answers.map((a) => ('error' in a ? a.error : JSON.stringify(a))), [
      "a dict of 2 ('W1', 'b1'), not an array: trace one of its values, e.g. grads['W1']",
      'a tuple of 3 items of different shapes or kinds ((4, 3), (3, 2), (2,)), not one array: trace one of them, e.g. cache[0]',
      'a Misspelt, neither an array nor a layer (an object with forward and backward): it has forward but no backward (it has backword)',
      'None, not an array',
    ]);
  });

  it('a hover\'s read (peek): an array as a trace sends it, a layer and a net by what they hold, running none of their code', () => {
    const answers = ask(['small', 'self', 'net', 'net.layers["Affine1"].W', 'trap', 'trap.W', 'trap.nothing', 'nothere'].map((expr) => ({ expr, peek: true })));
    for (const a of answers) {
      assert.ok(a.same, 'the program is unchanged');
      assert.deepEqual(a.leftover, []);
      assert.equal(a.ran, 0, 'no method, property or __getattr__ of the program ran');
    }
    const [small, relu, net, w, trap, prop, missing, unknown] = answers.map((a) => readAnswer(a.repr));
    const t = tensorOf(small as ArrayAnswer);
    assert.ok(!('bad' in t));
    assert.deepEqual([Array.from(t.data), t.dtype], [[-1.5, 0.25, 3, 2, -0.5, 0], 'float32']);
    const r = relu as LayerAnswer;
    assert.equal(r.kind, 'layer');
    assert.equal(r.result, undefined, 'nothing ran');
    assert.deepEqual(r.holds, [{ name: 'mask', shape: [4, 50], dtype: 'bool', true: 101 }]);
    const n = net as LayerAnswer;
    assert.equal(n.kind, 'net');
    const names = n.holds!.map((h) => h.name);
    assert.deepEqual(names, ["params['W1']", "params['b1']", "params['W2']", "params['b2']", "layers['Affine1']", "layers['Relu1']", "layers['Affine2']", 'lastLayer']);
    assert.deepEqual(n.holds!.find((h) => h.name === "layers['Relu1']"), { name: "layers['Relu1']", class: 'Relu' });
    const w1 = n.holds![0];
    const wt = tensorOf(w as ArrayAnswer);
    assert.ok(!('bad' in wt));
    assert.deepEqual([w1.shape, w1.min, w1.max], [[784, 50], Math.min(...wt.data), Math.max(...wt.data)], 'W1\'s range is numpy\'s min and max of the same values');
    assert.deepEqual((trap as LayerAnswer).holds, [{ name: 'kept', shape: [3], dtype: 'float64', min: 0, max: 2 }]);
    assert.match((prop as { error: string }).error, /Trap\.W is computed when read/);
    assert.match((missing as { error: string }).error, /AttributeError/);
    assert.match((unknown as { error: string }).error, /NameError/);
  });
});
