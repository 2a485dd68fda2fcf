// The tracer's record stream (src/tracer/bpt_tracer/output.py: one JSON object a line, written as
// the calls happen) read back into the one result object schema.ts checks, from a stream cut
// anywhere: a half-written last line is dropped, a call without its "ret" is incomplete, and a
// stream without its "end" line is told apart by how the process ended (endingError).

/** The process as the host saw it end. */
export interface ProcessEnd {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** SIGTERM was ignored: the group was killed with SIGKILL after the grace period. */
  hardKilled: boolean;
  timeoutS?: number;
}

export interface StreamEnd {
  how: 'finished' | 'raised' | 'exit' | 'signal' | 'os._exit' | 'cap';
  code?: number;
  signal?: number;
  error?: Record<string, unknown>;
}

export interface ReadStream {
  /** The result object (validate it with parseRecorded); stdout is the host's to fill. */
  result: Record<string, unknown>;
  /** The tracer's last record; undefined when the process ended before writing it. */
  end?: StreamEnd;
  /** Lines that were not JSON (a half-written last line when the process was killed mid-write). */
  cutLines: number;
}

type Rec = Record<string, unknown> & { t?: string; i?: number };

/** `partial`: the records up to the "ran" line (the reader's code is over, its checks still to come):
 *  the instances whose check is queued are `checking`; else those never checked get an entry saying so. */
export function readStream(text: string, partial = false): ReadStream {
  let head: Rec = {};
  let end: Rec | undefined;
  const calls: Rec[] = [];
  const extra: Rec = {};
  let cutLines = 0;
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to);
    from = to + 1;
    if (!line) continue;
    let r: Rec;
    try {
      r = JSON.parse(line) as Rec;
    } catch {
      cutLines++;
      continue;
    }
    if (r.t === 'head') head = r;
    else if (r.t === 'call' && typeof r.i === 'number') calls[r.i] = { ...r };
    else if (r.t === 'ret' && typeof r.i === 'number' && calls[r.i]) Object.assign(calls[r.i], r, { done: true });
    else if (r.t === 'cap') Object.assign(extra, { capped: true, truncated: r.truncated === true });
    else if (r.t === 'gradcheck') extra.gradcheck = r.checks;
    // one layer instance's verdict, sent as it was made (a run stopped later keeps it)
    else if (r.t === 'check') extra.gradcheck = [...((extra.gradcheck as unknown[] | undefined) ?? []), r.check];
    else if (r.t === 'hints') extra.hints = r.hints;
    else if (r.t === 'ran') Object.assign(extra, { checking: r.checking, ran: r.timing, ranError: r.error, unrecorded: r.unrecorded });
    else if (r.t === 'end') end = r;
  }
  const out = calls.filter((c) => c !== undefined).map(finishCall);
  const passes = typeof end?.passes === 'number' ? end.passes : out.reduce((n, c) => Math.max(n, (c.pass as number) + 1), 0);
  const result: Record<string, unknown> = {
    version: 1,
    python: head.python,
    numpy: end?.numpy ?? head.numpy, // the end's: the tracer sees numpy once the program has imported it
    calls: out,
    gradcheck: extra.gradcheck ?? [],
    passes,
    capped: extra.capped === true,
    truncated: extra.truncated === true,
    stdout: '',
    timing: end?.timing ?? extra.ran ?? head.timing,
    ...(extra.hints ? { hints: extra.hints } : {}),
  };
  queuedChecks(result, extra.checking, partial);
  if (end?.how === 'cap') result.stoppedAtCap = true;
  const unrecorded = end?.unrecorded ?? extra.unrecorded; // known at "ran": the code has ended
  if (typeof unrecorded === 'number') result.unrecorded = unrecorded;
  if (end?.error) result.error = end.error;
  else if (partial && extra.ranError) result.error = extra.ranError;
  return { result, end: end as StreamEnd | undefined, cutLines };
}

/** The instances the "ran" line named that have no entry yet: still `checking` (partial), or, in a
 *  stream that ended without them (the process killed while checking), an entry saying so. */
function queuedChecks(result: Record<string, unknown>, queued: unknown, partial: boolean): void {
  if (!Array.isArray(queued)) return;
  const entries = result.gradcheck as Rec[];
  const has = new Set(entries.map((g) => g.instance));
  const left = queued.filter((i): i is number => typeof i === 'number' && !has.has(i));
  if (partial) result.checking = left;
  else {
    const calls = result.calls as Rec[];
    for (const i of left) {
      const cls = calls.find((c) => c.instance === i)?.class ?? '?';
      entries.push({ call: -1, backwardCall: -1, class: cls, instance: i, status: 'unchecked', reason: 'the process ended before its check was sent', inputs: [], params: [], maxAbsDiff: null, ok: true });
    }
  }
}

/** A call record joined with its "ret"; without one it was cut short (or dropped at the size cap). */
function finishCall(c: Rec): Rec {
  const { t: _t, i: _i, done, ...call } = c;
  if (done) return call;
  return { ...call, result: null, resultId: null, inPlace: [], attrs: {}, attrIds: {}, ...(call.dropped ? {} : { incomplete: true }) };
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };
const CRASHES = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGTRAP']);

/**
 * How the program ended, as an error for the result when it did not end by itself: one sentence,
 * and a kind the host and CLI tell apart (timeout, cancelled, killed, crashed, os-exit, cut).
 * Undefined when the tracer wrote its last record (its error, if any, is its own: the reader's
 * exception, or kind 'signal' for the SIGTERM of a timeout or Cancel).
 */
export function endingError(end: StreamEnd | undefined, p: ProcessEnd): { message: string; kind: string; line: null; file: null } | undefined {
  const e = (kind: string, message: string) => ({ message, kind, line: null, file: null });
  const after = p.timeoutS !== undefined ? ` after ${p.timeoutS} s` : '';
  if (end?.how === 'os._exit') return e('os-exit', `ended with os._exit(${end.code ?? '?'}); the calls recorded until then are kept`);
  if (end) return undefined; // its own last record: finished, raised, exit, cap, or our SIGTERM ('signal')
  if (p.cancelled) return e('cancelled', 'cancelled; the calls recorded until then are kept');
  if (p.timedOut) {
    return e('timeout', p.hardKilled
      ? `killed at the timeout${after} after it ignored SIGTERM; the calls recorded until then are kept`
      : `stopped at the timeout${after}; the calls recorded until then are kept`);
  }
  if (p.signal) {
    const n = SIGNAL_NUMBERS[p.signal];
    const named = `signal ${n ?? '?'} (${p.signal})`;
    if (CRASHES.has(p.signal)) return e('crashed', `crashed: ${named}; the calls recorded until then are kept`);
    const oom = p.signal === 'SIGKILL' ? ', as the out-of-memory killer does' : '';
    return e('killed', `killed by ${named}${oom}; the calls recorded until then are kept`);
  }
  return e('cut', `ended (exit code ${p.exitCode ?? '?'}) before the tracer's last record; the calls recorded until then are kept`);
}
