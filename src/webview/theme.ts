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

export function theme(): Theme {
  return {
    fg: cssVar('--vscode-editor-foreground', '#333333'),
    red: cssVar('--vscode-charts-red', '#e51400'),
    nodeBg: cssVar('--vscode-editorWidget-background', '#f3f3f3'),
    accent: cssVar('--vscode-focusBorder', '#0078d4'),
    mono: cssVar('--vscode-editor-font-family', 'monospace'),
  };
}
