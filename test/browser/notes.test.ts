// The notes above a run's graph in a real browser (chromium): the first in full, the others folded
// behind "N more notes" (webview/notes.ts), so four notes no longer take ~200 px of a 1000×800
// window's panel; the toggle by keyboard, its aria-expanded, and the choice kept across another
// graph and a reload of the panel (setState). Screenshots go to test-results/browser/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TraceGraph } from '../../src/engine/graph/graph';
import { affineSoftmax } from '../unit/webview/graphs';
import { webviewStrings } from '../../src/extension/panel/webviewStrings';
import { vscodeMock } from '../unit/reliability/vscodeMock';
import { openPanel, shotPath, showGraph, nextReport } from './server';

/** The panel's strings as the host sends them in a Korean VS Code (l10n/bundle.l10n.ko.json), placeholders left. */
function koreanStrings(): Record<string, string> {
  const ko = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
  const t = vscodeMock.l10n.t;
  vscodeMock.l10n.t = (message: string) => ko[message] ?? message;
  try {
    return webviewStrings();
  } finally {
    vscodeMock.l10n.t = t;
  }
}

/** The notes of the book's gradient-check notebook with an inverted mask, most important first (run/graphSource.ts). */
const NOTES = [
  "311 calls of your layers after the recording's cap ran but were not recorded.",
  'This pass ran the same layers forward 10 times and no backward was recorded (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the last whole one.',
  "Code cells 1-4 ran in order in a fresh Python process, not in the notebook's kernel.",
  'Ran with /usr/bin/python3 (from backpropTrace.python.path; Python 3.11.2, numpy 1.24.2); its output is in Output › "Backprop Trace: /tmp/bpt-learners/Ch5/gradCheck.ipynb cells 1-4".',
];

const withNotes = (notes: string[]): TraceGraph => ({ ...affineSoftmax(), notes });

/** Height of an element (0 when not displayed) and the text of the notes a reader sees. */
async function measure(page: Page): Promise<{ notes: number; graph: number; visible: string[]; toggle: string; expanded: string | null }> {
  return page.evaluate(() => {
    const h = (id: string) => document.getElementById(id)?.getBoundingClientRect().height ?? 0;
    const visible = Array.from(document.querySelectorAll<HTMLElement>('#graph-notes summary')).filter((s) => s.getClientRects().length > 0).map((s) => s.textContent ?? '');
    const toggle = document.getElementById('notes-more');
    return { notes: h('graph-notes'), graph: h('graph'), visible, toggle: toggle?.textContent ?? '', expanded: toggle?.getAttribute('aria-expanded') ?? null };
  });
}

