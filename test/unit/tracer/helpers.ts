// Shared by the tracer tests: the real interpreter (Debian's python3 with numpy unless
// BPT_PYTHON names another), the tracer from the sources, and plain runs to compare with.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTracer, type TracerCell, type TracerOutcome } from '../../../src/python/tracer';
import { parseRecorded, type RecordedResult, type RecordedValue } from '../../../src/engine/recorded/schema';
import { isScalarValue } from '../../../src/engine/recorded/values';
import { recordedToGraph } from '../../../src/engine/recorded';
import { previewGraph } from '../../../src/engine/print/wirePreview';
import { isTraceGraph } from '../../../src/protocol';
import { main } from '../../../src/cli';

export const ROOT = path.resolve(__dirname, '../../../..');
export const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
export const TRACER = path.join(ROOT, 'src', 'tracer', 'bpt_trace.py');
export const EXAMPLES = path.join(ROOT, 'examples');

/** The book's Relu (5.5.1) as learners copy it, with numpy imported: the head of many test programs. */
export { BOOK_RELU } from '../../fixtures/bookLayers';

/** `backprop-trace run …argv` in this process, its exit code and what it wrote. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['run', ...argv], {
    stdin: (async function* () {})(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

/** `cwd`: where the program runs (its file's folder unless given). */
export async function trace(file: string, args: string[] = [], timeoutMs = 60_000, cwd = path.dirname(file)): Promise<RecordedResult & { outcome: TracerOutcome }> {
  const outcome = await runTracer({ python: PYTHON, tracer: TRACER, file, cwd, timeoutMs, args });
  return checked(outcome);
}

export async function traceCells(cells: TracerCell[], cwd: string): Promise<RecordedResult & { outcome: TracerOutcome }> {
  return checked(await runTracer({ python: PYTHON, tracer: TRACER, cells, cwd, timeoutMs: 60_000 }));
}

function checked(outcome: TracerOutcome): RecordedResult & { outcome: TracerOutcome } {
  assert.ok(outcome.result !== undefined, `no result: exit ${outcome.exitCode}\n${outcome.stderr}`);
  const parsed = parseRecorded(outcome.result);
  if ('error' in parsed) assert.fail(parsed.error);
  drawable(parsed.result);
  return { ...parsed.result, outcome };
}

/** Every pass's graph is one the panel takes (protocol.ts): the webview drops any other without a word to the user. */
function drawable(result: RecordedResult): void {
  for (let p = 0; p < Math.max(1, result.passes); p++) {
    const graph = previewGraph(recordedToGraph(result, p));
    if (!graph.nodes.length) continue;
    assert.ok(isTraceGraph(graph), `pass ${p}'s graph is not one the panel takes (${graph.nodes.length} nodes, ${graph.edges.length} edges; ids ${graph.nodes.slice(0, 8).map((n) => n.id).join(' ')} …)`);
  }
}

/** The program's stdout when run plainly, without the tracer. */
export function plainRun(file: string): string {
  const r = spawnSync(PYTHON, [file], { cwd: path.dirname(file), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The numbers in a printed line, as Python printed them. */
export const numbersIn = (s: string): number[] => (s.match(/-?\d+\.?\d*(?:e[-+]?\d+)?/g) ?? []).map(Number);

export function tempScript(name: string, text: string): { file: string; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-test-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return { file, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Command lines of the running processes that contain `marker`. */
export function processesWith(marker: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Notebook {
  cells: { cell_type: string; source: string[]; outputs?: { text?: string[]; data?: { 'text/plain': string[] } }[] }[];
}

/** A notebook's code cells as the tracer takes them ("restart and run all"). */
export function notebookCells(file: string): TracerCell[] {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  return nb.cells.filter((c) => c.cell_type === 'code').map((c, i) => ({ code: c.source.join(''), filename: `${file}#cell${i + 1}`, line: 1 }));
}

/** What the notebook printed when it was run: its stream outputs and Out[n] values, in order. */
export function notebookPrinted(file: string): string {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  const outputs = nb.cells.filter((c) => c.cell_type === 'code').flatMap((c) => c.outputs ?? []);
  return outputs.map((o) => (o.text ? o.text.join('') : (o.data?.['text/plain'] ?? []).join('') + '\n')).join('');
}

/** A recorded value with each number (`{"shape": [], "scalar": "int", "data": 100}`) as the bare number it holds: for assertions on values. */
export function bare(v: RecordedValue | undefined): unknown {
  if (Array.isArray(v)) return v.map(bare);
  if (isScalarValue(v)) return typeof v.data === 'number' ? v.data : Number(v.data);
  return v;
}
