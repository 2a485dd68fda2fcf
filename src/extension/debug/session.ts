// Which Python debug sessions are paused, and where. A tracker sees each session's `stopped`
// and `continued` events (and its end); the frame a trace reads is the one the user selected
// in the Call Stack (vscode.debug.activeStackItem), else the top frame of the stopped thread.
import * as vscode from 'vscode';

/** debugpy: the Python Debugger extension's type; `python`: the Python extension's older one. */
export const PYTHON_DEBUG_TYPES = ['debugpy', 'python'];

export interface PausedFrame {
  session: vscode.DebugSession;
  threadId: number;
  frameId: number;
  /** The function's name (`gradient`), and where it is paused: file path and 1-based line. */
  name: string;
  path?: string;
  line: number;
  /** Bumped at every stop of this session: a trace made at an older stop is stale. */
  stop: number;
}

interface SessionState {
  paused: boolean;
  threadId?: number;
  stop: number;
}

const sessions = new Map<string, SessionState>();
const stopped = new vscode.EventEmitter<vscode.DebugSession>();
/** Fires when a Python session stops (again): the panel offers Refresh. */
export const onDidStop = stopped.event;

interface DapMessage {
  type?: string;
  event?: string;
  body?: { threadId?: number; allThreadsContinued?: boolean };
}

export function registerPausedTracker(): vscode.Disposable {
  const factory: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker(session) {
      sessions.set(session.id, { paused: false, stop: 0 });
      return {
        onDidSendMessage(m: DapMessage) {
          if (m?.type !== 'event') return;
          const s = sessions.get(session.id);
          if (!s) return;
          if (m.event === 'stopped') {
            s.paused = true;
            s.threadId = m.body?.threadId ?? s.threadId;
            s.stop++;
            stopped.fire(session);
          } else if (m.event === 'continued') {
            s.paused = false;
          }
        },
        onExit: () => void sessions.delete(session.id),
        onWillStopSession: () => void sessions.delete(session.id),
      };
    },
  };
  return vscode.Disposable.from(
    ...PYTHON_DEBUG_TYPES.map((t) => vscode.debug.registerDebugAdapterTrackerFactory(t, factory)),
    vscode.debug.onDidTerminateDebugSession((s) => sessions.delete(s.id)),
  );
}

export function isPythonSession(session: vscode.DebugSession | undefined): session is vscode.DebugSession {
  return !!session && PYTHON_DEBUG_TYPES.includes(session.type);
}

/**
 * The paused frame a trace reads, or undefined when no Python session is paused (then "Trace
 * backprop" does what it does without a debugger). Asks the adapter for the stack only when the
 * user has not selected a frame.
 */
export async function pausedFrame(): Promise<PausedFrame | undefined> {
  const item = vscode.debug.activeStackItem;
  const session = item?.session ?? vscode.debug.activeDebugSession;
  if (!isPythonSession(session)) return undefined;
  const state = sessions.get(session.id);
  if (state && !state.paused) return undefined;
  const threadId = item instanceof vscode.DebugStackFrame || item instanceof vscode.DebugThread ? item.threadId : state?.threadId;
  if (threadId === undefined) return undefined;
  const frames = await stackOf(session, threadId);
  if (!frames) return undefined;
  const frame = item instanceof vscode.DebugStackFrame ? frames.find((f) => f.id === item.frameId) ?? frames[0] : frames[0];
  if (!frame) return undefined;
  return { session, threadId, frameId: frame.id, name: frame.name, path: frame.source?.path, line: frame.line, stop: state?.stop ?? 0 };
}

interface DapFrame {
  id: number;
  name: string;
  line: number;
  source?: { path?: string };
}

async function stackOf(session: vscode.DebugSession, threadId: number): Promise<DapFrame[] | undefined> {
  try {
    const r = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 20 })) as { stackFrames?: DapFrame[] };
    return r.stackFrames;
  } catch {
    return undefined; // running again, or the thread is gone: not paused
  }
}

/**
 * The frame's file as a Uri. A path as the adapter sent it, or, in a remote window (code-server),
 * the URI string VS Code made of it (`vscode-remote://host/work/x.py`).
 */
export function frameUri(f: PausedFrame): vscode.Uri | undefined {
  if (!f.path) return undefined;
  return /^[a-z][\w+.-]+:\/\//i.test(f.path) ? vscode.Uri.parse(f.path) : vscode.Uri.file(f.path);
}

/** "two_layer_net.py:42, frame `gradient`": where the values came from, as the panel says it. */
export function describeFrame(f: PausedFrame): string {
  // The file as the Call Stack names it: its name, or its path inside the workspace.
  const uri = frameUri(f);
  const inside = uri && vscode.workspace.getWorkspaceFolder(uri);
  const file = !f.path ? '?' : inside && uri ? vscode.workspace.asRelativePath(uri) : f.path.split(/[\\/]/).pop() ?? f.path;
  return vscode.l10n.t('paused at {0}:{1}, frame `{2}`', file, f.line, f.name);
}

/** Whether the session that gave `f` has stopped again since (or ended). */
export function isStale(f: PausedFrame): boolean {
  const s = sessions.get(f.session.id);
  return !s || s.stop !== f.stop || !s.paused;
}