describe('graph notes in a browser', function () {
  this.timeout(120_000);

  for (const [w, h] of [[500, 720], [351, 708]]) {
    it(`${w}×${h}: four notes show the first in full and "3 more notes"; Enter opens them all, Space folds them again`, async () => {
      const { page, errors, close } = await openPanel(w, h);
      try {
        const report = await showGraph(page, withNotes(NOTES));
        assert.deepEqual(report.notes && [report.notes.total, report.notes.shown], [4, 1], 'the render report says it');
        const folded = await measure(page);
        assert.deepEqual(folded.visible, [NOTES[0]], 'only the most important note is shown');
        assert.equal(folded.toggle, '▸3 more notes');
        assert.equal(folded.expanded, 'false');
        await page.screenshot({ path: shotPath(`notes-folded-${w}x${h}`) });
        // By keyboard: Tab reaches the toggle (it is a button), Enter opens, Space closes; neither plays the flow.
        // Where the flow is: the step of every 'stepped' message (a refit posts one too, at the same step).
        const moves = () => page.evaluate(() => JSON.stringify((window as unknown as { posted: { type: string; step?: number; phase?: string }[] }).posted.filter((m) => m.type === 'stepped').map((m) => `${m.step}:${m.phase}`).at(-1) ?? '0:idle') + String(document.getElementById('play')?.classList.contains('playing')));
        const movesBefore = await moves();
        await page.focus('#notes-more');
        await page.keyboard.press('Enter');
        await nextReport(page);
        const open = await measure(page);
        assert.deepEqual(open.visible, NOTES, 'every note is shown');
        assert.equal(open.toggle, '▾Hide 3 notes');
        assert.equal(open.expanded, 'true');
        assert.ok(open.notes > folded.notes + 40, `the notes take more room open (${open.notes} px) than folded (${folded.notes} px)`);
        assert.ok(open.graph < folded.graph, `the graph gave that room: ${open.graph} px open, ${folded.graph} px folded`);
        // Opened, the notes never take more than 40% of the panel (they scroll past it).
        assert.ok(open.notes <= h * 0.4 + 24, `open notes ${open.notes} px of ${h}`);
        await page.screenshot({ path: shotPath(`notes-open-${w}x${h}`) });
        await page.keyboard.press(' ');
        await nextReport(page);
        const again = await measure(page);
        assert.deepEqual(again.visible, [NOTES[0]]);
        assert.equal(again.expanded, 'false');
        assert.ok(Math.abs(again.graph - folded.graph) < 1, `the graph has its room back: ${again.graph} px, was ${folded.graph} px`);
        // Folded, the four notes take at most the first note's lines and the toggle's line (they took ~200 px).
        const lines = Math.ceil((NOTES[0].length * 6.5) / (w - 40));
        assert.ok(folded.notes <= lines * 17 + 24, `${folded.notes} px for ${lines} line(s) of the first note and the toggle`);
        assert.equal(await moves(), movesBefore, 'Enter and Space on the toggle did not move the flow');
        assert.deepEqual(errors, []);
        console.log(`      ${w}×${h}: notes ${folded.notes} px folded, ${open.notes} px open; graph ${folded.graph} px / ${open.graph} px`);
      } finally {
        await close();
      }
    });
  }

  it('one note: no toggle; the choice to show every note stays for the next graph and after a reload (setState)', async () => {
    const { page, close } = await openPanel(500, 720);
    try {
      await showGraph(page, withNotes([NOTES[2]]));
      assert.equal(await page.locator('#notes-more').count(), 0, 'nothing to fold');
      assert.deepEqual((await measure(page)).visible, [NOTES[2]]);
      await showGraph(page, withNotes(NOTES.slice(0, 2)));
      assert.equal((await measure(page)).toggle, '▸1 more note');
      await page.click('#notes-more');
      const saved = await page.evaluate(() => (window as unknown as { acquireVsCodeApi: () => { getState(): unknown } }).acquireVsCodeApi().getState());
      assert.equal((saved as { notesOpen?: boolean }).notesOpen, true);
      // Another pass of the run: the notes stay open.
      await showGraph(page, withNotes(NOTES));
      assert.deepEqual((await measure(page)).visible, NOTES);
    } finally {
      await close();
    }
    // A reload of the panel gets its state back from VS Code: the notes open as they were left.
    const restored = await openPanel(500, 720, 'dark', false, async (p) => {
      await p.addInitScript(() => {
        let make: (() => { setState(s: unknown): void }) | undefined;
        Object.defineProperty(window, 'acquireVsCodeApi', {
          configurable: true,
          set: (f: typeof make) => (make = f),
          get: () => () => {
            const api = (make as NonNullable<typeof make>)();
            api.setState({ notesOpen: true });
            return api;
          },
        });
      });
    });
    try {
      await showGraph(restored.page, withNotes(NOTES));
      const m = await measure(restored.page);
      assert.deepEqual(m.visible, NOTES);
      assert.equal(m.expanded, 'true');
    } finally {
      await restored.close();
    }
  });

  it('a short panel (under 600 px): the first note on one line with an ellipsis, the count still on screen', async () => {
    const { page, close } = await openPanel(500, 560);
    try {
      await showGraph(page, withNotes(NOTES));
      const m = await measure(page);
      assert.deepEqual(m.visible, [NOTES[0]]);
      assert.equal(m.toggle, '▸3 more notes');
      assert.ok(m.notes <= 17 + 24, `one line and the toggle: ${m.notes} px`);
      await page.screenshot({ path: shotPath('notes-short-500x560') });
    } finally {
      await close();
    }
  });

  it('in Korean: "메모 3개 더 보기", opened "메모 3개 접기", the group named', async () => {
    const { page, close } = await openPanel(500, 720);
    try {
      await page.evaluate((strings) => window.postMessage({ type: 'init', strings, settings: { layers: 'relu,sigmoid', dout: 'auto', followSelection: false } }, '*'), koreanStrings());
      await showGraph(page, withNotes(NOTES));
      assert.equal((await measure(page)).toggle, '▸메모 3개 더 보기');
      assert.equal(await page.getAttribute('#graph-notes', 'aria-label'), '이 그래프에 대한 메모');
      await page.click('#notes-more');
      assert.equal((await measure(page)).toggle, '▾메모 3개 접기');
    } finally {
      await close();
    }
  });
});
