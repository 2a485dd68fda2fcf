// Run mode's verdicts arrive in the graph shown, not as a new drawing (protocol/verdicts.ts): the
// graph is drawn at the tracer's "ran" record, each layer "checking…"; the reader zooms in and
// steps to a point of the flow while the checks run; the verdicts (one FAILED: a wrong backward)
// then appear on the layers while the zoom, the pan, every node's place and the step stay, through
// the last verdict and the process's end. Screenshot after the verdicts, at the launcher's window.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RenderReport } from '../../src/protocol';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { inPanel, screenshot } from './index';
import { api, assertFits, runSettled, withProgram } from './util';

const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

/** forward sleeps 400 ms, so each layer's check (two forwards for each of its 6 elements) takes ~5 s. */
const PROGRAM = [
  'import time', 'import numpy as np', '', '',
  'class Slow:', '    def forward(self, x):', '        time.sleep(0.4)', '        return x * 2.0', '',
  '    def backward(self, dout):', '        return dout * 2.0', '', '',
  'class WrongScale:', '    def forward(self, x):', '        time.sleep(0.4)', '        return x * 3.0', '',
  '    def backward(self, dout):', '        return dout * 2.0  # wrong: forward multiplies by 3', '', '',
  'a, b, c = Slow(), WrongScale(), Slow()', 'h1 = a.forward(np.ones((2, 3)))', 'h2 = b.forward(h1)', 'y = c.forward(h2)',
  'dh2 = c.backward(np.ones((2, 3)))', 'dh1 = b.backward(dh2)', 'dx = a.backward(dh1)', '',
].join('\n');

type Geometry = NonNullable<RenderReport['geometry']>;

/** Each layer, input and output node's centre on screen (a verdict may make a node taller; its centre stays). */
function centres(g: Geometry, ids: string[]): Map<string, { x: number; y: number }> {
  return new Map(g.boxes.filter((b) => b.kind === 'node' && ids.includes(b.id)).map((b) => [b.id, { x: b.x + b.width / 2, y: b.y + b.height / 2 }]));
}

function assertSameView(before: Geometry, after: Geometry, ids: string[], when: string): void {
  assert.ok(Math.abs(before.zoom - after.zoom) < 1e-9, `${when}: zoom ${before.zoom} became ${after.zoom}`);
  const [a, b] = [centres(before, ids), centres(after, ids)];
  assert.strictEqual(a.size, ids.length, `${when}: every node measured before`);
  for (const [id, p] of a) {
    const q = b.get(id);
    assert.ok(q && Math.abs(p.x - q.x) <= 0.5 && Math.abs(p.y - q.y) <= 0.5, `${when}: ${id} moved from ${JSON.stringify(p)} to ${JSON.stringify(q)}`);
  }
}

/** Runs the program from its editor: the graph drawn while its checks run, and what is still to come. */
async function runChecking(file: vscode.Uri) {
  const a = await api();
  await vscode.window.showTextDocument(file);
  const checking = a.whenRendered(60_000, true);
  const final = a.whenRendered(60_000);
  const outcome = vscode.commands.executeCommand('backpropTrace.traceFile', file) as Thenable<RunOutcome>;
  return { a, final, outcome, early: await checking };
}

