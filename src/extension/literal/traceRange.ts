// Tracing one range of a document without ever holding the extension host for long: the size
// limit is checked before the text is read, parsing and the layers run in time slices (a big
// literal in a worker thread: traceRunner.ts), a big selection shows a cancellable progress
// notification, and a newer trace cancels an older one.
// The document is only ever read.
import * as vscode from 'vscode';
import { DoutError, ParseError, shapeText } from '../../engine';
import { parseErrorText } from '../parseErrorText';
import type { TraceGraph } from '../../protocol';
import { TooManyElements } from './reader';
import { CHARS_PER_ELEMENT, MAX_DIMS, maxElements, PROGRESS_CHARS, tooManyDimsMessage, tooManyElementsMessage } from '../limits';
import { clearProblems, reportProblem } from '../diagnostics';
import { host } from '../host';
import { TracePanel } from '../panel';
import { Cancelled, Slicer } from './slicer';
import { readSettings } from '../panel/settings';
import { literalSource, runOptions, traceInput } from './source';
import { runnerFor, type TraceRunner } from './pipeline';
import { WorkerCrashed } from './worker/errors';

export type TraceOutcome =
  | { ok: true; graph: TraceGraph }
  | { ok: false; error: string; cancelled?: true };

/**
 * The notification stays until the panel reports the trace drawn: a 1000x1000 trace takes a
 * second or two more to reach the webview after it is posted, and a closed notification over a
 * blank panel reads as "done, and nothing came". At most this long, should no report come.
 */
export const RENDER_WAIT_MS = 15_000;

export function fail(message: string): TraceOutcome {
  void vscode.window.showErrorMessage(vscode.l10n.t('Backprop Trace: {0}', message));
  return { ok: false, error: message };
}

function cancelled(): TraceOutcome {
  vscode.window.setStatusBarMessage(vscode.l10n.t('Backprop Trace: cancelled'), 3000);
  return { ok: false, error: vscode.l10n.t('The trace was cancelled.'), cancelled: true };
}

/** `token` lets a caller (another extension, a test) cancel, like the notification's Cancel button. */
export async function traceRange(
  extensionUri: vscode.Uri,
  doc: vscode.TextDocument,
  range: vscode.Range,
  token?: vscode.CancellationToken,
  /** The name the value was reached by (`x` in `relu.forward(x)`): the title says `x, seed.py:3:5`. */
  name?: string,
): Promise<TraceOutcome> {
  const limit = maxElements();
  const base = doc.offsetAt(range.start);
  const chars = doc.offsetAt(range.end) - base;
  // The cheapest check first: refuse an absurd selection before reading a character of it.
  if (chars > limit * CHARS_PER_ELEMENT) return fail(tooManyElementsMessage(limit));
  const mine = ++host.generation;
  const run = (progress?: vscode.Progress<{ increment?: number }>, shown?: vscode.CancellationToken, onShow?: () => void) => {
    let reported = 0;
    const report = (fraction: number) => {
      const pct = Math.floor(fraction * 100);
      if (progress && pct > reported) progress.report({ increment: pct - reported });
      reported = Math.max(reported, pct);
    };
    const slicer = new Slicer(() => !!shown?.isCancellationRequested || !!token?.isCancellationRequested || mine !== host.generation);
    return traceSliced(extensionUri, doc, range, base, limit, slicer, report, name, onShow);
  };
  if (chars < PROGRESS_CHARS && !token) return run();
  // The trace's outcome goes back as soon as it is posted; the notification lasts until drawn.
  return new Promise<TraceOutcome>((resolve, reject) => {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Backprop Trace: tracing the selection'), cancellable: true },
      async (progress, shown) => {
        let drawn: Promise<boolean> | undefined;
        host.lastProgress.drawn = undefined;
        // Registered just before the trace is posted, so its render cannot be missed.
        const onShow = () => void (drawn = TracePanel.whenRendered(RENDER_WAIT_MS).then(() => true, () => false));
        try {
          const outcome = await run(progress, shown, onShow);
          resolve(outcome);
          if (outcome.ok && drawn) {
            progress.report({ message: vscode.l10n.t('drawing the graph…') });
            let sub: vscode.Disposable | undefined;
            const stop = new Promise<boolean>((r) => (sub = shown.onCancellationRequested(() => r(false))));
            host.lastProgress.drawn = await Promise.race([drawn, stop]);
            sub?.dispose();
          }
        } catch (e) {
          reject(e);
        } finally {
          host.lastProgress.closedAt = Date.now();
        }
      },
    );
  });
}

