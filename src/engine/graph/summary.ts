// Statistics of arrays as numpy gives them (min, max, mean), and of a whole literal trace kept as
// statistics only (the hover's and the CLI's summary of a big x).
import { literalBlocks } from './blocks';
import { usableOptions, type RunOptions } from './literal';
import type { Tensor } from '../tensor';

/** min / max / mean with numpy's semantics: any NaN makes all three NaN; empty gives NaN. */
export interface Stats {
  min: number;
  max: number;
  mean: number;
  count: number;
  /** The array's dtype when not float64 (an int64 or bool min / max prints as numpy's: `5`, `True`). */
  dtype?: string;
}

class StatsAccumulator {
  min = Infinity;
  max = -Infinity;
  sum = 0;
  count = 0;
  nan = false;
  dtype?: string;

  add(d: Float64Array, dtype?: string): void {
    this.dtype = dtype;
    let min = this.min;
    let max = this.max;
    let sum = 0; // per-chunk partial sums keep rounding error close to numpy's pairwise sum
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    if (sum !== sum) this.nan = true;
    this.min = min;
    this.max = max;
    this.sum += sum;
    this.count += d.length;
  }

  result(): Stats {
    const bad = this.nan || this.count === 0;
    const s: Stats = { min: bad ? NaN : this.min, max: bad ? NaN : this.max, mean: bad ? NaN : this.sum / this.count, count: this.count };
    return this.dtype ? { ...s, dtype: this.dtype } : s;
  }
}

/** min / max / mean of one array (numpy's semantics), e.g. for a details pane or a preview. */
export function statsOf(d: Float64Array): Stats {
  const acc = new StatsAccumulator();
  acc.add(d);
  return acc.result();
}

export interface LayerSummary {
  name: RunOptions['layers'][number];
  out: Stats;
  dx: Stats;
}

export interface RunSummary {
  shape: number[];
  x: Stats;
  mode: RunOptions['mode'];
  layers: LayerSummary[];
  /** Layers left out (numpy refuses them for x's dtype), said in the reader's language. */
  notes: string[];
}

/**
 * Per-layer statistics of a literal trace without holding every output at once: x runs a block at
 * a time through the one forward-then-backward loop (blocks.ts -> dag.ts), and only per-layer sums
 * are kept. A 1e6-element input then needs little more memory than x itself.
 */
export function summarizeLayers(x: Tensor, asked: RunOptions, block = 1 << 14): RunSummary {
  const { opts, notes } = usableOptions(x, asked);
  const xs = new StatsAccumulator();
  const outs = opts.layers.map(() => new StatsAccumulator());
  const dxs = opts.layers.map(() => new StatsAccumulator());
  for (const { run } of literalBlocks(x, opts, block)) {
    const xv = run.values.get('x') as Tensor;
    xs.add(xv.data, xv.dtype);
    run.calls.forEach((r, i) => {
      outs[i].add(r.out.data, r.out.dtype);
      dxs[i].add((r.dinputs[0] as Tensor).data, (r.dinputs[0] as Tensor).dtype);
    });
  }
  return {
    shape: [...x.shape],
    x: xs.result(),
    mode: opts.mode,
    layers: opts.layers.map((name, i) => ({ name, out: outs[i].result(), dx: dxs[i].result() })),
    notes,
  };
}