describe('run mode: verdicts arrive in place', function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_verdicts_patch.py', PROGRAM);

  it('the zoom, the pan, the nodes and the step set while checking stay when the verdicts come; the verdicts are shown', async () => {
    const { a, final, outcome, early } = await runChecking(file());
    const layers = early.nodes.filter((n) => n.verdict);
    assert.strictEqual(layers.length, 3, JSON.stringify(early.nodes));
    const stillChecking = () => (a.lastReport()?.nodes ?? []).filter((n) => n.verdict?.startsWith('checking…')).length;
    // the reader's view while the checks run: zoomed in twice (about the panel's centre: the pan moves too), at step 2
    a.flow('zoomIn');
    a.flow('zoomIn');
    a.flow('reset', 2);
    const set = await a.whenStepped(2, 30_000);
    assert.ok(set.geometry && early.geometry && set.geometry.zoom > early.geometry.zoom * 1.5, `zoomed in: ${early.geometry?.zoom} → ${set.geometry?.zoom}`);
    // verdicts still to come once the view is set (a slow canvas under load may have taken the first)
    assert.ok(stillChecking() >= 1, `no layer left checking: ${JSON.stringify(a.lastReport()?.nodes)}`);
    const ids = early.nodes.map((n) => n.id);
    const drawn = await final;
    assert.ok(drawn.geometry, 'the report after the verdicts has the geometry');
    assertSameView(set.geometry, drawn.geometry, ids, 'after the verdicts');
    const verdicts = layers.map((n) => drawn.nodes.find((m) => m.id === n.id)?.verdict ?? 'missing');
    assert.match(verdicts[1], /^FAILED: dx at \(\d, \d\): backprop 4, numerical 6\.$/, verdicts.join(' | '));
    assert.ok(/^ok\b/.test(verdicts[0]) && /^ok\b/.test(verdicts[2]), verdicts.join(' | '));
    assert.deepStrictEqual(drawn.nodes.find((n) => n.id === layers[1].id)?.marks, ['FAILED: dx']);
    assert.ok(drawn.edges.some((e) => /^dh1 ✗/.test(e.backward)), `edges: ${JSON.stringify(drawn.edges.map((e) => e.backward))}`);
    const ran = await outcome;
    assert.ok(ran.ok, `run failed: ${!ran.ok && ran.error}`);
    // the process closed (its records read whole): nothing drawn again (the last report is still
    // the verdicts' one, the view as the reader left it), and Step goes on from step 2 (a step's own
    // scroll to keep its arrow in view may pan, so the view is compared before it)
    await new Promise((r) => setTimeout(r, 500));
    const last = a.lastReport();
    assert.ok(last?.geometry, 'a report after the process closed');
    assertSameView(set.geometry, last.geometry, ids, 'after the process closed');
    a.flow('step');
    assert.strictEqual((await a.whenStepped(3, 10_000)).step, 3);
    await new Promise((r) => setTimeout(r, 300));
    await screenshot(`run-verdicts-in-place-${WINDOW}`);
    // the webview reloaded after the verdicts (the host keeps the graph they were put into): shown again with them
    const reloaded = a.whenRendered(30_000);
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const again = await reloaded;
    assert.deepStrictEqual(again.nodes.map((n) => n.verdict), drawn.nodes.map((n) => n.verdict));
  });
});

/** A net whose Affine's backward doubles dW: FAILED arrives on a parameter card (W, b in rows) after the graph is drawn. */
const WRONG_DW = [
  'import time',
  'import numpy as np',
  '',
  '',
  'class Affine:',
  '    def __init__(self, W, b):',
  '        self.W = W',
  '        self.b = b',
  '',
  '    def forward(self, x):',
  '        time.sleep(0.1)',
  '        self.x = x',
  '        return np.dot(x, self.W) + self.b',
  '',
  '    def backward(self, dout):',
  '        dx = np.dot(dout, self.W.T)',
  '        self.dW = np.dot(self.x.T, dout) * 2.0  # wrong: twice the gradient',
  '        self.db = np.sum(dout, axis=0)',
  '        return dx',
  '',
  '',
  'class Relu:',
  '    def forward(self, x):',
  '        self.mask = x <= 0',
  '        out = x.copy()',
  '        out[self.mask] = 0',
  '        return out',
  '',
  '    def backward(self, dout):',
  '        dout = dout.copy()',
  '        dout[self.mask] = 0',
  '        return dout',
  '',
  '',
  'np.random.seed(0)',
  'layers = [Affine(np.random.randn(3, 4), np.random.randn(4)), Relu(), Affine(np.random.randn(4, 4), np.random.randn(4)), Relu(), Affine(np.random.randn(4, 2), np.random.randn(2))]',
  'x = np.random.randn(2, 3)',
  'for layer in layers:',
  '    x = layer.forward(x)',
  'dout = np.ones_like(x)',
  'for layer in reversed(layers):',
  '    dout = layer.backward(dout)', '',
].join('\n');

