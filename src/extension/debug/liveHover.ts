// Hover over a name while a Python program is paused: the tooltip from the live value. One
// evaluate of the probe in its read-only mode (peek.py: a dotted name looked up without running
// any of the program's code; shape and dtype first, at most HOVER_MAX_ELEMENTS moved, as bytes),
// abandoned after HOVER_TIMEOUT_MS. An array gets the literal hover's table from its real values;
// a layer or a net gets what it holds (a hover never runs forward). The hover provider
// (hover/hover.ts) asks here first and falls back to the text's hover when this gives nothing.
import * as vscode from 'vscode';
import { elementOf, scalarText, shapeText } from '../../engine';
import { commandLink, escapeMarkdown, hoverMarkdown, tooLargeMarkdown } from '../hover/content';
import { host } from '../host';
import { tensorOf, type ArrayAnswer, type Held, type LayerAnswer } from './answer';
import { nameRange, TRACE_EXPRESSION } from './names';
import { inexactSentence } from './pausedTrace';
import { runProbe } from './probe';
import { describeFrame, frameUri, isPythonSession, pausedFrame, type PausedFrame } from './session';

/** What a hover moves at most: ~1 MB of base64, tens of ms; a bigger array is said, with a link to trace it. */
export const HOVER_MAX_ELEMENTS = 100_000;
/** A tooltip waits this long at most (a trace waits backpropTrace.python.timeout). */
export const HOVER_TIMEOUT_MS = 3000;

function markdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, true);
  // Only the paused trace may run from this tooltip; the program's names are escaped.
  md.isTrusted = { enabledCommands: [TRACE_EXPRESSION] };
  md.supportHtml = false;
  return md;
}

/**
 * The live tooltip for the name at `pos`, or undefined at once when none applies (not a Python
 * file, no Python debug session, no name there): the caller then shows the text's hover. The
 * promise gives undefined too when the name is not in the paused frame or is not an array,
 * a layer or a net, or when the program is not paused in this file.
 */
export function liveHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> | undefined {
  const uri = host.extensionUri;
  if (!uri || doc.languageId !== 'python' || !isPythonSession(vscode.debug.activeDebugSession)) return undefined;
  const line = doc.lineAt(pos.line).text;
  if (line.slice(0, pos.character).includes('#')) return undefined; // a name in a comment is prose
  const range = nameRange(doc, pos);
  const expr = range && doc.getText(range);
  if (!range || !expr) return undefined;
  return (async () => {
    const frame = await pausedFrame();
    if (!frame || frameUri(frame)?.path !== doc.uri.path || token.isCancellationRequested) return undefined;
    const where = `**${escapeMarkdown(expr)}** · ${escapeMarkdown(vscode.l10n.t('live value, {0}', describeFrame(frame)))}`;
    const probed = await runProbe(uri, frame, { expr, peek: true, maxElements: HOVER_MAX_ELEMENTS, methods: [] }, HOVER_TIMEOUT_MS);
    if (token.isCancellationRequested) return undefined;
    if (!probed.ok) {
      const why = probed.kind === 'timeout'
        ? vscode.l10n.t('The paused program did not answer within {0} s: no live value shown.', HOVER_TIMEOUT_MS / 1000)
        : vscode.l10n.t('Could not read {0} from the paused program: {1}', expr, probed.detail);
      return new vscode.Hover(markdown(`${where}\n\n${escapeMarkdown(why)}`));
    }
    const a = probed.answer;
    if ('error' in a) return undefined; // not in this frame, or neither an array nor a layer: the text's hover
    const link = commandLink(TRACE_EXPRESSION, { expr });
    const body = a.kind === 'array' ? arrayMarkdown(a, link) : heldMarkdown(a, frame, link);
    return body === undefined ? undefined : new vscode.Hover(markdown(`${where}\n\n${body}`), range);
  })();
}

function arrayMarkdown(a: ArrayAnswer, link: string): string | undefined {
  if (a.refused) {
    const size = a.size.toLocaleString('en-US');
    return [`**${vscode.l10n.t('Array')}** \`${shapeText(a.shape)}\` · dtype ${escapeMarkdown(a.dtype)}`,
      escapeMarkdown(vscode.l10n.t('{0} elements: a hover reads at most {1} from the paused program.', size, HOVER_MAX_ELEMENTS.toLocaleString('en-US'))),
      tooLargeMarkdown(vscode.l10n, link)].join('\n\n');
  }
  const x = tensorOf(a);
  if ('bad' in x) return escapeMarkdown(x.bad);
  // The literal hover's table, from the program's own values (a converted dtype is computed in float64).
  const value = hoverMarkdown({ tensor: x, dtype: a.converted ? undefined : a.dtype, start: 0, end: 0 }, vscode.l10n, link);
  if (value === undefined) return undefined;
  const said = [a.converted ? vscode.l10n.t('{0} values were read as float64 (Backprop Trace computes in float64, float32, integers and bool).', a.converted) : '', inexactSentence(a)].filter(Boolean);
  return [value, ...said.map(escapeMarkdown)].join('\n\n');
}

/** A range's end as numpy prints an element of the dtype (5, True), else short; a non-finite one as its repr ('nan'). */
const num = (v: number | string | null | undefined, dtype?: string): string => (typeof v === 'number' ? elementOf(v, dtype, 4) : String(v));

function heldLine(h: Held): string {
  if (h.more !== undefined) return `… ${h.more}`;
  if (h.shape) {
    const range = h.true !== undefined ? `${h.true}/${h.shape.reduce((p, d) => p * d, 1)} True` : h.min !== undefined ? `${num(h.min, h.dtype)} … ${num(h.max, h.dtype)}` : '';
    return `${h.name.padEnd(14)} ${shapeText(h.shape).padEnd(11)} ${(h.dtype ?? '').padEnd(8)} ${range}`;
  }
  // a number as the program prints it (100, 3.0, True): an older probe's, without its dtype, as a float
  return `${h.name.padEnd(14)} ${h.class ?? (h.value === null ? 'None' : typeof h.value === 'number' ? scalarText(h.value, h.dtype) : String(h.value))}`;
}

function heldMarkdown(a: LayerAnswer, frame: PausedFrame, link: string): string {
  const what = a.kind === 'net' ? vscode.l10n.t('a net (it holds layers)') : vscode.l10n.t('a layer (forward and backward)');
  const holds = a.holds ?? [];
  const lines = [`\`${escapeMarkdown(a.class)}\` · ${escapeMarkdown(what)}`];
  // Names and classes come from the program: inside a code block nothing of them is markdown.
  if (holds.length) lines.push('```text\n' + holds.map(heldLine).join('\n').replace(/```/g, "'''") + '\n```');
  lines.push(`${escapeMarkdown(vscode.l10n.t('What it holds at {0}; a hover runs none of its methods.', `${frame.name}:${frame.line}`))} [$(type-hierarchy) ${vscode.l10n.t('Trace backprop')}](${link})`);
  return lines.join('\n\n');
}
