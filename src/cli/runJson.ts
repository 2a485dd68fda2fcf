// `backprop-trace run --json` (version 2): the recording as one JSON object, written in pieces so
// no input makes one huge string. Every value is written once, in "values" by its value id, and
// the calls name it by {"ref": id}: 10,000 calls sharing two big arrays print those arrays once.
// Bounded by the tracer's own cap on what it records (--max-output-bytes, 50 MB by default).
import shared from '../constants.json';
import type { Writer } from '../engine';
import { valuesById, type RecordedCall, type RecordedResult, type RecordedValue } from '../engine/recorded';
import { withNested } from '../engine/recorded/values';

export const JSON_VERSION = 2;

/** An int64's element past 2**53 goes through JSON.stringify as this string and comes out as its digits (exactJson). */
const EXACT = '\u0000bpt-exact:';
const exactMark = (digits: string) => `${EXACT}${digits}`;
const EXACT_RE = /"\\u0000bpt-exact:(-?\d+)"/g;
/** JSON of a value whose int64 elements past 2**53 are written with their exact digits, as json.dumps writes a Python int. */
const exactJson = (v: unknown): string => JSON.stringify(v).replace(EXACT_RE, '$1');

// arrays as nested lists (the tracer packs them as bytes for the host): the documented, readable form
const ref = (id: number | null | undefined, v: RecordedValue): RecordedValue => (id === null || id === undefined ? withNested(v, exactMark) : { ref: id });

function callJson(c: RecordedCall): string {
  const { attrs: _attrs, ...rest } = c;
  return exactJson({
    ...rest,
    args: c.args.map((a, i) => ref(c.argIds[i], a)),
    result: ref(c.resultId, c.result),
  });
}

export function writeRunJson(out: Writer, r: RecordedResult): void {
  const { calls, version: _v, ...head } = r;
  const notes: string[] = [];
  if (r.truncated) {
    notes.push(`recording stopped at the size cap (${shared.tracer.maxOutputBytes / 1024 / 1024} MB of records, --max-output-bytes); later calls were not recorded`);
  }
  out.write(JSON.stringify({ version: JSON_VERSION, ...head, ...(notes.length ? { notes } : {}) }).slice(0, -1));
  out.write(',"values":{');
  let first = true;
  for (const [id, v] of valuesById(calls)) {
    out.write(`${first ? '' : ','}"${id}":${exactJson(withNested(v, exactMark))}`);
    first = false;
  }
  out.write('},"calls":[');
  calls.forEach((c, i) => out.write((i ? ',' : '') + callJson(c)));
  out.write(']}\n');
}
