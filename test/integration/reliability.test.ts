// Reliability in the real extension host: a 1,000,000-element trace keeps the host responsive
// (the longest event-loop block is measured and printed), cancels, respects the size limit; 100
// traces leave memory where it was; junk from the webview is dropped; the CSP is strict; and no
// trace, hover or export ever touches the document.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance as perfHooks, PerformanceObserver } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { parseArray, ParseError } from '../../src/engine';
import type { TraceOutcome } from '../../src/extension/traceCommand';
import { checkPanelHtml, cspOf } from '../unit/reliability/cspCheck';
import { api, closeAll, openWith } from './util';

const trace = async (args?: unknown) => (await vscode.commands.executeCommand('backpropTrace.trace', args)) as TraceOutcome;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The tests run on the extension host's own thread, so a timer here sees every block of it. */
interface Block {
  ms: number;
  endedAt: number;
  /** CPU time the host process used meanwhile (the trace worker's thread included). */
  cpuMs: number;
  /** How long this thread was inside callbacks in the block (event-loop utilisation), on the wall clock. */
  activeMs: number;
  /** CPU time this thread (the host's main thread, not the worker's) used in the block: what our code held it for. */
  threadMs: number;
}

/**
 * CPU ms the extension host's main thread has used (Linux: its /proc task entry, 10 ms ticks).
 * Wall-clock measures count the time the OS ran other processes while we waited for a core (at a
 * load of 14 on 2 cores, a 285 ms "active" block used 48 ms of CPU); this one does not.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return undefined;
  }
}
function lagProbe(): { stop(): { longestMs: number; endedAt: number; ticks: number; blocks: Block[]; gcs: { ms: number; kind: number; at: number }[] } } {
  // Garbage collections over 20 ms while probing, to tell a GC pause from our code holding the thread.
  const gcs: { ms: number; kind: number; at: number }[] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 20) gcs.push({ ms: e.duration, kind: ((e as { detail?: { kind?: number } }).detail?.kind ?? 0), at: e.startTime });
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let lastLoop = perfHooks.eventLoopUtilization();
  let lastThread = mainThreadCpuMs();
  let ticks = 0;
  const blocks: Block[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const loop = perfHooks.eventLoopUtilization(lastLoop);
    const thread = mainThreadCpuMs();
    // Without /proc the wall-clock active time stands in (an upper bound).
    const threadMs = thread !== undefined && lastThread !== undefined ? thread - lastThread : loop.active;
    blocks.push({ ms: now - last - 10, endedAt: now, cpuMs: (cpu.user + cpu.system) / 1000, activeMs: loop.active, threadMs });
    lastThread = thread;
    last = now;
    lastCpu = process.cpuUsage();
    lastLoop = perfHooks.eventLoopUtilization();
    ticks++;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      gcWatch.disconnect();
      const worst = blocks.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, endedAt: 0, cpuMs: 0, activeMs: 0, threadMs: 0 });
      return { longestMs: worst.ms, endedAt: worst.endedAt, ticks, blocks, gcs };
    },
  };
}

/** A full GC when the host lets us have one (V8 flag set at runtime), else a settle period. */
async function settledHeap(): Promise<number> {
  let gc: (() => void) | undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  } catch {
    gc = undefined;
  }
  for (let i = 0; i < 3; i++) {
    await sleep(300);
    gc?.();
  }
  return process.memoryUsage().heapUsed;
}

function matrix(rows: number, cols: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < cols; j++) row.push((Math.sin(i * cols + j) * 2).toFixed(6));
    lines.push(`[${row.join(', ')}]`);
  }
  return `[${lines.join(',\n ')}]`;
}

const snapshot = (e: vscode.TextEditor) => ({ text: e.document.getText(), version: e.document.version, dirty: e.document.isDirty });

