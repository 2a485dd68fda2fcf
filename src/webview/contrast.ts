// Colour arithmetic for the theme checks: WCAG 2 contrast ratio, alpha blending (CSS opacity and
// #rrggbbaa colours), and a perceptual distance (CIE76 ΔE) to keep gradients' red apart from the
// focus border. Pure: used by theme.ts at run time and by the contrast test.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()` and `transparent`; undefined otherwise. */
export function parseColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  let m = /^#([0-9a-f]{3,8})$/.exec(s);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  m = /^rgba?\(([^)]+)\)$/.exec(s);
  if (m) {
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    if (p.length < 3 || p.some((v) => !isFinite(v))) return undefined;
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  return undefined;
}

/** `top` drawn with extra opacity over an opaque `bottom`. */
export function blend(top: Rgba, bottom: Rgba, opacity = 1): Rgba {
  const a = top.a * opacity;
  const mix = (x: number, y: number) => x * a + y * (1 - a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(c: Rgba): number {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** WCAG 2 contrast ratio of two opaque colours, 1..21. */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function lab(c: Rgba): [number, number, number] {
  const [r, g, b] = [channel(c.r), channel(c.g), channel(c.b)];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference: about 2.3 is just noticeable, above 50 clearly different colours. */
export function deltaE(a: Rgba, b: Rgba): number {
  const p = lab(a);
  const q = lab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** Hue in degrees and HSL saturation 0..1. */
export function hueSat(c: Rgba): { hue: number; sat: number } {
  const [r, g, b] = [c.r / 255, c.g / 255, c.b / 255];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { hue: 0, sat: 0 };
  const sat = d / (1 - Math.abs(2 * l - 1));
  const hue = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { hue: hue * 60, sat };
}

/** Below this ΔE the focus border could be taken for a gradient's red. */
export const DISTINCT_DE = 50;

/**
 * The focus and selection colour: the theme's focus border, unless it is too close to the red of
 * gradients (Dark High Contrast's orange focus next to its salmon red); then the first candidate
 * far enough from red, else the farthest.
 */
export function pickAccent(red: string, candidates: string[]): string {
  const r = parseColor(red);
  const parsed = candidates.map((c) => ({ c, rgb: parseColor(c) })).filter((x) => x.rgb && x.rgb.a > 0);
  if (!r || !parsed.length) return candidates[0];
  const far = parsed.find((x) => deltaE(x.rgb as Rgba, r) >= DISTINCT_DE);
  if (far) return far.c;
  return parsed.reduce((a, b) => (deltaE(b.rgb as Rgba, r) > deltaE(a.rgb as Rgba, r) ? b : a)).c;
}
