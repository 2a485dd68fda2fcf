/**
 * Reads one decimal number straight from the text, without cutting a substring, and
 * returns exactly what `Number(text)` (or Python's `float`) gives: the correctly rounded double.
 *
 * Fast paths:
 * - up to 15 significant digits and a power of ten within 1e±22: both are exact doubles, so a
 *   single multiply or divide rounds once and is exact (Clinger's fast path);
 * - 16 to 19 digits (what numpy and `repr` print for random floats): the mantissa is kept as an
 *   exact double-double and the product/quotient is formed with an error bound far below half an
 *   ulp; if perturbing by that bound could change the rounding, we fall back.
 * Anything else (more digits, huge exponents, underscores) falls back to `Number(slice)`.
 */

/**
 * Where the last `readNumber` stopped (-1 when no number was there). One shared object instead
 * of a result per call: no allocation per element, and a plain monomorphic field (an exported
 * `let` would compile to a slow store on the CommonJS exports object).
 */
export const cursor = { end: -1 };

const P10: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) P10.push(p); // 10^k, exact for k <= 22
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter
const EPS = 2 ** -75; // relative bound, generous: the double-double error is below 2^-100

let prodHi = 0;
let prodLo = 0;
/** Exact a*b as prodHi + prodLo (Dekker's two-product; no FMA in JS). */
function twoProduct(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  prodHi = p;
  prodLo = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Mantissa mh + ml (exact) times 10^e, correctly rounded, or NaN when too close to call. */
function scaleDoubleDouble(mh: number, ml: number, e: number): number {
  if (e >= 0) {
    twoProduct(mh, P10[e]);
    const xh = prodHi;
    const xl = prodLo + ml * P10[e];
    const eps = Math.abs(xh) * EPS;
    const up = xh + (xl + eps);
    return up === xh + (xl - eps) ? up : NaN;
  }
  const p = P10[-e];
  const q = mh / p;
  twoProduct(q, p);
  const corr = (mh - prodHi - prodLo + ml) / p; // mh - prodHi is exact (Sterbenz)
  const eps = Math.abs(q) * EPS;
  const up = q + (corr + eps);
  return up === q + (corr - eps) ? up : NaN;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A number's exponent part (`e-5`) adds to its digits' exponent; `slow` when it has `_` separators. */
const expPart = { exp10: 0, slow: false };

/** An exponent part at `i`, only if digits follow (else the 'e' belongs to whatever comes next); returns where it stops. */
function readExponent(s: string, i: number): number {
  expPart.exp10 = 0;
  expPart.slow = false;
  const c = s.charCodeAt(i);
  if (c !== 101 && c !== 69) return i;
  let j = i + 1;
  let ec = s.charCodeAt(j);
  let eneg = false;
  if (ec === 45 || ec === 43) {
    eneg = ec === 45;
    ec = s.charCodeAt(++j);
  }
  if (!(ec >= 48 && ec <= 57)) return i;
  let ev = 0;
  for (; ; ec = s.charCodeAt(++j)) {
    if (ec >= 48 && ec <= 57) {
      if (ev < 100000) ev = ev * 10 + (ec - 48);
    } else if (ec === 95 && isDigit(s.charCodeAt(j + 1))) expPart.slow = true;
    else break;
  }
  expPart.exp10 = eneg ? -ev : ev;
  return j;
}

/** `hi` (first 15 digits) and `lo` (next `nlo`) times 10^exp10, correctly rounded by a fast path, or NaN when only `Number()` can say. */
function fastValue(hi: number, lo: number, nd: number, nlo: number, exp10: number): number {
  if (nd === 0) return 0;
  if (exp10 < -22 || exp10 > 22) return NaN;
  if (nlo === 0) return exp10 >= 0 ? hi * P10[exp10] : hi / P10[-exp10];
  twoProduct(hi, P10[nlo]);
  const mh = prodHi + lo;
  const ml = prodLo + (lo - (mh - prodHi)); // exact two-sum error of prodHi + lo
  return scaleDoubleDouble(mh, ml, exp10);
}

/**
 * Parses a number starting at `i` (optional sign, digits with `_` separators, fraction, exponent).
 * Returns the value and sets `cursor.end`; sets `cursor.end = -1` when there are no digits at `i`.
 */
export function readNumber(s: string, i: number): number {
  const start = i;
  let c = s.charCodeAt(i);
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    c = s.charCodeAt(++i);
  }
  // The digits, in locals (the per-element hot path): the first 15 significant in `hi`, the next
  // up to 4 in `lo`, the decimal exponent their position gives; `slow` when only Number() can say.
  let hi = 0, lo = 0, nd = 0, nlo = 0, exp10 = 0, digits = 0, slow = false;
  for (; ; c = s.charCodeAt(++i)) {
    if (c >= 48 && c <= 57) {
      digits++;
      const d = c - 48;
      if (nd === 0 && d === 0) {
        // leading zero: not significant
      } else if (nd < 15) {
        hi = hi * 10 + d;
        nd++;
      } else if (nd < 19) {
        lo = lo * 10 + d;
        nd++;
        nlo++;
      } else {
        exp10++;
        if (d !== 0) slow = true;
      }
    } else if (c === 95 && digits > 0 && isDigit(s.charCodeAt(i + 1))) {
      slow = true; // Python digit separators: let Number() see the cleaned text
    } else break;
  }
  if (c === 46) {
    for (c = s.charCodeAt(++i); ; c = s.charCodeAt(++i)) {
      if (c >= 48 && c <= 57) {
        digits++;
        const d = c - 48;
        if (nd === 0 && d === 0) {
          exp10--;
        } else if (nd < 15) {
          hi = hi * 10 + d;
          nd++;
          exp10--;
        } else if (nd < 19) {
          lo = lo * 10 + d;
          nd++;
          nlo++;
          exp10--;
        } else if (d !== 0) slow = true;
      } else if (c === 95 && digits > 0 && isDigit(s.charCodeAt(i + 1))) {
        slow = true;
      } else break;
    }
  }
  if (digits === 0) {
    cursor.end = -1;
    return NaN;
  }
  i = readExponent(s, i);
  cursor.end = i;
  const v = slow || expPart.slow ? NaN : fastValue(hi, lo, nd, nlo, exp10 + expPart.exp10);
  if (v !== v) {
    let text = s.slice(start, i);
    if (text.indexOf('_') !== -1) text = text.replace(/_/g, '');
    return Number(text);
  }
  return neg ? -v : v;
}
