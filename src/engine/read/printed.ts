// What libraries print around an array, skipped so the array inside is read: PyTorch's
// `Parameter containing:`, TensorFlow's `<tf.Tensor: shape=(2,), dtype=float32, numpy=...>`,
// Julia's `2×2 Matrix{Float64}:` and Node's `Float64Array(3) [ 1, -2, 3 ]`.
import { ScanFailure } from './scan';
import { skipBlank } from './tokens';

export interface Header {
  /** Where the array (or its wrapper) starts. */
  start: number;
  /** The dtype the header names (TensorFlow). */
  dtype?: string;
  /** A TensorFlow value: a '>' must close it after the array. */
  angle?: boolean;
}

const TF = /^<tf\.(?:Tensor|Variable)\b/;
const JULIA = /^\d+(?:×\d+)*\s+(?:Matrix|Vector|Array)\{[^}\n]*\}(?:[^\n:]*):[ \t]*\r?\n/;

/** Skips the printed header at `i`, if there is one. */
export function skipHeader(text: string, i: number): Header {
  if (text.startsWith('Parameter containing:', i)) return { start: skipBlank(text, i + 'Parameter containing:'.length) };
  const julia = JULIA.exec(text.slice(i, i + 200));
  if (julia) return { start: i + julia[0].length };
  if (!TF.test(text.slice(i, i + 16))) return { start: i };
  const eq = text.indexOf('numpy=', i);
  const close = text.indexOf('>', i);
  if (eq < 0 || (close >= 0 && close < eq)) throw new ScanFailure('tensorflow_value_shows_no', [], i);
  const dtype = /dtype=([A-Za-z0-9_.]+)/.exec(text.slice(i, eq))?.[1];
  const header: Header = { start: skipBlank(text, eq + 'numpy='.length), angle: true };
  if (dtype) header.dtype = dtype.replace(/^tf\./, '');
  return header;
}

const NODE_TYPED = /^(?:Float(?:16|32|64)|U?Int(?:8|16|32)|Uint8Clamped|BigU?Int64)Array\((\d+)\)\s*\[/;

/** Node's `Float64Array(3) [ 1, -2, 3 ]`: where the '[' is, and the length Node announced. */
export function nodeTypedArray(text: string, i: number): { start: number; length: number } | undefined {
  const m = NODE_TYPED.exec(text.slice(i, i + 48));
  return m ? { start: i + m[0].length - 1, length: Number(m[1]) } : undefined;
}
