// The webview's state in one object (`view`): the trace shown, what draws it (the first frame, then
// cytoscape's canvas), the flow, the drawer, and what waits for the canvas. Every module of the
// webview reads and writes this one object; nothing else in the webview holds state between
// messages. What must survive a reload (what to re-trace, the speed) goes through getState/setState.
import type { TraceGraph } from '../engine/graph/graph';
import type { FromWebviewMessage, RestoreInfo } from '../protocol';
import type { Focusable } from './describe';
import type { Drawn } from './draw';
import type { Flow } from './flow';
import type { Scene } from '../scene/scene';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives a reload of the panel. */
export interface Saved {
  restore?: RestoreInfo;
  expanded?: string[];
  speed?: number;
  /** The graph's notes past the first are shown (webview/notes.ts). */
  notesOpen?: boolean;
}

/** cytoscape and what draws with it: a chunk of its own (draw.ts), loaded after the first frame. */
export type DrawModule = typeof import('./draw');

/** The trace the first frame shows, until the canvas draws it (the canvas keeps its scene if the area kept its size). */
export interface FirstShown {
  graph: TraceGraph;
  restore?: RestoreInfo;
  /** The scene the script laid out for it; none while the host's own first frame is the one shown (render.ts). */
  scene?: Scene;
  width: number;
  height: number;
  /** performance.now() when the trace arrived (the report's drawMs counts from here). */
  at: number;
  receivedAt: number;
}

export interface ViewState {
  /** The trace shown (first frame or canvas). */
  graph?: TraceGraph;
  /** The graph the canvas's drawing is of (a re-layout draws the same one again). */
  graphDrawn?: TraceGraph;
  drawn?: Drawn;
  flow?: Flow;
  speed: number;
  /** What the drawer shows. */
  detailsFor?: Focusable;
  /** After an expand the element may be gone (Sigmoid becomes its primitives): focus what replaced it. */
  refocus?: string;
  canvas?: DrawModule;
  canvasAsked: boolean;
  /** What waits for the canvas (toolbar actions, keys, host commands, exports), in arrival order. */
  waiting: (() => void)[];
  first?: FirstShown;
  /** Received → the first frame's animation frame (the bench's first-frame mark), for the report. */
  firstShownMs?: number;
  /** A re-layout is being drawn (not asked for again from inside it). */
  relaying: boolean;
  relayoutQueued: boolean;
  resizeQueued: boolean;
  /** The theme the canvas's colours were taken from. */
  themeKind: string;
}

const vscode = acquireVsCodeApi();
export const saved = (vscode.getState() ?? {}) as Saved;

export const view: ViewState = {
  speed: saved.speed ?? 1,
  canvasAsked: false,
  waiting: [],
  relaying: false,
  relayoutQueued: false,
  resizeQueued: false,
  themeKind: '',
};

export function post(m: FromWebviewMessage): void {
  vscode.postMessage(m);
}

export function save(patch: Partial<Saved>): void {
  Object.assign(saved, patch);
  vscode.setState(saved);
}

export const $ = (id: string) => document.getElementById(id) as HTMLElement;