async function traceSliced(
  extensionUri: vscode.Uri,
  doc: vscode.TextDocument,
  range: vscode.Range,
  base: number,
  limit: number,
  slicer: Slicer,
  report: (fraction: number) => void,
  name?: string,
  onShow?: () => void,
): Promise<TraceOutcome> {
  let runner: TraceRunner | undefined;
  try {
    const chars = doc.offsetAt(range.end) - base;
    // A big trace opens the panel first, so the webview loads while we parse and says what it waits for.
    const early = chars >= PROGRESS_CHARS ? TracePanel.createOrShow(extensionUri) : undefined;
    early?.post({ type: 'progress', text: vscode.l10n.t('Tracing {0}…', where(doc, range.start)) });
    // Read once, parsed once: a small text is kept for a reload (traceInput). A big one is read in
    // pieces between event-loop turns, so it must not change meanwhile.
    const version = doc.version;
    let kept: string | undefined;
    const read = (from: number, to: number) => {
      if (doc.version !== version) throw new DocumentChanged();
      const piece = doc.getText(new vscode.Range(doc.positionAt(base + from), doc.positionAt(base + to)));
      if (from === 0 && to === chars) kept = piece;
      return piece;
    };
    runner = runnerFor(extensionUri, chars, read, limit, slicer, report);
    let parsed;
    try {
      parsed = await runner.parse();
    } catch (e) {
      if (e instanceof TooManyElements) return problem(tooManyElementsMessage(limit));
      if (!(e instanceof ParseError)) throw e;
      // Positions are reported in the document, not in the selection, so the user can find them.
      const at = doc.positionAt(base + e.offset);
      const text = parseErrorText(e);
      reportProblem(doc.uri, new vscode.Range(at, at.translate(0, 1)), text);
      return problem(`${text} (${where(doc, at)})`);
    }
    early?.post({ type: 'progress', text: vscode.l10n.t('Tracing x {0}…', shapeText(parsed.shape)) });
    // The webview would drop a graph of more dimensions than the protocol allows: say so here.
    if (parsed.shape.length > MAX_DIMS) return fail(tooManyDimsMessage(parsed.shape.length));
    const title = `${name ? `${name}, ` : ''}${where(doc, doc.positionAt(base + parsed.start))}`;
    // Layers, dout (maybe the second selection) and expanded nodes: settings and panel (traceSession.ts).
    const made = traceInput(doc, range, title, kept);
    if (typeof made === 'string') return problem(made);
    const session = TracePanel.current?.session;
    const again = session?.source?.title === title;
    const expanded = again ? session.expanded : new Set<string>();
    const opts = runOptions(readSettings().layers, made.dout);
    const { x, graph, wire } = await runner.trace(opts, title, { expanded, doutSource: made.doutSource });
    await slicer.yieldNow(); // last chance to cancel before anything is shown
    clearProblems(doc.uri);
    onShow?.();
    return { ok: true, graph: await TracePanel.createOrShow(extensionUri).showSource(literalSource({ ...made, x }), again, { graph, wire }) };
  } catch (e) {
    if (e instanceof Cancelled) return cancelled();
    // A second selection whose shape does not fit x's outputs: the engine's sentence.
    if (e instanceof DoutError) return problem(vscode.l10n.t('dout (the second selection): {0}', e.message));
    if (e instanceof DocumentChanged) return problem(vscode.l10n.t('The document changed while the selection was being read: nothing was traced. Trace it again.'));
    if (e instanceof WorkerCrashed) return problem(vscode.l10n.t('The trace stopped unexpectedly ({0}). Nothing was traced: try again, or trace a smaller selection.', e.detail));
    throw e;
  } finally {
    runner?.stop();
  }
}

/** The document was edited while a big selection was read in pieces. */
class DocumentChanged extends Error {}

/** A failed trace: the message, and an open panel stops showing the previous trace as if current. */
function problem(message: string): TraceOutcome {
  TracePanel.current?.post({ type: 'problem', text: message });
  return fail(message);
}

function where(doc: vscode.TextDocument, at: vscode.Position): string {
  return `${vscode.workspace.asRelativePath(doc.uri)}:${at.line + 1}:${at.character + 1}`;
}
