// Numbers at a breakpoint, for real (debugpy in the test host): the book's own buy_apple.py, which
// imports no numpy, paused inside layer_naive's MulLayer.backward, and a learner's numpy version
// of it (test/fixtures/debug/buy_apple_numpy.py). A layer on plain numbers is traced without
// numpy (as run mode traces it) and numpy is never imported into the program; a traced name keeps
// its type (`apple = 100` is Python's int, `np.int64(100)` numpy's) and is drawn as print() says it.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TraceGraph, WireTensor } from '../../src/engine/graph/graph';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api } from './util';
import { evaluate, pausedAt } from './pausedUtil';

const ROOT = path.resolve(__dirname, '../../..');
const BOOK = path.join(ROOT, 'test', 'fixtures', 'book', 'ch05');
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

/** The value on the edge out of the input node (the traced name), as the graph carries it. */
function inputValue(g: TraceGraph): WireTensor | undefined {
  const inputs = new Set(g.nodes.filter((n) => n.kind === 'input').map((n) => n.id));
  return g.edges.find((e) => inputs.has(e.source))?.forward;
}

/** Each drawn edge label's value part (the first line is its name). */
async function drawnValues(rendered: Promise<{ edges: { forward: string; backward: string }[] }>): Promise<string[]> {
  return (await rendered).edges.flatMap((e) => [e.forward, e.backward]).filter(Boolean).map((l) => l.split('\n').slice(1).join('\n'));
}

describe('paused: the book\'s buy_apple.py (no numpy) inside MulLayer.backward', function () {
  this.timeout(120_000);
  pausedAt(path.join(BOOK, 'buy_apple.py'), path.join(BOOK, 'layer_naive.py'), 17);

  it('traces self (mul_tax_layer) on plain numbers: forward(200, 1.1), backward(1) gives (1.1, 200), checked; numpy is never imported', async () => {
    const before = await evaluate("repr(sorted(vars(self).items())) + repr('numpy' in __import__('sys').modules)");
    assert.strictEqual(before, "[('x', 200), ('y', 1.1)]False", 'paused in mul_tax_layer.backward, numpy not loaded');
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'self' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    assert.strictEqual(outcome.kind, 'layer');
    const checked = outcome.graph.edges.filter((e) => e.gradcheck);
    assert.ok(checked.length === 2 && checked.every((e) => e.gradcheck!.ok), `gradient check: ${JSON.stringify(checked.map((e) => e.gradcheck))}`);
    const drawn = await drawnValues(rendered);
    // str() of each number in the program: the book's own printout of price is int(price) = 220
    const said = JSON.parse(await evaluate("__import__('json').dumps([str(self.x), str(self.y), str(self.x * self.y), str(dout)])")) as string[];
    assert.deepStrictEqual(said, ['200', '1.1', '220.00000000000003', '1']);
    for (const s of said) assert.ok(drawn.includes(s), `${s} is drawn as the program prints it: ${JSON.stringify(drawn)}`);
    assert.strictEqual(await evaluate("repr(sorted(vars(self).items())) + repr('numpy' in __import__('sys').modules)"), before, 'the layer is unchanged and numpy was not imported');
    await new Promise((r) => setTimeout(r, 500));
    const shot = await screenshot(`paused-no-numpy-mul-layer-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });

  it('traces a number by name without numpy: self.x is Python\'s int 200, drawn 200', async () => {
    const rendered = (await api()).whenRendered(30_000);
    const outcome = await traceExpr({ expr: 'self.x' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const x = inputValue(outcome.graph);
    assert.deepStrictEqual([x?.shape, Array.from(x?.data ?? []), x?.dtype, x?.scalar], [[], [200], 'int64', 'int']);
    assert.ok((await drawnValues(rendered)).includes('200'));
  });

  it('what needs numpy says so in a sentence: a list in a program without numpy', async () => {
    const outcome = await traceExpr({ expr: '[self.x, self.y]' });
    assert.ok(!outcome.ok && /a list, and numpy is not loaded in the paused program: only numbers and layers are read without it/.test(outcome.error), `${!outcome.ok && outcome.error}`);
  });
});

describe('paused: a learner\'s buy_apple with numpy numbers, inside MulLayer.backward', function () {
  this.timeout(120_000);
  const program = path.join(ROOT, 'test', 'fixtures', 'debug', 'buy_apple_numpy.py');
  pausedAt(program, program, 21);

  it('each name keeps its type: apple int, apple_np numpy int64, apple_num float, tax numpy float32, each drawn as print() says it', async () => {
    const names = ['apple', 'apple_np', 'apple_num', 'tax'];
    const said = JSON.parse(await evaluate(`__import__('json').dumps([str(v) for v in (${names.join(', ')})])`)) as string[];
    assert.deepStrictEqual(said, ['100', '100', '3.0', '0.1']);
    const got: unknown[] = [];
    for (const [i, expr] of names.entries()) {
      const rendered = (await api()).whenRendered(30_000);
      const outcome = await traceExpr({ expr });
      assert.ok(outcome.ok, `${expr}: ${!outcome.ok && outcome.error}`);
      const x = inputValue(outcome.graph);
      got.push([expr, x?.dtype ?? 'float64', x?.scalar]);
      const drawn = await drawnValues(rendered);
      assert.ok(drawn.includes(said[i]), `${expr} drawn as ${said[i]}: ${JSON.stringify(drawn)}`);
    }
    assert.deepStrictEqual(got, [['apple', 'int64', 'int'], ['apple_np', 'int64', 'numpy'], ['apple_num', 'float64', 'float'], ['tax', 'float32', 'numpy']]);
  });

  it('the layer (self) carries numpy\'s scalars: x a numpy float64 300.0, y a numpy float32, dout Python\'s 1', async () => {
    const outcome = await traceExpr({ expr: 'self' });
    assert.ok(outcome.ok, `trace failed: ${!outcome.ok && outcome.error}`);
    const layer = outcome.graph.nodes.find((n) => n.kind === 'layer')!;
    const into = (port: string) => outcome.graph.edges.find((e) => e.target === layer.id && (e.targetPort ?? 'x') === port)?.forward;
    assert.deepStrictEqual([into('x')?.scalar, into('x')?.dtype, into('y')?.scalar, into('y')?.dtype], ['numpy', undefined, 'numpy', 'float32']);
  });
});
