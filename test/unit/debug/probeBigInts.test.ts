// Integers float64 cannot hold, in a layer read from a paused program (the tracer's value form,
// run mode's too): an int64 array past 2**53 is counted by the tracer (values.beyond_float64) and
// the graph says how many are drawn as their nearest float64; a number past 2**53 comes with its
// str() and is drawn as that text. The probe runs in a real Python as debugpy evaluates it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readAnswer, type LayerAnswer } from '../../../src/extension/debug/answer';
import { probeExpression } from '../../../src/extension/debug/expression';
import { recordedToGraph } from '../../../src/engine/recorded';
import { PROBE, PYTHON, TRACER } from './probeSources';

const DRIVER = `
import json, sys
import numpy as np
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x
ids = MulLayer()
ids.forward(np.array([7, 2 ** 60 + 1, -(2 ** 62) - 3, 5], dtype=np.int64), 2)
small = MulLayer()
small.forward(np.array([7, 5], dtype=np.int64), 2)
g = dict(globals())
for e in json.load(sys.stdin):
    print(json.dumps({'repr': repr(eval(e, g, {}))}))
`;

function graphs(exprs: string[]) {
  const texts = exprs.map((expr) => probeExpression(PROBE, TRACER, { expr, maxElements: 1000, methods: ['forward', 'backward'] }));
  const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').map((line) => recordedToGraph((readAnswer((JSON.parse(line) as { repr: string }).repr) as LayerAnswer).result!));
}

describe('debug probe: integers past 2**53 in a layer', function () {
  this.timeout(60_000);

  it('an int64 array with values past 2**53 says how many are drawn as their nearest float64; one without says nothing', () => {
    const [ids, small] = graphs(['ids', 'small']);
    // x has 2 and out = x * 2 has 2 (int64); dy = dout * x is float64 (dout = ones as float64): its values are the program's own
    assert.deepEqual(ids.notes?.filter((n) => n.includes('2**53')), ["4 integers past 2**53 (9007199254740992) in the recorded arrays are drawn as their nearest float64: their last digits may not be the program's."]);
    assert.equal(small.notes?.some((n) => n.includes('2**53')) ?? false, false);
  });
});
