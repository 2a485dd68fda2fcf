// A learner's numbers printed as the program prints them (#25's scalars): `apple = 100` is 100 on
// the graph, never `100.`; `tax = 1.1` and `price` as print() says them (220.00000000000003).
// Every expected text is what Python prints, asked of the real Python that ran the program: the
// tracer's value form of Python and numpy scalars and 0-d arrays, the book's ch05 buy_apple.py and
// buy_apple_orange.py traced (edge labels, the CLI's `run`), and the JSON export of the graph.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatArray, scalarText } from '../../../src/engine';
import { parseRecorded } from '../../../src/engine/recorded/schema';
import { recordedToGraph, wireOf } from '../../../src/engine/recorded';
import { traceJson } from '../../../src/engine/print/traceJson';
import { edgeLabels } from '../../../src/scene/labels';
import { valueText } from '../../../src/cli/run';
import { PYTHON, ROOT, trace } from './helpers';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05');

function py(code: string, cwd = ROOT): string {
  const r = spawnSync(PYTHON, ['-c', code], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The program run plainly, then str() of each of its module-level numbers, as print() writes them. */
function printedNumbers(file: string): Record<string, string> {
  const out = py(`import json, runpy, sys
sys.path.insert(0, ${JSON.stringify(path.dirname(file))})
g = runpy.run_path(${JSON.stringify(file)}, run_name='__main__')
print(json.dumps(dict((k, str(v)) for k, v in g.items() if type(v) in (int, float))))`, path.dirname(file));
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, string>;
}

describe('numbers printed as the program prints them (#25 scalars)', function () {
  this.timeout(120_000);

  it('the tracer\'s form of Python and numpy scalars and 0-d arrays reads back to str() of each, its type said', () => {
    const out = py(`import json, sys
sys.path.insert(0, 'src/tracer')
import numpy as np
from bpt_tracer.values import value
vs = [100, -7, 0, 2 ** 60, 3.0, 2.2, 100 * 1.1 * 2, 0.1 + 0.2, 1e16, 1.5e-5, -0.0, float('nan'), float('inf'),
      np.float64(3.0), np.float32(0.1), np.float32(3.0), np.float32(1e-5), np.float16(0.1), np.int64(5), np.int32(-3), np.uint8(200),
      np.array(100), np.array(3.0), np.array(2.2, dtype=np.float32), np.array(7, dtype=np.int16)]
print(json.dumps([[value(v), str(v), type(v).__name__] for v in vs]))`);
    const cases = JSON.parse(out) as [unknown, string, string][];
    for (const [sent, printed, type] of cases) {
      const r = parseRecorded({ version: 1, calls: [{ class: 'L', instance: 0, method: 'forward', params: ['x'], args: [sent], argIds: [0], result: null, resultId: null, inPlace: [], line: 1, file: 'f.py', pass: 0, attrs: {} }], gradcheck: [], passes: 1, capped: false, truncated: false, stdout: '' });
      assert.ok('result' in r, `${printed} (${type}) was refused: ${'error' in r ? r.error : ''}`);
      const t = wireOf(r.result.calls[0].args[0]);
      assert.ok(t, `${printed} (${type}) read as a value`);
      assert.equal(scalarText(t.data[0], t.dtype), printed, `${type} ${printed}`);
      assert.equal(formatArray(t), printed, `${type} ${printed}: formatArray of shape ()`);
      const want = type === 'int' ? 'int' : type === 'float' ? 'float' : type === 'ndarray' ? undefined : 'numpy';
      assert.equal(t.scalar, want, `${printed}'s type on the wire (${type})`);
    }
  });

  it('an older tracer\'s bare number is still read (as a float), and an unknown scalar type is refused with a sentence', () => {
    const rec = (arg: unknown) => parseRecorded({ version: 1, calls: [{ class: 'L', instance: 0, method: 'forward', params: ['x'], args: [arg], argIds: [0], result: null, resultId: null, inPlace: [], line: 1, file: 'f.py', pass: 0, attrs: {} }], gradcheck: [], passes: 1, capped: false, truncated: false, stdout: '' });
    const old = rec(2.5);
    assert.ok('result' in old);
    assert.equal(scalarText(wireOf(old.result.calls[0].args[0])!.data[0], undefined), py('print(2.5)').trim());
    const bad = rec({ shape: [], dtype: 'complex128', data: 1, scalar: 'complex' });
    assert.ok('error' in bad && /^the tracer's result is not as expected at calls\.0\.args\.0/.test(bad.error), JSON.stringify(bad));
    const shaped = rec({ shape: [2], dtype: 'int64', data: [1, 2], scalar: 'int' });
    assert.ok('error' in shaped, 'a number with a shape is refused');
  });

  for (const file of ['buy_apple.py', 'buy_apple_orange.py']) {
    it(`the book's ${file}: every edge label, the CLI's run and the JSON export say each number as print() does`, async () => {
      const printed = printedNumbers(path.join(BOOK, file));
      assert.equal(printed.apple, '100', 'the program itself prints apple as 100');
      const r = await trace(path.join(BOOK, file));
      const g = recordedToGraph(r, 0);
      const labels = edgeLabels(g);
      let seen = 0;
      for (const e of g.edges) {
        const l = labels.get(e.id)!;
        for (const [name, short] of [[e.forwardName, l.forwardShort], [e.backwardName, l.backwardShort]] as const) {
          if (!name || !short || printed[name] === undefined) continue;
          // where backward starts, the book's words: dprice/dprice = 1 (the start of backward)
          const start = short.text.startsWith(`${name}/${name} = `);
          assert.equal(start ? short.text.split('\n')[0] : short.text, start ? `${name}/${name} = ${printed[name]}` : `${name}\n${printed[name]}`, `edge ${e.id}'s ${name}`);
          seen++;
        }
      }
      // apple, apple_num, tax, apple_price, their gradients (and orange's): each one drawn
      assert.ok(seen >= (file === 'buy_apple.py' ? 8 : 14), `${seen} labels compared`);
      assert.ok(![...labels.values()].some((l) => /\d\.(\n|$)/.test(`${l.forwardShort?.text}\n${l.backwardShort?.text}`)), 'no number drawn as numpy\'s element `100.`');
      // the CLI's `run`: each argument and result line as print() says the program's own variable
      const cli = r.calls.flatMap((c) => c.args.map((a, i) => valueText(c.params[i], a, '')));
      assert.ok(cli.includes(`x = ${printed.apple}`) && cli.includes(`y = ${printed.apple_num}`) && cli.includes(`y = ${printed.tax}`), cli.join('\n'));
      // the JSON export: an int stays an int (json.dumps(100)), a float a float (json.dumps(1.1))
      const json = traceJson(g);
      const dumps = JSON.parse(py(`import json\nprint(json.dumps([json.dumps(${printed.apple}), json.dumps(${printed.tax}), json.dumps(${printed.price})]))`)) as string[];
      for (const [name, text] of [['apple', dumps[0]], ['tax', dumps[1]]]) assert.ok(json.includes(`"${name}": ${text}`), `${name}: ${text} in ${json}`);
      assert.ok(json.includes(`: ${dumps[2]}`), `price ${dumps[2]} in the export`);
    });
  }
});
