import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { sampledRange, shapeText, unravel } from '../../../src/webview/tables';

const PY = process.env.BPT_PYTHON ?? '/usr/bin/python3';

describe('webview tables', () => {
  it('writes a flat index as numpy\'s np.unravel_index tuple', () => {
    const cases: [number, number[]][] = [[3, [2, 2]], [0, [2, 2]], [5, [6]], [7, [2, 3, 4]], [23, [2, 3, 4]], [0, []]];
    const r = spawnSync(PY, ['-c', 'import sys,json,numpy as np; print(json.dumps([str(tuple(int(i) for i in np.unravel_index(k, s))) for k,s in json.load(sys.stdin)]))'], { input: JSON.stringify(cases), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(cases.map(([k, s]) => unravel(k, s)), JSON.parse(r.stdout));
    assert.equal(unravel(3, [2, 2]), '(1, 1)');
    assert.equal(shapeText([4]), '(4,)');
  });

  it('says which rows and columns a sampled table shows', () => {
    const t = { shape: [1000, 1000], data: new Float64Array(100 * 100), preview: { text: '', min: 0, max: 0, mean: 0, sampleShape: [100, 100], strides: [10, 10] } };
    assert.deepEqual(sampledRange(t, 100, 20), { key: 'tableSampled', args: [990, 10, 1000, 190, 10, 1000] });
    assert.deepEqual(sampledRange({ shape: [3, 40], data: new Float64Array(120) }, 100, 20), { key: 'tableTruncated', args: [3, 3, 20, 40] });
    assert.equal(sampledRange({ shape: [2, 2], data: new Float64Array(4) }, 100, 20), undefined);
  });
});
