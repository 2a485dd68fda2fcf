// IPython's lines in notebook cells (src/cli/magics.ts) and a .ipynb read as the tracer's cells
// (src/cli/notebook.ts): what is replaced, what is left alone, line numbers kept.
import * as assert from 'assert';
import { cellCode } from '../../../src/cli/magics';
import { notebookCells, placeText } from '../../../src/cli/notebook';

describe('IPython lines in a notebook cell', () => {
  it('skips magics, shell lines and help, keeping every line where it was', () => {
    const src = '%matplotlib inline\nimport numpy as np\n!pip install numpy\nfiles = !ls\nnp.sum?\nif True:\n    %load_ext autoreload\nx = 1 % 2\ny = x != 1\n';
    const { code, magics } = cellCode(src);
    assert.equal(code, 'pass\nimport numpy as np\npass\npass\npass\nif True:\n    pass\nx = 1 % 2\ny = x != 1\n');
    assert.deepEqual(magics.map((m) => [m.line, m.what]), [[1, 'skipped'], [3, 'skipped'], [4, 'skipped'], [5, 'skipped'], [7, 'skipped']]);
    assert.equal(magics[0].text, '%matplotlib inline');
  });

  it('runs the statement under %time / %timeit once, and a %%time cell body', () => {
    assert.equal(cellCode('%timeit -n 10 -r 3 net.forward(x)\n').code, 'net.forward(x)\n');
    assert.equal(cellCode('  %time loss = net.loss(x, t)').code, '  loss = net.loss(x, t)');
    const cell = cellCode('\n%%time\nfor i in range(3):\n    step()\n');
    assert.equal(cell.code, '\n\nfor i in range(3):\n    step()\n');
    assert.deepEqual(cell.magics, [{ line: 2, text: '%%time', what: 'ran' }]);
  });

  it('a %%bash or %%writefile cell is skipped whole (run mode writes no file)', () => {
    const { code, magics } = cellCode('%%writefile layers.py\nclass Relu:\n    pass\n');
    assert.equal(code, '\n\n\n');
    assert.deepEqual(magics, [{ line: 1, text: '%%writefile layers.py', what: 'skipped' }]);
  });

  it('leaves % and ! alone inside strings, brackets and continued lines', () => {
    const src = 's = """\n%not a magic\n"""\nt = (1\n     % 2)\nu = 1 + \\\n    !x\nv = "it\'s" # %x\n';
    assert.deepEqual(cellCode(src), { code: src, magics: [] });
  });
});

describe('a .ipynb as the tracer\'s cells', () => {
  const nb = (cells: object[], metadata: object = { kernelspec: { language: 'python' } }): string => JSON.stringify({ cells, metadata, nbformat: 4 });

  it('code cells in order, named <path>#cellN counting every cell, as the extension does', () => {
    const r = notebookCells(nb([
      { cell_type: 'markdown', source: ['# title'] },
      { cell_type: 'code', source: ['%matplotlib inline\n', 'import numpy as np'] },
      { cell_type: 'code', source: 'x = np.ones(2)' },
      { cell_type: 'code', source: 'ls', metadata: { vscode: { languageId: 'shellscript' } } },
    ]), '/w/nb.ipynb');
    assert.ok(!('error' in r));
    assert.deepEqual(r.cells, [
      { code: 'pass\nimport numpy as np', filename: '/w/nb.ipynb#cell2', line: 1 },
      { code: 'x = np.ones(2)', filename: '/w/nb.ipynb#cell3', line: 1 },
    ]);
    assert.deepEqual(r.notes, [
      "IPython's lines are not Python and were skipped (cell 2, line 1: %matplotlib inline).",
      'Cell 4 is in another language than Python and did not run.',
    ]);
  });

  it('bad JSON gives line:column; another language or no cells a sentence', () => {
    const bad = notebookCells('{\n  "cells": [\n    {"cell_type": "code",}\n  ]\n}', 'x.ipynb');
    assert.ok('error' in bad);
    assert.match(bad.error, /^3:\d+: not a notebook: the file is not valid JSON/);
    const r = notebookCells(nb([], { kernelspec: { language: 'R' } }), 'x.ipynb');
    assert.deepEqual(r, { error: "the notebook's language is r, not Python: run mode traces Python layers" });
    assert.deepEqual(notebookCells('[1]', 'x.ipynb'), { error: 'not a notebook: the JSON has no "cells" list' });
  });

  it('places read as cell N, line L', () => {
    assert.equal(placeText('/w/nb.ipynb#cell3', 5), '/w/nb.ipynb, cell 3, line 5');
    assert.equal(placeText('/w/a.py', 5, 2), '/w/a.py:5:2');
  });
});
