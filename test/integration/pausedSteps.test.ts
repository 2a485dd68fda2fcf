// The hover while paused and Refresh across stops, for real: the test-only `debugpy` debug type
// (test/debugAdapter) launches test/fixtures/debug/steps.py, which stops in `step` (STOP 1), then
// in `again` (STOP 2) with new values in `x`. Values are compared with what the program prints
// (run plainly first: its output is deterministic), and the program's frame with itself.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WireTensor } from '../../src/engine/graph/graph';
import type { PausedOutcome } from '../../src/extension/debug/pausedTrace';
import { screenshot } from './index';
import { api, closeAll } from './util';
import { evaluate, waitFor } from './pausedUtil';

const ROOT = path.resolve(__dirname, '../../..');
const PROGRAM = path.join(ROOT, 'test', 'fixtures', 'debug', 'steps.py');
const STOP1 = 9;
const STOP2 = 14;
const WINDOW = process.env.BPT_WINDOW ?? '1400x900';

const printed: Record<string, unknown> = {};
let stops = 0;
let ended = false;

const plain = (markdown: string) => markdown.replace(/\\(.)/g, '$1');
const values = (t?: WireTensor) => (t ? Array.from(t.data) : []);


/** The top frame's line as the adapter says it (the Call Stack's selection follows a stop a little later). */
async function pausedLine(): Promise<number | undefined> {
  const item = vscode.debug.activeStackItem;
  if (!(item instanceof vscode.DebugStackFrame)) return undefined;
  try {
    const r = (await item.session.customRequest('stackTrace', { threadId: item.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; id: number }[] };
    return r.stackFrames[0]?.id === item.frameId ? r.stackFrames[0].line : undefined;
  } catch {
    return undefined;
  }
}


/** Every tooltip's Markdown at the first `needle` on `line` (1-based), as the editor asks for it. */
async function hoversAt(doc: vscode.TextDocument, line: number, needle: string): Promise<string[]> {
  const at = new vscode.Position(line - 1, doc.lineAt(line - 1).text.indexOf(needle));
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
  return hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'));
}

function panelTab(): string | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Backprop Trace'))?.label;
}

