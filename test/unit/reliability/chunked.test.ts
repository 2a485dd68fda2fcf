// The sliced pipeline gives exactly what the engine gives in one go: same values, same shape,
// same error at the same place; it yields between slices, stops at the size limit and on cancel.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildTrace, parseArray, ParseError, type ParsedArray } from '../../../src/engine';
import { parseChunked, TooManyElements } from '../../../src/extension/literal/reader';
import { traceOnHost } from '../../../src/extension/literal/pipeline';
import { Cancelled, Slicer } from '../../../src/extension/literal/slicer';
import { fuzzInput } from '../../../bench/fuzzInputs';
import { CORPUS } from './corpus';

async function both(text: string, chunkChars: number): Promise<[ParsedArray | ParseError, ParsedArray | ParseError]> {
  const whole = (() => {
    try {
      return parseArray(text);
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
  })();
  const sliced = await parseChunked(text, { chunkChars, slicer: new Slicer(() => false, 50) }).catch((e: unknown) => {
    if (e instanceof ParseError) return e;
    throw e;
  });
  return [whole, sliced];
}

function same(a: ParsedArray | ParseError, b: ParsedArray | ParseError, text: string): void {
  if (a instanceof ParseError || b instanceof ParseError) {
    assert.ok(a instanceof ParseError && b instanceof ParseError, `one failed, one did not: ${JSON.stringify(text)}`);
    assert.deepEqual([b.message, b.offset, b.line, b.column], [a.message, a.offset, a.line, a.column]);
    return;
  }
  assert.deepEqual(b.tensor.shape, a.tensor.shape);
  assert.ok(b.tensor.data.every((v, i) => Object.is(v, a.tensor.data[i])) && b.tensor.data.length === a.tensor.data.length);
  assert.deepEqual([b.start, b.end, b.wrapper, b.dtype], [a.start, a.end, a.wrapper, a.dtype]);
}

describe('reliability: sliced parsing and tracing', () => {
  it('matches parseArray on the corpus and on generated inputs, whatever the slice size', async function () {
    this.timeout(60_000);
    for (const c of CORPUS) for (const size of [7, 100, 4096]) same(...(await both(c.text, size)), c.text);
    await fc.assert(
      fc.asyncProperty(fuzzInput, fc.integer({ min: 1, max: 300 }), async (text, size) => same(...(await both(text, size)), text)),
      { numRuns: 500 },
    );
  });

  it('stops at the size limit as soon as it is passed', async () => {
    // Rows, not one flat row: a flat JSON-like row is read at once when its "]" arrives (the parser's fast path),
    // and the parser looks at its first 64K characters before it starts.
    const text = `[${'[1, 2, 3],\n'.repeat(100_000)}[1, 2, 3]]`;
    await assert.rejects(parseChunked(text, { maxElements: 1000, chunkChars: 256 }), (e: unknown) => e instanceof TooManyElements && e.found < 30_000);
    assert.equal((await parseChunked(text, { maxElements: 300_003 })).tensor.data.length, 300_003);
    await assert.rejects(parseChunked(text, { maxElements: 300_002 }), TooManyElements);
  });

  it('gives the event loop a turn between slices and stops when cancelled', async () => {
    const text = `[${'1.5, '.repeat(200_000)}1]`;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let cancel = false;
    const run = parseChunked(text, { chunkChars: 1024, slicer: new Slicer(() => cancel, 1) });
    setTimeout(() => (cancel = true), 20);
    await assert.rejects(run, Cancelled);
    clearInterval(timer);
    assert.ok(ticks > 0, 'no timer ran during the parse');
  });

  it('builds the same trace in slices as in one go (values, masks, gradient checks)', async () => {
    const n = 200_003;
    const data = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : Math.sin(i) * 5));
    const x = { shape: [n], data };
    for (const opts of [
      { layers: ['relu', 'sigmoid'] as const, mode: 'parallel' as const, dout: 'ones' as const },
      { layers: ['relu', 'sigmoid'] as const, mode: 'chain' as const, dout: 'same' as const },
    ]) {
      const o = { ...opts, layers: [...opts.layers] };
      const view = { expanded: new Set(['sigmoid1']) };
      const whole = buildTrace(x, o, 't', view);
      const sliced = await traceOnHost(x, o, 't', view, new Slicer());
      assert.deepEqual(sliced, whole);
      // The forward value into each layer is x itself, not a copy (half the memory, and VS Code sends a shared buffer once).
      assert.equal(sliced.edges.find((e) => e.id === 'e_x_relu0')?.forward?.data, data);
    }
  });
});
