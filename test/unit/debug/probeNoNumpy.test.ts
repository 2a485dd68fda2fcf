// The probe in a program that never imported numpy (the book's buy_apple.py: layer_naive's
// MulLayer on plain numbers), run in a real Python the way debugpy evaluates an expression in the
// paused frame of MulLayer.backward. The layer is traced and checked as run mode does, a number is
// sent with its type, what would need numpy says so, and numpy is never imported into the program.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { readAnswer, tensorOf, type ArrayAnswer, type LayerAnswer } from '../../../src/extension/debug/answer';
import { probeExpression } from '../../../src/extension/debug/expression';
import { bare } from '../tracer/helpers';
import { PROBE, PYTHON, ROOT, TRACER } from './probeSources';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05');

/** buy_apple.py's state at its mul_tax_layer.backward(dprice); each expression evaluated there. */
const DRIVER = `
import json, sys
sys.path.insert(0, ${JSON.stringify(BOOK)})
from layer_naive import MulLayer
apple, apple_num, tax = 100, 2, 1.1
mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
apple_price = mul_apple_layer.forward(apple, apple_num)
price = mul_tax_layer.forward(apple_price, tax)
class Scale:  # a learner's weight that is one float: dW a float too
    def __init__(self, W, slip=False):
        self.W, self.slip = W, slip
    def forward(self, x):
        self.x = x
        return x * self.W
    def backward(self, dout):
        self.dW = dout * (self.W if self.slip else self.x)
        return dout * self.W
scale, slipped = Scale(0.5), Scale(0.5, slip=True)
scale.forward(3.0), slipped.forward(3.0)
huge = MulLayer()
huge.forward(2 ** 53 + 1, 3)
g = dict(globals())
l = {'self': mul_tax_layer, 'dout': 1}
for e in json.load(sys.stdin):
    before = repr(sorted(vars(mul_tax_layer).items()))
    r = eval(e, dict(g, **l), l)
    print(json.dumps({'repr': repr(r), 'same': before == repr(sorted(vars(mul_tax_layer).items())), 'numpy': 'numpy' in sys.modules}))
`;

function ask(exprs: string[]): { repr: string; same: boolean; numpy: boolean }[] {
  const texts = exprs.map((expr) => probeExpression(PROBE, TRACER, { expr, maxElements: 1000, methods: ['forward', 'backward'] }));
  const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(texts), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

describe('debug probe in a program without numpy (the book\'s buy_apple.py)', function () {
  this.timeout(60_000);

  it('traces MulLayer on plain numbers: forward(200, 1.1), backward(1) = (1.1, 200), each number with its Python type, checked; numpy never imported', () => {
    const [a] = ask(['self']);
    assert.deepEqual([a.same, a.numpy], [true, false], 'the layer is unchanged and numpy was not imported');
    const ans = readAnswer(a.repr) as LayerAnswer;
    assert.equal(ans.kind, 'layer', a.repr.slice(0, 300));
    const r = ans.result!;
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.numpy, undefined, 'no numpy version is claimed');
    assert.deepEqual(r.calls.map((c) => [c.method, bare(c.args), bare(c.result)]), [['forward', [200, 1.1], 220.00000000000003], ['backward', [1], [1.1, 200]]]);
    assert.deepEqual(r.calls[0].args.map((v) => (v as { scalar?: string }).scalar), ['int', 'float']);
    assert.ok(r.gradcheck.length === 1 && r.gradcheck[0].ok && r.gradcheck[0].status === 'ok', JSON.stringify(r.gradcheck));
  });

  it('a float weight\'s float dW is checked like an array\'s: right ok, a slip (dout * W) FAILED on W; numpy never imported', () => {
    const [right, slip] = ask(['scale', 'slipped']).map((a) => {
      assert.equal(a.numpy, false);
      return (readAnswer(a.repr) as LayerAnswer).result!.gradcheck[0];
    });
    assert.deepEqual([right.status, right.params?.map((p) => [p.name, p.ok])], ['ok', [['W', true]]], JSON.stringify(right));
    assert.deepEqual([slip.status, slip.params?.map((p) => [p.name, p.ok, p.worst?.[0].analytic])], ['failed', [['W', false, 0.5]]], JSON.stringify(slip));
  });

  it('a layer on 2**53 + 1 is not checked, and says why (float64 cannot move it by h): it was a false FAILED on x', () => {
    const [a] = ask(['huge']);
    const gc = (readAnswer(a.repr) as LayerAnswer).result!.gradcheck[0];
    assert.deepEqual([gc.status, gc.reason], ['unchecked', "x is too large for the check's step (h = 0.0001) to move it in float64 (1 of its values, up to 9.007e+15): central differences there would not be the gradient"]);
  });

  it('sends a number by name as numpy would hold it, with its type; an int past 2**53 with its str() too; a list or an int past float64 says why not in a sentence', () => {
    const answers = ask(['self.x', 'self.y', 'dout', '[self.x, self.y]', '2 ** 2000', '2 ** 53 + 1', '-2 ** 70', '2 ** 53']);
    assert.ok(answers.every((a) => a.same && !a.numpy), JSON.stringify(answers.map((a) => [a.same, a.numpy])));
    const [x, y, dout, list, big, past53, past64, at53] = answers.map((a) => readAnswer(a.repr));
    // float64 cannot hold 2**53 + 1: its str() comes with it, drawn instead; past int64 its nearest float64 is sent
    const exact = [past53, past64, at53].map((ans) => {
      const t = tensorOf(ans as ArrayAnswer);
      assert.ok(!('bad' in t), JSON.stringify(t));
      return [(ans as ArrayAnswer).text, t.data[0], (ans as ArrayAnswer).scalar];
    });
    assert.deepEqual(exact, [['9007199254740993', 2 ** 53, 'int'], ['-1180591620717411303424', -(2 ** 70), 'int'], [undefined, 2 ** 53, 'int']]);
    const sent = [x, y, dout].map((ans) => {
      const t = tensorOf(ans as ArrayAnswer);
      assert.ok(!('bad' in t), JSON.stringify(t));
      return [Array.from(t.data), t.shape, t.dtype ?? 'float64', (ans as ArrayAnswer).scalar];
    });
    assert.deepEqual(sent, [[[200], [], 'int64', 'int'], [[1.1], [], 'float64', 'float'], [[1], [], 'int64', 'int']]);
    assert.deepEqual([list, big].map((ans) => ('error' in ans ? ans.error : JSON.stringify(ans))), [
      'a list, and numpy is not loaded in the paused program: only numbers and layers are read without it',
      'an int too big for a float64 too (2001 bits), not a number Backprop Trace can compute with',
    ]);
  });
});
