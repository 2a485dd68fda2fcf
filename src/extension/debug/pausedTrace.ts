// "Trace backprop" while a Python program is paused: the object a name or expression has in the
// paused frame, read by one evaluate (probe.ts). An array is traced like a literal (the literal
// pipeline's panel source, with its real dtype and every value); a layer or a net is run on a
// deep copy inside the program and drawn from its recorded calls like run mode. Only in a
// trusted workspace; the program's objects, random state and frame are left as they were.
import * as vscode from 'vscode';
import { sayProbe, scalarText, shapeText } from '../../engine';
import { recordedSource } from '../run/graphSource';
import { refusal } from '../run/consent';
import { readRunSettings } from '../run/settings';
import { maxElements, tooManyDimsMessage, MAX_DIMS } from '../limits';
import { literalSource } from '../literal/source';
import { readSettings, TracePanel } from '../panel';
import type { TraceGraph } from '../../protocol';
import { tensorOf, type ArrayAnswer, type LayerAnswer } from './answer';
import type { ProbeRequest } from './expression';
import { runProbe } from './probe';
import { describeFrame, frameUri, isPythonSession, pausedFrame, type PausedFrame } from './session';

export type PausedOutcome =
  | { ok: true; graph: TraceGraph; where: string; kind: 'array' | 'layer' | 'net'; ms: number; chars: number; status?: string }
  | { ok: false; error: string; cancelled?: true };

/** What to read: an expression in the paused frame, and for a layer its input and dout if picked. */
export interface PausedTarget {
  expr: string;
  input?: string;
  dout?: string;
  /** false: never ask with an input box (tests, Refresh); a missing input is then an error. */
  ask?: boolean;
}

/** The last trace made at a breakpoint, so Refresh can read it again at the next stop. */
export let lastPaused: { target: PausedTarget; title: string } | undefined;

function fail(message: string): PausedOutcome {
  TracePanel.current?.post({ type: 'problem', text: message });
  void vscode.window.showErrorMessage(vscode.l10n.t('Backprop Trace: {0}', message));
  return { ok: false, error: message };
}

export async function tracePaused(extensionUri: vscode.Uri, target: PausedTarget, frame?: PausedFrame): Promise<PausedOutcome> {
  const refused = refusal({ trusted: vscode.workspace.isTrusted, web: false });
  if (refused) return fail(refused);
  frame ??= await pausedFrame();
  if (!frame) return fail(notPaused(target.expr));
  const where = describeFrame(frame);
  const run = readRunSettings(frameUri(frame));
  const req: ProbeRequest = { expr: target.expr, maxElements: maxElements(), methods: [...run.methods], input: target.input, dout: target.dout, frame: frame.name };
  const probed = await runProbe(extensionUri, frame, req, run.timeoutMs);
  if (!probed.ok) {
    if (probed.kind === 'timeout') {
      return fail(vscode.l10n.t('The paused program did not answer within {0} s (setting "backpropTrace.python.timeout"); the trace of {1} was abandoned. The evaluation may still be running in the program.', run.timeoutMs / 1000, target.expr));
    }
    return fail(vscode.l10n.t('Could not read {0} from the paused program ({1}): {2}', target.expr, where, probed.detail));
  }
  const a = probed.answer;
  if ('error' in a) return fail(vscode.l10n.t('{0} in the paused frame ({1}): {2}', target.expr, where, sayProbe(a.error)));
  const title = `${target.expr}, ${where}`;
  if (a.kind !== 'array' && a.needInput) {
    const input = await askInput(target, a.class, a.needInput[0], a.pair);
    if (typeof input !== 'string') return input;
    // The values picked so far and this one, in forward's order (AddLayer's x, then its y).
    return tracePaused(extensionUri, { ...target, input: target.input ? `${target.input}, ${input}` : input }, frame);
  }
  const shown = a.kind === 'array' ? await showArray(extensionUri, a, title) : await showLayer(extensionUri, a, target, title, where);
  if (!shown.ok) return shown;
  lastPaused = { target: { ...target, ask: false }, title: shown.graph.title };
  return { ...shown, where, kind: a.kind, ms: probed.ms, chars: probed.chars };
}

/** Why nothing can be read now (a Refresh after the session ended lands here too). */
function notPaused(expr: string): string {
  return isPythonSession(vscode.debug.activeDebugSession)
    ? vscode.l10n.t('The Python program is running, not paused: stop it at a breakpoint to read {0}.', expr)
    : vscode.l10n.t('No Python debug session is paused: the session has ended, or none was started. Start it and stop at a breakpoint to read {0}.', expr);
}

/** `status`: what the panel's status line said besides the graph (a dtype read as float64, digits float64 cannot hold). */
type Shown = { ok: true; graph: TraceGraph; status?: string } | { ok: false; error: string; cancelled?: true };

