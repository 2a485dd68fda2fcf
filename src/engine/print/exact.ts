// An int64's elements past 2**53 as the program prints them: the array's float64 `data` holds them
// only roughly (2**53 + 1 is 2**53 there), so their exact digits travel beside it (Tensor.exact,
// made from the tracer's and the probe's bytes: recorded/bytes.exactInts). What a table cell, a
// min or a max shows of them; format.ts's formatArray prints whole arrays with them.
import type { Tensor } from '../tensor';
import { elementOf } from './format';

/** The element at flat index `i` as elementOf gives it, or its exact digits when float64 holds it only roughly. */
export function elementAt(t: Tensor, i: number, significant = 6): string {
  return t.exact?.[i] ?? elementOf(t.data[i], t.dtype, significant);
}

/**
 * An integer array's min (`sign` -1) or max (+1), `v` its float64, as the program prints it: among
 * the elements whose float64 is `v`, the least or greatest by their exact digits.
 */
export function endOf(t: Tensor, v: number, sign: 1 | -1, significant = 6): string {
  if (!t.exact) return elementOf(v, t.dtype, significant);
  let best: bigint | undefined;
  for (let i = 0; i < t.data.length; i++) {
    if (t.data[i] !== v) continue;
    const b = t.exact[i] !== undefined ? BigInt(t.exact[i]) : BigInt(v);
    if (best === undefined || (sign > 0 ? b > best : b < best)) best = b;
  }
  return best === undefined ? elementOf(v, t.dtype, significant) : best.toString();
}
