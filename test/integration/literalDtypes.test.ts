// Literal mode in the real extension host, as a learner writes it: an integer array is traced as
// numpy's int64 (ReLU's labels print integers as numpy does, Sigmoid's floats), and the hover
// inside an array call it cannot read says why and where. Screenshots of both, panel where it opens.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { inPanel, screenshot } from './index';
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

  // What numpy itself prints for the book's Relu on the literal: str() of out and dx, their min
  // and max, json.dumps of tolist() (the JSON export), and the dtype.
  const NUMPY = [
    'import json, numpy as np',
    'x = np.array([5, -1, 0]); mask = (x <= 0); out = x.copy(); out[mask] = 0',
    'dx = np.ones_like(out); dx[mask] = 0',
    "print(json.dumps({k: {'str': str(a), 'min': str(a.min()), 'max': str(a.max()), 'json': json.dumps(a.tolist()), 'dtype': str(a.dtype)} for k, a in [('x', x), ('out', out), ('dx', dx), ('mask', mask)]}))",
  ].join('\n');

  it('literal: the int64 trace\'s details drawer, JSON export and numpy code say what numpy says: 5, not 5.0; dtype int64 (screenshot)', async () => {
    type Said = Record<'x' | 'out' | 'dx' | 'mask', { str: string; min: string; max: string; json: string; dtype: string }>;
    const np = JSON.parse(execFileSync('/usr/bin/python3', ['-c', NUMPY], { encoding: 'utf8' })) as Said;
    await closeAll();
    await openWith('python', INTS, { cursorAt: '-1' });
    const rendered = (await api()).whenRendered();
    assert.ok(((await vscode.commands.executeCommand('backpropTrace.trace')) as TraceOutcome).ok);
    await rendered;
    // The details drawer, opened from the keyboard on ReLU's out edge as a user would.
    if (await inPanel('literal-int-open', 'Enter', 'li[data-target="edge:e_relu0_y0"]')) {
      await new Promise((r) => setTimeout(r, 800));
      const drawer = (await inPanel('literal-int-details', 'text', '#details'))!;
      await screenshot(`literal-int-details-${process.env.BPT_WINDOW ?? '1400x900'}`);
      assert.ok(drawer.includes(`dtype${np.out.dtype}`), `the drawer states the dtype: ${drawer}`);
      assert.ok(drawer.includes(`min${np.out.min}max${np.out.max}`), `min / max as numpy prints them: ${drawer}`);
      assert.ok(!drawer.includes('5.0') && !drawer.includes('0.0'), `no "5.0" in the drawer: ${drawer}`);
      // The table (after its caption): the column indices 0 1 2, then row 0 with numpy's elements.
      const table = (await inPanel('literal-int-table', 'text', '#details table'))!;
      assert.ok(table.endsWith(`0120${np.out.str.slice(1, -1).trim().split(/\s+/).join('')}`), `the table's cells are numpy's ${np.out.str}: ${table}`);
    }
    // The JSON export: each array as json.dumps(a.tolist()).
    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-int-')), 'int.json'));
    await vscode.commands.executeCommand('backpropTrace.exportJson', file);
    const json = fs.readFileSync(file.fsPath, 'utf8');
    for (const k of ['x', 'out', 'dx', 'mask'] as const) assert.ok(json.includes(`"${k}": ${np[k].json}`), `${k} as numpy's json in ${json}`);
    // Copy as numpy code: numpy running it prints what it prints for the literal itself.
    await vscode.commands.executeCommand('backpropTrace.copyNumpy');
    const printed = execFileSync('/usr/bin/python3', ['-c', await vscode.env.clipboard.readText()], { encoding: 'utf8' });
    assert.ok(printed.includes(`y₁ = ${np.out.str}\n`), `the copied code printed:\n${printed}`);
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
