// backprop-trace: the engine from a terminal. Reads an array literal, runs ReLU/Sigmoid forward
// and backward, prints numpy-style (default), JSON (--json) or statistics (--summary).
import * as fs from 'node:fs';
import {
  DEFAULT_LAYERS,
  ArrayParser,
  numpyDtype,
  DoutError,
  DoutSpec,
  elementOf,
  isIntegral,
  formatArray,
  layerSpec,
  LayerName,
  LAYER_NAMES,
  parseLayerList,
  parseArray,
  ParsedArray,
  ParseError,
  pyFloatRepr,
  runLiteral,
  tracedX,
  RunOptions,
  shapeText,
  shortNumber,
  Stats,
  summarizeLayers,
  Tensor,
  writeJson,
  Writer,
} from './engine';
import { runCommand } from './cli/run';

export interface CliIO {
  stdin: AsyncIterable<string | Uint8Array>;
  stdout: Writer;
  stderr: Writer;
}

const USAGE = `Usage: backprop-trace [--layers relu,sigmoid] [--dout LITERAL|same|ones] [--json|--summary] [FILE|-]
       backprop-trace run FILE.py [--json] [--timeout S] [--python PATH]   (backprop-trace run --help)

Reads an array literal (Python/numpy/JS syntax) from FILE or stdin and prints the forward
output and backward gradient of ReLU and Sigmoid (Deep Learning from Scratch, 5.5).

  --layers L     the layers (${LAYER_NAMES.join(', ')}): a,b side by side on the same x (default
                 relu,sigmoid, as the notebook), a>b a chain, e.g. relu>sigmoid
  --dout D       the upstream gradient: 'ones' (default), 'same' (x itself, as the notebook
                 does) or an array literal of the output's shape, or a single number
  --json         print {"shape": [...], "layers": [{"name", "out", "dx"}, ...]}
  --summary      print shapes and min/max/mean of out and dx, for big inputs
  -h, --help     show this help
Exit status: 0 on success, 2 on bad input or arguments.`;

const LABEL = (name: string): string => layerSpec(name).label;

interface Args {
  layers?: { layers: LayerName[]; mode: 'chain' | 'parallel' };
  dout?: string;
  output: 'numpy' | 'json' | 'summary';
  file?: string;
  help?: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { output: 'numpy' };
  const value = (i: number, flag: string, inline?: string): string => {
    const v = inline ?? argv[i + 1];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const consumed = inline === undefined ? 1 : 0;
    if (flag === '-h' || flag === '--help') args.help = true;
    else if (flag === '--json' || flag === '--summary') {
      const output = flag === '--json' ? 'json' : 'summary';
      if (args.output !== 'numpy' && args.output !== output) throw new UsageError('--json and --summary cannot be combined');
      args.output = output;
    } else if (flag === '--layers') {
      const list = parseLayerList(value(i, flag, inline));
      if ('error' in list) throw new UsageError(list.error);
      args.layers = list;
      i += consumed;
    } else if (flag === '--dout') {
      args.dout = value(i, flag, inline);
      i += consumed;
    } else if (arg === '-' || !arg.startsWith('-')) {
      if (args.file !== undefined) throw new UsageError(`more than one input given ('${args.file}' and '${arg}')`);
      args.file = arg;
    } else throw new UsageError(`unknown option '${arg}'`);
  }
  return args;
}

/** Text kept for the error excerpt; a bigger input is re-read from its file on error instead. */
const KEEP_FOR_EXCERPT = 1 << 20;
const CHUNK = 1 << 16;

interface Input {
  parsed?: ParsedArray;
  error?: ParseError;
  /** The input text when small enough to keep (for the error excerpt). */
  text?: string;
}

/**
 * Streams the input through the parser in 64 KB chunks: the whole text is never held, so a
 * 17 MB literal costs little more memory than its values.
 */
async function readAndParse(file: string | undefined, stdin: AsyncIterable<string | Uint8Array>): Promise<Input> {
  const fromFile = file !== undefined && file !== '-';
  // at least two characters per value ("1,"), so size / 2 bounds the count
  const parser = new ArrayParser({ trim: false, capacity: fromFile ? Math.ceil(fs.statSync(file).size / 2) + 1 : undefined });
  const kept: string[] = [];
  let keptLength = 0;
  const feed = (s: string): void => {
    if (keptLength <= KEEP_FOR_EXCERPT) {
      kept.push(s);
      keptLength += s.length;
    }
    parser.write(s);
  };
  const decoder = new TextDecoder();
  try {
    if (fromFile) {
      // one reused 64 KB buffer: small chunks stay in V8's young generation and are freed at once
      const fd = fs.openSync(file, 'r');
      try {
        const buf = Buffer.allocUnsafe(CHUNK);
        for (let n; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0; ) feed(decoder.decode(buf.subarray(0, n), { stream: true }));
      } finally {
        fs.closeSync(fd);
      }
    } else {
      for await (const chunk of stdin) feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    }
    feed(decoder.decode());
    return { parsed: parser.end() };
  } catch (e) {
    if (e instanceof ParseError) return { error: e, text: keptLength <= KEEP_FOR_EXCERPT ? kept.join('') : undefined };
    throw e;
  }
}

/** "file:3:7: message" plus the line and a caret under the column. */
function describeParseError(e: ParseError, text: string | undefined, source: string): string {
  const head = `${source}:${e.line}:${e.column}: ${e.message}\n`;
  if (text === undefined) return head;
  const lineStart = e.offset - (e.column - 1);
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const from = Math.max(lineStart, e.offset - 60);
  const excerpt = text.slice(from, Math.min(lineEnd, from + 120)).replace(/\t/g, ' ').replace(/\r$/, '');
  return `${head}  ${excerpt}\n  ${' '.repeat(e.offset - from)}^\n`;
}

