/**
 * numpy's Dragon4 digit generation (`unique=True` with a precision cutoff), on top of JS's own
 * correctly rounded conversions: the shortest round-tripping digits when they fit within the
 * cutoff, else the exact value rounded at the cutoff with ties to even (JS rounds ties away
 * from zero, so exact ties are detected and fixed).
 */

/**
 * Shortest round-trip digits of |x| (x finite, non-zero) and its decimal exponent: 0.0123 -> ['123', -2].
 * `round` (a narrower float's rounding, Math.fround or f16round): the shortest digits that read back
 * as the same float32 or float16, as numpy prints arrays of those dtypes.
 */
export function shortest(x: number, round?: (v: number) => number): { digits: string; exp: number } {
  let s = Math.abs(x).toExponential(); // no argument: as many digits as needed to be unique
  if (round) {
    const ax = Math.abs(x);
    for (let p = 1; p <= 9; p++) {
      const t = ax.toExponential(p - 1);
      if (round(Number(t)) === round(ax)) {
        s = t.replace(/\.?0+e/, 'e');
        break;
      }
    }
  }
  const e = s.indexOf('e');
  return { digits: s.slice(0, e).replace('.', ''), exp: Number(s.slice(e + 1)) };
}

/** True when |x| * 10^frac lies exactly halfway between two integers. */
function isTie(ax: number, frac: number): boolean {
  if (frac >= 0) {
    // x * 10^f = k + 1/2 exactly  <=>  x * 2^(f+1) is an odd integer (5^f is odd, and x is dyadic)
    const y = ax * 2 ** (frac + 1);
    return Number.isInteger(y) && y % 2 === 1 && y < 2 ** 53;
  }
  if (!Number.isInteger(ax)) return false;
  const unit = 10n ** BigInt(-frac);
  return (BigInt(ax) % unit) * 2n === unit;
}

/** Drops the last digit of an exact decimal string ("...5") giving the truncated value. */
function dropLast(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s.slice(0, -1).replace(/\.$/, '');
}

function lastDigitEven(s: string): boolean {
  const d = s.replace(/\.$/, '');
  return (d.charCodeAt(d.length - 1) - 48) % 2 === 0;
}

/** |x| rounded to `frac` fraction digits, ties to even: '0.73105858'. */
function toFixedEven(ax: number, frac: number): string {
  const up = ax.toFixed(frac);
  if (!isTie(ax, frac)) return up;
  const exact = ax.toFixed(frac + 1); // exact: a tie has exactly frac+1 fraction digits
  const down = frac === 0 ? exact.slice(0, exact.indexOf('.')) : dropLast(exact);
  return lastDigitEven(down) ? down : up;
}

/** |x| rounded to `frac` mantissa fraction digits in scientific form, ties to even: '1.2345679e+09'. */
function toExponentialEven(ax: number, frac: number, exp: number): string {
  const up = ax.toExponential(frac);
  if (!isTie(ax, frac - exp)) return up;
  const exact = ax.toExponential(frac + 1);
  const e = exact.indexOf('e');
  const mant = exact.slice(0, e - 1).replace(/\.$/, '');
  return lastDigitEven(mant) ? mant + exact.slice(e) : up;
}

function trimZeros(frac: string): string {
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  return frac.slice(0, end);
}

/** Positional digits of |x| as [integer part, fraction part], like dragon4_positional(unique, precision, trim='.'). */
export function positionalParts(ax: number, precision: number, round?: (v: number) => number): [string, string] {
  if (ax === 0) return ['0', ''];
  const { digits, exp } = shortest(ax, round);
  const fracLen = Math.max(0, digits.length - 1 - exp);
  if (fracLen <= precision) {
    if (exp < 0) return ['0', '0'.repeat(-exp - 1) + digits];
    const intLen = exp + 1;
    return [digits.slice(0, intLen).padEnd(intLen, '0'), digits.slice(intLen)];
  }
  const s = toFixedEven(ax, precision);
  const dot = s.indexOf('.');
  return dot < 0 ? [s, ''] : [s.slice(0, dot), trimZeros(s.slice(dot + 1))];
}

/** Scientific digits of |x| as [leading digit, fraction digits, exponent], like dragon4_scientific(unique, precision, trim='.'). */
export function scientificParts(ax: number, precision: number, round?: (v: number) => number, minDigits = 0): [string, string, number] {
  if (ax === 0) return ['0', '', 0];
  const { digits, exp } = shortest(ax, round);
  // numpy's min_digits (its array printer asks for the column's precision in scientific mode):
  // a shorter unique string is extended with the exact value's own digits, not with zeros.
  if (digits.length - 1 <= precision && digits.length - 1 >= minDigits) return [digits[0], digits.slice(1), exp];
  const s = toExponentialEven(ax, precision, exp);
  const e = s.indexOf('e');
  const mant = s.slice(0, e);
  const dot = mant.indexOf('.');
  return [mant[0], dot < 0 ? '' : trimZeros(mant.slice(dot + 1)), Number(s.slice(e + 1))];
}

/**
 * Python's repr(float) (and numpy's str of a float64 scalar): '1.0', '0.0001', '1e-05', '1.5e+16', 'nan'.
 * `round` (Math.fround, f16round): numpy's str of a float32 or float16 scalar, its own shortest digits ('0.1').
 */
export function pyFloatRepr(x: number, round?: (v: number) => number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0.0';
  const { digits, exp } = shortest(x, round);
  if (exp >= -4 && exp < 16) {
    const [ip, fp] = positionalParts(Math.abs(x), 400, round);
    return `${sign}${ip}.${fp || '0'}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
