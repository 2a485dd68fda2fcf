// Text contrast of the panel in VS Code's default dark, light and high-contrast themes, computed
// from the theme variables' values and the CSS as written: every rule that sets a text colour
// (or an opacity, which fades inherited text) is resolved through its var() fallbacks, blended
// with its opacity and checked against the background it sits on. And on the canvas (theme.ts):
// values and gradients against the graph's background, gradients red, values neutral, the focus
// colour distinct from red.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blend, contrast, deltaE, DISTINCT_DE, hueSat, parseColor, type Rgba } from '../../../src/webview/contrast';
import { THEME_VARS, themeColors } from '../../../src/webview/theme';
import { THEMES, type ThemeTable } from './vscodeThemes';

const CSS = fs.readFileSync(path.resolve(__dirname, '../../../../media/webview.css'), 'utf8');

interface Rule { selector: string; decls: Map<string, string> }

function rules(css: string): Rule[] {
  const out: Rule[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls = new Map<string, string>();
    for (const d of m[2].split(';')) {
      const i = d.indexOf(':');
      if (i > 0) decls.set(d.slice(0, i).trim(), d.slice(i + 1).trim());
    }
    out.push({ selector: m[1].trim().replace(/\s+/g, ' '), decls });
  }
  return out;
}

/** A CSS colour value: var(--vscode-x, fallback) resolved against the theme, as a browser does. */
function resolve(value: string, theme: ThemeTable): string | undefined {
  const v = value.trim();
  const m = /^var\(\s*--vscode-([\w-]+)\s*(?:,(.*))?\)$/s.exec(v);
  if (!m) return v === 'inherit' || v === 'currentColor' ? undefined : v;
  if (theme[m[1]] !== undefined) return theme[m[1]];
  return m[2] === undefined ? undefined : resolve(m[2], theme);
}

const REGULAR = 4.5;
/** Boxes whose text inherits the body's colour on their own background. */
const CONTAINERS = ['.details', '.menu-items', '.status', '.graph-notes', '.pass-bar', '.details .note', '.details table'];

describe('webview colours in VS Code\'s default themes', () => {
  const all = rules(CSS);
  const find = (sel: string) => all.find((r) => r.selector === sel);

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`${name}: every text colour in webview.css has contrast ≥ ${REGULAR}:1 on its background`, () => {
      const color = (v: string | undefined, fallback: Rgba) => (v && parseColor(v)) || fallback;
      const bodyBg = color(resolve(find('body')?.decls.get('background') ?? '', theme), { r: 255, g: 255, b: 255, a: 1 });
      const bodyFg = color(resolve(find('body')?.decls.get('color') ?? '', theme), { r: 0, g: 0, b: 0, a: 1 });
      const detailsBg = blend(color(resolve(find('.details')?.decls.get('background') ?? '', theme), bodyBg), bodyBg);
      const menuBg = blend(color(resolve(find('.menu-items')?.decls.get('background') ?? '', theme), bodyBg), bodyBg);
      const checked: string[] = [];
      const failures: string[] = [];
      for (const r of all) {
        const isText = /(^|[\s.,])text\b|curve-text/.test(r.selector);
        const fgDecl = r.decls.get('color') ?? (isText ? r.decls.get('fill') : undefined);
        const opacity = Number(r.decls.get('opacity') ?? 1);
        if (fgDecl === undefined && !r.decls.has('opacity') && !CONTAINERS.includes(r.selector)) continue;
        if (/swatch|sep|heatmap|::before|::after|\[hidden\]/.test(r.selector)) continue;
        const inDetails = /\.details|svg\.curve/.test(r.selector);
        const inMenu = /\.menu-items/.test(r.selector);
        const under = inDetails ? detailsBg : inMenu ? menuBg : bodyBg;
        const ownBg = r.decls.get('background');
        const bg = ownBg ? blend(color(resolve(ownBg, theme), under), under) : under;
        const own = color(fgDecl ? resolve(fgDecl, theme) : undefined, bodyFg);
        // Transparent text is not shown (the accessible items over the canvas): nothing to read.
        if (own.a === 0) continue;
        const fg = blend(own, bg, opacity);
        const ratio = contrast(fg, bg);
        checked.push(r.selector);
        if (ratio < REGULAR) failures.push(`${r.selector}: ${ratio.toFixed(2)}:1`);
      }
      assert.ok(checked.length >= 14, `only ${checked.length} rules checked: ${checked.join(' | ')}`);
      assert.deepEqual(failures, [], `too little contrast in ${name}`);
    });

    it(`${name}: on the canvas values and gradients are legible, gradients red, values neutral, focus not red`, () => {
      const c = themeColors((v) => theme[v.replace(/^--vscode-/, '')]);
      const rgb = (s: string) => parseColor(s) as Rgba;
      for (const [what, fg, bg] of [['value', c.fg, c.bg], ['gradient', c.red, c.bg], ['node text', c.fg, c.nodeBg]] as const) {
        const ratio = contrast(rgb(fg), rgb(bg));
        assert.ok(ratio >= REGULAR, `${what} ${fg} on ${bg}: ${ratio.toFixed(2)}:1`);
      }
      const red = hueSat(rgb(c.red));
      assert.ok((red.hue <= 25 || red.hue >= 340) && red.sat > 0.5, `gradient colour ${c.red} is red (hue ${red.hue.toFixed(0)})`);
      assert.ok(hueSat(rgb(c.fg)).sat < 0.15, `forward colour ${c.fg} is neutral`);
      assert.ok(deltaE(rgb(c.accent), rgb(c.red)) >= DISTINCT_DE, `focus ${c.accent} vs gradient ${c.red}: ΔE ${deltaE(rgb(c.accent), rgb(c.red)).toFixed(1)}`);
      // The focus border must show on the graph background too.
      assert.ok(contrast(rgb(c.accent), rgb(c.bg)) >= 3, `focus ${c.accent} on ${c.bg}`);
    });
  }

  it('the checks can fail: opacity and a low-contrast colour are caught', () => {
    const t = THEMES.light;
    const bg = parseColor(t['sideBar-background']) as Rgba;
    assert.ok(contrast(blend(parseColor(t['editor-foreground']) as Rgba, bg, 0.6), bg) < REGULAR);
    assert.ok(contrast(parseColor(t['charts-blue']) as Rgba, bg) < REGULAR);
    assert.equal(contrast({ r: 0, g: 0, b: 0, a: 1 }, { r: 255, g: 255, b: 255, a: 1 }), 21);
    // Dark high contrast's focus orange is too close to its red: the accent is swapped.
    assert.ok(deltaE(parseColor(THEMES.hcDark.focusBorder) as Rgba, parseColor(THEMES.hcDark['charts-red']) as Rgba) < DISTINCT_DE);
    assert.notEqual(themeColors((v) => THEMES.hcDark[v.replace(/^--vscode-/, '')]).accent, THEMES.hcDark.focusBorder);
  });

  it('theme.ts reads the variables the themes define', () => {
    for (const [, [name]] of Object.entries(THEME_VARS)) {
      const key = name.replace(/^--vscode-/, '');
      assert.ok(Object.values(THEMES).some((t) => t[key] !== undefined), `${name} is in no theme table`);
    }
  });
});
