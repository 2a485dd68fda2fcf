// The one `evaluate` expression a trace at a breakpoint sends: probe.py exec'd into a fresh dict
// (never the program's globals), then its answer() called with the request, the tracer package's
// sources as JSON (imported from that text only for a layer) and the frame's globals and locals. An expression, not a
// statement: only debugpy's `repl` context runs statements, and `clipboard` is the context whose
// result is not cut at 2^16 characters. No vscode here: the unit tests run it in a real Python.

/**
 * The probe's files, sent as one text in this order, as paths under dist/ (webpack copies them
 * there): the probe's own, then the tracer's errortext.py, the one home of how an exception is told.
 */
export const PROBE_FILES = ['debug/probe.py', 'debug/frame.py', 'debug/sources.py', 'debug/recording.py', 'debug/pairs.py', 'debug/peek.py', 'debug/numbers.py', 'tracer/bpt_tracer/errortext.py'];

/** Where a PROBE_FILES entry is in the sources, below src/ (the unit tests read them there). */
export function probeSourcePath(file: string): string {
  return file.startsWith('debug/') ? `extension/${file}` : file;
}

/** What the probe is asked (probe.py's `req`). */
export interface ProbeRequest {
  /** The name or expression to read, evaluated in the paused frame. */
  expr: string;
  /** backpropTrace.maxElements: a bigger array is refused before a byte of it is moved. */
  maxElements: number;
  /** backpropTrace.python.methods: the layer methods wrapped and recorded. */
  methods: string[];
  /** forward's arguments the layer caches none of (the book's Relu's x; AddLayer's x, y), comma-separated expressions in the frame. */
  input?: string;
  /** The dout a layer's backward gets, an expression in the frame (a copy of it); ones, or 1 after a number, otherwise. */
  dout?: string;
  /** The paused frame's function (`affine_backward`): paused inside a pair's backward, its own dout is used (pairs.py). */
  frame?: string;
  /** A hover's read (peek.py): the value only, running none of the program's code. */
  peek?: boolean;
  gradcheckMax?: number;
  gradcheckSeconds?: number;
}

/** A Python string literal of any text: JSON's escapes are Python's, and non-ASCII is escaped too. */
export function pyString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function probeExpression(probe: string, tracer: string, req: ProbeRequest): string {
  const ns = "{'__name__': '__backprop_trace__', '__file__': '<backprop-trace>'}";
  return `(lambda __bpt_g, __bpt_l: (lambda __bpt: (exec(${pyString(probe)}, __bpt), __bpt['answer'](${pyString(JSON.stringify(req))}, ${pyString(tracer)}, __bpt_g, __bpt_l))[1])(${ns}))(globals(), locals())`;
}
