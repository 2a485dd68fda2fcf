// `backprop-trace run FILE.py`: runs the reader's program under the tracer and prints, per
// recorded call, the class, method, arguments and result numpy-style, the in-place notes and the
// gradient check; `--json` prints the tracer's result object instead (README: "The --json schema").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { formatArray, say, scalarText, shapeText, type Writer } from '../engine';
import { parseRecorded, type RecordedArray, type RecordedCall, type RecordedGradCheck, type RecordedResult, type RecordedValue } from '../engine/recorded/schema';
import { isArrayValue, isScalarValue, resolveRefs, valuesById, wireOf, withNested } from '../engine/recorded/values';
import { forwardOnly, verdictOfRecording, whichBackward } from '../engine/recorded/verdicts';
import { indexCalls, type Calls } from '../engine/recorded/calls';
import { writtenDout } from '../engine/recorded/aliased';
import { findTracer, runTracer, type TracerOutcome } from '../python/tracer';
import { notebookCells, placeText, type NotebookCell } from './notebook';
import { writeRunJson } from './runJson';
import { BOUNDS, DEFAULT_RECORDING, parseBounded, parseMethods, tracerOptions, type RecordingOptions } from './tracerOptions';

export const RUN_USAGE = `Usage: backprop-trace run FILE.py|FILE.ipynb [--json] [--timeout S] [--python PATH]
         [--methods forward,backward] [--max-passes N] [--max-calls N] [--stop-at-cap]

Runs FILE.py (or a notebook's code cells in order) with Backprop Trace's tracer and prints every
call of a method named forward or backward of your classes, and of your functions named
*_forward / *_backward (cs231n style): arguments, results, in-place writes, and a gradient check
of each layer's backward against central differences of its own forward.

  --json          print the tracer's result as one JSON object (see the README)
  --timeout S     stop the program after S seconds (default ${BOUNDS.timeout.default})
  --python PATH   the interpreter (default: $BPT_PYTHON, else python3, else python)
  --methods A,B   the method names recorded (default forward,backward; names starting with
                  backward are the backward pass), as the setting backpropTrace.python.methods
  --max-passes N  stop recording after N passes (default ${BOUNDS.maxPasses.default}, ${BOUNDS.maxPasses.min} to ${BOUNDS.maxPasses.max}); the program runs on
  --max-calls N   stop recording after N calls (default ${BOUNDS.maxCalls.default}, ${BOUNDS.maxCalls.min} to ${BOUNDS.maxCalls.max}); likewise
  --stop-at-cap   stop the program when a cap is reached instead of letting it finish
Exit status: 0 when the program ran, 2 when it raised, timed out or called no layer.`;

interface RunArgs {
  file?: string;
  json: boolean;
  timeout: number;
  python?: string;
  recording: RecordingOptions;
  help?: boolean;
}

function parseRunArgs(argv: string[]): RunArgs | string {
  const args: RunArgs = { json: false, timeout: BOUNDS.timeout.default, recording: { ...DEFAULT_RECORDING } };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    // a flag's value; the next flag is not one (`--max-passes --json` says the number is missing)
    const value = (): string | undefined => inline ?? (argv[i + 1]?.startsWith('--') ? undefined : argv[++i]);
    if (flag === '-h' || flag === '--help') args.help = true;
    else if (flag === '--json') args.json = true;
    else if (flag === '--stop-at-cap') args.recording.stopAtCap = true;
    else if (flag === '--timeout') {
      const n = Number(value());
      if (!(n > 0)) return `${flag} needs a positive number`;
      args.timeout = n;
    } else if (flag === '--max-passes' || flag === '--max-calls') {
      const n = parseBounded(flag, value(), flag === '--max-passes' ? BOUNDS.maxPasses : BOUNDS.maxCalls);
      if (typeof n === 'string') return n;
      args.recording[flag === '--max-passes' ? 'maxPasses' : 'maxCalls'] = n;
    } else if (flag === '--methods') {
      const methods = parseMethods(value() ?? '');
      if (typeof methods === 'string') return methods;
      args.recording.methods = methods;
    } else if (flag === '--python') {
      const p = value();
      if (!p) return '--python needs a path';
      args.python = p;
    } else if (!flag.startsWith('-') && args.file === undefined) args.file = flag;
    else return flag.startsWith('-') ? `unknown option '${flag}'` : `more than one file given ('${args.file}' and '${flag}')`;
  }
  return args;
}

function nestedText(n: unknown, bool: boolean): string {
  if (Array.isArray(n)) return `[${n.map((m) => nestedText(m, bool)).join(' ')}]`;
  return bool ? (n ? 'True' : 'False') : String(n);
}

