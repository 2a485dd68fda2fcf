// numpy's print of a bool array (ReLU's mask), shared by the webview's labels and the host, which
// makes the text of a big mask from all of its elements before sending only a sample of it.
// Pure: no DOM, no Node.

/** numpy's bool array print, `[[False  True]`, summarised like formatArray for big arrays. */
export function formatMask(mask: Uint8Array, shape: readonly number[], on = ' True', off = 'False'): string {
  if (shape.length === 0) return mask[0] ? on.trim() : off;
  const summarise = mask.length > 1000;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const walk = (axis: number, base: number, prefix: string): string => {
    const n = shape[axis];
    const idx = summarise && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    if (axis === shape.length - 1) {
      return `[${idx.map((i) => (i < 0 ? '...' : mask[base + i * strides[axis]] ? on : off)).join(' ')}]`;
    }
    const inner = idx.map((i) => (i < 0 ? '...' : walk(axis + 1, base + i * strides[axis], prefix + ' ')));
    const sep = `\n${'\n'.repeat(shape.length - axis - 2)}${prefix} `;
    return `[${inner.join(sep)}]`;
  };
  return walk(0, 0, '');
}

/**
 * The same print with other symbols (the expanded ReLU's ■ blocked / ▶ passes), from the
 * True/False text: the print holds nothing else but brackets, spaces and `...`.
 */
export function relabelMask(text: string, on: string, off: string): string {
  return text.replace(/ ?True/g, on).replace(/False/g, off);
}

export function maskCount(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}
