// Runs a RunTarget through the tracer and shows what it recorded: refusal in an untrusted
// workspace, the interpreter search, a cancellable progress notification (Cancel and the
// timeout kill the process group), the error at the user's line, and the graph in the panel.
import * as vscode from 'vscode';
import type { RecordedResult } from '../../engine/recorded/schema';
import type { TraceGraph } from '../../engine/graph/graph';
import { TracePanel } from '../panel/panel';
import { refusal } from './consent';
import { placeText, reportRaised, showRaised, type RaisedError } from './raised';
import { recordedSource } from './graphSource';
import { findInterpreter, type Interpreter } from './interpreter';
import { programOutput } from './programOutput';
import { runTracer } from './runTracer';
import { readRunSettings } from './settings';
import type { RunTarget } from './target';

/**
 * Epoch ms of each step of a run, for `npm run bench:ui -- --only run`: the command, the
 * interpreter found, the spawn, the tracer's own stamps (Python started, numpy imported, the
 * code ran, the gradient check done), the process closed, its JSON read and checked, pass 1's
 * graph built (recordedToGraph) and the panel's post of it.
 */
export type RunTiming = Record<'start' | 'interpreter' | 'spawned' | 'closed' | 'read' | 'parsed' | 'built' | 'shown', number> & { tracer: Record<string, number> };

export type RunOutcome =
  | { ok: true; graph: TraceGraph; interpreter: string; raised?: RaisedError; timing?: RunTiming }
  | { ok: false; error: string; cancelled?: true; timedOut?: true; raised?: RaisedError; interpreter?: string; graph?: TraceGraph };

/** The run in progress: a new one stops it (the user asked for another). */
let running: AbortController | undefined;

/** A run still going after this long gets its cancellable progress toast. */
const TOAST_AFTER_MS = 1000;

function fail(message: string, extra: Partial<Extract<RunOutcome, { ok: false }>> = {}): RunOutcome {
  void vscode.window.showErrorMessage(vscode.l10n.t('Backprop Trace: {0}', message));
  return { ok: false, error: message, ...extra };
}

/** A failed run after the panel opened: it says so too, rather than "Running…" or an older graph. */
function problem(message: string, extra: Partial<Extract<RunOutcome, { ok: false }>> = {}): RunOutcome {
  TracePanel.current?.post({ type: 'problem', text: message });
  return fail(message, extra);
}

export async function runAndShow(extensionUri: vscode.Uri, target: RunTarget, token?: vscode.CancellationToken): Promise<RunOutcome> {
  const refused = refusal({ trusted: vscode.workspace.isTrusted, web: false });
  if (refused) return fail(refused);
  const start = Date.now();
  const settings = readRunSettings(target.resource);
  running?.abort();
  const abort = new AbortController();
  running = abort;
  // The panel opens now, with run mode's page in its HTML (the file, what runs it, Cancel), so its
  // webview starts (~0.5 s in a new panel) while the interpreter is found and Python runs.
  const early = TracePanel.createOrShow(extensionUri);
  const run = { file: target.title };
  early.problemAt = undefined;
  const cancel = () => abort.abort();
  early.cancelRun = cancel;
  early.post({ type: 'progress', text: vscode.l10n.t('Running {0}…', target.title), run });
  const python = await findInterpreter(target.resource, settings.pythonPath);
  if (typeof python === 'string') return problem(python);
  const interpreter = Date.now();
  if (abort.signal.aborted) return cancelled(python.exe);
  early.post({ type: 'progress', text: vscode.l10n.t('Running {0} with {1}…', target.title, python.exe), run });
  const sub = token?.onCancellationRequested(() => abort.abort());
  if (token?.isCancellationRequested) abort.abort();
  const output = programOutput(target.title);
  const tracing = runTracer(extensionUri.fsPath, python, target, settings, abort.signal, output);
  // The panel says "Running…" from the start; the cancellable toast comes only for a run that
  // lasts (as VS Code delays its own), so a quick run does not leave one fading over the graph.
  const toast = setTimeout(() => {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Backprop Trace: running {0} with {1}', target.title, python.exe), cancellable: true },
      (_progress, shown) => {
        const cancel = shown.onCancellationRequested(() => abort.abort());
        return tracing.finally(() => cancel.dispose());
      },
    );
  }, TOAST_AFTER_MS);
  const traced = await tracing.finally(() => {
    clearTimeout(toast);
    sub?.dispose();
    if (early.cancelRun === cancel) early.cancelRun = undefined;
  });
  if (running === abort) running = undefined;
  const ran = describe(python);
  // one line with the interpreter (a note more would take the graph's room): where its output went
  const ranWith = output.end() ? vscode.l10n.t('Ran with {0}; its output is in Output › "{1}".', ran, output.name) : vscode.l10n.t('Ran with {0}.', ran);

  if (traced.kind === 'cancelled') return cancelled(python.exe);
  if (traced.kind === 'failed') return problem(vscode.l10n.t('The tracer could not run with {0}: {1}', ran, traced.detail), { interpreter: python.exe });
  if (traced.kind === 'timeout') {
    const message = traced.ignoredTerm
      ? vscode.l10n.t('{0} did not finish within {1} s and ignored SIGTERM, so it was killed; nothing is left running. For a longer program raise "backpropTrace.python.timeout".', target.title, settings.timeoutMs / 1000)
      : vscode.l10n.t('{0} did not finish within {1} s and was stopped; nothing is left running. For a longer program raise "backpropTrace.python.timeout".', target.title, settings.timeoutMs / 1000);
    // The tracer writes what it had when SIGTERM came: draw that too.
    const calls = traced.result?.calls.length ?? 0;
    const graph = traced.result && calls ? await show(extensionUri, traced.result, target, [ranWith, ...target.notes, message]) : undefined;
    return { ...(graph ? fail(message) : problem(message)) as Extract<RunOutcome, { ok: false }>, timedOut: true, interpreter: python.exe, graph };
  }

  const result = traced.result;
  const ended = endedEarly(result.error);
  const raised = ended ? undefined : raisedError(result.error);
  const noInput = raised && isInputEof(raised) ? vscode.l10n.t('Run mode gives the program no input, so input() got end-of-file; to type its input, run it in a terminal: backprop-trace run {0}', target.title) : undefined;
  const at = await reportRaised(raised, target.documents);
  const calls = result.calls.length;
  if (calls === 0) {
    const looked = settings.methods.join(', ');
    const place = at && placeText(at);
    const message = noInput ?? (ended ? vscode.l10n.t('The program ended: {0}.', ended) : undefined) ?? (raised
      ? raisedBeforeLayers(raised, place)
      : vscode.l10n.t('No layer was called: the tracer records calls of methods named {0} on classes (setting "backpropTrace.python.methods"), and {1} made none.', looked, target.title));
    if (TracePanel.current) TracePanel.current.problemAt = at;
    TracePanel.current?.post({ type: 'problem', text: message, ...(place ? { at: place } : {}) });
    if (raised) showRaised(vscode.l10n.t('Backprop Trace: {0}', message), at);
    else void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: {0}', message));
    return { ok: false, error: message, raised, interpreter: python.exe };
  }

  const notes = [ranWith, ...target.notes];
  if (ended) notes.push(vscode.l10n.t('The program ended: {0}.', ended));
  if (noInput) notes.push(noInput);
  if (result.truncated) notes.push(vscode.l10n.t('The recording reached its size cap; the calls after it were not recorded.'));
  if (raised) notes.push(vscode.l10n.t('The code raised {0}; the graph shows the calls up to there.', raised.message));
  const built: number[] = [];
  const graph = await show(extensionUri, result, target, notes, built);
  const timing: RunTiming = { start, interpreter, ...traced.timing, built: built[0] ?? NaN, shown: Date.now(), tracer: result.timing ?? {} };
  if (raised) showRaised(noInput ?? vscode.l10n.t('Backprop Trace: your code raised {0}; the graph shows the calls recorded up to there.', raised.message), at);
  else if (ended) void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: the program ended: {0}.', ended));
  return { ok: true, graph, interpreter: python.exe, raised, timing };
}

