import { createLayer } from '../layers';
import { DoutSpec, runLayers, RunOptions } from './run';
import { sameShape, sizeOf, Tensor } from '../tensor';
import { DoutError, shapeText } from '../read/errors';

/** min / max / mean with numpy's semantics: any NaN makes all three NaN; empty gives NaN. */
export interface Stats {
  min: number;
  max: number;
  mean: number;
  count: number;
}

class StatsAccumulator {
  min = Infinity;
  max = -Infinity;
  sum = 0;
  count = 0;
  nan = false;

  add(d: Float64Array): void {
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
    return { min: bad ? NaN : this.min, max: bad ? NaN : this.max, mean: bad ? NaN : this.sum / this.count, count: this.count };
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
}

/**
 * The statistics of runLayers without holding every output at once: ReLU and Sigmoid act element
 * by element, so the flat array is run in blocks through the same layers (forward, then backward
 * from the last layer in a chain, as runLayers does) and only per-layer sums are kept. A
 * 1e6-element input then needs little more memory than x itself.
 */
export function summarizeLayers(x: Tensor, opts: RunOptions, block = 1 << 14): RunSummary {
  const n = x.data.length;
  const dout: DoutSpec | undefined = opts.dout;
  if (typeof dout === 'object' && !sameShape(dout.shape, x.shape) && dout.data.length !== 1) {
    throw new DoutError(`dout has shape ${shapeText(dout.shape)} but the output has shape ${shapeText(x.shape)} (give an array of that shape, or one number)`, x.shape, dout.shape);
  }
  const xs = new StatsAccumulator();
  const outs = opts.layers.map(() => new StatsAccumulator());
  const dxs = opts.layers.map(() => new StatsAccumulator());
  // One set of buffers reused for every block: no garbage, so memory stays flat however big x is.
  const size = Math.min(block, n);
  const layers = opts.layers.map((name) => ({ layer: createLayer(name), out: new Float64Array(size), dx: new Float64Array(size) }));
  let doutStore: Float64Array | undefined;
  if (dout === undefined || dout === 'ones') doutStore = new Float64Array(size).fill(1);
  else if (typeof dout === 'object' && dout.data.length === 1) doutStore = new Float64Array(size).fill(dout.data[0]);
  for (let at = 0; at < n; at += block) {
    const end = Math.min(n, at + block);
    const len = end - at;
    const chunk: Tensor = { shape: [len], data: x.data.subarray(at, end) };
    const doutData = doutStore ? doutStore.subarray(0, len) : dout === 'same' ? chunk.data : (dout as Tensor).data.subarray(at, end);
    const doutBlock: Tensor = { shape: [len], data: doutData };
    let h = chunk;
    for (const l of layers) {
      const out = l.layer.forward(opts.mode === 'chain' ? h : chunk, l.out.subarray(0, len));
      h = out;
    }
    let d = doutBlock;
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      const dx = l.layer.backward(opts.mode === 'chain' ? d : doutBlock, l.dx.subarray(0, len));
      d = dx;
    }
    xs.add(chunk.data);
    layers.forEach((l, i) => {
      outs[i].add(l.out.subarray(0, len));
      dxs[i].add(l.dx.subarray(0, len));
    });
  }
  if (sizeOf(x.shape) === 0) runLayers(x, opts); // still validates dout for empty inputs
  return {
    shape: [...x.shape],
    x: xs.result(),
    mode: opts.mode,
    layers: opts.layers.map((name, i) => ({ name, out: outs[i].result(), dx: dxs[i].result() })),
  };
}
