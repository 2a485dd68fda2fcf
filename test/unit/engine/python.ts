// Runs Debian's python3 with numpy (BPT_PYTHON overrides) for tests that compare with numpy.
import { execFileSync } from 'node:child_process';

export const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';

/** Runs `code` with `input` on stdin and returns stdout (throws with stderr on failure). */
export function python(code: string, input = ''): string {
  return execFileSync(PYTHON, ['-c', code], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Float64 values from python as exact bit patterns: each line a 16-hex-digit IEEE word. */
export function hexFloats(text: string): Float64Array {
  const lines = text.trim().split('\n').filter(Boolean);
  const out = new Float64Array(lines.length);
  const view = new DataView(out.buffer);
  lines.forEach((l, i) => view.setBigUint64(i * 8, BigInt(`0x${l}`), true));
  return out;
}

/** The same encoding for sending float64 values to python exactly. */
export function toHex(values: Float64Array): string {
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const lines: string[] = [];
  for (let i = 0; i < values.length; i++) lines.push(view.getBigUint64(i * 8, true).toString(16).padStart(16, '0'));
  return lines.join('\n');
}

/** Python prelude that reads hex float64 lines from stdin into `vals`, and `out(a)` that prints an array the same way. */
export const HEX_IO = `
import sys, struct, numpy as np
def read_hex():
    return np.array([struct.unpack('<d', struct.pack('<Q', int(l, 16)))[0] for l in sys.stdin.read().split()], dtype=np.float64)
def out(a):
    a = np.ascontiguousarray(np.asarray(a, dtype=np.float64)).ravel()
    sys.stdout.write('\\n'.join('%016x' % struct.unpack('<Q', struct.pack('<d', float(v)))[0] for v in a) + '\\n')
`;
