// A 2-D array as a heatmap on a canvas, in the graph glyphs' viridis palette: dark violet at the
// minimum through teal to yellow at the maximum. It says nothing of sign, so no positive value
// looks like the red that means "gradient". Big arrays are sampled down to at most MAX_PX pixels
// a side, so 1000x1000 costs little.
import type { WireTensor } from '../protocol';
import { viridis } from './glyph';

const MAX_PX = 400;

/** `worst`: flat indices drawn in the theme's red (a gradient check's failing elements). */
export function heatmap(t: WireTensor, label: string, worst?: ReadonlySet<number>): HTMLCanvasElement | undefined {
  // A big array's sample is laid out in its sample shape: still the whole array, just coarser.
  const shape = t.preview?.sampleShape ?? t.shape;
  if (shape.length !== 2 || t.data.length === 0) return undefined;
  const [rows, cols] = shape;
  const h = Math.min(rows, MAX_PX);
  const w = Math.min(cols, MAX_PX);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    if (v === v && Math.abs(v) !== Infinity) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.className = `heatmap${w < 64 ? ' small' : ''}`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const img = ctx.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    const r = Math.floor((y * rows) / h);
    for (let x = 0; x < w; x++) {
      const v = t.data[r * cols + Math.floor((x * cols) / w)];
      const k = (y * w + x) * 4;
      // NaN is grey; infinities take the ends of the scale.
      const [cr, cg, cb] = v !== v ? [128, 128, 128] : viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
      img.data[k] = cr;
      img.data[k + 1] = cg;
      img.data[k + 2] = cb;
      img.data[k + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  if (worst?.size) {
    // an outlined box over each failing element (shape, not hue alone: the palette has no red)
    ctx.strokeStyle = '#ff2020';
    ctx.lineWidth = Math.max(1, Math.min(w, h) / 40);
    for (const i of worst) {
      const [r, c] = [Math.floor(i / cols), i % cols];
      const [x0, y0] = [(c * w) / cols, (r * h) / rows];
      ctx.strokeRect(x0, y0, Math.max(1, w / cols), Math.max(1, h / rows));
    }
    canvas.setAttribute('aria-label', `${label}; ${worst.size} element(s) where backprop and numerical disagree outlined`);
  }
  return canvas;
}
