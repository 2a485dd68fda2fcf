// The extension host's state that outlives one trace, in one object instead of module-level
// variables spread over the rooms: the extension's folder, the literal traces' generation and
// progress, the layers just picked, the messages dropped. What one panel shows and how to make it
// again is that panel's session (panel/session.ts).
import type * as vscode from 'vscode';
import type { PageFiles } from './pageFiles';

export const host = {
  /** The extension's folder (the trace worker's bundle, the webview's scripts); set by activate. */
  extensionUri: undefined as vscode.Uri | undefined,
  /** The extension's globalState (set by activate): the panel's look and size for the next first frame (firstLook.ts). */
  globalState: undefined as vscode.Memento | undefined,
  /** The page's stylesheet and code, read at activation: every page carries them inline (pageFiles.ts). */
  pageFiles: {} as PageFiles,
  /** Bumped by every literal trace from the editor; a trace that sees a newer number stops (the user asked for another). */
  generation: 0,
  /** When the last progress notification closed, and whether the panel had drawn the trace by then. */
  lastProgress: {} as { closedAt?: number; drawn?: boolean },
  /** Messages from the webview that failed the protocol's guards: logged, counted, never acted on. */
  dropped: 0,
  layers: {
    /** Picked in the quick pick while the setting is still being written: read as the setting meanwhile. */
    picked: undefined as string | undefined,
    /** A panel was re-traced with these straight from the quick pick: their settings write needs no second re-trace. */
    traced: undefined as string | undefined,
  },
};