describe('paused: the hover while paused and Refresh across stops (debugpy)', function () {
  this.timeout(120_000);
  let session: vscode.DebugSession | undefined;
  let doc: vscode.TextDocument;
  const subs: vscode.Disposable[] = [];

  before(async () => {
    for (const line of execFileSync('/usr/bin/python3', [PROGRAM], { encoding: 'utf8' }).split('\n')) {
      if (line.startsWith('BPT ')) Object.assign(printed, JSON.parse(line.slice(4)));
    }
    await api();
    subs.push(vscode.debug.registerDebugAdapterTrackerFactory('debugpy', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage(m: { type?: string; event?: string }) {
          if (m.type === 'event' && m.event === 'stopped') stops++;
        },
      }),
    }));
    doc = await vscode.workspace.openTextDocument(PROGRAM);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    vscode.debug.addBreakpoints([STOP1, STOP2].map((l) => new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(l - 1, 0)))));
    subs.push(vscode.debug.onDidStartDebugSession((s) => (session = s)), vscode.debug.onDidTerminateDebugSession(() => (ended = true)));
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'debugpy', name: 'steps', request: 'launch', program: PROGRAM, python: '/usr/bin/python3', console: 'internalConsole', justMyCode: true,
    });
    assert.ok(started, 'the debugpy session started');
    await waitFor(async () => stops > 0 && (await pausedLine()) === STOP1, 60_000, 'the stop at STOP 1');
  });

  after(async () => {
    if (session && !ended) await vscode.debug.stopDebugging(session);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    subs.forEach((s) => s.dispose());
    await closeAll();
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('hover: a name in the paused frame shows its live values (what the program printed), and the program is unchanged', async () => {
    const before = await evaluate("__import__('json').dumps([x.tolist(), sorted(globals()), sorted(locals())])");
    const live = (await hoversAt(doc, STOP1, 'x * 2')).filter((h) => h.includes('live value'));
    assert.strictEqual(live.length, 1, 'one live tooltip');
    const text = plain(live[0]);
    assert.ok(text.includes('**x** · live value, paused at steps.py:9, frame `step`'), text);
    assert.ok(text.includes('**Array** `(2, 3)` · dtype float64'), text);
    // numpy's own printing of x, row by row, as the tooltip's table shows it
    for (const row of (printed.x1str as string).split('\n')) assert.ok(text.includes(row.trim()), `${row.trim()} in\n${text}`);
    assert.ok(/command:backpropTrace\.traceExpression\?/.test(live[0]), 'the link traces the live value');
    assert.strictEqual(await evaluate("__import__('json').dumps([x.tolist(), sorted(globals()), sorted(locals())])"), before, 'x, globals and locals unchanged');
  });

  it('hover: shows in the editor while paused (screenshot)', async () => {
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const at = new vscode.Position(STOP1 - 1, doc.lineAt(STOP1 - 1).text.indexOf('x * 2'));
    editor.selection = new vscode.Selection(at, at);
    // VS Code's own debug hover answers the mouse while debugging; the command shows the editor's hovers.
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 1500));
    const file = await screenshot(`paused-hover-${WINDOW}`);
    if (file) console.log(`      screenshot ${file}`);
    // The tooltip would stay over the editor (and the panel) in the pictures after this one.
    const hide = (await vscode.commands.getCommands(true)).find((c) => c === 'editor.action.hideHover' || c === 'closeContentHover');
    if (hide) await vscode.commands.executeCommand(hide);
    else await vscode.commands.executeCommand('workbench.action.focusSideBar');
  });

  it('hover: a name not (yet) in the frame gets no live tooltip', async () => {
    const hovers = await hoversAt(doc, STOP1, 'y = ');
    assert.deepStrictEqual(hovers.filter((h) => h.includes('live value')), []);
  });

  it('Refresh: traced at stop 1, refreshed at stop 2, the panel shows stop 2\'s values and line; after the end it says why it cannot', async () => {
    const first = (await vscode.commands.executeCommand('backpropTrace.traceExpression', { expr: 'x', ask: false })) as PausedOutcome;
    assert.ok(first.ok, `trace failed: ${!first.ok && first.error}`);
    assert.strictEqual(first.graph.title, 'x, paused at steps.py:9, frame `step`');
    assert.deepStrictEqual(values(first.graph.edges.find((e) => e.source === 'x')?.forward), (printed.x1 as number[][]).flat());
    await waitFor(() => !!panelTab()?.includes('paused at steps.py:9'), 10_000, 'the panel\'s tab naming stop 1');

    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await waitFor(async () => stops > 1 && (await pausedLine()) === STOP2, 60_000, 'the stop at STOP 2');
    const rendered = (await api()).whenRendered(30_000);
    const again = (await vscode.commands.executeCommand('backpropTrace.refreshPaused')) as PausedOutcome;
    assert.ok(again.ok, `refresh failed: ${!again.ok && again.error}`);
    await rendered;
    assert.strictEqual(again.graph.title, 'x, paused at steps.py:14, frame `again`');
    assert.deepStrictEqual(values(again.graph.edges.find((e) => e.source === 'x')?.forward), (printed.x2 as number[][]).flat());
    await waitFor(() => !!panelTab()?.includes('paused at steps.py:14, frame `again`'), 10_000, `the panel's tab naming stop 2 (${panelTab()})`);
    const shot = await screenshot(`paused-refresh-${WINDOW}`);
    if (shot) console.log(`      screenshot ${shot}`);

    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await waitFor(() => ended, 60_000, 'the end of the program');
    const late = (await vscode.commands.executeCommand('backpropTrace.refreshPaused')) as PausedOutcome;
    assert.ok(!late.ok && /the session has ended/.test(late.error) && late.error.includes('to read x'), `after the end: ${JSON.stringify(late)}`);
  });
});
