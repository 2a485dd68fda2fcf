// Reads the tracer's record file while the program still runs, for one moment: the "ran" record
// (the reader's code is over; the gradient checks run after it). The host draws the graph then,
// its layers "checking…", and each "check" record after it puts one layer's verdict in the drawn
// graph, rather than the graph waiting for every check. Polled: a few small reads a second.
import * as fs from 'node:fs';
import { readStream } from '../engine/recorded/stream';

/** How often the file is looked at while the process runs. */
const POLL_MS = 15;
const RAN = Buffer.from('\n{"t": "ran"');
const CHECK = '{"t": "check"';

export interface TailHandlers {
  /** The records up to the "ran" line, read into one result (partial: its layers are checking). */
  onRan?: (result: Record<string, unknown>) => void;
  /** The checks that arrived since, each one layer instance's entry (schema.ts's RecordedGradCheck). */
  onChecks?: (entries: unknown[]) => void;
}

/**
 * A "check" line's entry; none for a line that is not JSON. Early verdicts are a preview: the whole
 * file is read again when the process closes (stream.ts), which names anything malformed. Without
 * this, one bad line would throw again at every tick.
 */
function checkOf(line: string): unknown[] {
  try {
    return [(JSON.parse(line) as { check: unknown }).check];
  } catch {
    return [];
  }
}

/** Starts polling `file`; the returned function stops it (call it when the process has closed). */
export function tailRecords(file: string, on: TailHandlers): () => void {
  if (!on.onRan) return () => undefined;
  const before: Buffer[] = []; // every record before "ran" (joined once, when it comes)
  let rest = Buffer.alloc(0); // after "ran": a line not yet whole
  let tail = Buffer.alloc(0); // before "ran": the last bytes read, so a "ran" split across reads is found
  let offset = 0;
  let ran = false;
  let fd: number | undefined;
  const read = (): Buffer | undefined => {
    fd ??= fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return undefined;
    const buf = Buffer.alloc(size - offset);
    const n = fs.readSync(fd, buf, 0, buf.length, offset);
    offset += n;
    return buf.subarray(0, n);
  };
  /** Before "ran": true once the "ran" line is whole (onRan called, what follows it kept in `rest`). */
  const lookForRan = (more: Buffer): boolean => {
    before.push(more);
    const look = Buffer.concat([tail, more]);
    const at = look.indexOf(RAN);
    const end = at < 0 ? -1 : look.indexOf(10, at + 1);
    if (end < 0) {
      // keep enough to find a "ran" line that starts in these bytes and ends in the next ones
      const start = at >= 0 ? at : Math.max(0, look.length - RAN.length);
      tail = look.subarray(start);
      return false;
    }
    const all = Buffer.concat(before);
    const cut = all.length - (look.length - end - 1); // where the "ran" line ends in `all`
    on.onRan?.(readStream(all.subarray(0, cut).toString('utf8'), true).result);
    rest = Buffer.from(all.subarray(cut));
    before.length = 0;
    return true;
  };
  const tick = (): void => {
    let more: Buffer | undefined;
    try {
      more = read();
    } catch {
      return; // not created yet
    }
    if (!more) return;
    if (!ran) {
      if (!(ran = lookForRan(more))) return;
    } else rest = Buffer.concat([rest, more]);
    const whole = rest.lastIndexOf(10) + 1; // complete lines only
    if (!whole) return;
    const entries = rest.subarray(0, whole).toString('utf8').split('\n').filter((l) => l.startsWith(CHECK)).flatMap(checkOf);
    rest = Buffer.from(rest.subarray(whole));
    if (entries.length) on.onChecks?.(entries);
  };
  const timer = setInterval(tick, POLL_MS);
  return () => {
    clearInterval(timer);
    if (fd !== undefined) fs.closeSync(fd);
  };
}
