// The glyph of a big array on the graph: a tiny heatmap of its values as a data: URL image (the
// panel's CSP allows data: images; cytoscape and the SVG export draw the same picture). The
// palette is viridis-like, dark violet (min) through teal to yellow (max): it says nothing of
// sign, so a positive value never looks like the red of a gradient.
import type { WireTensor } from '../engine/graph/graph';

/** Viridis at 9 stops; values between are interpolated. */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

export function viridis(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

/** Rows × columns of the glyph: a matrix as itself, a vector as one row, higher ranks folded into rows. */
function grid(t: WireTensor): [number, number] {
  const shape = t.preview?.sampleShape ?? t.shape;
  const cols = shape.length ? shape[shape.length - 1] : 1;
  return [cols ? Math.max(1, t.data.length / cols) : 1, Math.max(1, cols)];
}

const cache = new WeakMap<WireTensor, string>();
const MAX = 48;

/** The heatmap as a PNG data URL (at most 48 cells a side; NaN grey), memoised per tensor. */
export function glyphUrl(t: WireTensor): string {
  const hit = cache.get(t);
  if (hit) return hit;
  const [rows, cols] = grid(t);
  const h = Math.min(rows, MAX);
  const w = Math.min(cols, MAX);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of t.data) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  const img = ctx.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = t.data[Math.floor((y * rows) / h) * cols + Math.floor((x * cols) / w)];
      const c = v !== v ? [128, 128, 128] : viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
      img.data.set([c[0], c[1], c[2], 255], (y * w + x) * 4);
    }
  }
  ctx.putImageData(img, 0, 0);
  const url = canvas.toDataURL('image/png');
  cache.set(t, url);
  return url;
}
