// The probe's sentences in the reader's language: what it says about a value it does not trace
// (a dict, None, a layer without backward, a function without its partner...) is written in
// English by the Python files (extension/debug/*.py) and worded by the host through the engine's
// sayings (`probe_` codes, engine/graph/sayings.ts), as run mode's reasons are. Each sentence the
// real probe writes, evaluated in a real Python as debugpy does, reads in Korean with the Korean
// phrasebook, its names and numbers kept; and every probe_ code is one the probe writes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readAnswer } from '../../../src/extension/debug/answer';
import { probeExpression } from '../../../src/extension/debug/expression';
import { SAYINGS, sayProbe, setPhrasebook, type SayingCode } from '../../../src/engine';
import { hangul, koreanBook } from '../koreanBook';
import { PROBE, PYTHON, TRACER } from './probeSources';

/** A frame holding what learners trace by mistake; `numpy`: whether the program imported it. */
const driver = (numpy: boolean) => `
import json, sys, threading
${numpy ? 'import numpy as np' : ''}
class Misspelt:
    def forward(self, x): return x
    def backword(self, dout): return dout
class ForwardOnly:
    def forward(self, x): return x
class Relu:
    def forward(self, x): return x
    def backward(self, dout): return dout
def helper(x): return x
def svm_forward(x): return x
grads = {'W1': 1, 'b1': 2}
locked = threading.Lock()
${numpy ? "cache = (np.ones(2), np.ones(3))\nwords = np.array(['a'])" : ''}
class Param:
    def __init__(self, value): self.value, self.grad = value, 0
${numpy ? 'W = Param(np.ones(2))' : ''}
g = dict(globals())
for e in json.load(sys.stdin):
    print(json.dumps({'repr': repr(eval(e, g, {}))}))
`;

function errors(exprs: string[], numpy: boolean): string[] {
  const texts = exprs.map((expr) => probeExpression(PROBE, TRACER, { expr, maxElements: 1000, methods: ['forward', 'backward'] }));
  const run = spawnSync(PYTHON, ['-c', driver(numpy)], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').map((line) => {
    const a = readAnswer((JSON.parse(line) as { repr: string }).repr);
    assert.ok('error' in a, JSON.stringify(a).slice(0, 200));
    return a.error;
  });
}

describe('debug probe: its sentences in English and Korean (the sayings)', function () {
  this.timeout(60_000);
  afterEach(() => setPhrasebook({}));

  it('every sentence the probe writes about a value it does not trace reads in Korean, names kept; in English with no phrasebook', () => {
    const said = [
      ...errors(['grads', 'None', "'hello'", 'object()', 'helper', 'ForwardOnly()', 'Misspelt()', 'cache', 'words', '2 ** 2000', 'str(locked)', 'svm_forward', '[Relu(), Relu()]', 'W'], true),
      ...errors(['[1, 2]'], false),
    ];
    const codes = said.map((s) => (Object.keys(SAYINGS) as SayingCode[]).find((c) => c.startsWith('probe_') && new RegExp(`^${SAYINGS[c].replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\d+\}/g, '(.*)')}$`).test(s)));
    assert.deepEqual(codes, ['probe_dict', 'probe_none', 'probe_not_array', 'probe_neither', 'probe_neither_pair', 'probe_no_backward', 'probe_no_backward_has', 'probe_mixed', 'probe_dtype', 'probe_int_too_big', 'probe_no_copy', 'probe_no_partner', 'probe_layers', 'probe_param', 'probe_no_numpy'], JSON.stringify(said, null, 1));
    assert.deepEqual(said.map(sayProbe), said, 'English without a phrasebook');
    setPhrasebook(koreanBook());
    const korean = said.map(sayProbe);
    for (const [i, k] of korean.entries()) assert.ok(hangul.test(k), `${said[i]} → ${k}`);
    assert.equal(korean[0], "2개('W1', 'b1')를 담은 dict이며 배열이 아닙니다: 값 하나를 추적하세요. 예: grads['W1']");
    assert.match(korean[6], /Misspelt.*backword/);
    assert.equal(korean[12], '계층 2개(Relu, Relu)를 담은 list이며 배열이 아닙니다: 그중 하나를 추적하세요. 예: [Relu(), Relu()][0]');
    assert.equal(korean[13], '매개변수(값과 기울기)를 담은 Param이며 배열이 아닙니다: W.value나 W.grad, 또는 그것을 담은 계층을 추적하세요');
    assert.match(korean[10], /^locked은\(는\) 복사할 수 없습니다\(TypeError: cannot pickle '_thread\.lock' object\).*locked 자체/);
    // every probe_ code but one is written above; the one left is the probe's fallback for a list numpy refuses
    const left = (Object.keys(SAYINGS) as SayingCode[]).filter((c) => c.startsWith('probe_') && !codes.includes(c));
    assert.deepEqual(left, ['probe_not_array_why']);
  });
});
