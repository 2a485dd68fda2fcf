// Words for arrays in the details drawer: shapes and indices as numpy writes them, and which rows
// and columns of a big array a table shows.
import { shapeText } from '../engine/read/errors';
import type { WireTensor } from '../engine/graph/graph';

export { shapeText };

/** A flat index as numpy's tuple in `shape` (the engine's, shared with the gradient check's words). */
export { indexText as unravel } from '../engine/graph/checkRule';

/**
 * What part of the array a table of at most maxRows × maxCols shows, as a string key and its
 * arguments, or undefined when it shows everything. Higher ranks fold into rows.
 */
export function sampledRange(t: WireTensor, maxRows: number, maxCols: number): { key: string; args: number[] } | undefined {
  const full = t.shape;
  const sample = t.preview?.sampleShape ?? full;
  const strides = t.preview?.strides ?? full.map(() => 1);
  const fold = (s: readonly number[]) => (s.length <= 1 ? 1 : s.slice(0, -1).reduce((a, b) => a * b, 1));
  const cols = full.length ? full[full.length - 1] : 1;
  const rows = fold(full);
  const sCols = Math.min(maxCols, sample.length ? sample[sample.length - 1] : 1);
  const sRows = Math.min(maxRows, fold(sample));
  const colStep = strides.length ? strides[strides.length - 1] : 1;
  const rowStep = strides.length > 1 ? strides[strides.length - 2] : 1;
  if (t.preview) {
    // Rows 0 to 990, every 10th, of 1000; columns likewise.
    return { key: 'tableSampled', args: [(sRows - 1) * rowStep, rowStep, rows, (sCols - 1) * colStep, colStep, cols] };
  }
  if (sRows < rows || sCols < cols) return { key: 'tableTruncated', args: [sRows, rows, sCols, cols] };
  return undefined;
}
