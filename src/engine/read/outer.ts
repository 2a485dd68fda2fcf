// What learners write around an array call: parentheses `(np.array([1.0, -2.0]))` and a sign
// `-np.array([1, 2])`, in any order, read as Python does: the methods inside first, then each sign
// or closing parenthesis from the inside out (`-np.array([1]).T` is -(np.array([1]).T)).
import { isConstructor } from './constructors';
import { applyMethods, type Applied } from './methods';
import { isArrayCall, isScalarCall } from './scalars';
import { ScanFailure } from './scan';
import { castValue, dtypeOf, type Tensor } from '../tensor';
import { readName, skipBlank } from './tokens';

export interface Outer {
  op: '(' | '-' | '+';
  /** Absolute offset of the '(' or sign. */
  at: number;
}

/** Is there, from text[i], after any more '(' and signs, a call of an array function or constructor? */
function leadsToCall(text: string, i: number): boolean {
  for (;;) {
    i = skipBlank(text, i);
    const c = text[i];
    if (c !== '(' && c !== '-' && c !== '+') break;
    i++;
  }
  const end = readName(text, i);
  if (end === i || text[skipBlank(text, end)] !== '(') return false;
  const name = text.slice(i, end);
  return isArrayCall(name) || isConstructor(name) || (isScalarCall(name) && /^(?:np|numpy)\./.test(name));
}

/** Reads the parentheses and signs before an array call at text[i] (text[0] is offset 0); `i` moves past them. */
export function readOuter(text: string, i: number): { outer: Outer[]; start: number } {
  const outer: Outer[] = [];
  while ((text[i] === '(' || text[i] === '-' || text[i] === '+') && leadsToCall(text, i + 1)) {
    outer.push({ op: text[i] as Outer['op'], at: i });
    i = skipBlank(text, i + 1);
  }
  return { outer, start: i };
}

/** -x as numpy computes it in x's dtype: an integer wraps (-(-128) as int8 is -128), a float keeps -0. */
function negate(t: Tensor, dtype: string | undefined): Tensor {
  const d = dtype === undefined ? undefined : dtypeOf(dtype);
  const data = new Float64Array(t.data.length);
  for (let k = 0; k < data.length; k++) data[k] = d ? castValue(d, -t.data[k]) : -t.data[k];
  return { ...t, shape: [...t.shape], data };
}

/**
 * Applies the signs and closes the parentheses read by readOuter, innermost first, after the array
 * and its methods (`applied`, whose end indexes `text`, text[0] at absolute offset `base`).
 */
export function closeOuter(text: string, base: number, outer: readonly Outer[], applied: Applied): Applied {
  let { tensor, dtype, end } = applied;
  for (let k = outer.length - 1; k >= 0; k--) {
    const o = outer[k];
    if (o.op === '-') tensor = negate(tensor, tensor.dtype ?? dtype);
    if (o.op !== '(') continue;
    const close = skipBlank(text, end);
    if (close >= text.length) throw new ScanFailure('bracket_never_closed', ['(', ')'], o.at);
    if (text[close] !== ')') throw new ScanFailure('outer_paren_not_closed', [text[close]], base + close);
    ({ tensor, dtype, end } = applyMethods(text, close + 1, base, tensor, dtype));
  }
  return { tensor, dtype, end };
}