function cancelled(interpreter: string): RunOutcome {
  vscode.window.setStatusBarMessage(vscode.l10n.t('Backprop Trace: cancelled'), 3000);
  const error = vscode.l10n.t('The run was cancelled; nothing is left running.');
  TracePanel.current?.post({ type: 'problem', text: error });
  return { ok: false, error, cancelled: true, interpreter };
}

/** Hands the recording to the panel (which builds other passes from it) and returns pass 1's graph. */
function show(extensionUri: vscode.Uri, result: RecordedResult, target: RunTarget, notes: string[], built?: number[]): Promise<TraceGraph> {
  const source = recordedSource(result, target.title, notes);
  const build = source.build;
  // when each build finished (the first is pass 1's): the bench's "converting" phase
  const timed = built ? { ...source, build: (view: Parameters<typeof build>[0]) => { const g = build(view); built.push(Date.now()); return g; } } : source;
  return TracePanel.createOrShow(extensionUri).showSource(timed);
}

function describe(p: Interpreter): string {
  return vscode.l10n.t('{0} (from {1}; {2})', p.exe, p.from, p.version);
}

function raisedError(e: RecordedResult['error']): RaisedError | undefined {
  if (!e || e.kind === 'signal') return undefined; // 'signal': our own timeout's SIGTERM, reported as such
  return { message: e.message, file: e.file ?? undefined, line: e.line ?? undefined, column: e.column ?? undefined, traceback: e.traceback };
}

/** Nothing was recorded because the code raised: a syntax error is Python not reading the file at all; each names its place when it has one. */
function raisedBeforeLayers(raised: RaisedError, place: string | undefined): string {
  if (/^(SyntaxError|IndentationError|TabError)\b/.test(raised.message)) {
    return place ? vscode.l10n.t('{0} at {1}: Python could not read the program, so none of it ran.', raised.message, place) : vscode.l10n.t('{0}: Python could not read the program, so none of it ran.', raised.message);
  }
  return place ? vscode.l10n.t('Your code raised at {1} before any layer was called: {0}', raised.message, place) : vscode.l10n.t('Your code raised before any layer was called: {0}', raised.message);
}

/** The ending of a program that did not end by itself (killed, crashed, os._exit), as a sentence. */
function endedEarly(e: RecordedResult['error']): string | undefined {
  return e && ['killed', 'crashed', 'os-exit', 'cut'].includes(e.kind ?? '') ? e.message : undefined;
}

/** input() with no stdin: EOFError raised at a line that calls input(). */
function isInputEof(e: RaisedError): boolean {
  return /^EOFError\b/.test(e.message) && /\binput\(/.test(typeof e.traceback === 'string' ? e.traceback : '');
}
