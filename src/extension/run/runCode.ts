// Runs a RunTarget through the tracer and shows what it recorded: refusal in an untrusted
// workspace, the interpreter search, a cancellable progress notification (Cancel and the
// timeout kill the process group), the error at the user's line, and the graph in the panel:
// drawn when the reader's code ends (the tracer's "ran" record), its layers "… checking" while
// the gradient checks run after it, each verdict put into it as it arrives (not a redraw).
import * as vscode from 'vscode';
import type { RecordedGradCheck, RecordedResult } from '../../engine/recorded/schema';
import type { TraceGraph } from '../../engine/graph/graph';
import { TracePanel, type GraphSource } from '../panel/panel';
import { refusal } from './consent';
import { placeText, raisedBeforeLayers, raisedError, reportRaised, showRaised, type RaisedError } from './raised';
import { recordedSource } from './graphSource';
import { findInterpreter, lastInterpreter, type Interpreter } from './interpreter';
import { programOutput, type ProgramOutput } from './programOutput';
import { runTracer, type LiveRun, type TracerRun } from './runTracer';
import { readRunSettings, type RunSettings } from './settings';
import type { RunTarget } from './target';

/**
 * Epoch ms of each step of a run, for `npm run bench:ui -- --only run`: the command, the
 * interpreter found, the spawn, the tracer's own stamps (Python started, numpy imported, the
 * code ran, the gradient check done), the process closed, its JSON read and checked, pass 1's
 * graph built (recordedToGraph; drawn early, at the "ran" record, when the run got there) and
 * the panel's post of it with every verdict.
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

/** What a run needs once its interpreter is found. */
interface Run {
  extensionUri: vscode.Uri;
  target: RunTarget;
  settings: RunSettings;
  abort: AbortController;
  python: Interpreter;
  output: ProgramOutput;
  /** Epoch ms of the command and of the interpreter found. */
  start: number;
  interpreter: number;
}

/** The graph drawn when the reader's code ended, while its checks ran: verdicts go into it. */
interface Early {
  result: RecordedResult;
  shown: Promise<Shown | undefined>;
  drawn?: Shown;
  outcome?: RunOutcome;
}

export async function runAndShow(extensionUri: vscode.Uri, target: RunTarget, token?: vscode.CancellationToken): Promise<RunOutcome> {
  const refused = refusal({ trusted: vscode.workspace.isTrusted, web: false });
  if (refused) return fail(refused);
  const run = await begin(extensionUri, target);
  if ('ok' in run) return run;
  let early: Early | undefined;
  const live: LiveRun = {
    // the code ended, its checks run: draw now, each layer "checking…" (a run that recorded no layer waits for its end)
    onRan: (result) => {
      if (result.calls.length && !run.abort.signal.aborted) early = drawEarly(run, result);
    },
    onChecks: (entries) => {
      if (early && running === run.abort) void verdictsArrived(early, entries);
    },
  };
  const traced = await trace(run, token, live);
  if (running === run.abort) running = undefined;
  const ran = describe(run.python);
  if (traced.kind === 'cancelled') return cancelled(run.python.exe, early && running === undefined ? early : undefined);
  if (traced.kind === 'failed') return problem(vscode.l10n.t('The tracer could not run with {0}: {1}', ran, traced.detail), { interpreter: run.python.exe });
  if (traced.kind === 'timeout') return timedOut(run, traced);
  const shown = early && (await early.shown);
  // the verdicts into the graph drawn early; a run that ended otherwise than the early graph said is drawn again
  if (early && shown && sameEnding(early.result, traced.result)) {
    delete early.result.checking;
    Object.assign(early.result, traced.result);
    const graph = await redraw(shown);
    const timing = { start: run.start, interpreter: run.interpreter, ...traced.timing, built: shown.built[0] ?? NaN, shown: Date.now(), tracer: traced.result.timing ?? {} };
    return { ...(early.outcome as Extract<RunOutcome, { ok: true }>), graph: graph ?? shown.graph, timing };
  }
  return present(run, traced.result, traced.timing);
}

