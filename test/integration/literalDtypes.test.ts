// Literal mode in the real extension host, as a learner writes it: an integer array is traced as
// numpy's int64 (ReLU's labels print integers as numpy does, Sigmoid's floats), and the hover
// inside an array call it cannot read says why and where. Screenshots of both, panel where it opens.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { screenshot } from './index';
import { api, closeAll, openWith } from './util';

const INTS = 'import numpy as np\n\nx = np.array([5, -1, 0])\n';

describe('literal dtypes', function () {
  this.timeout(120_000);
  after(closeAll);

  it('literal: np.array([5, -1, 0]) is traced as int64: ReLU out and dx print as numpy\'s integers, Sigmoid\'s as floats (screenshot)', async () => {
    await closeAll();
    await openWith('python', INTS, { cursorAt: '-1' });
    const rendered = (await api()).whenRendered();
    const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome;
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const report = await rendered;
    const label = (id: string, side: 'forward' | 'backward') => report.edges.find((e) => e.id === id)?.[side] ?? '';
    assert.match(label('e_x_relu0', 'forward'), /\[ 5 -1 {2}0\]/);
    assert.match(label('e_relu0_y0', 'forward'), /\[5 0 0\]/);
    assert.match(label('e_x_relu0', 'backward'), /\[1 0 0\]/);
    assert.match(label('e_sigmoid1_y1', 'forward'), /\[0\.99330715 0\.26894142 0\.5 {7}\]/);
    await screenshot('literal-int');
  });

  it('literal: the hover inside np.array([x, 1/3]) says what is not read, with file:line:column (screenshot)', async () => {
    await closeAll();
    const editor = await openWith('python', 'import numpy as np\n\nw = np.array([x, 1/3])\n', { cursorAt: '1/3' });
    const doc = editor.document;
    const at = doc.positionAt(doc.getText().indexOf('1/3') + 1);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
    const text = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).join('\n');
    assert.match(text, /Not traced: \\'x\\' is a name, not a number/); // Markdown-escaped
    assert.match(text, /:3:15\\\)/);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 1500));
    await screenshot('hover-refused');
  });
});
