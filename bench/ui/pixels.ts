// What the outside client (outside.ts) reads in the screen's pixels: how much of a rectangle is
// ink (pixels away from the area's own background colour), in a frame of the CDP screencast, and
// whether the area has changed since an earlier frame at all. JPEG decoded by playwright-core's
// own bundled jpeg-js (no package of our own for a benchmark).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jpegjs } = require('playwright-core/lib/utilsBundle') as { jpegjs: { decode(b: Buffer, o: { useTArray: true }): { width: number; height: number; data: Uint8Array } } };

export interface Shot { at: number; jpeg: string; image?: { width: number; height: number; data: Uint8Array } }
export interface Rect { x: number; y: number; width: number; height: number }

function decoded(s: Shot): { width: number; height: number; data: Uint8Array } {
  return (s.image ??= jpegjs.decode(Buffer.from(s.jpeg, 'base64'), { useTArray: true }));
}

/** The rectangle's pixels (inset 4 px: borders and sashes stay out), as offsets into the RGBA data. */
function* pixelsOf(img: { width: number; height: number }, r: Rect): Generator<number> {
  const [x0, y0] = [Math.max(0, Math.round(r.x) + 4), Math.max(0, Math.round(r.y) + 4)];
  const [x1, y1] = [Math.min(img.width, Math.round(r.x + r.width) - 4), Math.min(img.height, Math.round(r.y + r.height) - 4)];
  for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2) yield (y * img.width + x) * 4;
}

const far = (d: Uint8Array, i: number, rgb: number[]) => Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) > 90;

/**
 * The share of the rectangle's pixels that are ink, away from its most common colour; 0 when
 * `since` is given and the rectangle is (nearly) as it was then: nothing new is shown there yet.
 */
export function inkFraction(s: Shot, r: Rect, since?: Shot): number {
  const img = decoded(s);
  const d = img.data;
  const counts = new Map<number, number>();
  for (const i of pixelsOf(img, r)) {
    const key = ((d[i] >> 3) << 10) | ((d[i + 1] >> 3) << 5) | (d[i + 2] >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const bg = [(top >> 10) << 3, ((top >> 5) & 31) << 3, (top & 31) << 3];
  let ink = 0;
  let all = 0;
  let changed = 0;
  const old = since && decoded(since).data;
  for (const i of pixelsOf(img, r)) {
    all++;
    if (far(d, i, bg)) ink++;
    if (old && far(d, i, [old[i], old[i + 1], old[i + 2]])) changed++;
  }
  if (!all || (old && changed / all < 0.01)) return 0;
  return ink / all;
}
