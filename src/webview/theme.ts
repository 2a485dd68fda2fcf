// Colours and fonts from the VS Code theme (light, dark, high contrast) via its CSS variables;
// cytoscape draws on a canvas and needs concrete values, not var(...).
export interface Theme {
  fg: string;
  red: string;
  nodeBg: string;
  accent: string;
  mono: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
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
  return {
    fg: cssVar('--vscode-editor-foreground', '#333333'),
    red: cssVar('--vscode-charts-red', '#e51400'),
    nodeBg: cssVar('--vscode-editorWidget-background', '#f3f3f3'),
    accent: cssVar('--vscode-focusBorder', '#0078d4'),
    mono: monoFamily(cssVar('--vscode-editor-font-family', 'monospace')),
  };
}
