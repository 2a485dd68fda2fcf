// The book's worked examples as graphs (figs 5-16 and 5-17, and 5.6's Affine into
// Softmax-with-Loss), run through the same registry layers and loop as any trace.
import { buildGraph } from './build';
import { runDag, type DagSpec } from './dag';
import type { TraceGraph } from './graph';
import type { Tensor } from '../tensor';

const scalar = (v: number): Tensor => ({ shape: [], data: Float64Array.of(v) });
/** The book's `apple = 100`: a Python int, drawn 100 as the book's program prints it. */
const int = (v: number): Tensor => ({ shape: [], data: Float64Array.of(v), dtype: 'int64' });
const matrix = (rows: number[][]): Tensor => ({ shape: [rows.length, rows[0].length], data: Float64Array.from(rows.flat()) });

export interface BookExample {
  id: string;
  /** What the quick pick shows. */
  title: string;
  figure: string;
  spec(): DagSpec;
}

export const BOOK_EXAMPLES: readonly BookExample[] = [
  {
    id: 'apple',
    title: 'Buying apples: 100 × 2 × 1.1 = 220',
    figure: 'fig. 5-16',
    spec: () => ({
      inputs: [
        { id: 'apple', label: 'apple', value: int(100) },
        { id: 'apple_num', label: 'apple num', value: int(2) },
        { id: 'tax', label: 'tax', value: scalar(1.1) },
      ],
      calls: [
        { id: 'mul0', layer: 'mul', args: ['apple', 'apple_num'], out: 'apple price' },
        { id: 'mul1', layer: 'mul', args: ['mul0', 'tax'], out: 'price' },
      ],
      outputs: [{ id: 'price', label: 'price', of: 'mul1' }],
    }),
  },
  {
    id: 'apple_orange',
    title: 'Buying apples and oranges: (100 × 2 + 150 × 3) × 1.1 = 715',
    figure: 'fig. 5-17',
    spec: () => ({
      inputs: [
        { id: 'apple', label: 'apple', value: int(100) },
        { id: 'apple_num', label: 'apple num', value: int(2) },
        { id: 'orange', label: 'orange', value: int(150) },
        { id: 'orange_num', label: 'orange num', value: int(3) },
        { id: 'tax', label: 'tax', value: scalar(1.1) },
      ],
      calls: [
        { id: 'mul0', layer: 'mul', args: ['apple', 'apple_num'], out: 'apple price' },
        { id: 'mul1', layer: 'mul', args: ['orange', 'orange_num'], out: 'orange price' },
        { id: 'add0', layer: 'add', args: ['mul0', 'mul1'], out: 'all price' },
        { id: 'mul2', layer: 'mul', args: ['add0', 'tax'], out: 'price' },
      ],
      outputs: [{ id: 'price', label: 'price', of: 'mul2' }],
    }),
  },
  {
    id: 'affine_softmax',
    title: 'Affine → Softmax-with-Loss on a batch of two',
    figure: 'figs. 5-25, 5-29',
    spec: () => ({
      inputs: [
        { id: 'x', label: 'X', value: matrix([[1.0, 0.5], [-0.5, 2.0]]) },
        // The book's W1 and b1 from 3.4.3.
        { id: 'affine0_W', label: 'W', value: matrix([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), param: true },
        { id: 'affine0_b', label: 'b', value: { shape: [3], data: Float64Array.of(0.1, 0.2, 0.3) }, param: true },
        { id: 't', label: 't', value: matrix([[0, 0, 1], [1, 0, 0]]) },
      ],
      calls: [
        { id: 'affine0', layer: 'affine', args: ['x'], params: ['affine0_W', 'affine0_b'], out: 'A' },
        { id: 'softmaxWithLoss1', layer: 'softmaxWithLoss', args: ['affine0', 't'], out: 'L' },
      ],
      outputs: [{ id: 'L', label: 'L', of: 'softmaxWithLoss1' }],
    }),
  },
];

export function bookExample(id: string): BookExample | undefined {
  return BOOK_EXAMPLES.find((e) => e.id === id);
}

/** The example's graph, as the panel draws it. */
export function buildExample(example: BookExample, view: { skipGradcheck?: boolean } = {}): TraceGraph {
  return buildGraph(runDag(example.spec()), { title: `${example.title} (${example.figure})`, source: 'example', doutSource: 'given' }, view);
}
