// What the host keeps of the panel's look so the next first frame, drawn in the host and put into
// the page's HTML (html.ts), looks as the webview would draw it: the editor font's advance and the
// theme's colours as the webview last reported them for this font and colour theme, and the graph
// area's last size in each view column (a panel's size is unknown before it opens). Kept in
// globalState; the first time ever, the theme's CSS variables, 0.6 em and a typical side panel.
import * as vscode from 'vscode';
import type { TraceGraph } from '../engine/graph/graph';
import { DEFAULT_LOOK, hostFrame, type HostFrame, type Look } from '../scene/firstFrame';
import type { LookReport } from '../protocol';
import { host } from './host';

const LOOK = 'backpropTrace.look';
const AREA = 'backpropTrace.area';
/**
 * A literal's graph area in a side panel beside an editor in a 1400×900 window, before any panel
 * has said its size (as the panel reported it in bench:outside's fresh windows). Another area in
 * the same size class takes the host's plan as it is, moved to its own fit (webview/render.ts).
 */
const DEFAULT_AREA = { width: 526, height: 698 };

/** The font and colour theme a look was measured under: a look is used only while both are the same. */
function lookKey(): string {
  const font = vscode.workspace.getConfiguration('editor').get<string>('fontFamily') ?? '';
  const theme = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme') ?? '';
  return `${font}|${theme}`;
}

/** Keeps what the webview reported, under the current font and theme and for the panel's column. */
export function rememberLook(report: LookReport, column: vscode.ViewColumn | undefined): void {
  const state = host.globalState;
  if (!state) return;
  void state.update(LOOK, { key: lookKey(), look: { advance: report.advance, theme: report.theme } });
  if (report.area.width > 0 && report.area.height > 0) {
    const areas = { ...state.get<Record<string, { width: number; height: number }>>(AREA, {}), [String(column ?? 0)]: report.area, last: report.area };
    void state.update(AREA, areas);
  }
}

/** The look to draw with now: the one reported under this font and theme, else the default. */
export function currentLook(): Look {
  const kept = host.globalState?.get<{ key: string; look: Look }>(LOOK);
  return kept && kept.key === lookKey() ? kept.look : DEFAULT_LOOK;
}

/**
 * The graph area a panel in `column` had last; else the last one any panel reported (a new panel's
 * column may not be known yet when its page is written), else a typical side panel's.
 */
export function expectedArea(column: vscode.ViewColumn | undefined): { width: number; height: number } {
  const areas = host.globalState?.get<Record<string, { width: number; height: number }>>(AREA, {}) ?? {};
  return (column !== undefined ? areas[String(column)] : undefined) ?? areas.last ?? DEFAULT_AREA;
}

/** The first frame (its SVG markup and plan) for `graph` in a panel in `column`, or undefined (nothing to fit, or the plan failed: the script draws it). */
export function firstFrameFor(graph: TraceGraph, column: vscode.ViewColumn | undefined): HostFrame | undefined {
  const { width, height } = expectedArea(column);
  try {
    return hostFrame(graph, width, height, currentLook());
  } catch (e) {
    console.warn(`[backprop-trace] the first frame was left to the webview: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
