// What a trace at a breakpoint reads, named once for the commands (register.ts) and the hover
// while paused (liveHover.ts): a dotted name as a debugger's hover reads it, and the commands' ids.
import * as vscode from 'vscode';

export const TRACE_VARIABLE = 'backpropTrace.traceVariable';
export const TRACE_EXPRESSION = 'backpropTrace.traceExpression';
export const REFRESH_PAUSED = 'backpropTrace.refreshPaused';

/**
 * As a debugger's hover reads it: the word under the cursor with the dotted path before it
 * (`self.layers['Affine1'].W` on `W`, `self.mask` on `mask`, `self` on `self` in `dout[self.mask]`).
 * undefined when the path is broken by something that is not a name (`f().x`): reading `x`
 * alone would show another object.
 */
export function nameRange(doc: vscode.TextDocument, at: vscode.Position): vscode.Range | undefined {
  const word = doc.getWordRangeAtPosition(at, /[A-Za-z_]\w*/);
  if (!word) return undefined;
  const line = doc.lineAt(at.line).text;
  let start = word.start.character;
  while (line[start - 1] === '.') {
    let end = start - 1;
    while (line[end - 1] === ']') {
      const open = line.lastIndexOf('[', end - 1);
      if (open < 0 || end - open > 82) return undefined;
      end = open;
    }
    const before = /[A-Za-z_]\w*$/.exec(line.slice(0, end));
    if (!before) return undefined;
    start = end - before[0].length;
  }
  return new vscode.Range(at.line, start, at.line, word.end.character);
}

export function nameAt(doc: vscode.TextDocument, at: vscode.Position): string | undefined {
  const range = nameRange(doc, at);
  return range && doc.getText(range);
}
