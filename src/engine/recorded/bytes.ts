// Arrays as the tracer sends them (values.py's `packed`): base64 of their values as little-endian
// bytes in C order, with the dtype of those bytes. Exact (float64 bit for bit, no decimal text)
// and cheap on both sides: no JSON of every number. Pure: Node's Buffer when there is one (the
// host, the CLI), a table decoder otherwise (a web worker).
import type { ExactInts } from '../tensor';

/** Bytes per element of each dtype the tracer sends as it is (others come as float64). */
export const BYTE_SIZES: Readonly<Record<string, number>> = {
  float64: 8, float32: 4, int64: 8, int32: 4, int16: 2, int8: 1, uint32: 4, uint16: 2, uint8: 1, bool: 1,
};

/** How many bytes a base64 text decodes to (without decoding it), or -1 when it is not base64's shape. */
export function base64Length(text: string): number {
  if (text.length % 4 !== 0) return -1;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let table: Int16Array | undefined;

function decode(text: string): Uint8Array {
  const node = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (node) return node.from(text, 'base64');
  if (!table) {
    table = new Int16Array(128).fill(-1);
    for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  }
  const out = new Uint8Array(Math.max(0, base64Length(text)));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (let i = 0; i < text.length && j < out.length; i++) {
    const d = table[text.charCodeAt(i) & 127];
    if (d < 0) continue;
    acc = (acc << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 255;
    }
  }
  return out;
}

/** Past this float64 skips integers (2**53 + 1 is read as 2**53). */
const EXACT_LIMIT = 2 ** 53;

/**
 * The elements of a packed int64 array that its float64 `data` (unpack's) holds only roughly,
 * with their exact digits (9007199254740993, not 9007199254740992); undefined when there are none.
 * Decoded again only when some element is past 2**53, so other arrays cost one pass over `data`.
 */
export function exactInts(text: string, dtype: string, data: Float64Array): ExactInts | undefined {
  if (dtype !== 'int64' || !data.some((v) => Math.abs(v) >= EXACT_LIMIT)) return undefined;
  const raw = decode(text);
  const buf = new ArrayBuffer(raw.length);
  new Uint8Array(buf).set(raw);
  const ints = new BigInt64Array(buf);
  const out: Record<number, string> = {};
  let any = false;
  for (let i = 0; i < data.length && i < ints.length; i++) {
    if (Math.abs(data[i]) >= EXACT_LIMIT && BigInt(data[i]) !== ints[i]) [out[i], any] = [ints[i].toString(), true];
  }
  return any ? out : undefined;
}

/**
 * The `n` values of a packed array as float64 (what the engine computes in), or undefined when
 * the bytes do not hold exactly `n` values of `dtype` (a mangled record is refused, not drawn).
 */
export function unpack(text: string, dtype: string, n: number): Float64Array | undefined {
  const size = BYTE_SIZES[dtype];
  if (size === undefined || base64Length(text) !== n * size) return undefined;
  const raw = decode(text);
  if (raw.length !== n * size) return undefined;
  // a copy into a fresh buffer: Buffer's may sit in a pool at an offset that is not aligned
  const buf = new ArrayBuffer(raw.length);
  new Uint8Array(buf).set(raw);
  switch (dtype) {
    case 'float64': return new Float64Array(buf);
    case 'float32': return Float64Array.from(new Float32Array(buf));
    case 'int64': return Float64Array.from(new BigInt64Array(buf), Number);
    case 'int32': return Float64Array.from(new Int32Array(buf));
    case 'int16': return Float64Array.from(new Int16Array(buf));
    case 'int8': return Float64Array.from(new Int8Array(buf));
    case 'uint32': return Float64Array.from(new Uint32Array(buf));
    case 'uint16': return Float64Array.from(new Uint16Array(buf));
    default: return Float64Array.from(new Uint8Array(buf)); // uint8, bool (0/1)
  }
}
