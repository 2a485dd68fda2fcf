// Colours and fonts from the VS Code theme (light, dark, high contrast) via its CSS variables;
// cytoscape draws on a canvas and needs concrete values, not var(...). Gradients are always the
// theme's red and forward values its plain foreground; the focus border is kept apart from red.
import { pickAccent } from './contrast';
import type { Theme } from '../scene/svg';

export type { Theme } from '../scene/svg';

/**
 * The variables the canvas uses, each with the fallback used when the theme leaves it unset.
 * Exported so the contrast test checks exactly these against VS Code's default themes.
 */
export const THEME_VARS = {
  fg: ['--vscode-editor-foreground', '#333333'],
  red: ['--vscode-charts-red', '#e51400'],
  nodeBg: ['--vscode-editorWidget-background', '#f3f3f3'],
  bg: ['--vscode-editor-background', '#ffffff'],
  focus: ['--vscode-focusBorder', '#0078d4'],
  /** High contrast's outline colours: the focus colour when focusBorder is too close to red. */
  contrastActive: ['--vscode-contrastActiveBorder', 'transparent'],
  contrast: ['--vscode-contrastBorder', 'transparent'],
} as const satisfies Record<string, readonly [string, string]>;

export type ThemeVar = keyof typeof THEME_VARS;

/** The canvas colours from a lookup of the theme's variables (the document's, or a test's table). */
export function themeColors(lookup: (name: string) => string | undefined): Omit<Theme, 'mono'> & { bg: string } {
  const v = (k: ThemeVar) => lookup(THEME_VARS[k][0])?.trim() || THEME_VARS[k][1];
  const red = v('red');
  return { fg: v('fg'), red, nodeBg: v('nodeBg'), bg: v('bg'), accent: pickAccent(red, [v('focus'), v('contrastActive'), v('contrast'), v('fg')]) };
}

function cssVar(name: string): string | undefined {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || undefined;
}

/**
 * The editor's font list, unquoted and ending in a generic monospace: numpy's columns only line up
 * in a fixed-width font, and cytoscape drops a family list it cannot parse (quotes) for sans-serif.
 */
function monoFamily(list: string): string {
  const names = list.split(',').map((n) => n.trim().replace(/^['"]|['"]$/g, '')).filter((n) => /^[\w -]+$/.test(n));
  return [...names.filter((n) => n !== 'monospace'), 'monospace'].join(', ');
}

export function theme(): Theme {
  const { fg, red, nodeBg, accent } = themeColors(cssVar);
  return { fg, red, nodeBg, accent, mono: monoFamily(cssVar('--vscode-editor-font-family') ?? 'monospace') };
}
