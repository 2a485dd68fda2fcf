// The phrasebook the host builds in a Korean VS Code (extension/sayings.ts), made here through the
// same lookup as vscode.l10n from the Korean bundle: one home for the tests that read the engine's
// sentences in Korean (sayings.test.ts, debug/probeSayings.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { SAYINGS, type Phrasebook, type SayingCode } from '../../src/engine';

const ROOT = path.resolve(__dirname, '../../..');
export const ko: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ko.json'), 'utf8'));
export const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
export const hangul = /[\uac00-\ud7a3]/;

export function koreanBook(): Phrasebook {
  l10n.config({ contents: ko });
  try {
    return Object.fromEntries((Object.keys(SAYINGS) as SayingCode[]).map((c) => [c, l10n.t(SAYINGS[c], ...placeholders(SAYINGS[c]))]));
  } finally {
    l10n.config({ contents: {} });
  }
}
