// Every parse error code has both wordings (issue 11): the engine's English (PARSE_MESSAGES, what the
// CLI prints) is exactly the l10n key the extension words it with (src/extension/parseErrorText.ts),
// and the Korean bundle translates that key with the same placeholders. Then real errors from the
// parser come out in Korean through @vscode/l10n, the same lookup as vscode.l10n.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as l10n from '@vscode/l10n';
import { PARSE_MESSAGES, parseArray, ParseError, parseMessage, type ParseErrorCode } from '../../src/engine';

const ROOT = path.resolve(__dirname, '../../..');
const HOST = path.join(ROOT, 'src/extension/parseErrorText.ts');
const ko: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ko.json'), 'utf8'));
const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();

/** code -> { key: the l10n.t message literal, args: how many arguments it is given } from the host's WORDING table. */
function hostWording(): Map<string, { key: string; args: number }> {
  const sf = ts.createSourceFile(HOST, fs.readFileSync(HOST, 'utf8'), ts.ScriptTarget.ES2022, true);
  const table = new Map<string, { key: string; args: number }>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === 'WORDING' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const p of node.initializer.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        let call: ts.CallExpression | undefined;
        const find = (n: ts.Node): void => {
          if (!call && ts.isCallExpression(n) && n.expression.getText(sf) === 'vscode.l10n.t') call = n;
          ts.forEachChild(n, find);
        };
        find(p.initializer);
        const first = call?.arguments[0];
        if (call && first && ts.isStringLiteralLike(first)) table.set(p.name.getText(sf), { key: first.text, args: call.arguments.length - 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return table;
}

function failure(text: string): ParseError {
  try {
    parseArray(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`${text} parsed`);
}

describe('parse error codes: English and Korean for every code', () => {
  const codes = Object.keys(PARSE_MESSAGES) as ParseErrorCode[];
  const host = hostWording();

  it('reads the host table (the scan itself works)', () => assert.ok(host.size >= 50, `${host.size} entries`));

  it('the host words every code, with the engine\'s English as its l10n key and every argument passed', () => {
    assert.deepEqual([...host.keys()].sort(), [...codes].sort());
    for (const code of codes) {
      const w = host.get(code);
      assert.equal(w?.key, PARSE_MESSAGES[code], `${code}: the host's English differs from the engine's`);
      assert.equal(w?.args, placeholders(PARSE_MESSAGES[code]).length, `${code}: arguments passed`);
    }
  });

  it('the Korean bundle translates every code, with the same placeholders', () => {
    for (const code of codes) {
      const k = ko[PARSE_MESSAGES[code]];
      assert.ok(typeof k === 'string' && /[\uac00-\ud7a3]/.test(k), `${code}: no Korean wording for ${JSON.stringify(PARSE_MESSAGES[code])}`);
      assert.deepEqual(placeholders(k), placeholders(PARSE_MESSAGES[code]), `${code}: placeholders`);
    }
  });

  it('real parse errors carry a code and args that rebuild their message, and read in Korean', () => {
    const e = failure('[[1, 2], [3]]');
    assert.equal(e.code, 'ragged_row');
    assert.deepEqual(e.args, [2, 1, 2]);
    assert.equal(parseMessage(e.code, e.args), e.message);
    const samples = ['[1, 2)', 'np.random.randn(3)', 'np.arange(6).reshape(4, 2)', '', '[1,, 2]', '[1, 2'];
    l10n.config({ contents: ko });
    try {
      for (const text of samples) {
        const err = failure(text);
        assert.equal(parseMessage(err.code, err.args), err.message, text);
        const korean = l10n.t(PARSE_MESSAGES[err.code], ...err.args);
        assert.match(korean, /[\uac00-\ud7a3]/, `${text}: ${korean}`);
        for (const a of err.args) assert.ok(korean.includes(String(a)), `${text}: argument ${a} missing from ${korean}`);
      }
    } finally {
      l10n.config({ contents: {} });
    }
  });
});
