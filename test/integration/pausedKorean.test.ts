// The paused program's sentences in the display language, for real (debugpy in the test host; run
// with BPT_LOCALE=ko for Korean): what the probe says about a value it does not trace is written
// in English by its Python and worded by the host through the engine's sayings, like run mode's
// reasons. Paused in affine_backward of test/fixtures/debug/cs231n_layers.py, the learner traces
// cs231n's `cache` (a tuple of arrays of different shapes) and `np` (a module).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { pausedAt } from './pausedUtil';

const PROGRAM = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'debug', 'cs231n_layers.py');
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';
const KOREAN = (process.env.BPT_LOCALE ?? 'en') === 'ko';

const traceExpr = async (args: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceExpression', args)) as PausedOutcome;

describe(`paused: the probe's sentences in the display language (${KOREAN ? 'Korean' : 'English'})`, function () {
  this.timeout(120_000);
  pausedAt(PROGRAM, PROGRAM, 16);

  it('cs231n\'s cache (a tuple of arrays of different shapes) and np (a module): each said in one sentence, in the display language', async () => {
    assert.strictEqual(vscode.env.language, KOREAN ? 'ko' : 'en');
    // a panel open first (a trace of dout), so the sentence is seen there as well as in the notification
    const opened = await traceExpr({ expr: 'dout' });
    assert.ok(opened.ok, `trace failed: ${!opened.ok && opened.error}`);
    await new Promise((r) => setTimeout(r, 500));
    const cache = await traceExpr({ expr: 'cache' });
    const module = await traceExpr({ expr: 'np' });
    const [a, b] = [cache, module].map((o) => (!o.ok ? o.error : ''));
    if (KOREAN) {
      assert.match(a, /^일시 중지된 프레임의 cache\(.*\): 형상이나 종류가 다른 항목 3개\(\(4, 2, 3\), \(6, 5\), \(5,\)\)를 담은 tuple이며 하나의 배열이 아닙니다: 그중 하나를 추적하세요\. 예: cache\[0\]$/, a);
      assert.match(b, /module이며 배열도 계층\(forward와 backward를 가진 객체\)도 아닙니다$/, b);
    } else {
      assert.match(a, /a tuple of 3 items of different shapes or kinds \(\(4, 2, 3\), \(6, 5\), \(5,\)\), not one array: trace one of them, e\.g\. cache\[0\]$/, a);
      assert.match(b, /a module, neither an array nor a layer \(an object with forward and backward\)$/, b);
    }
    await new Promise((r) => setTimeout(r, 800));
    const shot = await screenshot(`paused-probe-sentence-${KOREAN ? 'ko' : 'en'}-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);
  });
});
