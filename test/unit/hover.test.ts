// The hover's pure parts in plain Node: the bounded lookup, the Markdown fence rule, the content.
import * as assert from 'node:assert/strict';
import { parseArray } from '../../src/engine';
import { commandLink, escapeMarkdown, hoverMarkdown, isSmall, plainL10n } from '../../src/extension/hover/content';
import { insideFence, literalSpanning, lookupAt, type TextSource } from '../../src/extension/hover/lookup';

const source = (text: string): TextSource => ({ length: text.length, slice: (a, b) => text.slice(a, b) });
const md = (text: string): string => {
  const out = hoverMarkdown(parseArray(text), plainL10n, 'command:backpropTrace.trace?x');
  assert.ok(out, `no tooltip for ${text}`);
  return out;
};
const CODE = 'def step(self, x):\n    return self.f(x)[0] + g(y)  # (note]\n\n';

describe('hover lookup', () => {
  const doc = 'import numpy as np\nx = np.array([[1.0, -0.5],\n              [2.0, 0]])\ny = f(3)\n';

  it('finds the np.array call around the cursor, with its parse', () => {
    const found = lookupAt(source(doc), doc.indexOf('-0.5'));
    assert.ok(found && found.kind === 'array');
    assert.equal(doc.slice(found.start, found.end), 'np.array([[1.0, -0.5],\n              [2.0, 0]])');
    assert.deepEqual(found.parsed.tensor.shape, [2, 2]);
  });

  it('a row of a ragged array is reported as the ragged array, not traced alone', () => {
    for (const text of ['x = [[1, 2], [3]]\n', 'x = np.array([[1, 2], [3]])\n', 'x = [[[1, 2], [3, 4]], [[5, 6]]]\n']) {
      const found = lookupAt(source(text), text.indexOf('2'));
      assert.ok(found && found.kind === 'invalid', `${text}: ${JSON.stringify(found)}`);
      assert.equal(text[found.start], '[');
      assert.match(found.error.message, /ragged|has \d+ element/i);
    }
    // A well-formed outer array is found whole, as before.
    const ok = 'x = [[1, 2], [3, 4]]\n';
    const whole = lookupAt(source(ok), ok.indexOf('2'));
    assert.ok(whole && whole.kind === 'array' && ok.slice(whole.start, whole.end) === '[[1, 2], [3, 4]]');
  });

  it('finds nothing outside arrays', () => {
    assert.equal(lookupAt(source(doc), doc.indexOf('f(3)')), undefined);
    assert.equal(lookupAt(source(doc), 3), undefined);
    assert.equal(lookupAt(source(doc), -1), undefined);
    assert.equal(lookupAt(source(doc), doc.length + 1), undefined);
  });

  it('finds a 10k-element literal in the middle of a 10 MB document', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => ((i % 13) - 6) / 4).join(', ');
    const half = CODE.repeat(Math.ceil(5e6 / CODE.length));
    const big = `${half}x = [${values}]\n${half}`;
    const found = lookupAt(source(big), half.length + 30_000);
    assert.ok(found && found.kind === 'array');
    assert.deepEqual(found.parsed.tensor.shape, [10_000]);
    assert.equal(lookupAt(source(big), half.length / 2), undefined);
  });

  it('says "too large" inside a literal wider than the window, instead of showing one row', () => {
    const row = '[' + Array.from({ length: 100 }, (_, i) => (i / 7).toFixed(3)).join(', ') + ']';
    const huge = 'x = np.array([' + Array.from({ length: 2000 }, () => row).join(',\n              ') + '])\n';
    for (const at of [20, huge.length / 2, huge.length - 30]) {
      assert.deepEqual(lookupAt(source(huge), Math.floor(at)), { kind: 'tooLarge' }, `at ${at}`);
    }
    const flat = 'import numpy as np\nx = np.array([' + Array.from({ length: 100_000 }, (_, i) => String(i % 10)).join(', ') + '])\n';
    for (const at of [flat.indexOf('1, 2'), flat.length / 2, flat.length - 8]) {
      assert.deepEqual(lookupAt(source(flat), at), { kind: 'tooLarge' }, `at ${at}`);
    }
    assert.equal(lookupAt(source(flat), 3), undefined, 'the import line is no array');
  });

  it('shows a small array inside a large JSON document as itself', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `{"id": ${i}, "w": [${i % 3}, -1]}`).join(',\n');
    const json = `[${items}]`;
    const at = json.indexOf('"id": 10000, "w": [') + '"id": 10000, "w": ['.length;
    const found = lookupAt(source(json), at);
    assert.ok(found && found.kind === 'array', JSON.stringify(found));
    assert.deepEqual(Array.from(found.parsed.tensor.data), [1, -1]);
  });

  it('finds the whole of a huge literal for an explicit click', () => {
    const huge = 'import numpy as np\nx = np.array([' + Array.from({ length: 100_000 }, (_, i) => String(i % 10)).join(', ') + '])\nprint(x)\n';
    const found = literalSpanning(huge, huge.length / 2);
    assert.ok(found);
    assert.equal(huge.slice(found.start, found.start + 10), 'np.array([');
    assert.equal(huge.slice(found.end - 2, found.end), '])');
    assert.equal(literalSpanning(huge, 5), undefined);
  });
});

