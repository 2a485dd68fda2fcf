// "Trace backprop" end to end in the real extension host: the command parses the selection,
// the engine runs the layers, and the webview reports the labels it drew.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { screenshot } from './index';
import { api, closeAll, openWith } from './util';

const SEED = 'import numpy as np\n\nx = np.array([[1.0, -0.5],\n              [2.0, 0]])\n';
const SEED_ARRAY = 'np.array([[1.0, -0.5],\n              [2.0, 0]])';

async function trace(): Promise<TraceOutcome> {
  return (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
}

function edge(report: { edges: { id: string; forward: string; backward: string }[] }, id: string) {
  const e = report.edges.find((x) => x.id === id);
  assert.ok(e, `edge ${id} not drawn; drawn: ${report.edges.map((x) => x.id).join(', ')}`);
  return e;
}

describe('Trace backprop', () => {
  after(closeAll);

  it('draws the seed array through ReLU and Sigmoid with values and gradients', async () => {
    const editor = await openWith('python', SEED, { selected: SEED_ARRAY });
    const before = { text: editor.document.getText(), version: editor.document.version };
    const rendered = (await api()).whenRendered();
    const outcome = await trace();
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const report = await rendered;

    assert.deepStrictEqual(
      report.nodes.map((n) => n.label),
      ['x', 'ReLU', 'Sigmoid', 'y₁', 'y₂'],
    );
    // The notebook's printed ReLU forward, and ReLU's backward of dout = ones: the mask blocks x <= 0.
    assert.strictEqual(edge(report, 'e_x_relu0').forward, 'x\n[[ 1.  -0.5]\n [ 2.   0. ]]');
    assert.strictEqual(edge(report, 'e_relu0_y0').forward, 'y₁\n[[1. 0.]\n [2. 0.]]');
    assert.strictEqual(edge(report, 'e_x_relu0').backward, 'dx\n[[1. 0.]\n [1. 0.]]');
    assert.strictEqual(edge(report, 'e_relu0_y0').backward, 'dout\n[[1. 1.]\n [1. 1.]]');
    // Sigmoid: out = 1/(1+exp(-x)); dx = dout * out * (1 - out).
    const s = [1, -0.5, 2, 0].map((v) => 1 / (1 + Math.exp(-v)));
    const sigForward = edge(report, 'e_sigmoid1_y1').forward;
    assert.match(sigForward, new RegExp(s[0].toFixed(8).replace('.', '\\.')));
    assert.match(sigForward, /0\.5 /);
    const sigBackward = edge(report, 'e_x_sigmoid1').backward;
    assert.match(sigBackward, new RegExp((s[0] * (1 - s[0])).toFixed(8).replace('.', '\\.')));
    // No dout nodes any more: dout is the gradient on the edge into each output.
    assert.strictEqual(edge(report, 'e_sigmoid1_y1').backward, 'dout\n[[1. 1.]\n [1. 1.]]');
    assert.ok(!report.nodes.some((n) => n.id.startsWith('dout')), 'no dout nodes');

    // Drawn into a visible container, not a zero-height one.
    assert.ok(report.width > 100 && report.height > 100, `graph area ${report.width}x${report.height}`);
    // Reading is all a trace does.
    assert.strictEqual(editor.document.getText(), before.text);
    assert.strictEqual(editor.document.version, before.version);
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('trace-seed');
  });

  it('takes the array around the cursor when nothing is selected, and reuses the panel', async () => {
    await openWith('python', 'y = [[1, 2], [3, 4]]  # sigmoid test vector\n', { cursorAt: '3, 4' });
    const rendered = (await api()).whenRendered();
    const outcome = await trace();
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.deepStrictEqual(outcome.graph.shape, [2, 2]);
    const report = await rendered;
    assert.match(edge(report, 'e_sigmoid1_y1').forward, /0\.73105858 0\.88079708\]/);
    assert.match(edge(report, 'e_sigmoid1_y1').forward, /0\.95257413 0\.98201379\]\]/);
    const panels = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Backprop Trace'));
    assert.strictEqual(panels.length, 1, 'one trace panel, reused');
  });

  const bad: [string, string, string, RegExp][] = [
    ['a ragged array', 'x = [[1, 2],\n     [3]]\n', '[[1, 2],\n     [3]]', /ragged|length|element/i],
    ['text that is not an array', 'hello world\n', 'hello', /array|number|expected/i],
    ['an unclosed bracket', 'x = [[1, 2]\n', '[[1, 2]', /clos|unclosed|missing|end/i],
  ];
  for (const [what, content, selected, pattern] of bad) {
    it(`reports ${what} with line:column and changes nothing`, async () => {
      const editor = await openWith('python', content, { selected });
      const before = (await api()).lastReport();
      const outcome = await trace();
      assert.ok(!outcome.ok, 'expected an error');
      assert.match(outcome.error, pattern);
      assert.match(outcome.error, /:\d+:\d+\)$/, `no line:column in "${outcome.error}"`);
      assert.strictEqual(editor.document.getText(), content);
      assert.strictEqual((await api()).lastReport(), before, 'nothing was drawn');
    });
  }

  it('traces a constructor, and a name from its assignment above; an unknown name gets one sentence', async () => {
    const content = 'import numpy as np\nx = np.arange(-5.0, 5.0, 0.1)\nw = np.arange(6).reshape(2, 3).T\ny = relu.forward(x) + w\n';
    await openWith('python', content, { cursorAt: '5.0, 0.1' });
    const ctor = await trace();
    assert.ok(ctor.ok, `constructor: ${!ctor.ok && ctor.error}`);
    assert.deepStrictEqual(ctor.graph.shape, [100]);
    await openWith('python', content, { cursorAt: 'w\n' });
    const named = await trace();
    assert.ok(named.ok, `name: ${!named.ok && named.error}`);
    assert.deepStrictEqual(named.graph.shape, [3, 2]);
    assert.match(named.graph.title, /^w, Untitled-\d+:3:5$/, 'the title says which name and where its value is');
    // In Python a name with no array above is code, which "Trace backprop" runs (run mode tests);
    // elsewhere it gets one sentence.
    await openWith('javascript', 'const y = relu.forward(x) + w;\n', { cursorAt: 'relu' });
    const unknown = await trace();
    assert.ok(!unknown.ok);
    assert.match(unknown.error, /'relu\.forward' has no array assigned above that can be read/);
    await openWith('python', 'import numpy as np\nw = 0.01 * np.random.randn(2, 3)\n', { cursorAt: '2, 3' });
    const random = await trace();
    assert.ok(!random.ok);
    assert.match(random.error, /^np\.random\.randn\(\) draws random numbers: its values are not in the text.*:2:12\)$/);
  });

  it('points at the row that breaks the shape, in document coordinates', async () => {
    await openWith('python', 'import numpy as np\nx = [[1, 2],\n     [3]]\n', { selected: '[[1, 2],\n     [3]]' });
    const outcome = await trace();
    assert.ok(!outcome.ok);
    // Row [3] starts on document line 3, column 6.
    assert.match(outcome.error, /:3:6\)$/, outcome.error);
  });
});
