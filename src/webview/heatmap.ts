// A 2-D array as a heatmap on a canvas: blue below zero, red above, scaled by the largest |value|.
// Big arrays are sampled down to at most MAX_PX pixels a side, so 1000x1000 costs little.
import type { WireTensor } from '../protocol';

const MAX_PX = 400;

export function heatmap(t: WireTensor, label: string): HTMLCanvasElement | undefined {
  // A big array's sample is laid out in its sample shape: still the whole array, just coarser.
  const shape = t.preview?.sampleShape ?? t.shape;
  if (shape.length !== 2 || t.data.length === 0) return undefined;
  const [rows, cols] = shape;
  const h = Math.min(rows, MAX_PX);
  const w = Math.min(cols, MAX_PX);
  let scale = 0;
  for (let i = 0; i < t.data.length; i++) {
    const a = Math.abs(t.data[i]);
    if (a > scale && a !== Infinity) scale = a;
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
      const s = v !== v ? 0 : Math.max(-1, Math.min(1, scale ? v / scale : 0));
      // White at zero, saturating to red (positive) or blue (negative); NaN is grey.
      img.data[k] = v !== v ? 128 : s < 0 ? Math.round(255 * (1 + s)) : 255;
      img.data[k + 1] = v !== v ? 128 : Math.round(255 * (1 - Math.abs(s)));
      img.data[k + 2] = v !== v ? 128 : s > 0 ? Math.round(255 * (1 - s)) : 255;
      img.data[k + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}
