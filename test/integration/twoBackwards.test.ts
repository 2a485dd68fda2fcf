// A layer with two backwards on one forward (cs231n's batchnorm_backward then
// batchnorm_backward_alt): the first wrong, the second right. The panel draws the worst verdict
// (FAILED, not the last one's ok), names the backward on the node, and the details drawer lists
// each backward's verdict. Screenshot with the drawer open, at the launcher's window.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { inPanel, screenshot } from './index';
import { runSettled, withProgram } from './util';

const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const PROGRAM = [
  'import numpy as np', '', '',
  'def scale_forward(x, g):', '    out = x * g', '    cache = (x, g)', '    return out, cache', '', '',
  'def scale_backward(dout, cache):', '    x, g = cache', '    dx = 2 * g * dout  # wrong: doubled', '    dg = np.sum(dout * x, axis=0)', '    return dx, dg', '', '',
  'def scale_backward_alt(dout, cache):', '    x, g = cache', '    dx = dout * g', '    dg = np.sum(x * dout, axis=0)', '    return dx, dg', '', '',
  'np.random.seed(1)', 'x, g = np.random.randn(3, 4), np.random.randn(4)', 'out, cache = scale_forward(x, g)',
  'dout = np.random.randn(3, 4)', 'dx1, dg1 = scale_backward(dout, cache)', 'dx2, dg2 = scale_backward_alt(dout, cache)', '',
].join('\n');

describe('run mode: two backwards on one forward, the first FAILED', function () {
  this.timeout(120_000);
  const file = withProgram('bpt_test_two_backwards.py', PROGRAM);

  it('the node reads FAILED and names its first backward; the drawer lists both verdicts (screenshot)', async () => {
    const drawn = await runSettled(file());
    const korean = vscode.env.language.startsWith('ko');
    const layer = drawn.nodes.find((n) => n.verdict !== undefined);
    assert.ok(layer, JSON.stringify(drawn.nodes));
    const first = korean ? '첫 번째 backward scale_backward' : 'its first backward scale_backward';
    const second = korean ? '두 번째 backward scale_backward_alt' : 'Its second backward scale_backward_alt';
    assert.ok(layer.verdict?.startsWith(korean ? first : 'Its first backward scale_backward'), `the worst (FAILED) first: ${layer.verdict}`);
    assert.ok(layer.marks?.some((m) => m.includes(`(${first})`)), `the node names the failed backward: ${JSON.stringify(layer.marks)}`);
    assert.ok(layer.verdict?.includes(second), `the verdict lists the second backward too: ${layer.verdict}`);
    if (await inPanel('two-backwards-open', 'Enter', `li[data-target="node:${layer.id}"]`)) {
      await new Promise((r) => setTimeout(r, 800));
      const drawer = (await inPanel('two-backwards-details', 'text', '#details'))!;
      assert.ok(drawer.includes(second), `the drawer lists both: ${drawer}`);
      await screenshot(`run-two-backwards-${vscode.env.language}-${WINDOW}`);
    }
  });
});
