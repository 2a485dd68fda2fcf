import * as assert from 'node:assert/strict';
import { parseArray, ParseError } from '../../../src/engine';

/** Parses `text` expecting a ParseError; returns it. */
export function parseFails(text: string): ParseError {
  try {
    parseArray(text);
  } catch (e) {
    assert.ok(e instanceof ParseError, `expected ParseError, got ${String(e)}`);
    assert.ok(!/\d+:\d+/.test(e.message), `message should carry no location: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

describe('parse errors', () => {
  it('ragged rows name both lengths and the row', () => {
    const e = parseFails('[[1, 2], [3]]');
    assert.equal(e.message, 'Row 2 has length 1 but row 1 has length 2 (ragged array)');
    assert.deepEqual([e.line, e.column, e.offset], [1, 10, 9]);
  });

  it('ragged rows on a later line', () => {
    const e = parseFails('[[1, 2],\n [3, 4],\n [5]]');
    assert.equal(e.message, 'Row 3 has length 1 but row 1 has length 2 (ragged array)');
    assert.deepEqual([e.line, e.column], [3, 2]);
  });

  it('a word that is not a number', () => {
    const e = parseFails('hello');
    assert.equal(e.message, "Expected a number, found 'hello'");
    assert.deepEqual([e.line, e.column], [1, 1]);
  });

  it('an unclosed bracket points at the bracket', () => {
    const e = parseFails('[[1, 2]');
    assert.match(e.message, /never closed/);
    assert.deepEqual([e.line, e.column, e.offset], [1, 1, 0]);
  });

  it('a stray closing bracket', () => {
    const e = parseFails('[[1, 2]]]');
    assert.match(e.message, /no matching opening bracket/);
    assert.deepEqual([e.line, e.column], [1, 9]);
  });

  it('empty input', () => {
    assert.match(parseFails('').message, /empty/);
    assert.match(parseFails('  \n # just a comment\n').message, /empty/);
  });
});
