// Property tests (fast-check): print -> parse round trips, exact number reading, analytic vs numerical gradients.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatArray, gradcheck, parseArray, Tensor } from '../../../src/engine';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const anyDouble = fc.double();

/** A tensor of up to rank 3 with small dimensions. */
const tensors = (values: fc.Arbitrary<number>) =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }).chain((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(values, { minLength: size, maxLength: size }).map((v): Tensor => ({ shape, data: Float64Array.from(v) }));
  });

function nested(t: Tensor, write: (v: number) => string, open = '[', close = ']', sep = ', '): string {
  if (t.shape.length === 0) return write(t.data[0]);
  const rec = (axis: number, base: number, stride: number): string => {
    const len = t.shape[axis];
    const inner = stride / len;
    const parts: string[] = [];
    for (let i = 0; i < len; i++) parts.push(axis === t.shape.length - 1 ? write(t.data[base + i]) : rec(axis + 1, base + i * inner, inner));
    return open + parts.join(sep) + (open === '(' && len === 1 ? ',' : '') + close;
  };
  return rec(0, 0, t.data.length);
}

const sameValues = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('properties', () => {
  it('parse(format(x)) reprints identically (numpy str round trip)', () => {
    fc.assert(
      fc.property(tensors(anyDouble), (t) => {
        const printed = formatArray(t);
        const back = parseArray(printed).tensor;
        assert.deepEqual(back.shape, t.shape);
        assert.equal(formatArray(back), printed);
      }),
      { numRuns: 300 },
    );
  });

  it('Python, JSON and tuple literals with shortest repr parse back exactly', () => {
    // Python's repr of a float always shows it is one ('2.0'): a bare '2' is an int to numpy
    const asFloat = (s: string) => (/^-?\d+$/.test(s) ? `${s}.0` : s);
    const repr = (v: number) => (Object.is(v, -0) ? '-0.0' : Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : asFloat(String(v)));
    fc.assert(
      fc.property(tensors(anyDouble), (t) => {
        assert.ok(sameValues(parseArray(nested(t, repr)).tensor.data, t.data));
        assert.ok(sameValues(parseArray(`np.array(${nested(t, repr, '(', ')')}, dtype=float)`).tensor.data, t.data));
        const back = parseArray(nested(t, repr, '[', ']', ' ')).tensor;
        assert.deepEqual(back.shape, t.shape);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers are read exactly: the same double as Number(text)', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(digits, digits, fc.integer({ min: -330, max: 310 }), fc.boolean(), (a, b, e, neg) => {
        const text = `${neg ? '-' : ''}${a}.${b}e${e}`;
        assert.ok(Object.is(parseArray(`[${text}]`).tensor.data[0], Number(text)), text);
      }),
      { numRuns: 2000 },
    );
    // written as a float: a whole number such as 669985686081824100 is numpy's int64, not this double
    const text = (v: number) => (Object.is(v, -0) ? '-0.0' : /^-?\d+$/.test(String(v)) ? `${String(v)}.0` : String(v));
    fc.assert(fc.property(finite, (v) => Object.is(parseArray(text(v)).tensor.data[0], v)), { numRuns: 2000 });
  });

  it('analytic dx matches central differences (away from the ReLU kink)', () => {
    const awayFromKink = fc.double({ min: -8, max: 8, noNaN: true }).filter((v) => Math.abs(v) > 1e-3);
    fc.assert(
      fc.property(
        tensors(awayFromKink),
        fc.constantFrom<('relu' | 'sigmoid')[]>(['relu'], ['sigmoid'], ['relu', 'sigmoid'], ['sigmoid', 'relu'], ['sigmoid', 'sigmoid']),
        (x, layers) => {
          const check = gradcheck(layers, x, 'same');
          assert.ok(check.maxAbsDiff < 1e-7, `${layers.join('->')}: ${check.maxAbsDiff}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
