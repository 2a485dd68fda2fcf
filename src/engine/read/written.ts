// What the values of a literal were written as, which decides the dtype numpy gives them:
// np.array([5, -1, 0]) is int64, [True, False] bool, and one `1.`, `2e3`, `nan` or float(...) makes
// the whole array float64. The scanner tells this object about every value it reads.

/** Beyond 2**53 not every whole number is a float64, which the engine computes in. */
export const MAX_EXACT_INT = 2 ** 53;

/** Is the whole number written as `digits` (sign and `_` allowed) exactly v, and within int64? */
function exact(digits: string, v: number): boolean {
  if (Math.abs(v) < MAX_EXACT_INT) return true; // 2**53 itself may be 2**53 + 1 rounded
  if (Math.abs(v) >= 2 ** 63) return false; // numpy makes it uint64 or an object array
  try {
    return BigInt(digits.trim().replace(/_/g, '')) === BigInt(v);
  } catch {
    return false;
  }
}

export type WrittenKind = 'float' | 'int' | 'bool' | 'empty';

export class Written {
  private sawFloat = false;
  private sawInt = false;
  private sawBool = false;
  /** Absolute offset of the first whole number a float64 cannot hold exactly (-1: none). */
  bigAt = -1;

  /** 'float' when one value is written as a float, else 'int' (bools among whole numbers), 'bool', or 'empty'. */
  get kind(): WrittenKind {
    return this.sawFloat ? 'float' : this.sawInt ? 'int' : this.sawBool ? 'bool' : 'empty';
  }

  /** A number written in text[i, j) with value v; `base` is text[0]'s absolute offset. */
  number(text: string, i: number, j: number, v: number, base: number): void {
    if (this.sawFloat) return;
    for (let k = i; k < j; k++) {
      const c = text.charCodeAt(k);
      if (c === 46 || c === 101 || c === 69) {
        this.sawFloat = true; // '.', 'e' or 'E'
        return;
      }
    }
    this.sawInt = true;
    if (this.bigAt < 0 && !exact(text.slice(i, j), v)) this.bigAt = base + i;
  }

  /** A named scalar at text[i, end) with value v: True/False, int(...), else a float (nan, inf, float(...)). */
  name(text: string, i: number, end: number, v: number): void {
    const name = text.slice(i, Math.min(end, i + 24));
    if (/^(?:true|false)$/i.test(name)) this.sawBool = true;
    else if (/^(?:(?:np|numpy|torch|jnp)\.)?int(?:8|16|32|64)?\s*\(/.test(name) && Number.isInteger(v)) this.sawInt = true;
    else this.sawFloat = true;
  }

  /** A JSON row text[open..close] read whole, with its numbers. */
  row(text: string, open: number, close: number, row: number[], base: number): void {
    if (this.sawFloat || row.length === 0) return;
    if (/[.eE]/.test(text.slice(open, close))) {
      this.sawFloat = true;
      return;
    }
    this.sawInt = true;
    if (this.bigAt < 0 && row.some((v) => Math.abs(v) >= MAX_EXACT_INT)) {
      const written = text.slice(open + 1, close).split(',');
      if (row.some((v, k) => !exact(written[k], v))) this.bigAt = base + open;
    }
  }
}

/** Calls that give whole numbers numpy's int64 (torch's too), and those whose default int is int32 (jax, TensorFlow). */
const INT64_CALLS = /^(?:(?:np|numpy)\.(?:array|asarray|asanyarray|ascontiguousarray|asfortranarray|matrix)|array|asarray|(?:torch\.)?(?:tensor|as_tensor))$/;
const INT32_CALLS = /^(?:(?:jnp|jax\.numpy)\.(?:array|asarray)|tf\.(?:constant|convert_to_tensor|Variable))$/;

/**
 * The dtype the library gives values written as `kind` inside `wrapper` (none: a Python list, numpy's
 * printed form), when it is not float64: 'int64', 'int32' or 'bool'. Other calls decide for
 * themselves (Float64Array, torch.FloatTensor, tf.tensor: floats), and so do MATLAB and CSV rows.
 */
export function writtenDType(kind: WrittenKind, wrapper: string | undefined): string | undefined {
  if (kind !== 'int' && kind !== 'bool') return undefined;
  const int = wrapper === undefined || INT64_CALLS.test(wrapper) ? 'int64' : INT32_CALLS.test(wrapper) ? 'int32' : undefined;
  return int && kind === 'bool' ? 'bool' : int;
}