async function showArray(extensionUri: vscode.Uri, a: ArrayAnswer, title: string): Promise<Shown> {
  if (a.refused) {
    return fail(vscode.l10n.t('{0} is {1} {2}: {3} elements, more than backpropTrace.maxElements ({4}). Nothing was read from the program: raise the setting to trace it.',
      title, shapeText(a.shape), a.dtype, a.size.toLocaleString('en-US'), maxElements().toLocaleString('en-US')));
  }
  if (a.shape.length > MAX_DIMS) return fail(tooManyDimsMessage(a.shape.length));
  const x = tensorOf(a);
  if ('bad' in x) return fail(x.bad);
  const settings = readSettings();
  const dout = settings.dout === 'same' ? ('same' as const) : ('ones' as const);
  const panel = TracePanel.createOrShow(extensionUri);
  const graph = await panel.showSource(literalSource({ x, dout, doutSource: dout, title, restore: { title }, scalar: a.scalar, text: a.text }));
  const said = [
    a.converted ? vscode.l10n.t('{0} values were read as float64 (Backprop Trace computes in float64, float32, integers and bool).', a.converted) : '',
    inexactSentence(a),
  ].filter(Boolean);
  if (!said.length) return { ok: true, graph };
  panel.post({ type: 'status', text: said.join(' ') });
  return { ok: true, graph, status: said.join(' ') };
}

/** What float64 (the panel's numbers) could not hold exactly, in a sentence; '' when nothing. */
export function inexactSentence(a: ArrayAnswer): string {
  if (a.text !== undefined) return vscode.l10n.t('{0} is an integer past 2**53: it is drawn and detailed as the program prints it; what the layers compute from it uses its nearest float64, {1}.', a.text, scalarText(Number(a.text), 'int64'));
  if (a.inexact) return vscode.l10n.t('{0} of its values are integers past 2**53 (9007199254740992): they are drawn and detailed as the program holds them; what the layers compute from them uses their nearest float64.', a.inexact.toLocaleString('en-US'));
  return '';
}

/**
 * A layer that caches no input (the book's Relu keeps only its mask): the user picks one, then the
 * next. A cs231n pair (`pair`, its forward's name) keeps nothing: the frame's cache was not its arguments.
 */
async function askInput(target: PausedTarget, cls: string, name: string, pair?: string): Promise<string | PausedOutcome> {
  if (target.ask === false) {
    return fail(pair
      ? vscode.l10n.t('{0}: the cache in the paused frame is not the arguments of {1}, so its {2} is not known: pick an array for it.', target.expr, pair, name)
      : vscode.l10n.t('{0} ({1}) keeps no {2} from its last forward: pick an array for it.', target.expr, cls, name));
  }
  const input = await vscode.window.showInputBox({
    title: pair ? vscode.l10n.t('Backprop Trace: {0}', pair) : vscode.l10n.t('Backprop Trace: {0}.forward', cls),
    prompt: pair
      ? vscode.l10n.t('The cache in the paused frame is not the arguments of {0}. An array for {1}, as an expression in the paused frame:', pair, name)
      : vscode.l10n.t('{0} keeps no {1} from its last forward. An array for {1}, as an expression in the paused frame:', cls, name),
    placeHolder: 'x',
    ignoreFocusOut: true,
  });
  return input ? input : { ok: false, error: vscode.l10n.t('The trace was cancelled.'), cancelled: true };
}

async function showLayer(extensionUri: vscode.Uri, a: LayerAnswer, target: PausedTarget, title: string, where: string): Promise<Shown> {
  const result = a.result;
  if (!result) return fail(vscode.l10n.t('Could not read {0} from the paused program: no calls came back.', target.expr));
  const notes: string[] = [];
  if (a.gradcheckError) notes.push(vscode.l10n.t('The gradient check could not run: {0}', a.gradcheckError));
  if (result.error) notes.push(vscode.l10n.t('The copy raised {0}; the graph shows the calls up to there.', result.error.message));
  // Where, in the notes too: a narrow panel cuts the title, the notes wrap (first when nothing went wrong).
  const about = [vscode.l10n.t('Read from the program {0}: a copy of {1} ran forward and backward there; the original was not changed.', where, a.class)];
  const own = a.frameDout;
  if (own?.used) about.push(vscode.l10n.t('Backward ran on the paused frame\'s own {0} {1} (a copy: the frame\'s {0} was not changed), and the gradient check is weighted by it.', own.name, shapeText(own.shape)));
  else if (own) notes.push(vscode.l10n.t('The paused frame\'s {0} has shape {1}, but forward gave {2}: backward ran on ones instead.', own.name, shapeText(own.shape), shapeText(own.out ?? [])));
  if (result.calls.length === 0) return fail(vscode.l10n.t('{0} ({1}) made no forward or backward call.', target.expr, a.class));
  const graph = await TracePanel.createOrShow(extensionUri).showSource(recordedSource(result, title, notes, about));
  return { ok: true, graph };
}