describe('hover in Markdown', () => {
  const text = 'Intro [1, 2]\n\n```python\nx = [1, 2]\n```\n\nafter [3, 4]\n\n~~~\n[5]\n~~~\n````\n```\n[6]\n````\n';
  const at = (needle: string): number => text.indexOf(needle) + 1;
  it('offers the hover only inside fenced code blocks', () => {
    assert.equal(insideFence(source(text), at('[1, 2]\n\n')), false);
    assert.equal(insideFence(source(text), at('[1, 2]\n```')), true);
    assert.equal(insideFence(source(text), at('[3, 4]')), false);
    assert.equal(insideFence(source(text), at('[5]')), true);
    assert.equal(insideFence(source(text), at('[6]')), true, 'a shorter fence does not close a longer one');
    assert.equal(insideFence(source(text), text.indexOf('```python') + 4), false, 'on the fence line itself');
  });
});

describe('hover content', () => {
  it('shows shape, dtype and the ReLU / Sigmoid table for a 2x2 (the notebook array)', () => {
    const out = md('np.array([[1.0, -0.5],\n          [2.0, 0]], dtype=np.float32)');
    assert.match(out, /\*\*Array\*\* `\(2, 2\)` · dtype float32/);
    assert.ok(out.includes('x            [[ 1.  -0.5]\n              [ 2.   0. ]]'), out);
    assert.ok(out.includes('ReLU    out  [[1. 0.]\n              [2. 0.]]'));
    assert.ok(out.includes('        dx   [[1. 0.]\n              [1. 0.]]'));
    // Computed and printed in float32, as numpy does for this literal.
    assert.ok(out.includes('Sigmoid out  [[0.7310586  0.37754068]\n              [0.880797   0.5       ]]'), out);
    assert.ok(out.includes('        dx   [[0.19661193 0.23500371]\n              [0.10499363 0.25      ]]'), out);
    assert.match(out, /dout = ones/);
    assert.match(out, /\[\$\(type-hierarchy\) Trace backprop\]\(command:backpropTrace\.trace\?x "/);
    assert.doesNotMatch(out, /warning/);
  });

  it('summarises arrays beyond about 4x4 with min / max / mean and the ReLU count', () => {
    const values = Array.from({ length: 25 }, (_, i) => i - 12);
    const out = md(`[${values.join(', ')}]`);
    assert.match(out, /`\(25,\)`/);
    assert.match(out, /min +max +mean/);
    assert.match(out, /\nx +-12 +12 +0\n/);
    assert.match(out, /ReLU    out +0 +12 +3\.12\n/);
    assert.match(out, /ReLU zeroes 13 of 25 entries \(52\.0%\)/);
    assert.equal(isSmall([4, 4]), true);
    assert.equal(isSmall([5, 4]), false);
    assert.equal(isSmall([2, 2, 2]), false);
  });

  it('warns about NaN and Inf', () => {
    assert.match(md('[1, nan, inf, -inf]'), /\$\(warning\) x contains 1 NaN, 2 Inf/);
  });

  it('gives no tooltip for an empty array', () => {
    assert.equal(hoverMarkdown(parseArray('[]'), plainL10n, 'command:x'), undefined);
  });

  it('escapes text taken from the document', () => {
    assert.equal(escapeMarkdown('a*b_[x](command:evil)`$(icon)'), 'a\\*b\\_\\[x\\]\\(command:evil\\)\\`\\$\\(icon\\)');
    const out = md("np.array([1, 2], dtype='[x](command:workbench.action.quit)')");
    assert.doesNotMatch(out, /\]\(command:workbench/);
  });

  it('encodes the command arguments as one JSON object', () => {
    const link = commandLink('backpropTrace.trace', { uri: 'file:///a b.py', range: [1, 2, 3, 4] });
    assert.match(link, /^command:backpropTrace\.trace\?/);
    assert.deepEqual(JSON.parse(decodeURIComponent(link.split('?')[1])), [{ uri: 'file:///a b.py', range: [1, 2, 3, 4] }]);
  });
});