/** The panel opens now, with run mode's page in its HTML (the file, what runs it, Cancel), so its
 *  webview starts (~0.5 s in a new panel) while the interpreter is found and Python runs. */
async function begin(extensionUri: vscode.Uri, target: RunTarget): Promise<Run | RunOutcome> {
  const start = Date.now();
  const settings = readRunSettings(target.resource);
  running?.abort();
  const abort = new AbortController();
  running = abort;
  const early = TracePanel.createOrShow(extensionUri);
  const run = { file: target.title };
  early.problemAt = undefined;
  early.cancelRun = () => abort.abort();
  const runningWith = (exe: string) => vscode.l10n.t('Running {0} with {1}…', target.title, exe);
  const guess = lastInterpreter()?.exe;
  early.post({ type: 'progress', text: guess ? runningWith(guess) : vscode.l10n.t('Running {0}…', target.title), run });
  const python = await findInterpreter(target.resource, settings.pythonPath);
  if (typeof python === 'string') return problem(python);
  if (abort.signal.aborted) return cancelled(python.exe);
  if (python.exe !== guess) early.post({ type: 'progress', text: runningWith(python.exe), run });
  return { extensionUri, target, settings, abort, python, output: programOutput(target.title), start, interpreter: Date.now() };
}

/** The tracer's run, cancellable from the panel, from the command's token and (for a run that
 *  lasts, as VS Code delays its own) from a progress toast, so a quick run leaves none over the graph. */
async function trace(run: Run, token: vscode.CancellationToken | undefined, live: LiveRun): Promise<TracerRun> {
  const { abort, target, python } = run;
  const panel = TracePanel.current;
  const cancel = panel?.cancelRun;
  const sub = token?.onCancellationRequested(() => abort.abort());
  if (token?.isCancellationRequested) abort.abort();
  const tracing = runTracer(run.extensionUri.fsPath, python, target, run.settings, abort.signal, run.output, live);
  const toast = setTimeout(() => {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Backprop Trace: running {0} with {1}', target.title, python.exe), cancellable: true },
      (_progress, shown) => {
        const off = shown.onCancellationRequested(() => abort.abort());
        return tracing.finally(() => off.dispose());
      },
    );
  }, TOAST_AFTER_MS);
  return tracing.finally(() => {
    clearTimeout(toast);
    sub?.dispose();
    if (panel && panel.cancelRun === cancel) panel.cancelRun = undefined;
  });
}

/** One line with the interpreter (a note more would take the graph's room): where its output went. */
function ranWith(run: Run, ended: boolean): string {
  const ran = describe(run.python);
  const printed = ended ? run.output.end() : run.output.printed();
  return printed ? vscode.l10n.t('Ran with {0}; its output is in Output › "{1}".', ran, run.output.name) : vscode.l10n.t('Ran with {0}.', ran);
}

function timedOut(run: Run, traced: Extract<TracerRun, { kind: 'timeout' }>): Promise<RunOutcome> {
  const { target, settings, python } = run;
  const message = traced.ignoredTerm
    ? vscode.l10n.t('{0} did not finish within {1} s and ignored SIGTERM, so it was killed; nothing is left running. For a longer program raise "backpropTrace.python.timeout".', target.title, settings.timeoutMs / 1000)
    : vscode.l10n.t('{0} did not finish within {1} s and was stopped; nothing is left running. For a longer program raise "backpropTrace.python.timeout".', target.title, settings.timeoutMs / 1000);
  // The tracer writes what it had when SIGTERM came: draw that too.
  const calls = traced.result?.calls.length ?? 0;
  const drawn = traced.result && calls ? show(run.extensionUri, traced.result, target, [message], [...target.notes, ranWith(run, true)]) : undefined;
  return (drawn ?? Promise.resolve(undefined)).then((s) => ({ ...(s ? fail(message) : problem(message)) as Extract<RunOutcome, { ok: false }>, timedOut: true, interpreter: python.exe, graph: s?.graph }));
}

