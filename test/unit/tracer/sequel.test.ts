// The book's sequel keeps a layer's arrays in `self.params` and their gradients at the same places
// of `self.grads` (held.py's listed parameters): they were neither checked nor said (an Affine
// whose db was doubled read "ok: dx match"; an Embedding, "not checked"), and a model that
// gathers its layers' lists was not checked at all. Programs: test/fixtures/sequelLayers.ts.
import * as assert from 'node:assert/strict';
import { recordedToGraph } from '../../../src/engine/recorded';
import { verdictFrom } from '../../../src/engine/recorded/verdicts';
import { sequelLayers, simpleCbow } from '../../fixtures/sequelLayers';
import { plainRun, PYTHON, runCli, tempScript, trace } from './helpers';

async function run(name: string, text: string) {
  const s = tempScript(name, text);
  try {
    const r = await trace(s.file); // the helper also holds every pass's graph to the protocol
    assert.equal(r.stdout, plainRun(s.file), 'the program prints what it prints plainly');
    const cli = await runCli([s.file, '--python', PYTHON]);
    assert.equal(cli.code, 0, cli.err);
    return { r, out: cli.out.slice(cli.out.indexOf('gradient check')) };
  } finally {
    s.cleanup();
  }
}

describe("tracer: the sequel's params / grads lists (Deep Learning from Scratch 2)", function () {
  this.timeout(120_000);

  it('MatMul, Affine, Embedding: each gradient at its place in self.grads checked and drawn by the learner\'s names (params[0], grads[0])', async () => {
    const { r, out } = await run('layers.py', sequelLayers());
    assert.match(out, /\n {2}affine \(Affine\): ok: dx, grads\[0\], grads\[1\] match central differences \(\d+ elements checked\)\.\n/, out);
    assert.match(out, /\n {2}matmul \(MatMul\): ok: dx, grads\[0\] match central differences/, out);
    assert.match(out, /\n {2}embed \(Embedding\): ok: grads\[0\] match central differences \(21 elements checked\)\. idx: labels \(backward returned no gradient for it\), not checked\.\n/, out);
    const g = recordedToGraph(r, 0);
    const affine = g.nodes.find((n) => n.label === 'affine')!;
    assert.deepEqual(affine.params, ['params[0]', 'params[1]']);
    const drawn = g.edges.filter((e) => e.target === affine.id && e.targetPort?.startsWith('params')).map((e) => [e.targetPort, e.forwardName, e.backwardName, e.forward?.shape, e.backward?.shape]);
    assert.deepEqual(drawn, [['params[0]', 'params[0]', 'grads[0]', [4, 2], [4, 2]], ['params[1]', 'params[1]', 'grads[1]', [2], [2]]]);
    assert.deepEqual(g.nodes.filter((n) => n.kind === 'param').map((n) => n.id).filter((id) => !/^[A-Za-z0-9_-]+$/.test(id)), [], 'ids the panel takes');
  });

  it("an Affine whose db is doubled: FAILED on grads[1] at its element, twice the numerical, in the CLI, the verdict and the mark", async () => {
    const { r, out } = await run('layers.py', sequelLayers(['db = np.sum(dout, axis=0)', 'db = 2 * np.sum(dout, axis=0)']));
    const line = /\n {2}affine \(Affine\): FAILED: grads\[1\] at \((\d),\): backprop (\S+), numerical (\S+)\.\n/.exec(out);
    assert.ok(line, out);
    assert.equal(Number(line[2]), 2 * Number(line[3]));
    const node = recordedToGraph(r, 0).nodes.find((n) => n.label === 'affine')!;
    assert.deepEqual(node.verdict?.ports, ['params[1]']);
    assert.deepEqual(node.marks?.filter((m) => m.startsWith('FAILED')), ['FAILED: grads[1]']);
    assert.match(out, /\n {2}matmul \(MatMul\): ok: dx, grads\[0\] match/, 'the others still ok');
  });

  it("SimpleCBOW: the model's own check weighs W_in, which two layers share, against the sum of both its gradients (as remove_duplicate adds them); its layers each ok", async () => {
    const { r, out } = await run('train.py', simpleCbow());
    assert.match(out, /\n {2}model \(SimpleCBOW\): ok: grads\[0\]\+grads\[1\], grads\[2\] match central differences \(70 elements checked\)\. contexts, target: labels/, out);
    for (const layer of ['in_layer0', 'in_layer1', 'out_layer']) assert.match(out, new RegExp(`\\n {2}self\\.${layer} \\(MatMul\\): ok: dx, grads\\[0\\] match`), out);
    assert.equal(r.hints, undefined, 'nothing to hint');
  });

  it("a MatMul putting a new array in its list (self.grads[0] = dW): the model's check is FAILED (its grads never change) and a hint says why and what to write", async () => {
    const { r, out } = await run('train.py', simpleCbow(['self.grads[0][...] = dW', 'self.grads[0] = dW']));
    assert.match(out, /\n {2}model \(SimpleCBOW\): FAILED: grads\[0\]\+grads\[1\] at \(\d, \d\): backprop 0, numerical \S+; grads\[2\] at \(\d, \d\): backprop 0, numerical /, out);
    assert.match(out, /\n {2}self\.in_layer0 \(MatMul\): ok: dx, grads\[0\] match/, "the layer's own list holds its new array: ok");
    assert.deepEqual(r.hints, ["MatMul.backward put a new array at self.grads[0] (self.grads[0] = ...) instead of writing into the one there: a model that gathered the layer's grads (model.grads += layer.grads) still holds the old array, so it and the optimizer never see this gradient; write into it, as the book does: self.grads[0][...] = ..."]);
    assert.match(out, /\n {2}hint: MatMul\.backward put a new array at self\.grads\[0\]/);
  });

  it('a reason that is not checked ends its sentence before the labels: "... attribute. contexts, target: labels ..." (it ran on into them)', () => {
    const gc = { call: 0, class: 'SimpleCBOW', inputs: [], maxAbsDiff: null, ok: false, status: 'unchecked' as const, reason: 'backward returned no gradient (None) and set no d<param> attribute', labels: ['contexts', 'target'] };
    assert.equal(verdictFrom(gc, 0, new Map(), []).text, 'not checked: backward returned no gradient (None) and set no d<param> attribute. contexts, target: labels (backward returned no gradient for them), not checked.');
    assert.equal(verdictFrom({ ...gc, reason: 'it raised.' }, 0, new Map(), []).text, 'not checked: it raised. contexts, target: labels (backward returned no gradient for them), not checked.', 'one full stop');
    assert.equal(verdictFrom({ ...gc, labels: undefined }, 0, new Map(), []).text, 'not checked: backward returned no gradient (None) and set no d<param> attribute', 'no labels, as before');
  });
});
