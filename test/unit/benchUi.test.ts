// The UI benchmark's own arithmetic: who owns which bytes of a bundle (read from a source map by
// our small VLQ decoder) and the median of its table.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleMakeup } from '../../bench/ui/bundle';
import { runModeReport } from '../../bench/ui/runModeTable';
import { longestStretches } from '../../bench/ui/hostProfile';
import { median } from '../../bench/ui/stats';

describe('bench:ui helpers', () => {
  it('attributes each stretch of generated code to the package its source map names', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-map-'));
    try {
      const js = path.join(dir, 'webview.js');
      // Line 1: 4 chars from src/a.ts, 4 from cytoscape, 2 with no source; line 2: 3 chars from
      // src/a.ts again (a negative source delta, "D" = -1).
      fs.writeFileSync(js, 'abcdefghij\nxyz');
      fs.writeFileSync(`${js}.map`, JSON.stringify({
        version: 3,
        sources: ['webpack://backprop-trace/./src/a.ts', 'webpack://backprop-trace/./node_modules/cytoscape/dist/cytoscape.esm.mjs'],
        names: [],
        mappings: 'AAAA,ICAA,I;ADAA',
      }));
      assert.deepStrictEqual(bundleMakeup(js), [
        { owner: 'our src/', bytes: 7 },
        { owner: 'cytoscape', bytes: 4 },
        { owner: 'webpack runtime / other', bytes: 2 },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes multi-digit VLQ columns (a segment 1000 columns on)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-map-'));
    try {
      const js = path.join(dir, 'w.js');
      fs.writeFileSync(js, 'x'.repeat(1500));
      // 1000 → 2000 with the sign bit → 5-bit groups 16, 30, 1 → "w+B" (w and + carry the continuation bit).
      fs.writeFileSync(`${js}.map`, JSON.stringify({ version: 3, sources: ['src/a.ts', 'node_modules/@dagrejs/dagre/x.js'], names: [], mappings: 'AAAA,w+BCAA' }));
      assert.deepStrictEqual(bundleMakeup(js), [
        { owner: 'our src/', bytes: 1000 },
        { owner: '@dagrejs/dagre', bytes: 500 },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the median of odd and even counts', () => {
    assert.strictEqual(median([3, 1, 2]), 2);
    assert.strictEqual(median([4, 1, 3, 2]), 2.5);
  });

  it('run mode: phases are differences of the stamps; the target verdict follows the median', () => {
    const rec = (start: number, drawn: number) => ({
      kind: 'run', name: 'mnist_batch.py', via: 'palette', plainMs: 250, start, receivedAt: drawn - 100, drawMs: 100,
      timing: { start, interpreter: start + 1, spawned: start + 3, closed: start + 1200, read: start + 1210, parsed: start + 1290, built: start + 1300, shown: start + 1302,
        tracer: { start: start + 100, numpy: start + 400, ran: start + 500, checked: start + 1100 } },
    });
    const text = runModeReport([rec(0, 2500), rec(10_000, 12_900), rec(20_000, 23_400)]);
    const row = (label: string) => text.split('\n').find((l) => l.includes(label))!.trim().split(/\s+/).slice(-4);
    assert.deepStrictEqual(row('command → graph drawn'), ['2500', '2900', '3400', '3']);
    assert.deepStrictEqual(row('import numpy'), ['300', '300', '300', '3']);
    assert.deepStrictEqual(row('gradient check'), ['600', '600', '600', '3']);
    assert.deepStrictEqual(row('transfer'), ['1098', '1498', '1998', '3']);
    assert.match(text, /median 2900 ms, target ≤ 3000 ms: met/);
    assert.match(runModeReport([rec(0, 3100)]), /target ≤ 3000 ms: MISSED/);
    assert.match(runModeReport([{ kind: 'run', name: 'mnist_batch.py', start: 0, resolved: 30_100, failed: 'timed out' }]), /every run failed \(command → failure 30100 ms\): timed out/);
  });
});

describe('bench:ui host profile', () => {
  // root → (idle) | ours (dist/extension.js) → a VS Code call | VS Code's computeLinks | GC
  const nodes = [
    { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 3, 5, 6] },
    { id: 2, callFrame: { functionName: '(idle)', url: '' } },
    { id: 3, callFrame: { functionName: 'traceCommand', url: 'file:///x/dist/extension.js' }, children: [4] },
    { id: 4, callFrame: { functionName: 'createWebviewPanel', url: 'file:///vs/extensionHostProcess.js' } },
    { id: 5, callFrame: { functionName: 'computeLinks', url: 'file:///vs/extensionHostProcess.js' } },
    { id: 6, callFrame: { functionName: '(garbage collector)', url: '' } },
  ];
  it('splits the thread into stretches by holder, our calls into VS Code counted as ours', () => {
    // 1 ms samples: ours 3 (one inside a VS Code call), idle, VS Code 5, idle, GC 2, ours 1.
    const samples = [3, 4, 3, 2, 5, 5, 5, 5, 5, 2, 6, 6, 3];
    const p = { nodes, startTime: 0, samples, timeDeltas: samples.map(() => 1000) };
    const held = longestStretches(p, 10_000, 10_000);
    assert.deepStrictEqual([held.ours.ms, held.vscode.ms, held.gc.ms], [3, 5, 2]);
    assert.strictEqual(held.vscode.top, 'computeLinks');
    assert.strictEqual(held.vscode.at, 9);
    // Only what comes after `from` counts.
    assert.strictEqual(longestStretches(p, 10_000, 10_004).ours.ms, 1);
  });
});
