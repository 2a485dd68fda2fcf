// How an exception is told in one line has one home, the tracer's errortext.py: the tracer imports
// it and the debugger's probe ships its text (PROBE_FILES) before any of the tracer is sent. Both
// must say the same, also for an exception whose __str__ raises.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROBE_FILES, probeSourcePath } from '../../../src/extension/debug/expression';
import { python } from '../engine/python';

const ROOT = path.resolve(__dirname, '../../../..');
const CASES = `
class Odd(Exception):
    def __str__(self):
        raise RuntimeError('no')
cases = [ValueError('shapes (2,3) and (2,2) not aligned'), KeyError('W1'), Odd(), StopIteration(), ZeroDivisionError('')]
print(json.dumps([describe_exception(e) for e in cases]))`;
const EXPECTED = ['ValueError: shapes (2,3) and (2,2) not aligned', "KeyError: 'W1'", 'Odd', 'StopIteration', 'ZeroDivisionError'];

describe('describe_exception (one home: src/tracer/bpt_tracer/errortext.py)', function () {
  this.timeout(20_000);

  it('the tracer package tells exceptions as the host shows them', () => {
    const tracer = JSON.stringify(path.join(ROOT, 'src', 'tracer'));
    const out = python(`import sys, json\nsys.path.insert(0, ${tracer})\nfrom bpt_tracer.files import describe_exception${CASES}`);
    assert.deepEqual(JSON.parse(out), EXPECTED);
  });

  it('the probe, as sent to a paused program, defines it once, from that file, and says the same', () => {
    const probe = PROBE_FILES.map((f) => fs.readFileSync(path.join(ROOT, 'src', probeSourcePath(f)), 'utf8')).join('\n');
    assert.equal(probe.match(/^def describe_exception\b/gm)?.length, 1);
    assert.ok(PROBE_FILES.includes('tracer/bpt_tracer/errortext.py'));
    const out = python(`import json\nns = {}\nexec(compile(${JSON.stringify(probe)}, 'probe', 'exec'), ns)\ndescribe_exception = ns['describe_exception']${CASES}`);
    assert.deepEqual(JSON.parse(out), EXPECTED);
  });
});
