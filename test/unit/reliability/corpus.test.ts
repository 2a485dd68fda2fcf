// Every input of the bad-input corpus gets one clear ParseError with line:column, or a correct
// result where the input is in fact a valid array; plus the two 50 MB inputs.
import * as assert from 'node:assert/strict';
import { parseArray, ParseError, type ParsedArray } from '../../../src/engine';
import { CORPUS, junk, type Case } from './corpus';

/** The parser's verdict, never an exception of another type. */
export function verdict(text: string): ParsedArray | ParseError {
  try {
    return parseArray(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw new Error(`not a ParseError: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

function check(c: Case): void {
  const v = verdict(c.text);
  if ('error' in c.expect) {
    assert.ok(v instanceof ParseError, `${c.name}: expected an error, got shape ${JSON.stringify(!(v instanceof ParseError) && v.tensor.shape.slice(0, 5))}`);
    assert.ok(v.message.length > 0 && v.message.length < 400, `${c.name}: message length ${v.message.length}`);
    assert.ok(!/\d+:\d+/.test(v.message), `${c.name}: the message carries its own location: ${v.message}`);
    assert.ok(v.line >= 1 && v.column >= 1 && v.offset >= 0 && v.offset <= c.text.length, `${c.name}: bad location`);
    if (c.expect.at) assert.deepEqual([v.line, v.column], c.expect.at, `${c.name}: ${v.message}`);
    if (c.expect.says) assert.match(v.message, c.expect.says, c.name);
  } else {
    assert.ok(!(v instanceof ParseError), `${c.name}: expected valid, got ${v instanceof ParseError ? v.toString() : ''}`);
    assert.deepEqual(v.tensor.shape, c.expect.valid, c.name);
    if (c.expect.values) assert.deepEqual([...v.tensor.data], c.expect.values, c.name);
  }
}

describe('reliability: bad-input corpus', () => {
  it('has at least 40 inputs', () => assert.ok(CORPUS.length >= 40, `${CORPUS.length}`));

  for (const c of CORPUS) it(`${'error' in c.expect ? 'rejects' : 'accepts'}: ${c.name}`, () => check(c));

  it('50 MB of numbers: a correct result, in linear time', function () {
    this.timeout(120_000);
    const row = '1.5, -2.25, 3e-3, 4, ';
    const text = `[${row.repeat(Math.ceil(50e6 / row.length))}0]`;
    assert.ok(text.length >= 50e6);
    const v = verdict(text);
    assert.ok(!(v instanceof ParseError), String(v));
    assert.equal(v.tensor.shape.length, 1);
    assert.deepEqual([...v.tensor.data.subarray(0, 4)], [1.5, -2.25, 3e-3, 4]);
  });

  it('50 MB of binary junk: one error at the first bad character', function () {
    this.timeout(60_000);
    const text = junk(1 << 16, 7).repeat(800);
    assert.ok(text.length >= 50e6);
    const v = verdict(text);
    assert.ok(v instanceof ParseError);
  });

  it('10 MB that is one unclosed list: the error points at the bracket', function () {
    this.timeout(120_000);
    const text = '[' + '1, '.repeat(3.4e6);
    const v = verdict(text);
    assert.ok(v instanceof ParseError);
    assert.deepEqual([v.line, v.column], [1, 1]);
  });
});
