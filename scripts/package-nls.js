#!/usr/bin/env node
// Moves the shown strings of package.json "contributes" (titles, categories, descriptions,
// walkthrough texts) into package.nls.json, leaving "%key%" in their place, and lists the
// keys package.nls.ko.json still lacks. Run after adding a contribution:
//   node scripts/package-nls.js          convert and report
//   node scripts/package-nls.js --check  report only; exit 1 if anything is left to do
// Keys come from the path: backpropTrace.trace.title, backpropTrace.hover.enabled.description,
// walkthrough.<id>.<step>.title ... Same-valued categories share one key.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SHOWN = new Set(['title', 'category', 'description', 'markdownDescription', 'enumDescriptions',
  'markdownEnumDescriptions', 'deprecationMessage', 'markdownDeprecationMessage', 'altText', 'label']);
const check = process.argv.includes('--check');

const read = (f) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8'));
const pkg = read('package.json');
const en = fs.existsSync(path.join(ROOT, 'package.nls.json')) ? read('package.nls.json') : {};
const ko = fs.existsSync(path.join(ROOT, 'package.nls.ko.json')) ? read('package.nls.ko.json') : {};

const moved = [];
/** Replaces shown strings below `node` with %key%; `ids` are the meaningful names on the way down. */
function walk(node, ids) {
  if (Array.isArray(node)) {
    return node.map((v, i) => {
      const id = v && typeof v === 'object' ? (v.command ?? v.id) : undefined;
      return walk(v, [...ids, id ?? String(i)]);
    });
  }
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (SHOWN.has(k) && typeof v === 'string') out[k] = move(k === 'category' ? ['backpropTrace', k] : [...ids, k], v);
    else if (SHOWN.has(k) && Array.isArray(v)) out[k] = v.map((s, i) => typeof s === 'string' ? move([...ids, k, String(i)], s) : s);
    else if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([id, def]) => [id, walk(def, [id])]));
    } else if (k === 'walkthroughs') out[k] = walk(v, ['walkthrough']);
    else if (k === 'configuration') out[k] = walk(v, ['backpropTrace', 'configuration']);
    else if (['commands', 'steps'].includes(k)) out[k] = walk(v, ids);
    else out[k] = walk(v, [...ids, k]);
  }
  return out;
}
function move(parts, value) {
  if (/^%[^%]+%$/.test(value)) return value;
  const key = parts.join('.');
  if (en[key] !== undefined && en[key] !== value) throw new Error(`key ${key} already holds a different string`);
  en[key] = value;
  moved.push(key);
  return `%${key}%`;
}

const contributes = walk(pkg.contributes, []);
const missingKo = Object.keys(en).filter((k) => typeof ko[k] !== 'string' || ko[k] === '');
if (moved.length) console.log(`[nls] ${check ? 'to move' : 'moved'}: ${moved.join(', ')}`);
if (missingKo.length) console.log(`[nls] package.nls.ko.json lacks: ${missingKo.join(', ')}`);
if (check) process.exit(moved.length || missingKo.length ? 1 : 0);
if (moved.length) {
  // Re-read right before writing: others edit package.json too; only "contributes" changes.
  const fresh = read('package.json');
  if (JSON.stringify(fresh.contributes) !== JSON.stringify(pkg.contributes)) throw new Error('package.json changed meanwhile; run again');
  fresh.contributes = contributes;
  fs.writeFileSync(path.join(ROOT, 'package.json'), JSON.stringify(fresh, null, 2) + '\n');
  fs.writeFileSync(path.join(ROOT, 'package.nls.json'), JSON.stringify(en, null, 2) + '\n');
}