describe('reliability', function () {
  this.timeout(300_000);
  after(async () => {
    await vscode.workspace.getConfiguration('backpropTrace').update('maxElements', undefined, vscode.ConfigurationTarget.Global);
    await closeAll();
  });

  it('traces 1,000,000 elements without blocking the extension host: no block over 250 ms (longest is printed)', async () => {
    const big = `x = np.array(${matrix(1000, 1000)})\n`;
    const editor = await openWith('python', big, { selected: big.slice(0, -1) });
    const before = snapshot(editor);
    const rendered = (await api()).whenRendered(240_000);
    // The 10 MB this test built (the matrix, the snapshot) is collected now, not in the middle of
    // the trace: the probe measures the extension's work, not a GC of the test's own garbage.
    await settledHeap();
    const probe = lagProbe();
    const t0 = performance.now();
    const outcome = await trace();
    const traced = performance.now() - t0;
    assert.ok(outcome.ok, !outcome.ok ? outcome.error : '');
    assert.deepStrictEqual(outcome.graph.shape, [1000, 1000]);
    await rendered;
    const lag = probe.stop();
    console.log(`[reliability] 1M elements (${(big.length / 1e6).toFixed(1)} MB): traced in ${traced.toFixed(0)} ms, drawn after ${(performance.now() - t0).toFixed(0)} ms; longest event-loop block ${lag.longestMs.toFixed(1)} ms (ended ${(lag.endedAt - t0).toFixed(0)} ms after the command) over ${lag.ticks} ticks`);
    // Blocks while parsing and running the layers (in the worker), before the graph is posted.
    const during = lag.blocks.filter((b) => b.endedAt < t0 + traced - 5);
    const worstDuring = Math.max(0, ...during.map((b) => b.ms));
    const held = Math.max(0, ...lag.blocks.map((b) => b.threadMs));
    console.log(`[reliability] longest block while parsing and tracing: ${worstDuring.toFixed(1)} ms; the host's thread used at most ${held.toFixed(0)} ms of CPU in one block; blocks over 50 ms (wall/process cpu/host thread in callbacks/host thread cpu ms at +time): ${lag.blocks.filter((b) => b.ms > 50).map((b) => `${b.ms.toFixed(0)}/${b.cpuMs.toFixed(0)}/${b.activeMs.toFixed(0)}/${b.threadMs.toFixed(0)} at +${(b.endedAt - t0).toFixed(0)}`).join(', ')}; garbage collections over 20 ms (kind 1 minor, 2 major): ${lag.gcs.map((g) => `${g.ms.toFixed(0)} ms kind ${g.kind} at +${(g.at - t0).toFixed(0)}`).join(', ') || 'none'}`);
    // The goal is 50 ms; 250 leaves room for a busy machine. On wall clock the OS may not run us
    // for longer than that while others work, so the bound is on the CPU time the host's own
    // thread used in one block (the worker's thread is not counted: it is why the host is free).
    assert.ok(held < 250, `the host's thread ran for ${held.toFixed(0)} ms of CPU in one go`);
    assert.ok(lag.longestMs < 2000, `the host was blocked for ${lag.longestMs.toFixed(0)} ms`);
    assert.deepStrictEqual(snapshot(editor), before);
  });

  it('a typo deep inside a big selection (parsed in the worker) is reported at its line:column in the document', async () => {
    const rows = matrix(300, 400).split('\n'); // 1.2 MB: over WORKER_CHARS
    rows[250] = rows[250].replace(/-?\d\.\d+/, (n) => `${n}.5`); // "1.234567.5", as numpy would refuse it
    const literal = rows.join('\n');
    const content = `import numpy as np\nx = np.array(${literal})\n`;
    const selected = `np.array(${literal})`;
    const editor = await openWith('python', content, { selected });
    const before = snapshot(editor);
    let expected: ParseError | undefined;
    try {
      parseArray(selected);
    } catch (e) {
      if (e instanceof ParseError) expected = e;
    }
    assert.ok(expected, 'the engine refuses the typo');
    const at = editor.document.positionAt(content.indexOf(selected) + expected.offset);
    const outcome = await trace();
    assert.ok(!outcome.ok && !outcome.cancelled);
    assert.ok(outcome.error.endsWith(`:${at.line + 1}:${at.character + 1})`), outcome.error);
    assert.ok(outcome.error.startsWith(expected.message.slice(0, 12)), outcome.error);
    assert.ok(!/\n\s+at /.test(outcome.error), 'no stack trace');
    assert.strictEqual(at.line + 1, 2 + 250, 'the typo is on its row, line 252');
    assert.deepStrictEqual(snapshot(editor), before);
  });

  it('cancels a big trace when asked, drawing nothing, and a newer trace cancels an older one', async () => {
    const big = matrix(500, 1000);
    const editor = await openWith('python', big, { selected: big });
    const before = snapshot(editor);
    const drawn = (await api()).lastReport();
    const source = new vscode.CancellationTokenSource();
    const running = trace({ token: source.token });
    await sleep(50);
    source.cancel();
    const outcome = await running;
    assert.ok(!outcome.ok && outcome.cancelled, JSON.stringify(outcome).slice(0, 200));
    assert.strictEqual((await api()).lastReport(), drawn, 'nothing was drawn');

    const first = trace({ token: new vscode.CancellationTokenSource().token });
    await sleep(20);
    const second = trace();
    const [a, b] = await Promise.all([first, second]);
    assert.ok(!a.ok && a.cancelled, 'the older trace stopped');
    assert.ok(b.ok, !b.ok ? b.error : '');
    assert.deepStrictEqual(snapshot(editor), before);
  });

  it('refuses a selection over backpropTrace.maxElements, saying why', async () => {
    await vscode.workspace.getConfiguration('backpropTrace').update('maxElements', 1000, vscode.ConfigurationTarget.Global);
    const text = matrix(40, 50); // 2,000 elements
    const editor = await openWith('python', text, { selected: text });
    const before = snapshot(editor);
    const outcome = await trace();
    assert.ok(!outcome.ok);
    assert.match(outcome.error, /1,000 elements.*backpropTrace\.maxElements/);
    // So long that it is refused before it is read.
    const long = `[${'1.0, '.repeat(20_000)}1.0]`;
    await openWith('python', long, { selected: long });
    const refused = await trace();
    assert.ok(!refused.ok && /maxElements/.test(refused.error));
    await vscode.workspace.getConfiguration('backpropTrace').update('maxElements', undefined, vscode.ConfigurationTarget.Global);
    assert.deepStrictEqual(snapshot(editor), before);
    // 10,000 levels of nesting: refused as numpy refuses past 32 dimensions, at the 33rd bracket.
    const deep = '['.repeat(10_000) + '1' + ']'.repeat(10_000);
    await openWith('python', deep, { selected: deep });
    const tooDeep = await trace();
    assert.ok(!tooDeep.ok && /deeper than 32 levels.*:1:33\)$/.test(tooDeep.error), JSON.stringify(tooDeep).slice(0, 200));
  });

  it('100 traces in a row, panels closed and animations cut short: no error, memory back to baseline', async () => {
    const text = matrix(50, 50);
    const editor = await openWith('python', text, { selected: text });
    const before = snapshot(editor);
    const once = async (i: number) => {
      const rendered = (await api()).whenRendered(60_000);
      const outcome = await trace();
      assert.ok(outcome.ok, !outcome.ok ? outcome.error : '');
      // Every other trace is replaced before it has finished drawing or animating.
      if (i % 2 === 0) await rendered;
      else rendered.catch(() => undefined);
      if (i % 10 === 9) {
        await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
        await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      }
    };
    for (let i = 0; i < 10; i++) await once(i); // warm up: code loaded, caches filled
    const baseline = await settledHeap();
    for (let i = 0; i < 100; i++) await once(i);
    await (await api()).whenRendered(60_000).catch(() => undefined);
    const after = await settledHeap();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(`[reliability] heapUsed: baseline ${mb(baseline)} MB, after 100 traces ${mb(after)} MB (${after >= baseline ? '+' : ''}${mb(after - baseline)} MB)`);
    assert.ok(after - baseline < 64 * 1024 * 1024, 'the heap grew by more than 64 MB');
    assert.deepStrictEqual(snapshot(editor), before);
  });

  it('drops malformed messages from the webview without acting on them', async () => {
    const text = '[[1.0, -0.5], [2.0, 0]]';
    await openWith('python', text, { selected: text });
    const rendered = (await api()).whenRendered();
    assert.ok((await trace()).ok);
    await rendered;
    const probe = (await api()).panelProbe();
    assert.ok(probe, 'no panel');
    const drawn = (await api()).lastReport();
    const junk: unknown[] = [
      null, 'ready', 42, [], { type: 'eval', code: 'process.exit(1)' }, { type: 'rendered' },
      { type: 'rendered', report: { nodes: 'x', edges: [], width: 1, height: 1 } },
      { type: 'export', format: '../../../etc/passwd' }, { type: 'expand', node: 'x;rm', expanded: true },
      { type: 'exported', format: 'svg', data: '<script>alert(1)</script>' },
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
      { type: 'error', message: 'x'.repeat(1_000_000) },
    ];
    for (const j of junk) probe.receive(j);
    const after = (await api()).panelProbe();
    assert.strictEqual(after?.dropped, probe.dropped + junk.length, 'every junk message was dropped');
    assert.strictEqual((await api()).lastReport(), drawn, 'nothing was acted on');
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    // The panel still works.
    const again = (await api()).whenRendered();
    assert.ok((await trace()).ok);
    await again;
  });

  it('serves the real panel with a strict CSP', async () => {
    const probe = (await api()).panelProbe();
    assert.ok(probe, 'no panel');
    console.log(`[reliability] panel CSP: ${Object.entries(cspOf(probe.html)).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ').replace(/nonce-[^']+/, 'nonce-…')}`);
    // The page awaits the code the host read at activation (allowed by hash): the built files.
    const dist = (f: string) => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'dist', f), 'utf8');
    assert.equal(cspOf(probe.html)['script-src'].length, 3, 'the real panel links its code: the host had not read it');
    checkPanelHtml(probe.html, probe.cspSource, { chunk: dist('webview.cytoscape.js'), script: dist('webview.js') });
  });

  it('never modifies the document: hover and export leave text and version alone', async () => {
    const text = 'import numpy as np\nx = np.array([[1.0, -0.5], [2.0, 0]])\n';
    const editor = await openWith('python', text, { selected: '[[1.0, -0.5], [2.0, 0]]' });
    const before = snapshot(editor);
    const rendered = (await api()).whenRendered();
    assert.ok((await trace()).ok);
    await rendered;
    await vscode.commands.executeCommand('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 16));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-export-'));
    const target = vscode.Uri.file(path.join(dir, 'trace.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('backpropTrace.exportJson', target);
    assert.strictEqual(written?.fsPath, target.fsPath, 'the export went where it was asked to');
    assert.deepStrictEqual(fs.readdirSync(dir), ['trace.json'], 'and nowhere else');
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(target.fsPath, 'utf8')));
    assert.deepStrictEqual(snapshot(editor), before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
