// A smaller run of `npm run fuzz`: generated inputs never make the parser throw anything but
// ParseError, and deep nesting stays linear and off the call stack.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseArray, ParseError } from '../../../src/engine';
import { fuzzInput, SCALING } from '../../../bench/fuzzInputs';

function parseOrError(text: string): void {
  try {
    parseArray(text);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    assert.ok(e.line >= 1 && e.column >= 1 && e.offset >= 0 && e.offset <= text.length, `bad location for ${JSON.stringify(text)}`);
  }
}

const best = (text: string) => {
  let ms = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    parseOrError(text);
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
};

describe('reliability: fuzzing the parser', () => {
  it('3,000 generated inputs: only ParseError, always with a location', function () {
    this.timeout(60_000);
    fc.assert(fc.property(fuzzInput, (text) => parseOrError(text)), { numRuns: 3000 });
  });

  it('10,000 levels of nesting: no stack overflow, open or closed', () => {
    assert.throws(() => parseArray('['.repeat(10_000) + '1' + ']'.repeat(10_000)), (e: ParseError) => e.column === 33 && /32 dimensions/.test(e.message));
    assert.throws(() => parseArray('['.repeat(10_000) + '1'), ParseError);
    assert.throws(() => parseArray('['.repeat(10_000) + '1' + ')'.repeat(10_000)), ParseError);
    assert.deepEqual([...parseArray('('.repeat(10_000) + '1' + ')'.repeat(10_000)).tensor.data], [1]);
  });

  it('pathological patterns grow linearly (generous bound: 10x the input, under 60x the time; quadratic is 100x)', function () {
    this.timeout(60_000);
    for (const [name, make] of SCALING) {
      const [small, big] = [make(30_000), make(300_000)];
      // A busy machine only ever makes a run slower: a pair is measured again (up to three times)
      // before it counts as growing too fast; a quadratic parser is over the bound every time.
      let seen = '';
      for (let k = 0; k < 3; k++) {
        const a = best(small);
        const b = best(big);
        seen += `${a.toFixed(1)} ms -> ${b.toFixed(1)} ms; `;
        // Both tiny (nothing to measure), or linear enough.
        if (b < 5 || b / Math.max(a, 0.5) < 60) break;
        assert.ok(k < 2, `${name}: ${seen}`);
      }
    }
  });
});
