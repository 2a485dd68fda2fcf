// In the real panel: the book's sequel's layers (self.params = [W, b] with self.grads = [dW, db])
// drawn with their parameters by the learner's names and a doubled db FAILED on grads[1]; and a
// pass of more layer calls than a graph holds, which the webview dropped without a word, drawn
// in part with a note saying so. Screenshots at the launcher's window.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { sequelLayers } from '../fixtures/sequelLayers';
import { BOOK_RELU } from '../fixtures/bookLayers';
import { screenshot } from './index';
import { api, runSettled, withProgram } from './util';

const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

describe("run mode: the sequel's params / grads lists", function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_sequel.py', sequelLayers(['db = np.sum(dout, axis=0)', 'db = 2 * np.sum(dout, axis=0)']));

  it('params[0], params[1] drawn beside the Affine with grads[0], grads[1]; the doubled db is FAILED on grads[1] (screenshot)', async () => {
    const drawn = await runSettled(file());
    const affine = drawn.nodes.find((n) => n.label === 'affine');
    assert.ok(affine?.marks?.includes('FAILED: grads[1]'), JSON.stringify(affine));
    assert.match(affine?.verdict ?? '', /^FAILED: grads\[1\] at \(\d,\): backprop \S+, numerical \S+/);
    assert.match(drawn.nodes.find((n) => n.label === 'embed')?.verdict ?? '', /^ok: grads\[0\] match central differences/);
    const labels = drawn.nodes.map((n) => n.label);
    assert.strictEqual(labels.filter((l) => l === 'params[0]').length, 3, `each layer's params[0] drawn: ${JSON.stringify(labels)}`);
    assert.ok(labels.includes('params[1]'), JSON.stringify(labels));
    await screenshot(`run-sequel-${WINDOW}`);
  });
});

describe('run mode: a pass of more layer calls than a graph holds', function () {
  this.timeout(120_000);
  // It sleeps first, so the trace comes to run mode's page already up as a message (its ~760
  // arrays arrived cut), not written into the page's HTML (text), which drew it before too.
  const file = withProgram('bpt_test_many_layers.py', `${BOOK_RELU}
import time
time.sleep(2)
layers = [Relu() for _ in range(300)]
x = np.array([1.0, -0.5, 2.0])
for layer in layers:
    x = layer.forward(x)
dout = np.ones(3)
for layer in reversed(layers):
    dout = layer.backward(dout)
print(dout)
`);

  it('draws the first calls that fit, and the note above the graph says how many of how many (screenshot)', async () => {
    const a = await api();
    await vscode.window.showTextDocument(file());
    const rendered = a.whenRendered(60_000);
    const outcome = (await vscode.commands.executeCommand('backpropTrace.traceFile', file())) as RunOutcome;
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    const layers = outcome.graph.nodes.filter((n) => n.kind === 'layer').length;
    assert.ok(layers > 64 && layers < 300, `${layers} layers drawn`);
    assert.strictEqual(outcome.graph.notes?.[0]?.startsWith(`The first ${layers} of this pass's 300 layer calls are drawn: a graph holds at most 256 nodes and edges.`), true, JSON.stringify(outcome.graph.notes));
    const drawn = await rendered; // drawn at all: the webview dropped it (its arrays arrived cut) and the page stayed at "Running…"
    const page = a.panelProbe()?.html.length ?? 0;
    assert.ok(page > 0 && page < 100_000, `it came as a message to run mode's page (${page} characters), not in a page of its own`);
    assert.strictEqual(drawn.nodes.length, outcome.graph.nodes.length);
    assert.ok((drawn.notes?.shown ?? 0) >= 1, `the note is shown: ${JSON.stringify(drawn.notes)}`);
    await screenshot(`run-many-layers-${WINDOW}`);
  });
});
