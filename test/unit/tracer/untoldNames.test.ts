// Never silent about names: when the tracer cannot tell which layer is which on a line of chained
// calls (receivers that are not plain names, attributes or constant keys: names.py) and falls back
// to parameter names, the run says so in one sentence with the line, in the panel's notes (the
// graph's notes) and in the CLI. A line it can name says nothing. Real Python, the real tracer.
import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli';
import { recordedToGraph } from '../../../src/engine/recorded';
import { BOOK_RELU, PYTHON, tempScript, trace } from './helpers';

const RELU = `${BOOK_RELU}layers = [Relu(), Relu()]
def get(i):
    return layers[i]
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
`;
const UNTOLD = `${RELU}y = get(1).forward(get(0).forward(x))
dx = get(0).backward(get(1).backward(np.ones_like(y)))
`;
const TOLD = `${RELU}a, b = layers
y = b.forward(a.forward(x))
z = layers[1].forward(layers[0].forward(x))
`;

const sentence = (line: number, method: string) =>
  `untold.py, line ${line}: the chained calls of .${method} on this line could not be told apart by their receivers (not plain names, attributes or constant keys), so those layers are drawn with their class and parameter names.`;

describe('names the tracer could not tell are said (names.py)', function () {
  this.timeout(60_000);

  it('get(1).forward(get(0).forward(x)): one sentence per line, with it, in the graph notes and the CLI', async () => {
    const s = tempScript('untold.py', UNTOLD);
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.calls.map((c) => c.names?.short ?? '-'), ['-', '-', '-', '-'], 'no name is guessed');
      assert.deepEqual(r.hints, [sentence(15, 'forward'), sentence(16, 'backward')]);
      assert.deepEqual(recordedToGraph(r, 0).notes, r.hints);
      let out = '';
      const code = await main(['run', s.file, '--python', PYTHON], { stdin: (async function* () {})(), stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } });
      assert.equal(code, 0);
      assert.ok(out.includes(`hint: ${sentence(15, 'forward')}\n`), out);
      assert.ok(out.includes(`hint: ${sentence(16, 'backward')}`), out);
    } finally {
      s.cleanup();
    }
  });

  it('chained calls it can name (plain names, constant keys) say nothing', async () => {
    const s = tempScript('told.py', TOLD);
    try {
      const r = await trace(s.file);
      assert.deepEqual(r.calls.map((c) => c.names?.short), ['a', 'b', '0', '1']);
      assert.equal(r.hints, undefined);
    } finally {
      s.cleanup();
    }
  });
});
