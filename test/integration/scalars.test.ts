// A learner's numbers drawn as the program prints them (#25's scalars), in the real extension host:
// the book's ch05 buy_apple.py and buy_apple_orange.py traced in run mode, and every edge's label
// compared with str() of the program's own variable of that name, from the same Python run plainly
// (`apple = 100` is drawn 100, never `100.`; `price` 220.00000000000003, as print(price) says).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { screenshot } from './index';
import { api, assertFits, closeAll, PYTHON, runModeSuite } from './util';

const WINDOW = process.env.BPT_WINDOW ?? '1400x900';
const BOOK = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'book', 'ch05');

/** The program run plainly, then str() of each of its module-level numbers. */
function printedNumbers(file: string): Record<string, string> {
  const code = `import json, runpy, sys\nsys.path.insert(0, ${JSON.stringify(BOOK)})\ng = runpy.run_path(${JSON.stringify(file)}, run_name='__main__')\nprint(json.dumps(dict((k, str(v)) for k, v in g.items() if type(v) in (int, float))))`;
  const out = execFileSync(PYTHON, ['-c', code], { cwd: BOOK, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, string>;
}

describe('scalars: a learner\'s numbers drawn as the program prints them', function () {
  this.timeout(90_000);

  runModeSuite();
  after(closeAll);

  for (const name of ['buy_apple.py', 'buy_apple_orange.py']) {
    it(`scalars: the book's ${name} in run mode: apple drawn 100 and every number as print() says it`, async () => {
      const file = path.join(BOOK, name);
      const printed = printedNumbers(file);
      assert.strictEqual(printed.apple, '100', 'the program prints apple as 100');
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      const rendered = (await api()).whenRendered(30_000);
      const outcome = (await vscode.commands.executeCommand('backpropTrace.traceFile', vscode.Uri.file(file))) as RunOutcome;
      assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
      const report = await rendered;
      // Each label is the value's name, then the value: compared with the program's own str().
      const labels = report.edges.flatMap((e) => [e.forward, e.backward]).filter(Boolean);
      const compared = labels.filter((l) => printed[l.split('\n')[0]] !== undefined);
      for (const l of compared) {
        const [n, ...rest] = l.split('\n');
        assert.strictEqual(rest.join('\n'), printed[n], `the label of ${n}`);
      }
      assert.ok(labels.includes(`apple\n${printed.apple}`) && labels.includes(`apple_num\n${printed.apple_num}`), `apple and apple_num drawn as ints: ${JSON.stringify(labels)}`);
      assert.ok(compared.length >= (name === 'buy_apple.py' ? 8 : 14), `${compared.length} labels compared: ${JSON.stringify(labels)}`);
      assert.ok(!labels.some((l) => /\d\.$/m.test(l)), `no number drawn as numpy's element (100.): ${JSON.stringify(labels)}`);
      assertFits(report, name, WINDOW, true);
      await new Promise((r) => setTimeout(r, 500));
      const shot = await screenshot(`scalars-${name.replace('.py', '')}-${WINDOW}`);
      if (shot) console.log(`      screenshot ${shot}`);
    });
  }
});