describe('run mode: a FAILED verdict arriving on a parameter card', function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_verdicts_card.py', WRONG_DW);

  it('the card\'s FAILED title and dW ✗ stay inside their card, clear of its rows and of every neighbour', async () => {
    const { final, outcome, early } = await runChecking(file());
    assert.ok(early.nodes.some((n) => n.verdict?.startsWith('checking…')), 'drawn while checking');
    const drawn = await final;
    assert.ok((await outcome).ok, 'the run ended');
    const failed = drawn.nodes.filter((n) => n.verdict?.startsWith('FAILED'));
    assert.strictEqual(failed.length, 3, `the three Affines FAILED: ${JSON.stringify(drawn.nodes.map((n) => n.verdict))}`);
    await screenshot(`run-verdicts-card-${WINDOW}`);
    assertFits(drawn, 'FAILED on cards', WINDOW);
    const g = drawn.geometry!;
    const cards = g.boxes.filter((b) => b.id.endsWith('__card'));
    assert.ok(failed.every((n) => cards.some((c) => c.id === `${n.id}__card`)), `each Affine a card: ${cards.map((c) => c.id).join(' ')}`);
    // Nothing straddles a card's border: every other box is inside the card or clear of it. The
    // card's own title lies on its top edge: its border (4 px on FAILED), drawn half outside, may
    // cover the card's 1 px line.
    for (const c of cards) {
      for (const b of g.boxes) {
        if (b === c) continue;
        const d = b.id === c.id.replace(/__card$/, '') ? 2 * g.zoom + 0.5 : 0.5;
        const inside = b.x >= c.x - d && b.y >= c.y - d && b.x + b.width <= c.x + c.width + d && b.y + b.height <= c.y + c.height + d;
        const clear = b.x + b.width <= c.x + 1 || c.x + c.width <= b.x + 1 || b.y + b.height <= c.y + 1 || c.y + c.height <= b.y + 1;
        assert.ok(inside || clear, `${b.id} ${JSON.stringify(b)} straddles ${c.id} ${JSON.stringify(c)}`);
      }
    }
  });
});

/** cs231n-style layers in a learner's file, affine_backward with their slip (dout.dot(w), not w.T): the program dies of it. */
const RAISES = [
  'import numpy as np',
  '',
  '',
  'def affine_forward(x, w, b):',
  '    out = x.reshape(x.shape[0], -1).dot(w) + b',
  '    cache = (x, w, b)',
  '    return out, cache',
  '',
  '',
  'def affine_backward(dout, cache):',
  '    x, w, b = cache',
  '    dx = dout.dot(w).reshape(x.shape)',
  '    dw = x.reshape(x.shape[0], -1).T.dot(dout)',
  '    db = np.sum(dout, axis=0)',
  '    return dx, dw, db',
  '',
  '',
  'np.random.seed(0)',
  'x = np.random.randn(2, 3)',
  'w = np.random.randn(3, 3)',
  'w2 = np.random.randn(3, 2)',
  'h, cache1 = affine_forward(x, w, np.zeros(3))',
  'out, cache2 = affine_forward(h, w2, np.zeros(2))',
  'dh, dw2, db2 = affine_backward(np.ones_like(out), cache2)',
  'dx, dw, db = affine_backward(dh, cache1)', '',
].join('\n');