function drawEarly(run: Run, result: RecordedResult): Early {
  const early: Early = { result, shown: Promise.resolve(undefined) };
  early.shown = present(run, result, undefined, early).then((outcome) => {
    early.outcome = outcome;
    return outcome.ok ? early.drawn : undefined;
  });
  return early;
}

/** Verdicts that came after the graph was drawn: into its recording, and from there into the graph shown. */
async function verdictsArrived(early: Early, entries: RecordedGradCheck[]): Promise<void> {
  const shown = await early.shown;
  if (!shown) return;
  early.result.gradcheck.push(...entries);
  const done = new Set(entries.map((e) => e.instance));
  early.result.checking = early.result.checking?.filter((i) => !done.has(i));
  await redraw(shown);
}

/** The same source built again with its new verdicts, if the panel still shows it: only what they
 *  changed goes to the panel (session.refresh), so its zoom, pan, step-through and drawer stay. */
async function redraw(shown: Shown): Promise<TraceGraph | undefined> {
  const session = TracePanel.current?.session;
  return session?.source === shown.source ? session.refresh() : undefined;
}

function sameEnding(a: RecordedResult, b: RecordedResult): boolean {
  return JSON.stringify(a.error ?? null) === JSON.stringify(b.error ?? null) && a.truncated === b.truncated;
}

/** A recording shown: the graph with its notes and warnings (`timing`: the run has ended; none: drawn early). */
async function present(run: Run, result: RecordedResult, timing?: Extract<TracerRun, { kind: 'result' }>['timing'], early?: Early): Promise<RunOutcome> {
  const { target, python } = run;
  const ended = endedEarly(result.error);
  const raised = ended ? undefined : raisedError(result.error);
  const noInput = raised && isInputEof(raised) ? vscode.l10n.t('Run mode gives the program no input, so input() got end-of-file; to type its input, run it in a terminal: backprop-trace run {0}', target.title) : undefined;
  const at = await reportRaised(raised, target.documents);
  if (result.calls.length === 0) return noLayers(run, { raised, at, ended, noInput, hints: result.hints });
  const notes: string[] = [];
  if (ended) notes.push(vscode.l10n.t('The program ended: {0}.', ended));
  if (noInput) notes.push(noInput);
  if (result.truncated) notes.push(vscode.l10n.t('The recording reached its size cap; the calls after it were not recorded.'));
  if (result.unrecorded) notes.push(vscode.l10n.t('{0} calls of your layers after the recording\'s cap ran but were not recorded.', result.unrecorded));
  if (raised) notes.push(vscode.l10n.t('The code raised {0}; the graph shows the calls up to there.', raised.message));
  const shown = await show(run.extensionUri, result, target, notes, [...target.notes, ranWith(run, timing !== undefined)]);
  if (early) early.drawn = shown;
  const runTiming: RunTiming | undefined = timing && { start: run.start, interpreter: run.interpreter, ...timing, built: shown.built[0] ?? NaN, shown: Date.now(), tracer: result.timing ?? {} };
  if (raised) showRaised(noInput ?? vscode.l10n.t('Backprop Trace: your code raised {0}; the graph shows the calls recorded up to there.', raised.message), at);
  else if (ended) void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: the program ended: {0}.', ended));
  return { ok: true, graph: shown.graph, interpreter: python.exe, raised, ...(runTiming ? { timing: runTiming } : {}) };
}