/** One value, numpy-style: `name = 2.2`, or `name (2, 2):` and the array below. */
export function valueText(name: string, v: RecordedValue | undefined, indent = '  '): string {
  if (v === undefined) return `${indent}${name}: (not recorded)`;
  // a bare number is an older tracer's: a float, as the schema says
  if (typeof v === 'number') return `${indent}${name} = ${scalarText(v, undefined)}`;
  if (typeof v === 'boolean' || v === null) return `${indent}${name} = ${v === null ? 'None' : v ? 'True' : 'False'}`;
  if (typeof v === 'string') return `${indent}${name} = ${v === 'Infinity' ? 'inf' : v === '-Infinity' ? '-inf' : 'nan'}`;
  if (Array.isArray(v)) return v.map((x, i) => valueText(`${name}[${i}]`, x, indent)).join('\n');
  if (!isArrayValue(v)) return `${indent}${name} = <${'type' in v ? v.type : `value #${v.ref}`}>`;
  const t = isScalarValue(v) ? wireOf(v) : undefined;
  if (t) return `${indent}${name} = ${t.text ?? scalarText(t.data[0], t.dtype)}`; // past 2**53: its str()
  return arrayText(name, v, indent);
}

function arrayText(name: string, packed: RecordedArray, indent: string): string {
  const v = withNested(packed) as RecordedArray;
  const head = `${indent}${name} ${shapeText(v.shape)}${v.dtype === 'float64' ? '' : ` ${v.dtype}`}`;
  const pad = (s: string): string => s.split('\n').map((l) => indent + '  ' + l).join('\n');
  if (v.data === undefined) {
    return `${head}, min ${String(v.min)} max ${String(v.max)} mean ${String(v.mean)}:\n${pad(v.text ?? '')}`;
  }
  const t = wireOf(packed); // from its bytes: an int64's digits past 2**53 too
  // numpy's own print for float64, float32, integer and bool arrays; other dtypes as nested lists
  if (t && /^(float(16|32|64)|u?int(8|16|32|64)|bool)$/.test(v.dtype)) return `${head}:\n${pad(formatArray(t))}`;
  return `${head}:\n${pad(nestedText(v.data, v.dtype === 'bool'))}`;
}

const where = (c: RecordedCall): string => (c.file ? ` at ${placeText(path.basename(c.file), c.line)}` : '');

/** `Relu#0.forward` for a method, `affine_forward` for a cs231n-style function. */
const callName = (c: RecordedCall): string => c.function ?? `${c.class}#${c.instance}.${c.method}`;

