// Integers float64 cannot hold, read from a paused program (the probe, in a real Python as debugpy
// evaluates it; a layer in the tracer's value form, run mode's too). An int64 array's elements
// past 2**53 come in its bytes: the graph's labels, the details and the hover show the program's
// digits (numpy's str()), not their float64's; the graph says how many there are, since the
// gradient check computes with their float64. A number past 2**53 comes with its str().
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readAnswer, tensorOf, type ArrayAnswer, type LayerAnswer } from '../../../src/extension/debug/answer';
import { probeExpression } from '../../../src/extension/debug/expression';
import { hoverMarkdown, plainL10n } from '../../../src/extension/hover/content';
import { recordedToGraph } from '../../../src/engine/recorded';
import { elementAt, endOf, formatArray, type Tensor } from '../../../src/engine';
import { fmt } from '../../../src/scene/labels';
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
big = np.array([7, 2 ** 60 + 1, -(2 ** 62) - 3, 5], dtype=np.int64)
ids = MulLayer()
ids.forward(big, 2)
small = MulLayer()
small.forward(np.array([7, 5], dtype=np.int64), 2)
apple = 2 ** 53 + 1
g = dict(globals())
for e in json.load(sys.stdin):
    print(json.dumps({'repr': repr(eval(e, g, {}))}))
`;

/** The probe's answers for `exprs`, and numpy's str() of each `printed` expression, from one Python. */
function answers(exprs: string[], printed: string[] = []) {
  const texts = exprs.map((expr) => probeExpression(PROBE, TRACER, { expr, maxElements: 1000, methods: ['forward', 'backward'] }));
  const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify([...texts, ...printed.map((p) => `str(${p})`)]), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  const reprs = run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { repr: string }).repr);
  return { probe: reprs.slice(0, exprs.length).map((r) => readAnswer(r)), numpy: reprs.slice(exprs.length).map((r) => JSON.parse(r.replace(/^'|'$/g, '"')) as string) };
}

const graphs = (exprs: string[]) => answers(exprs).probe.map((a) => recordedToGraph((a as LayerAnswer).result!));

describe('debug probe: integers past 2**53', function () {
  this.timeout(60_000);

  it('a layer on an int64 array past 2**53: the graph says how many, and checks with float64; one without says nothing', () => {
    const [ids, small] = graphs(['ids', 'small']);
    // x has 2 and out = x * 2 has 2 (int64); dy = dout * x is float64 (dout = ones as float64): its values are the program's own
    assert.deepEqual(ids.notes?.filter((n) => n.includes('2**53')), ["4 integers past 2**53 (9007199254740992) in the recorded arrays are drawn and detailed with the program's digits; the gradient check computes with their nearest float64."]);
    assert.equal(small.notes?.some((n) => n.includes('2**53')) ?? false, false);
  });

  it("the layer's x and out are drawn with numpy's digits, not their float64's (1152921504606846977, not ...976)", () => {
    const { probe, numpy } = answers(['ids'], ['ids.x', 'ids.x * 2']);
    const g = recordedToGraph((probe[0] as LayerAnswer).result!);
    const labels = g.edges.flatMap((e) => [e.forward, e.backward]).filter((t) => t?.dtype === 'int64').map((t) => fmt(t!));
    assert.ok(numpy[0].includes('1152921504606846977') && numpy[0].includes('-4611686018427387907'), numpy[0]);
    for (const want of numpy) assert.ok(labels.includes(want), `${want} drawn: ${JSON.stringify(labels)}`);
  });

  it("an int64 array at a breakpoint: the details' cells and its min / max, and the hover's x row, are the program's digits", () => {
    const { probe, numpy } = answers(['big'], ['big', 'big.min()', 'big.max()', 'big[1]']);
    const x = tensorOf(probe[0] as ArrayAnswer) as Tensor;
    assert.ok(!('bad' in x));
    // what the drawer's cells and min / max show (details.ts: elementAt, endOf)
    assert.equal(elementAt(x, 1), numpy[3]);
    assert.equal(endOf(x, Math.min(...x.data), -1), numpy[1]);
    assert.equal(endOf(x, Math.max(...x.data), 1), numpy[2]);
    assert.equal(formatArray(x), numpy[0]);
    // the live hover's table (liveHover.ts: hoverMarkdown over tensorOf): x as numpy prints it
    const md = hoverMarkdown({ tensor: x, dtype: 'int64', start: 0, end: 0 } as Parameters<typeof hoverMarkdown>[0], plainL10n, 'command:x')!;
    const row = md.split('\n').findIndex((l) => l.startsWith('x '));
    // (the layers' rows are computed in float64: the live hover's sentence says so, inexactSentence)
    assert.equal(md.split('\n').slice(row, row + 2).join('\n'), `x            ${numpy[0].replace('\n', '\n             ')}`, md);
  });

  it('a number past 2**53: its str() comes with it, and its float64 table cell is its digits too', () => {
    const { probe } = answers(['apple']);
    const a = probe[0] as ArrayAnswer;
    assert.equal(a.text, '9007199254740993');
    const x = tensorOf(a) as Tensor;
    assert.equal(formatArray(x), '9007199254740993');
  });
});
