// Integer and bool arrays wherever the panel, the hover and the CLI print a number (#fit item 2):
// numpy's own text for every one of them, asked of numpy running the book's Relu on the same
// literal: str() of each array and of its min / max (`5`, never `5.0`; `True`, never `1`),
// json.dumps(a.tolist()) for the JSON export and --json, and "Copy as numpy code" printing what
// numpy prints for it (the copied code keeps the dtype, so it computes what the panel showed).
import * as assert from 'node:assert/strict';
import { buildTrace, elementOf, formatArray, parseArray, tracedX, type RunOptions } from '../../src/engine';
import { literalSpec } from '../../src/engine/graph/literal';
import { traceJson } from '../../src/engine/print/traceJson';
import { numpyCode } from '../../src/extension/panel/numpyCode';
import { hoverMarkdown, plainL10n } from '../../src/extension/hover/content';
import { main } from '../../src/cli';
import { python } from './engine/python';
import { BOOK_RELU } from './tracer/helpers';

const RELU: RunOptions = { layers: ['relu'], mode: 'parallel', dout: 'ones' };

/** numpy on the literal: the book's Relu, dout = ones_like(out); each array's str, json and its ends' str. */
function numpySays(literal: string): Record<string, { str: string; json: string; min: string; max: string; dtype: string }> {
  const code = `${BOOK_RELU}import json
x = ${literal}
r = Relu()
out = r.forward(x)
dx = r.backward(np.ones_like(out))
d = lambda a: {'str': str(a), 'json': json.dumps(a.tolist()), 'min': str(a.min()), 'max': str(a.max()), 'dtype': str(a.dtype)}
print(json.dumps({'x': d(x), 'out': d(out), 'dx': d(dx), 'mask': d(r.mask)}))
`;
  return JSON.parse(python(code)) as ReturnType<typeof numpySays>;
}

async function cli(argv: string[], stdin: string): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdin: (async function* () { yield stdin; })(), stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  assert.equal(code, 0, err);
  return out;
}

const LITERALS = ['np.array([5, -1, 0])', 'np.array([[5, -1, 0], [2, 3, -4]])', 'np.array([True, False, True])', `np.array([${Array.from({ length: 40 }, (_, i) => (i * 7919) % 97 - 48).join(', ')}])`];

describe('integer and bool arrays printed as numpy prints them', () => {
  it('an element, a min or a max: numpy\'s str() of an int64 and a bool element', () => {
    const ints = [5, -1, 0, 123456789012, -9007199254740991];
    const want = JSON.parse(python(`import json, numpy as np\nprint(json.dumps([str(v) for v in np.array(${JSON.stringify(ints)}, dtype=np.int64)] + [str(np.bool_(True)), str(np.bool_(False))]))`)) as string[];
    assert.deepEqual([...ints.map((v) => elementOf(v, 'int64')), elementOf(1, 'bool'), elementOf(0, 'bool')], want);
    assert.equal(elementOf(0.5, undefined), '0.5', 'a float64 keeps its short form');
  });

  for (const literal of LITERALS) {
    it(`${literal.length > 40 ? `${literal.slice(0, 40)}…])` : literal}: the panel's labels, the JSON export, Copy as numpy code, the CLI and the hover say what numpy says`, async () => {
      const np = numpySays(literal);
      const parsed = parseArray(literal);
      const x = tracedX(parsed);
      assert.equal(x.dtype, np.x.dtype);
      const g = buildTrace(x, RELU, 't');
      const into = g.edges.find((e) => e.target === 'relu0')!;
      const from = g.edges.find((e) => e.source === 'relu0')!;
      const arrays = { x: into.forward!, out: from.forward!, dx: into.backward! };
      for (const [k, t] of Object.entries(arrays)) {
        assert.equal(t.dtype ?? 'float64', np[k].dtype, `${k}'s dtype`);
        assert.equal(formatArray(t), np[k].str, `${k} printed`);
        const s = { min: Math.min(...t.data), max: Math.max(...t.data) };
        assert.deepEqual([elementOf(s.min, t.dtype), elementOf(s.max, t.dtype)], [np[k].min, np[k].max], `${k}'s min and max (the details, the hover)`);
      }
      // The JSON export: each array as json.dumps(a.tolist()), the cached mask as numpy's bools.
      const json = traceJson(g);
      assert.ok(json.includes(`"x": ${np.x.json}`), `x in ${json}`);
      assert.ok(json.includes(`"out": ${np.out.json}`), `out in ${json}`);
      assert.ok(json.includes(`"dx": ${np.dx.json}`), `dx in ${json}`);
      assert.ok(json.includes(`"mask": ${np.mask.json}`), `mask in ${json}`);
      // Copy as numpy code: numpy running it prints what numpy prints for the literal itself.
      const printed = python(numpyCode(literalSpec(x, RELU)));
      assert.ok(printed.includes(np.out.str) && printed.includes(np.dx.str), `the copied code printed:\n${printed}`);
      // The CLI: numpy's print, --json, and --summary's min / max with the dtype.
      assert.ok((await cli(['--layers', 'relu'], literal)).includes(`ReLU.forward(x):\n${np.out.str}\nReLU.backward(dout) = dx:\n${np.dx.str}\n`));
      assert.ok((await cli(['--layers', 'relu', '--json'], literal)).includes(`"out": ${np.out.json}`));
      const summary = await cli(['--layers', 'relu', '--summary'], literal);
      assert.match(summary, new RegExp(`^x: shape .*, dtype ${np.x.dtype}, .* min ${np.x.min} {2}max ${np.x.max} `, 'm'));
      assert.match(summary, new RegExp(`^ReLU out: shape .*, dtype ${np.out.dtype}, min ${np.out.min} {2}max ${np.out.max} `, 'm'));
      assert.match(summary, new RegExp(`^ReLU dx: {2}shape .*, dtype ${np.dx.dtype}, min ${np.dx.min} {2}max ${np.dx.max} `, 'm'));
      // The hover: a small array as numpy prints it, a big one's min and max as numpy's elements.
      const hover = hoverMarkdown(parsed, plainL10n, 'x')!;
      const block = (label: string, text: string) => text.split('\n').map((l, i) => (i ? ' '.repeat(label.length) : label) + l).join('\n');
      if (x.data.length <= 6) assert.ok(hover.includes(block('ReLU    out  ', np.out.str)) && hover.includes(block('        dx   ', np.dx.str)), hover);
      else assert.match(hover, new RegExp(`^x +${np.x.min} +${np.x.max} `, 'm'));
    });
  }
});
