// The first trace's path warmed after activation (src/extension/warm.ts): it runs the real
// literal pipeline and page making without a panel, and gives way as soon as a trace begins.
import * as assert from 'node:assert/strict';
import './reliability/vscodeMock';
import { BOOK_EXAMPLES } from '../../src/engine';
import { TracePanel } from '../../src/extension/panel';
import { Cancelled } from '../../src/extension/literal/slicer';
import { warmPath } from '../../src/extension/warm';

describe('warming the first trace after activation', () => {
  it('makes the page of a literal and of every book example, and opens no panel', async () => {
    const made = await warmPath(() => false);
    assert.equal(made, 1 + BOOK_EXAMPLES.length, 'a page (first frame and page data) was not made');
    assert.equal(TracePanel.current, undefined, 'warming opened a panel');
  });

  it('does nothing once a trace has begun, and stops between pieces when one begins', async () => {
    assert.equal(await warmPath(() => true), 0);
    let began = false;
    const warming = warmPath(() => began);
    began = true; // a trace begins while the literal is being warmed (at warmPath's first wait)
    const made = await warming.catch((e: unknown) => (e instanceof Cancelled ? 0 : Promise.reject(e)));
    assert.ok(made <= 1, `it went on after a trace began (${made} pages)`);
  });
});