describe('run mode: a backward that raised says which exception and where', function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_raised.py', RAISES);

  it('the layer\'s verdict and its drawer name the exception and the learner\'s file:line (screenshot)', async () => {
    const a = await api();
    await vscode.window.showTextDocument(file());
    const final = a.whenRendered(60_000);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.traceFile', file())) as RunOutcome;
    assert.match(outcome.raised?.message ?? '', /^ValueError: shapes \(2,2\) and \(3,2\) not aligned/, 'the program died of it');
    let drawn = await final;
    for (let i = 0; i < 50 && !drawn.nodes.some((n) => n.verdict && !n.verdict.startsWith('checking')); i++) {
      await new Promise((r) => setTimeout(r, 200));
      drawn = a.lastReport() ?? drawn;
    }
    const line = RAISES.split('\n').indexOf('    dx = dout.dot(w).reshape(x.shape)') + 1;
    const english = `its backward raised ValueError: shapes (2,2) and (3,2) not aligned: 2 (dim 1) != 3 (dim 0) (bpt_test_raised.py:${line})`;
    const korean = `backward에서 예외가 발생했습니다: ValueError: shapes (2,2) and (3,2) not aligned: 2 (dim 1) != 3 (dim 0) (bpt_test_raised.py:${line})`;
    const said = vscode.env.language.startsWith('ko') ? korean : english;
    const layer = drawn.nodes.find((n) => n.verdict?.includes(said));
    assert.ok(layer, `a layer's verdict names it: ${JSON.stringify(drawn.nodes.map((n) => n.verdict))}`);
    // the drawer, opened from the keyboard on that layer as a user would
    if (await inPanel('raised-open', 'Enter', `li[data-target="node:${layer.id}"]`)) {
      await new Promise((r) => setTimeout(r, 800));
      const drawer = (await inPanel('raised-details', 'text', '#details'))!;
      assert.ok(drawer.includes(said), `the drawer says it: ${drawer}`);
      await screenshot(`run-backward-raised-${vscode.env.language}-${WINDOW}`);
    }
  });
});

/** The book's AddLayer returning (dout, dout) and Relu writing into its dout: the other branch gets Relu's zeros. */
const ALIASED = [
  'import numpy as np', '', '',
  'class Relu:', '    def forward(self, x):', '        self.mask = (x <= 0)', '        out = x.copy()', '        out[self.mask] = 0', '        return out', '',
  '    def backward(self, dout):', '        dout[self.mask] = 0', '        dx = dout', '        return dx', '', '',
  'class AddLayer:', '    def forward(self, x, y):', '        return x + y', '', '    def backward(self, dout):', '        return dout, dout', '', '',
  'class Scale:', '    def forward(self, x):', '        return x * 2.0', '', '    def backward(self, dout):', '        return dout * 2.0', '', '',
  'x = np.array([-1.0, 2.0, -3.0, 4.0])', 'relu, scale, add = Relu(), Scale(), AddLayer()',
  'out = add.forward(relu.forward(x), scale.forward(x))', 'da, db = add.backward(np.ones(4))', 'dx1 = relu.backward(da)', 'dx2 = scale.backward(db)', '',
].join('\n');

describe('run mode: a dout written into by another branch', function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_aliased.py', ALIASED);

  it('the layer that received Relu\'s zeros says so in its verdict and drawer (screenshot)', async () => {
    const drawn = await runSettled(file());
    const line = ALIASED.split('\n').indexOf('dx1 = relu.backward(da)') + 1;
    const scale = drawn.nodes.find((n) => n.verdict?.includes(`relu's backward (line ${line}) wrote into that same array (dout)`));
    assert.ok(scale && /^ok\b/.test(scale.verdict ?? ''), `the Scale layer's verdict says it: ${JSON.stringify(drawn.nodes.map((n) => n.verdict))}`);
    if (await inPanel('aliased-open', 'Enter', `li[data-target="node:${scale.id}"]`)) {
      await new Promise((r) => setTimeout(r, 800));
      const drawer = (await inPanel('aliased-details', 'text', '#details'))!;
      assert.ok(drawer.includes('had been changed in place first'), `the drawer says it: ${drawer}`);
      await screenshot(`run-aliased-dout-${WINDOW}`);
    }
  });
});
