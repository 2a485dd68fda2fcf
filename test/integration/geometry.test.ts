// What a user sees when a graph opens in the side panel, at the window size the launcher was
// given (BPT_WINDOW, default 1400x900; `npm test` runs these a second time at 1000x800): for the
// seed trace, the chain, the expanded Sigmoid, the apple example (fig 5-16) and Affine →
// Softmax-with-Loss every node and
// label lies inside the panel, none overlaps another, and no text is under 12 CSS px. At
// 1400x900 the same graphs are also shot in the dark, light and high-contrast themes for the
// README (test-results/shot-*.png).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RenderReport } from '../../src/protocol';
import { screenshot } from './index';
import { api, assertFits, closeAll, openWith } from './util';

const SEED = 'import numpy as np\n\nx = np.array([[1.0, -0.5],\n              [2.0, 0]])\n';
const SEED_ARRAY = 'np.array([[1.0, -0.5],\n              [2.0, 0]])';
/** The window the launcher opened (it passes BPT_WINDOW on to the extension host). */
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';
// VS Code's default is dark, but code-server follows the browser's (light) colour scheme: name it.
const THEMES: [string, string][] = [
  ['dark', 'Default Dark Modern'],
  ['light', 'Default Light Modern'],
  ['hc', 'Default High Contrast'],
];

async function traceSeed(): Promise<RenderReport> {
  await openWith('python', SEED, { selected: SEED_ARRAY });
  const rendered = (await api()).whenRendered();
  const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as { ok: boolean; error?: string };
  assert.ok(outcome.ok, `trace failed: ${outcome.error}`);
  return rendered;
}

async function setLayers(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('backpropTrace').update('layers', value, vscode.ConfigurationTarget.Global);
}

/**
 * The graphs, each drawn fresh in a panel opened beside the editor, as a user opens it. The
 * chain's setting stays until the next graph: undoing it re-traces the open panel.
 */
const GRAPHS: [string, () => Promise<RenderReport>][] = [
  ['seed', async () => {
    await setLayers(undefined);
    return traceSeed();
  }],
  ['chain', async () => {
    await setLayers('relu>sigmoid');
    return traceSeed();
  }],
  ['expanded', async () => {
    await setLayers(undefined);
    await traceSeed();
    const rendered = (await api()).whenRendered();
    await vscode.commands.executeCommand('backpropTrace.toggleExpand', 'sigmoid1', true);
    return rendered;
  }],
  ['apple', async () => {
    await setLayers(undefined);
    const rendered = (await api()).whenRendered();
    assert.strictEqual(await vscode.commands.executeCommand('backpropTrace.openBookExample', 'apple'), true);
    return rendered;
  }],
  ['affine', async () => {
    await setLayers(undefined);
    const rendered = (await api()).whenRendered();
    assert.strictEqual(await vscode.commands.executeCommand('backpropTrace.openBookExample', 'affine_softmax'), true);
    return rendered;
  }],
  // A book example opened from the palette while a file is open goes beside it: the side panel
  // (351 px wide in a 1000x800 window; fig 5-17 and Affine fit there only drawn narrow).
  ...(['apple_orange', 'affine_softmax'] as const).map((id): [string, () => Promise<RenderReport>] => [`${id}-beside`, async () => {
    await setLayers(undefined);
    await openWith('python', SEED, { cursorAt: 'import' });
    const rendered = (await api()).whenRendered();
    assert.strictEqual(await vscode.commands.executeCommand('backpropTrace.openBookExample', id), true);
    return rendered;
  }]),
];

/**
 * #21: the book's reading order on screen, from the webview's geometry report: fig 5-17's inputs
 * apple, apple num, orange, orange num, and each layer's port names (x, y; x, W, b; x, t) in that
 * order across the flow (top to bottom in LR, left to right in TB), never mirrored.
 */
function assertBookOrder(report: RenderReport, what: string): void {
  const g = report.geometry!;
  const at = new Map(g.boxes.map((b) => [b.id, g.orientation === 'LR' ? b.y + b.height / 2 : b.x + b.width / 2]));
  const inOrder = (ids: string[]) => {
    const v = ids.filter((id) => at.has(id)).map((id) => at.get(id)!);
    assert.deepStrictEqual(v, [...v].sort((a, b) => a - b), `${what}: ${ids.join(', ')} out of the book's order (${g.orientation}: ${v.map((x) => x.toFixed(0)).join(' ')})`);
    return v.length;
  };
  if (report.nodes.some((n) => n.id === 'orange_num')) assert.strictEqual(inOrder(['apple', 'apple_num', 'orange', 'orange_num']), 4, `${what}: fig 5-17's inputs drawn`);
  for (const ports of [['x', 'y'], ['x', 'W', 'b'], ['x', 't']]) {
    for (const n of report.nodes) inOrder(ports.map((p) => `${n.id}__port_${p}`));
  }
}