function callText(c: RecordedCall, i: number, calls: readonly RecordedCall[]): string {
  const lines = [`[${i}] ${callName(c)}(${c.params.join(', ')})${where(c)}${c.thread !== undefined ? ` on thread ${c.thread}` : ''}`];
  c.args.forEach((a, j) => lines.push(valueText(c.params[j] ?? `arg${j}`, a)));
  if (c.raised) lines.push('  raised an exception');
  else if (c.incomplete) lines.push('  (still running when recording stopped)');
  else {
    const f = c.pairs !== null && c.pairs !== undefined ? calls[c.pairs] : undefined;
    const backward = c.method.startsWith('backward');
    if (c.lossGrad !== undefined && Array.isArray(c.result) && c.result.length === 2) {
      // a cs231n loss: the loss and its gradient from one call
      lines.push(valueText('loss', c.result[0]), valueText(`d${c.params[c.lossGrad] ?? 'x'}`, c.result[1]));
    } else if (backward && Array.isArray(c.result) && f && f.params.length === c.result.length) {
      c.result.forEach((r, j) => lines.push(valueText(`d${f.params[j]}`, r)));
    } else lines.push(valueText(backward ? `d${f?.params[0] ?? 'x'}` : 'out', c.result));
  }
  for (const j of c.inPlace) lines.push(`  note: ${c.method} wrote into its argument ${c.params[j] ?? `#${j}`}`);
  if (c.generator) lines.push(`  note: ${c.method} is a generator: recorded once, at its first yield, and not gradient-checked`);
  return lines.join('\n');
}

const diffText = (d: number | null): string => (d === null ? 'nan' : d.toPrecision(2));
/** A port's error as its line says it: `dW has shape …` already names the gradient, others get it in front. */
const portError = (name: string, error: string | undefined): string | undefined =>
  error === undefined ? undefined : error.startsWith(`d${name} `) ? error : `d${name}: ${error}`;

/**
 * Every layer instance's verdict in the panel's words (verdictOfRecording: ok, FAILED with where,
 * not checked with why), its ports' largest differences under it, and the hints.
 */
/** ` But the dout its backward received had been changed in place first: …` as the panel says it (aliased.ts), else ''. */
function writtenText(r: RecordedResult, i: number, passes: Map<number, Calls>): string {
  const f = r.calls[i];
  if (!f) return '';
  const k = passes.get(f.pass) ?? indexCalls(r, f.pass);
  passes.set(f.pass, k);
  const written = writtenDout(k, i, k.backwardOf.get(i));
  return written ? ` ${say('check_but', written)}` : '';
}

/** `, its second backward batchnorm_backward_alt` (a class's: `, its second backward`): which of a forward's verdicts this is. */
const againText = (r: RecordedResult, g: RecordedGradCheck): string =>
  g.again === undefined ? '' : `, ${whichBackward(r.gradcheck.filter((e) => e.call === g.call && e.instance === g.instance), g, r.calls)}`;

function gradcheckText(r: RecordedResult): string {
  const lines = [`gradient check (backward against central differences of forward; README "The gradient check"):`];
  const values = valuesById(r.calls);
  const passes = new Map<number, Calls>();
  for (const g of r.gradcheck) {
    // checked after recording stopped (call -1: gradient_check.py's backprop after the cap): named by a recorded call of that instance
    const c = r.calls[g.call] ?? r.calls[g.backwardCall ?? -1] ?? r.calls.find((k) => k.class === g.class && k.instance === g.instance && k.names?.self);
    const who = `${c?.names?.self ?? c?.function ?? `${g.class}#${g.instance ?? c?.instance ?? '?'}`}${c?.names?.self ? ` (${g.class})` : ''}${againText(r, g)}`;
    lines.push(`  ${who}: ${verdictOfRecording(g, r.calls, values).text}${writtenText(r, g.call, passes)}`);
    const ports = [...g.inputs, ...(g.params ?? [])].map((p) => `${portError(p.name ?? '?', p.error) ?? `${p.grad ?? `d${p.name ?? '?'}`} max |diff| ${diffText(p.maxAbsDiff)}`} (${p.checked} checked)`);
    if ((g.status ?? 'checked') !== 'unchecked' && ports.length) lines.push(`    ${ports.join(', ')}`);
  }
  for (const c of forwardOnly(r)) lines.push(`  ${c.names?.self ? `${c.names.self} (${c.class})` : c.function ?? `${c.class}#${c.instance}`}: ${say(r.capped ? 'check_no_backward_cap' : 'check_no_backward')}`);
  for (const h of r.hints ?? []) lines.push(`  hint: ${h}`);
  return lines.join('\n');
}

function printHuman(out: Writer, r: RecordedResult): void {
  const parts: string[] = [];
  let pass = -1;
  const shown = r.calls.slice(0, 200);
  shown.forEach((c, i) => {
    if (c.pass !== pass && r.passes > 1) parts.push(`pass ${c.pass + 1} of ${r.passes}`);
    pass = c.pass;
    parts.push(callText(c, i, r.calls));
  });
  if (r.calls.length > shown.length) parts.push(`... ${r.calls.length - shown.length} more calls (--json prints them all)`);
  if (r.capped) parts.push(`recording stopped at the cap after ${r.calls.length} calls; the program ran on${r.truncated ? ' (output size cap reached)' : ''}${unrecordedText(r)}`);
  if (r.gradcheck.length || r.hints?.length || forwardOnly(r).length) parts.push(gradcheckText(r));
  if (parts.length) out.write(parts.join('\n\n') + '\n');
}

/** The layer calls after the cap, counted, not recorded (none counted: nothing said). */
const unrecordedText = (r: RecordedResult): string => (r.unrecorded ? `, and ${r.unrecorded} later calls of its layers were not recorded` : '');

/** The program's bytes to a writer as text, a multi-byte character never split between chunks. */
function through(out: Writer): (chunk: Buffer) => void {
  const decoder = new StringDecoder('utf8');
  return (chunk) => {
    const s = decoder.write(chunk);
    if (s) out.write(s);
  };
}

async function runWithPython(args: RunArgs, tracer: string, env: NodeJS.ProcessEnv, io: RunIO, cells?: NotebookCell[]): Promise<{ outcome?: TracerOutcome; tried: string[] }> {
  const candidates = args.python ? [args.python] : env.BPT_PYTHON ? [env.BPT_PYTHON] : ['python3', 'python'];
  const file = path.resolve(args.file as string);
  for (const python of candidates) {
    const outcome = await runTracer({
      python,
      tracer,
      ...(cells ? { cells } : { file }),
      cwd: cells ? path.dirname(file) : process.cwd(), // a notebook runs in its folder, as in Jupyter
      timeoutMs: args.timeout * 1000,
      args: tracerOptions(args.recording),
      // as in a plain run: its stdin is ours, its output comes as it is written (to stderr when
      // --json owns stdout), and the trace's report follows
      stdin: io.stdin === process.stdin ? 'inherit' : 'ignore',
      onStdout: through(args.json ? io.stderr : io.stdout),
      onStderr: through(io.stderr),
    });
    if (!outcome.spawnError) return { outcome, tried: [python] };
  }
  return { tried: candidates };
}

const SEPARATOR = '──';

export interface RunIO {
  stdout: Writer;
  stderr: Writer;
  stdin?: unknown;
}

export async function runCommand(argv: string[], io: RunIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseRunArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`backprop-trace run: ${args}\n${RUN_USAGE}\n`);
    return 2;
  }
  if (args.help || args.file === undefined) {
    (args.help ? io.stdout : io.stderr).write(RUN_USAGE + '\n');
    return args.help ? 0 : 2;
  }
  const fail = (message: string): number => {
    io.stderr.write(`backprop-trace run: ${message}\n`);
    return 2;
  };
  const tracer = findTracer();
  if (!tracer) return fail('the tracer bpt_trace.py is missing next to the CLI (dist/tracer/)');
  const notebook = /\.ipynb$/i.test(args.file) ? readNotebook(args.file) : undefined;
  if (notebook && 'error' in notebook) return fail(notebook.error);
  for (const note of notebook?.notes ?? []) io.stderr.write(`backprop-trace run: note: ${note}\n`);
  const { outcome, tried } = await runWithPython(args, tracer, env, io, notebook?.cells);
  if (!outcome) return fail(`no Python interpreter could be started (tried ${tried.join(', ')}); pass --python PATH or set BPT_PYTHON`);
  const timedOut = `${args.file} timed out after ${args.timeout} s and was ${outcome.hardKilled ? 'killed (it ignored SIGTERM)' : 'stopped'}`;
  if (outcome.result === undefined) {
    if (outcome.timedOut) return fail(timedOut);
    return fail(`the tracer wrote no result (exit code ${outcome.exitCode ?? outcome.signal}):\n${outcome.stderr.trim()}`);
  }
  const parsed = parseRecorded(outcome.result);
  if ('error' in parsed) return fail(parsed.error);
  // the tracer sends a value once and names its id after that; the CLI prints every value in place
  const r = resolveRefs(parsed.result);
  if (r.error?.kind === 'no-numpy') return fail(`${r.error.message}; install numpy or pass --python PATH`); // the message names the interpreter
  if (outcome.timedOut) r.error = { message: timedOut, kind: 'timeout', line: null, file: null };
  if (args.json) writeRunJson(io.stdout, { ...parsed.result, error: r.error });
  else {
    // the program's own output came first, as it ran; the report is set apart below it
    io.stdout.write(`${SEPARATOR} backprop-trace: ${r.calls.length} calls recorded in ${path.basename(args.file)} ${SEPARATOR}\n`);
    printHuman(io.stdout, r);
  }
  if (r.stdoutDropped) {
    io.stderr.write(`backprop-trace run: the report's copy of the program's output stops at ${r.stdout.length} characters; ${r.stdoutDropped.lines} more lines were printed above but not kept\n`);
  }
  if (r.error?.kind === 'os-exit' && outcome.end?.code === 0) {
    io.stderr.write(`backprop-trace run: ${args.file} ${r.error.message}\n`);
    return r.calls.length ? 0 : fail(`no layer call was recorded in ${args.file}`);
  }
  if (r.error) {
    const at = r.error.file ? `${placeText(r.error.file, r.error.line, r.error.column)}: ` : r.error.kind === 'timeout' ? '' : `${args.file}: `;
    return fail(`${at}${r.error.message}${r.error.traceback && r.error.kind !== 'timeout' ? `\n${r.error.traceback.trimEnd()}` : ''}`);
  }
  if (r.calls.length === 0) {
    const names = args.recording.methods.join(' and ');
    return fail(`no layer call was recorded in ${args.file}: the tracer records calls of methods named ${names} of your own classes, and of your functions named ${args.recording.methods.map((m) => `*_${m}`).join(' and ')} (cs231n style)`);
  }
  return 0;
}

/** A notebook's code cells (as the extension runs them), or a sentence saying why not, with line:column. */
function readNotebook(file: string): ReturnType<typeof notebookCells> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const nb = notebookCells(text, path.resolve(file));
  if ('error' in nb) return { error: /^\d+:\d+: /.test(nb.error) ? `${file}:${nb.error}` : `${file}: ${nb.error}` };
  if (!nb.cells.length) return { error: `${file} has no Python code cell to run` };
  return nb;
}
