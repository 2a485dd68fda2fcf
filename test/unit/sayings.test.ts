// The graph's own sentences in English and Korean: every code of SAYINGS is worded by the host
// (src/extension/sayings.ts) with the engine's English as its l10n key and its placeholders passed
// back, the Korean bundle translates each with the same placeholders, and the tracer's English
// reasons for "not checked" are the ones SAYINGS knows. Then a real recording (the seed notebook's
// in-place ReLU and a wrong Sigmoid backward) is drawn with the Korean phrasebook: its verdict,
// notes, marks and why-zero lines read in Korean, and with the phrasebook cleared, in English again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { SAYINGS, say, sayReason, setPhrasebook, type SayingCode } from '../../src/engine';
import { recordedToGraph } from '../../src/engine/recorded';
import { sumOf } from '../../src/scene/nodeLabels';
import { EXAMPLES, notebookCells, trace, traceCells } from './tracer/helpers';
import { hangul, ko, koreanBook, placeholders } from './koreanBook';

const ROOT = path.resolve(__dirname, '../../..');
const HOST = path.join(ROOT, 'src/extension/sayings.ts');
const codes = Object.keys(SAYINGS) as SayingCode[];

/** code -> { key, args } from the host's wording(): each property's vscode.l10n.t call. */
function hostWording(): Map<string, { key: string; args: string[] }> {
  const sf = ts.createSourceFile(HOST, fs.readFileSync(HOST, 'utf8'), ts.ScriptTarget.ES2022, true);
  const table = new Map<string, { key: string; args: string[] }>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isCallExpression(node.initializer) && node.initializer.expression.getText(sf) === 'vscode.l10n.t') {
      const [first, ...rest] = node.initializer.arguments;
      if (first && ts.isStringLiteralLike(first)) table.set(node.name.getText(sf), { key: first.text, args: rest.map((a) => (ts.isStringLiteralLike(a) ? a.text : a.getText(sf))) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return table;
}

describe("the graph's sentences: English and Korean for every code", function () {
  this.timeout(60_000);
  afterEach(() => setPhrasebook({}));

  it('the host words every code with the engine\'s English as its key and its placeholders passed back', () => {
    const host = hostWording();
    assert.deepEqual([...host.keys()].sort(), [...codes].sort());
    for (const c of codes) {
      assert.equal(host.get(c)?.key, SAYINGS[c], `${c}: the host's English differs from the engine's`);
      assert.deepEqual(host.get(c)?.args, placeholders(SAYINGS[c]), `${c}: placeholders passed back`);
    }
  });

  it('the Korean bundle translates every code, with the same placeholders', () => {
    for (const c of codes) {
      const k = ko[SAYINGS[c]];
      assert.ok(typeof k === 'string' && hangul.test(k), `${c}: no Korean wording for ${JSON.stringify(SAYINGS[c])}`);
      assert.deepEqual(placeholders(k), placeholders(SAYINGS[c]), `${c}: placeholders`);
    }
  });

  it("every reason the tracer writes for 'not checked' is a reason SAYINGS knows, and reads in Korean", () => {
    // the check (gradcheck.py, ports.py), its schedule (checker.py), after the cap (afterpairs.py), and a killed run's read (stream.ts)
    const py = ['src/tracer/bpt_tracer/gradcheck.py', 'src/tracer/bpt_tracer/ports.py', 'src/tracer/bpt_tracer/checker.py', 'src/tracer/bpt_tracer/afterpairs.py', 'src/engine/recorded/stream.ts'].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
    const reasons = codes.filter((c) => c.startsWith('reason_'));
    assert.ok(reasons.length >= 8);
    const quoted = (t: string) => [`'${t}'`, `"${t}"`];
    for (const c of reasons) assert.ok(quoted(SAYINGS[c].replace(/\{\d\}/g, '%s')).some((q) => py.includes(q)), `${c}: the tracer no longer writes ${JSON.stringify(SAYINGS[c])}`);
    setPhrasebook(koreanBook());
    for (const c of ['reason_unrepeatable', 'reason_late_generator', 'reason_late_draw'] as const) assert.ok(hangul.test(sayReason(SAYINGS[c])), c);
    const said = sayReason('the layer could not be copied to re-run its forward (TypeError: cannot pickle)');
    assert.ok(hangul.test(said) && said.includes('(TypeError: cannot pickle)'), said);
    assert.equal(sayReason('a reason from a newer tracer'), 'a reason from a newer tracer');
    // the exception a backward raised and where: the exception's own words kept, the place last
    assert.equal(sayReason('its backward raised ValueError: shapes (2,3) and (2,3) not aligned (layers.py:42)'),
      'backward에서 예외가 발생했습니다: ValueError: shapes (2,3) and (2,3) not aligned (layers.py:42)');
    assert.equal(sayReason('its backward raised an exception (layers.py:42)'), 'backward에서 예외가 발생했습니다 (layers.py:42)');
  });

  it('a real recording reads in Korean with the Korean phrasebook, and in English without it', async () => {
    const seed = await traceCells(notebookCells(path.join(EXAMPLES, 'seed_notebook.ipynb')), EXAMPLES);
    const wrong = await trace(path.join(EXAMPLES, 'wrong_backward.py'));
    const english = [recordedToGraph(seed, 0), recordedToGraph(wrong, 0)];
    setPhrasebook(koreanBook());
    const korean = [recordedToGraph(seed, 0), recordedToGraph(wrong, 0)];
    setPhrasebook({});
    const texts = (gs: typeof english) => gs.flatMap((g) => [
      ...g.nodes.flatMap((n) => [n.verdict?.text, ...(n.notes ?? []), ...(n.marks ?? [])]),
      ...g.edges.flatMap((e) => [e.note, e.backwardName, ...(e.zeros ?? [])]),
    ]).filter((t): t is string => !!t);
    const en = texts(english);
    const kr = texts(korean);
    assert.equal(kr.length, en.length, 'the same sentences, worded differently');
    for (const s of ['FAILED: dx', 'forward wrote into its argument x', "the caller's x changed", 'x (changed by forward)']) assert.ok(en.includes(s), `English: ${s}`);
    assert.ok(en.some((s) => /^\d+ of \d+ zeros of dx: the mask blocked them/.test(s)), 'English why-zero');
    for (const s of ['실패: dx', 'forward가 인수 x에 값을 덮어썼습니다', '호출한 쪽의 x이(가) 바뀜', 'x (forward이(가) 바꿈)']) assert.ok(kr.includes(s), `Korean: ${s} in ${JSON.stringify(kr)}`);
    assert.ok(kr.some((s) => /^dx의 0 \d+개 중 \d+개: 마스크가 막았습니다/.test(s)), 'Korean why-zero');
    assert.ok(kr.some((s) => /^실패: dx의 \(\d, \d\) 위치: 역전파 \S+, 수치 미분 \S+$/.test(s)), 'Korean verdict');
    // nothing English is left where a sentence was worded: each Korean text differs from its English one or holds no words
    en.forEach((s, i) => assert.ok(kr[i] !== s || !/[a-z]{4,} [a-z]{4,}/.test(s.replace(/[a-z_]+\.(forward|backward)/g, '')), `left in English: ${s}`));
  });

  it("the scene's words for a branching value's sum read in Korean too (the webview gets them as say.<code> strings)", () => {
    assert.equal(sumOf(2), 'sum of 2 edges');
    setPhrasebook(koreanBook());
    assert.equal(sumOf(2), '간선 2개의 합');
  });

  it('say fills its placeholders, and an unknown phrasebook entry falls back to English', () => {
    assert.equal(say('zeros_mask', 2, 3, 'dx'), "2 of 3 zeros of dx: the mask blocked them (forward's input was <= 0 there, so ReLU passes no gradient).");
    setPhrasebook({ check_failed: 'FALLITO: {0}' });
    assert.equal(say('check_failed', 'dx'), 'FALLITO: dx');
    assert.equal(say('check_none'), SAYINGS.check_none);
  });
});