/** A run that recorded no layer call: why, at the reader's line when it raised. */
function noLayers(run: Run, { raised, at, ended, noInput, hints }: { raised?: RaisedError; at: Awaited<ReturnType<typeof reportRaised>>; ended?: string; noInput?: string; hints?: string[] }): RunOutcome {
  const { target, settings, python } = run;
  const looked = settings.methods.join(', ');
  const place = at && placeText(at);
  // The tracer's hints say why what ran is not a layer (`def forward(x, params)`, a misspelt backword).
  const why = hints?.length ? ` ${hints.join(' ')}` : '';
  const message = noInput ?? (ended ? vscode.l10n.t('The program ended: {0}.', ended) : undefined) ?? (raised
    ? raisedBeforeLayers(raised, place)
    : `${vscode.l10n.t('No layer was called: the tracer records calls of methods named {0} on classes (setting "backpropTrace.python.methods"), and {1} made none.', looked, target.title)}${why}`);
  if (TracePanel.current) TracePanel.current.problemAt = at;
  TracePanel.current?.post({ type: 'problem', text: message, ...(place ? { at: place } : {}) });
  if (raised) showRaised(vscode.l10n.t('Backprop Trace: {0}', message), at);
  else void vscode.window.showWarningMessage(vscode.l10n.t('Backprop Trace: {0}', message));
  return { ok: false, error: message, raised, interpreter: python.exe };
}

/** A cancelled run; cancelled while the checks of a graph drawn early ran: that graph stays, its layers
 *  still checking say they were not checked and why. */
async function cancelled(interpreter: string, early?: Early): Promise<RunOutcome> {
  vscode.window.setStatusBarMessage(vscode.l10n.t('Backprop Trace: cancelled'), 3000);
  const error = vscode.l10n.t('The run was cancelled; nothing is left running.');
  const shown = early && (await early.shown);
  if (early && shown) {
    const { result } = early;
    for (const instance of result.checking ?? []) {
      const cls = result.calls.find((c) => c.instance === instance)?.class ?? '?';
      result.gradcheck.push({ call: -1, backwardCall: -1, class: cls, instance, status: 'unchecked', reason: 'the run stopped (timeout or cancel) before its check could run', inputs: [], params: [], maxAbsDiff: null, ok: true });
    }
    result.checking = [];
    const graph = await redraw(shown);
    return { ok: false, error, cancelled: true, interpreter, graph };
  }
  TracePanel.current?.post({ type: 'problem', text: error });
  return { ok: false, error, cancelled: true, interpreter };
}

/** A graph shown from a recording: pass 1's graph, the panel's source (to draw again), when it was built. */
interface Shown {
  graph: TraceGraph;
  source: GraphSource;
  built: number[];
}

/** Hands the recording to the panel (which builds other passes from it) and returns pass 1's graph;
 *  `warnings` are noted first, `about` (the lines run, then the interpreter) last (graphSource.ts). */
async function show(extensionUri: vscode.Uri, result: RecordedResult, target: RunTarget, warnings: string[], about: string[]): Promise<Shown> {
  const source = recordedSource(result, target.title, warnings, about);
  const build = source.build;
  const built: number[] = [];
  // when each build finished (the first is pass 1's): the bench's "converting" phase
  const timed = { ...source, build: (view: Parameters<typeof build>[0]) => { const g = build(view); built.push(Date.now()); return g; } };
  const graph = await TracePanel.createOrShow(extensionUri).showSource(timed);
  return { graph, source: timed, built };
}

function describe(p: Interpreter): string {
  return vscode.l10n.t('{0} (from {1}; {2})', p.exe, p.from, p.version);
}

/** The ending of a program that did not end by itself (killed, crashed, os._exit), as a sentence. */
function endedEarly(e: RecordedResult['error']): string | undefined {
  return e && ['killed', 'crashed', 'os-exit', 'cut'].includes(e.kind ?? '') ? e.message : undefined;
}

/** input() with no stdin: EOFError raised at a line that calls input(). */
function isInputEof(e: RaisedError): boolean {
  return /^EOFError\b/.test(e.message) && /\binput\(/.test(typeof e.traceback === 'string' ? e.traceback : '');
}
