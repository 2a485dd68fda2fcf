// The colours VS Code gives a webview's --vscode-* variables in its four default themes, for the
// variables our CSS (media/webview.css) and canvas (src/webview/theme.ts) use. Taken from VS Code
// 1.10x: extensions/theme-defaults/themes/{dark_modern,light_modern,hc_black,hc_light}.json and,
// where a theme leaves a colour unset, the colour registry's default for its kind (e.g.
// charts.red = editorError.foreground: dark #F14C4C, light #E51400, hcDark #F48771, hcLight
// #B5200D). A variable a theme sets to null is absent: CSS then uses the var() fallback.
export type ThemeTable = Record<string, string>;

export const THEMES: Record<'dark' | 'light' | 'hcDark' | 'hcLight', ThemeTable> = {
  dark: {
    foreground: '#CCCCCC', 'editor-foreground': '#CCCCCC', 'editor-background': '#1F1F1F', 'sideBar-background': '#181818',
    'editorWidget-background': '#202020', 'charts-red': '#F14C4C', 'charts-blue': '#3794FF', 'textLink-foreground': '#4daafc',
    focusBorder: '#0078D4', 'panel-border': '#2B2B2B', 'button-secondaryForeground': '#CCCCCC', 'button-secondaryBackground': '#313131',
    'button-foreground': '#FFFFFF', 'button-background': '#0078D4', 'dropdown-background': '#313131', 'dropdown-foreground': '#CCCCCC',
    'menu-background': '#1F1F1F', 'menu-foreground': '#CCCCCC',
  },
  light: {
    foreground: '#3B3B3B', 'editor-foreground': '#3B3B3B', 'editor-background': '#FFFFFF', 'sideBar-background': '#F8F8F8',
    'editorWidget-background': '#F8F8F8', 'charts-red': '#E51400', 'charts-blue': '#1a85ff', 'textLink-foreground': '#005FB8',
    focusBorder: '#005FB8', 'panel-border': '#E5E5E5', 'button-secondaryForeground': '#3B3B3B', 'button-secondaryBackground': '#E5E5E5',
    'button-foreground': '#FFFFFF', 'button-background': '#005FB8', 'dropdown-background': '#FFFFFF', 'dropdown-foreground': '#3B3B3B',
    'menu-background': '#FFFFFF', 'menu-foreground': '#3B3B3B',
  },
  hcDark: {
    foreground: '#FFFFFF', 'editor-foreground': '#FFFFFF', 'editor-background': '#000000', 'sideBar-background': '#000000',
    'editorWidget-background': '#0C141F', 'charts-red': '#F48771', 'charts-blue': '#3794FF', 'textLink-foreground': '#21A6FF',
    focusBorder: '#F38518', contrastBorder: '#6FC3DF', contrastActiveBorder: '#F38518', 'panel-border': '#6FC3DF',
    'button-secondaryForeground': '#FFFFFF', 'button-foreground': '#FFFFFF', 'dropdown-background': '#000000',
    'dropdown-foreground': '#FFFFFF', 'menu-background': '#000000', 'menu-foreground': '#FFFFFF',
  },
  hcLight: {
    foreground: '#292929', 'editor-foreground': '#292929', 'editor-background': '#FFFFFF', 'sideBar-background': '#FFFFFF',
    'editorWidget-background': '#FFFFFF', 'charts-red': '#B5200D', 'charts-blue': '#1a85ff', 'textLink-foreground': '#0F4A85',
    focusBorder: '#006BBD', contrastBorder: '#0F4A85', contrastActiveBorder: '#006BBD', 'panel-border': '#0F4A85',
    'button-secondaryForeground': '#292929', 'button-secondaryBackground': '#FFFFFF', 'button-foreground': '#FFFFFF',
    'button-background': '#0F4A85', 'dropdown-background': '#FFFFFF', 'dropdown-foreground': '#292929',
    'menu-background': '#FFFFFF', 'menu-foreground': '#292929',
  },
};
