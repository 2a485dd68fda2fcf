// The book's worked examples in the real extension host: fig 5-16 (apples) and fig 5-17 (apples
// and oranges) drawn with the book's numbers on every edge, stepped through, and exported; PNG
// then SVG asked for at once never swap their bytes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RenderReport } from '../../src/protocol';
import { screenshot } from './index';
import { api, closeAll } from './util';

function edge(report: RenderReport, id: string) {
  const e = report.edges.find((x) => x.id === id);
  assert.ok(e, `edge ${id} not drawn; drawn: ${report.edges.map((x) => x.id).join(', ')}`);
  return e;
}

/** The one number in a drawn scalar label, below its name (`apple\n100.`). */
function value(label: string): number {
  const body = label.slice(label.indexOf('\n') + 1);
  const m = body.match(/-?\d+\.?\d*(?:e[-+]?\d+)?/);
  assert.ok(m, `no number in ${JSON.stringify(label)}`);
  return Number(m[0]);
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

async function open(id: string): Promise<RenderReport> {
  const rendered = (await api()).whenRendered();
  assert.strictEqual(await vscode.commands.executeCommand('backpropTrace.openBookExample', id), true);
  return rendered;
}

describe('book examples', function () {
  this.timeout(120_000);
  after(closeAll);

  it('book: fig 5-16, buying apples, with the book numbers on every edge, stepped and exported', async () => {
    const report = await open('apple');
    // forward above each edge, gradient below: 100 × 2 = 200, × 1.1 = 220; back 2.2, 110, 1.1, 200, 1
    const want: [string, number, number][] = [
      ['e_apple_mul0', 100, 2.2],
      ['e_apple_num_mul0', 2, 110],
      ['e_mul0_mul1', 200, 1.1],
      ['e_tax_mul1', 1.1, 200],
      ['e_mul1_price', 220, 1],
    ];
    for (const [id, fwd, bwd] of want) {
      near(value(edge(report, id).forward), fwd, `${id} forward`);
      near(value(edge(report, id).backward), bwd, `${id} backward`);
    }
    assert.deepStrictEqual(report.nodes.map((n) => n.label).sort(), ['apple', 'apple num', 'price', 'tax', '×', '×'].sort());
    await screenshot('book-apple', 15_000, '.webview.ready');

    // Step to the end: forward first, then backward, then done.
    const a = await api();
    await vscode.commands.executeCommand('backpropTrace.reset', 0);
    const start = await a.whenStepped(0);
    assert.ok(start.total >= 10, `${start.total} steps`);
    await vscode.commands.executeCommand('backpropTrace.reset', 3);
    assert.strictEqual((await a.whenStepped(3)).phase, 'forward');
    await vscode.commands.executeCommand('backpropTrace.reset', start.total - 1);
    assert.strictEqual((await a.whenStepped(start.total - 1)).phase, 'backward');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-book-'));
    const json = vscode.Uri.file(path.join(dir, 'apple.json'));
    await vscode.commands.executeCommand('backpropTrace.exportJson', json);
    const data = JSON.parse(fs.readFileSync(json.fsPath, 'utf8'));
    assert.deepStrictEqual(data.layers.map((l: { name: string }) => l.name), ['mul', 'mul']);
    near(data.layers[1].out, 220, 'price in JSON');
    near(data.layers[0].dx, 2.2, 'dapple in JSON');
    near(data.layers[0].dy, 110, 'dapple_num in JSON');
    // Copy as numpy code works for the book example too.
    await vscode.commands.executeCommand('backpropTrace.copyNumpy');
    assert.match(await vscode.env.clipboard.readText(), /class MulLayer:[\s\S]*mul0 = MulLayer\(\)/);
  });

  it('book: fig 5-17, apples and oranges: 715; backward 110, 2.2, 3.3, 165, 650', async () => {
    const report = await open('apple_orange');
    near(value(edge(report, 'e_mul2_price').forward), 715, 'price');
    near(value(edge(report, 'e_apple_num_mul0').backward), 110, 'dapple num');
    near(value(edge(report, 'e_apple_mul0').backward), 2.2, 'dapple');
    near(value(edge(report, 'e_orange_mul1').backward), 3.3, 'dorange');
    near(value(edge(report, 'e_orange_num_mul1').backward), 165, 'dorange num');
    near(value(edge(report, 'e_tax_mul2').backward), 650, 'dtax');
    await screenshot('book-apple-orange', 15_000, '.webview.ready');
  });

  it('book: Affine → Softmax-with-Loss draws W and b with dW and db, and no gradient into t', async () => {
    const report = await open('affine_softmax');
    assert.match(edge(report, 'e_affine0_W_affine0').backward, /^dW/);
    assert.match(edge(report, 'e_affine0_b_affine0').backward, /^db/);
    assert.strictEqual(edge(report, 'e_t_softmaxWithLoss1').backward, '');
    assert.ok(report.nodes.some((n) => n.label === 'L'));
  });

  it('book: PNG and SVG asked for at once each get their own image', async () => {
    await open('apple');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-race-'));
    const png = vscode.Uri.file(path.join(dir, 'a.png'));
    const svg = vscode.Uri.file(path.join(dir, 'a.svg'));
    await Promise.all([vscode.commands.executeCommand('backpropTrace.exportPng', png), vscode.commands.executeCommand('backpropTrace.exportSvg', svg)]);
    assert.deepStrictEqual([...fs.readFileSync(png.fsPath).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the .png holds a PNG');
    assert.match(fs.readFileSync(svg.fsPath, 'utf8'), /^<svg /, 'the .svg holds SVG');
  });
});
