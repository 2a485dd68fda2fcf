// The hover provider: settings, cancellation and the vscode adapters around the pure lookup
// (hoverLookup.ts) and content (hoverContent.ts). It never throws: a failure means no tooltip.
import * as vscode from 'vscode';
import { liveHover } from '../debug/liveHover';
import { refusalAround } from '../../engine';
import { parseErrorText } from '../parseErrorText';
import { commandLink, hoverMarkdown, refusalMarkdown, tooLargeMarkdown } from './content';
import { insideFence, lookupAt, type TextSource } from './lookup';
import { namedValueAt } from './name';

export const TRACE_COMMAND = 'backpropTrace.trace';
const SECTION = 'backpropTrace.hover';

/** Reads a TextDocument by offsets, so the lookup only ever copies a bounded window. */
export function documentSource(doc: vscode.TextDocument): TextSource {
  const last = doc.lineAt(doc.lineCount - 1).range.end;
  return {
    length: doc.offsetAt(last),
    slice: (start, end) => doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))),
  };
}

function markdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, true);
  // Only our own command may run from this tooltip; everything from the document is escaped.
  md.isTrusted = { enabledCommands: [TRACE_COMMAND] };
  md.supportHtml = false;
  return md;
}

export class ArrayHoverProvider implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): vscode.ProviderResult<vscode.Hover> {
    // While a Python program is paused, a name in its frame shows its live value (debug/liveHover.ts).
    const live = liveHover(doc, pos, token);
    if (live) return live.then((h) => h ?? this.textHover(doc, pos, token), () => this.textHover(doc, pos, token));
    return this.textHover(doc, pos, token);
  }

  private textHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    try {
      return this.hover(doc, pos, token);
    } catch (e) {
      // A hover is a convenience: log for us, show nothing to the user.
      console.error('[backprop-trace] hover failed:', e);
      return undefined;
    }
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    const src = documentSource(doc);
    const offset = doc.offsetAt(pos);
    if (doc.languageId === 'markdown' && !insideFence(src, offset)) return undefined;
    const found = lookupAt(src, offset);
    if (!found) return this.nameHover(doc, pos, token) ?? this.refusalHover(doc, pos);
    // A row of a ragged array is no array: no tooltip (the command says what is wrong and where).
    if (found.kind === 'invalid' || token.isCancellationRequested) return undefined;
    const uri = doc.uri.toString();
    if (found.kind === 'tooLarge') {
      const link = commandLink(TRACE_COMMAND, { uri, position: [pos.line, pos.character] });
      return new vscode.Hover(markdown(tooLargeMarkdown(vscode.l10n, link)));
    }
    const range = new vscode.Range(doc.positionAt(found.start), doc.positionAt(found.end));
    const link = commandLink(TRACE_COMMAND, {
      uri,
      range: [range.start.line, range.start.character, range.end.line, range.end.character],
    });
    const value = hoverMarkdown(found.parsed, vscode.l10n, link);
    if (value === undefined || token.isCancellationRequested) return undefined;
    return new vscode.Hover(markdown(value), range);
  }

  /** Inside an array call the parser cannot read (`np.array([x, 1/3])`, `np.random.randn(3)`): what it says, and where. */
  private refusalHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const line = doc.lineAt(pos.line);
    const refused = refusalAround(line.text, pos.character, true);
    if (!refused) return undefined;
    const where = `${vscode.workspace.asRelativePath(doc.uri)}:${line.lineNumber + 1}:${refused.column}`;
    return new vscode.Hover(markdown(refusalMarkdown(vscode.l10n, parseErrorText(refused), where)));
  }

  /** On a name: the array assigned to it above (the link traces that value where it is written). */
  private nameHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    const named = namedValueAt(doc, pos);
    if (!named || token.isCancellationRequested) return undefined;
    const r = named.valueRange;
    const link = commandLink(TRACE_COMMAND, { uri: named.valueDoc.uri.toString(), range: [r.start.line, r.start.character, r.end.line, r.end.character] });
    const value = hoverMarkdown(named.parsed, vscode.l10n, link);
    if (value === undefined) return undefined;
    const where = vscode.l10n.t('{0}, from {1}:{2}', named.name, vscode.workspace.asRelativePath(named.valueDoc.uri), r.start.line + 1);
    return new vscode.Hover(markdown(`**${escapeMarkdown(where)}**\n\n${value}`), named.nameRange);
  }
}

/** Document text shown in a tooltip must not be read as markdown. */
function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/**
 * Registers the provider for the configured languages, and again whenever the settings change.
 * A language selector matches notebook cells too (scheme vscode-notebook-cell), as well as
 * files and untitled documents.
 */
export function registerArrayHover(): vscode.Disposable {
  let registration: vscode.Disposable | undefined;
  const provider = new ArrayHoverProvider();
  const update = (): void => {
    registration?.dispose();
    registration = undefined;
    const config = vscode.workspace.getConfiguration(SECTION);
    if (!config.get<boolean>('enabled', true)) return;
    const languages = config.get<unknown>('languages');
    const ids = Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string' && l.length > 0) : [];
    if (ids.length === 0) return;
    registration = vscode.languages.registerHoverProvider(ids.map((language) => ({ language })), provider);
  };
  update();
  const listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) update();
  });
  return new vscode.Disposable(() => {
    listener.dispose();
    registration?.dispose();
  });
}
