// English and Korean: every `vscode.l10n.t('…')` in src/ has a Korean entry in
// l10n/bundle.l10n.ko.json, and every contributed title/description in package.json is a
// "%key%" with an entry in package.nls.json and package.nls.ko.json. Then the Korean
// bundle is switched on through @vscode/l10n (the same bundle format and lookup as
// vscode.l10n) and a known string comes back translated.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as l10n from '@vscode/l10n';

const ROOT = path.resolve(__dirname, '../../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));

interface Call { key: string; where: string }

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Every l10n.t(...) call in src/, read with the TypeScript parser. The key is the message
 * (a literal, as @vscode/l10n-dev requires), or "message/comment" for the object form.
 * Anything else (a variable, a template with ${}) is reported: it cannot be translated.
 */
function l10nCalls(): { calls: Call[]; bad: string[] } {
  const calls: Call[] = [];
  const bad: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('l10n')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 't' && /(^|\.)l10n$/.test(node.expression.expression.getText(sf))) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const where = `${path.relative(ROOT, file)}:${line + 1}`;
        const arg = node.arguments[0];
        if (arg && ts.isStringLiteralLike(arg)) {
          calls.push({ key: arg.text, where });
        } else if (arg && ts.isObjectLiteralExpression(arg)) {
          const prop = (name: string) => arg.properties.find((p): p is ts.PropertyAssignment =>
            ts.isPropertyAssignment(p) && p.name.getText(sf) === name)?.initializer;
          const message = prop('message');
          const comment = prop('comment');
          if (!message || !ts.isStringLiteralLike(message)) bad.push(`${where}: message is not a literal`);
          else {
            const c = comment && (ts.isStringLiteralLike(comment) ? [comment.text]
              : ts.isArrayLiteralExpression(comment) ? comment.elements.filter(ts.isStringLiteralLike).map((e) => e.text) : []);
            calls.push({ key: c && c.length ? `${message.text}/${c.join('')}` : message.text, where });
          }
        } else {
          bad.push(`${where}: ${node.getText(sf).slice(0, 80)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { calls, bad };
}

const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
const hangul = /[\uac00-\ud7a3]/;

describe('l10n: English and Korean', () => {
  const ko: Record<string, string> = readJson('l10n/bundle.l10n.ko.json');
  const { calls, bad } = l10nCalls();

  it('finds the l10n.t calls in src (the scan itself works)', () => {
    assert.ok(calls.length >= 5, `only ${calls.length} l10n.t calls found`);
  });

  it('calls l10n.t only with literal messages', () => {
    assert.deepStrictEqual(bad, [], 'l10n.t needs a literal message (use {0} placeholders and args)');
  });

  it('has a Korean translation for every l10n.t string in src', () => {
    const missing = [...new Set(calls.filter((c) => !(c.key in ko)).map((c) => `${c.where}: ${JSON.stringify(c.key)}`))];
    assert.ok(missing.length === 0, `add these to l10n/bundle.l10n.ko.json:\n${missing.join('\n')}`);
  });

  it('keeps no Korean entry whose English string is gone from src', () => {
    const used = new Set(calls.map((c) => c.key));
    const stale = Object.keys(ko).filter((k) => !used.has(k));
    assert.ok(stale.length === 0, `remove these from l10n/bundle.l10n.ko.json (or fix their English):\n${stale.join('\n')}`);
  });

  it('keeps the same {n} placeholders, and is Korean (Hangul in over 80% of entries; names like ReLU stay)', () => {
    for (const [en, k] of Object.entries(ko)) {
      assert.deepStrictEqual(placeholders(k), placeholders(en), `placeholders differ for ${JSON.stringify(en)}`);
      assert.ok(typeof k === 'string' && k.trim() !== '', `empty translation for ${JSON.stringify(en)}`);
    }
    const translated = Object.values(ko).filter((k) => hangul.test(k)).length;
    assert.ok(translated / Object.keys(ko).length > 0.8, `only ${translated} of ${Object.keys(ko).length} entries contain Korean`);
  });

  it('switching to the Korean bundle translates the host strings, with arguments', () => {
    l10n.config({ contents: ko });
    try {
      const plain = 'Select an array, or put the cursor inside one, to trace it.';
      assert.strictEqual(l10n.t(plain), ko[plain]);
      assert.match(l10n.t(plain), hangul);
      // Arguments land in the Korean sentence's own order of {n}.
      const withArgs = Object.keys(ko).find((k) => /\{1\}/.test(k) && hangul.test(ko[k]));
      assert.ok(withArgs, 'no translated entry with two arguments');
      const got = l10n.t(withArgs, 'AAA', 'BBB', 'CCC', 'DDD');
      assert.strictEqual(got, ko[withArgs].replace(/\{(\d)\}/g, (_, i: string) => ['AAA', 'BBB', 'CCC', 'DDD'][Number(i)]));
      assert.match(got, /AAA/);
      // A string the bundle does not have falls back to English, as in VS Code.
      assert.strictEqual(l10n.t('not in any bundle {0}', 1), 'not in any bundle 1');
    } finally {
      l10n.config({ contents: {} });
    }
    assert.strictEqual(l10n.t('Backprop Trace: {0}', 'x'), 'Backprop Trace: x');
  });
});

/** The strings in contributes that VS Code shows to people: these must come from package.nls*.json. */
const SHOWN = new Set(['title', 'category', 'description', 'markdownDescription', 'enumDescriptions',
  'markdownEnumDescriptions', 'deprecationMessage', 'markdownDeprecationMessage', 'altText', 'label']);

function shownStrings(node: unknown, at: string, out: { at: string; value: string }[], shown = false): void {
  if (typeof node === 'string') {
    if (shown) out.push({ at, value: node });
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => shownStrings(v, `${at}[${i}]`, out, shown));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      // Inside "properties" the keys are setting ids, not fields.
      shownStrings(v, `${at}.${k}`, out, SHOWN.has(k) && !at.endsWith('.properties'));
    }
  }
}

describe('l10n: package.nls.json and package.nls.ko.json', () => {
  const pkg = readJson('package.json');
  const en: Record<string, string> = readJson('package.nls.json');
  const ko: Record<string, string> = readJson('package.nls.ko.json');

  it('takes every shown contribution string from the nls files ("%key%")', () => {
    const strings: { at: string; value: string }[] = [];
    shownStrings(pkg.contributes, 'contributes', strings);
    assert.ok(strings.length >= 3, 'no contribution strings found');
    const literal = strings.filter((s) => !/^%[^%]+%$/.test(s.value)).map((s) => `${s.at}: ${s.value}`);
    assert.deepStrictEqual(literal, [], 'replace these with "%key%" and add the key to both package.nls files');
    const keys = strings.map((s) => s.value.slice(1, -1));
    assert.deepStrictEqual(keys.filter((k) => !(k in en)), [], 'missing in package.nls.json');
  });

  it('has a Korean entry for every English one, with the same placeholders', () => {
    assert.deepStrictEqual(Object.keys(en).filter((k) => !(k in ko)), [], 'missing in package.nls.ko.json');
    assert.deepStrictEqual(Object.keys(ko).filter((k) => !(k in en)), [], 'in package.nls.ko.json only');
    for (const k of Object.keys(en)) assert.deepStrictEqual(placeholders(ko[k]), placeholders(en[k]), k);
    assert.match(ko['backpropTrace.trace.title'], hangul);
  });

  it('points "l10n" at the folder holding the Korean bundle', () => {
    assert.strictEqual(pkg.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(ROOT, 'l10n', 'bundle.l10n.ko.json')));
  });
});