function readDout(spec: string | undefined): DoutSpec | undefined {
  if (spec === undefined || spec === 'ones') return spec;
  if (spec === 'same') return 'same';
  try {
    return parseArray(spec).tensor;
  } catch (e) {
    if (e instanceof ParseError) throw new UsageError(describeParseError(e, spec, '--dout').trimEnd());
    throw e;
  }
}

// The one short number (8 digits), spelt as Python prints a float (2.0, not 2); an int64 or bool
// min / max as numpy prints that element (5, True). A mean is numpy's float64 for every dtype.
const num = (v: number): string => (Number.isFinite(v) ? pyFloatRepr(Number(shortNumber(v, 8))) : shortNumber(v));
const ends = (v: number, dtype: string | undefined): string => (isIntegral(dtype) ? elementOf(v, dtype) : num(v));
const stats = (s: Stats): string => `min ${ends(s.min, s.dtype)}  max ${ends(s.max, s.dtype)}  mean ${num(s.mean)}`;
/** An output's or gradient's dtype, said when x's was (numpy's: ReLU keeps int64, Sigmoid gives float64). */
const resultDtype = (s: Stats, x: Stats): string => (x.dtype ? `, dtype ${s.dtype ?? 'float64'}` : '');

/** ", dtype float32" when the literal named a dtype the engine computes in; else what it computed in. */
const dtypeNote = (dtype: string | undefined): string => {
  if (!dtype) return '';
  const used = numpyDtype(dtype);
  return used ? `, dtype ${used}` : `, dtype ${dtype} read (computed in float64)`;
};

function printNumpy(out: Writer, x: Tensor, opts: RunOptions, doutName: string, dtype?: string): void {
  const run = runLiteral(x, opts);
  const lines = [`x ${shapeText(x.shape)}${dtypeNote(dtype)}:`, formatArray(x), ''];
  lines.push(opts.mode === 'chain' ? `chain: ${opts.layers.map((n) => LABEL(n)).join(' -> ')}, dout = ${doutName}` : `side by side on x, dout = ${doutName}`, '');
  run.calls.forEach((c, i) => {
    const input = opts.mode === 'chain' && i > 0 ? `h${i}` : 'x';
    lines.push(`${LABEL(c.call.layer)}.forward(${input}):`, formatArray(c.out));
    lines.push(`${LABEL(c.call.layer)}.backward(dout) = d${input}:`, formatArray(c.dinputs[0] as Tensor), '');
  });
  for (const n of run.spec.notes ?? []) lines.push(`note: ${n}`, '');
  out.write(lines.join('\n') + '\n');
}

function printSummary(out: Writer, x: Tensor, opts: RunOptions, doutName: string, dtype?: string): void {
  const s = summarizeLayers(x, opts);
  const lines = [`x: shape ${shapeText(s.shape)}${dtypeNote(dtype)}, ${s.x.count} elements, ${stats(s.x)}`];
  lines.push(opts.mode === 'chain' ? `chain: ${opts.layers.map((n) => LABEL(n)).join(' -> ')}, dout = ${doutName}` : `side by side on x, dout = ${doutName}`);
  for (const l of s.layers) {
    lines.push(`${LABEL(l.name)} out: shape ${shapeText(s.shape)}${resultDtype(l.out, s.x)}, ${stats(l.out)}`);
    lines.push(`${LABEL(l.name)} dx:  shape ${shapeText(s.shape)}${resultDtype(l.dx, s.x)}, ${stats(l.dx)}`);
  }
  for (const n of s.notes) lines.push(`note: ${n}`);
  out.write(lines.join('\n') + '\n');
}

/** The file again, for the error excerpt, when it is not too big to read whole. */
function readSmallFile(file: string): string | undefined {
  try {
    return fs.statSync(file).size <= 64 << 20 ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  // `run`: the reader's own layers, traced in Python (a file named run: pass ./run)
  if (argv[0] === 'run') return runCommand(argv.slice(1), io);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`backprop-trace: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  const source = args.file === undefined || args.file === '-' ? '<stdin>' : args.file;
  try {
    const dout = readDout(args.dout);
    let input: Input;
    try {
      input = await readAndParse(args.file, io.stdin);
    } catch (e) {
      io.stderr.write(`backprop-trace: cannot read ${source}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    if (input.error) {
      const text = input.text ?? (args.file !== undefined && args.file !== '-' ? readSmallFile(args.file) : undefined);
      io.stderr.write(describeParseError(input.error, text, source));
      return 2;
    }
    const { dtype } = input.parsed as ParsedArray;
    // Computed in the dtype the text names (float32 rounded after every operation), as numpy would.
    const x = tracedX(input.parsed as ParsedArray);
    const opts: RunOptions = { ...(args.layers ?? { ...DEFAULT_LAYERS, layers: [...DEFAULT_LAYERS.layers] }), dout };
    const doutName = args.dout === undefined ? 'ones' : args.dout === 'same' || args.dout === 'ones' ? args.dout : 'given';
    if (args.output === 'summary') printSummary(io.stdout, x, opts, doutName, dtype);
    else if (args.output === 'json') writeJson(io.stdout, x, opts.mode, runLiteral(x, opts));
    else printNumpy(io.stdout, x, opts, doutName, dtype);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof DoutError) {
      io.stderr.write(`backprop-trace: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`backprop-trace: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // A reader that stops reading (`backprop-trace run prog.py | head -1`) ends the CLI quietly, as
  // it would a Unix tool: exit 0, no stack trace; the traced program's group goes with it.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  process.stderr.on('error', () => undefined); // nowhere left to say anything
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`backprop-trace: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