async function setTheme(id: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', id, vscode.ConfigurationTarget.Global);
}

describe('geometry', function () {
  this.timeout(120_000);
  // The theme the run started with (the launcher's BPT_THEME, if any) comes back afterwards.
  let startTheme: string | undefined;
  before(async () => {
    await closeAll();
    startTheme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;
    await setTheme(THEMES[0][1]);
  });
  after(async () => {
    await closeAll();
    await setLayers(undefined);
    await setTheme(startTheme);
  });

  for (const [name, draw] of GRAPHS) {
    it(`geometry: the ${name} graph fits the side panel as it opens, every box on screen, no text under 12 px`, async () => {
      await closeAll();
      const report = await draw();
      // The picture first, so a failure below comes with what the user would see.
      await screenshot(`shot-${name}-${WINDOW}`, 15_000, '.webview.ready');
      if (name === 'seed') await screenshot(`shot-window-${WINDOW}`);
      // In a 1000x800 window the side panel is 351 px wide: the expanded Sigmoid fits there only
      // packed (layout.ts) and compact, with the one-row toolbar.
      assertFits(report, name, WINDOW);
      assertBookOrder(report, name);
      // "Layers…" and "dout = …" re-trace a literal: shown for one, hidden for a book example.
      const literal = !['apple', 'affine', 'apple_orange-beside', 'affine_softmax-beside'].includes(name);
      assert.deepStrictEqual(report.pickers, { layers: literal, dout: literal }, `${name}: toolbar pickers`);
    });
  }

  // #21: Play moved a graph that was whole on screen (~12 px as it started at 1400x900, the
  // Sigmoid's border cut at 1000x800 after it). The webview's geometry with each step it settles.
  it('geometry: Play keeps the whole graph where it was: before, at every step and after, nothing moves or is cut', async () => {
    for (const name of ['seed', 'expanded', 'apple_orange-beside', 'affine_softmax-beside']) {
      await closeAll();
      const before = (await GRAPHS.find(([n]) => n === name)![1]()).geometry!;
      const a = await api();
      // Play on a fully travelled graph starts again from the first arrow, as a user's Play does.
      const start = a.whenStepped(0, 30_000);
      await vscode.commands.executeCommand('backpropTrace.play');
      const first = await start;
      const steps = await Promise.all(Array.from({ length: first.total }, (_, k) => a.whenStepped(k + 1, 120_000)));
      assert.strictEqual(steps[steps.length - 1].phase, 'done', `${name}: Play ran to the end`);
      const at = new Map(before.boxes.map((b) => [b.id, b]));
      for (const s of [first, ...steps]) {
        const g = s.geometry;
        assert.ok(g, `${name}: step ${s.step} reports its geometry`);
        const what = `${name} at step ${s.step} of ${s.total}`;
        assert.ok(Math.abs(g.zoom - before.zoom) < 1e-6, `${what}: zoom ${g.zoom}, was ${before.zoom}`);
        for (const b of g.boxes) {
          assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= g.viewport.width && b.y + b.height <= g.viewport.height, `${what}: ${b.id} ${JSON.stringify(b)} cut by ${JSON.stringify(g.viewport)}`);
          const was = at.get(b.id);
          if (b.kind === 'node' && was) assert.ok(Math.abs(b.x - was.x) <= 0.5 && Math.abs(b.y - was.y) <= 0.5, `${what}: ${b.id} moved from ${was.x},${was.y} to ${b.x},${b.y}`);
        }
      }
      console.log(`      Play on ${name} at ${WINDOW}: ${first.total} steps, zoom ${before.zoom.toFixed(2)}, no node moved, every box on screen`);
    }
  });

  it('themes: light and high contrast draw the same graphs as fitted (README screenshots)', async () => {
    try {
      for (const [theme, id] of THEMES.slice(1)) {
        await closeAll();
        await setTheme(id);
        for (const [name, draw] of GRAPHS) {
          await closeAll();
          const report = await draw();
          await screenshot(`shot-${name}-${WINDOW}-${theme}`, 15_000, '.webview.ready');
          assertFits(report, `${name} (${theme})`, WINDOW);
        }
      }
    } finally {
      await setTheme(THEMES[0][1]);
    }
  });
});
