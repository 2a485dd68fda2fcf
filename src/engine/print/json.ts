// JSON for results (the CLI's --json, exports): written in pieces so a 1e6-element result never
// becomes one huge string. Non-finite values become "NaN", "Infinity", "-Infinity".
import type { DagRun } from '../graph/dag';
import { isIntegral, type Tensor } from '../tensor';
import { pyFloatRepr } from './digits';

/** Anything with write(string): a Node stream, or an array collector. */
export interface Writer {
  write(chunk: string): unknown;
}

const PIECE = 1 << 16;

/** An integer dtype's element, as json.dumps writes an int: `5`. */
function jsonValue(v: number): string {
  if (v === v && v !== Infinity && v !== -Infinity) return String(v);
  return v !== v ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/**
 * A float's element as json.dumps writes a Python float (its repr): `3.0`, not `3`, so a float
 * stays a float when read back. Between 1e-4 and 1e16 JS's shortest digits are repr's, less the `.0`.
 */
function jsonFloat(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return jsonValue(v);
  if (!(a >= 1e-4 && a < 1e16)) return pyFloatRepr(v);
  const s = String(v);
  return s.includes('.') ? s : `${s}.0`;
}

/** A bool array's elements as JSON's true / false, as `json.dumps(mask.tolist())` writes them. */
const jsonBool = (v: number): string => (v ? 'true' : 'false');

/**
 * Nested arrays mirroring the shape (a bare number for 0-d); iterative, so any rank is fine. An
 * int64's element past 2**53 is written with its exact digits (`exact`), as json.dumps writes it:
 * JSON's numbers have any precision; only a reader that parses them into float64 rounds them.
 */
export function writeNested(out: Writer, t: Tensor): void {
  const { shape, data } = t;
  const plain = t.dtype === 'bool' ? jsonBool : isIntegral(t.dtype) ? jsonValue : jsonFloat;
  const exact = isIntegral(t.dtype) ? t.exact : undefined;
  const jsonNumber = exact ? (v: number, i: number) => exact[i] ?? plain(v) : plain;
  if (shape.length === 0) {
    out.write(jsonNumber(data[0], 0));
    return;
  }
  if (data.length === 0) {
    // like numpy's tolist(): lists down to the first zero-length axis
    const k = shape.indexOf(0);
    let inner = '[]';
    for (let a = k - 1; a >= 0; a--) inner = `[${new Array<string>(shape[a]).fill(inner).join(', ')}]`;
    out.write(inner);
    return;
  }
  const last = shape[shape.length - 1];
  const counters = new Array<number>(shape.length).fill(0);
  let buf = '['.repeat(shape.length);
  for (let i = 0; i < data.length; i++) {
    buf += jsonNumber(data[i], i);
    if ((i + 1) % last !== 0) buf += ', ';
    else {
      // close finished axes, open the next ones
      let axis = shape.length - 1;
      counters[axis] = 0;
      buf += ']';
      while (axis > 0) {
        axis--;
        counters[axis]++;
        if (counters[axis] < shape[axis]) break;
        counters[axis] = 0;
        buf += ']';
        if (axis === 0) break;
      }
      if (i + 1 < data.length) {
        let opened = 0;
        for (let a = shape.length - 1; a >= 0 && counters[a] === 0; a--) opened++;
        buf += ', ' + '['.repeat(opened);
      }
    }
    if (buf.length > PIECE) {
      out.write(buf);
      buf = '';
    }
  }
  out.write(buf);
}

/** `{"shape": [...], "mode": ..., "layers": [{"name", "out", "dx"}, ...]}` followed by a newline. */
export function writeJson(out: Writer, x: Tensor, mode: 'chain' | 'parallel', run: DagRun): void {
  out.write(`{"shape": ${JSON.stringify(x.shape)}, "mode": "${mode}", "layers": [`);
  run.calls.forEach((c, i) => {
    out.write(`${i > 0 ? ', ' : ''}{"name": "${c.spec.name}", "out": `);
    writeNested(out, c.out);
    out.write(', "dx": ');
    writeNested(out, c.dinputs[0] as Tensor);
    out.write('}');
  });
  out.write(']}\n');
}
