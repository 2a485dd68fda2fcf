// The literal run (the one forward-then-backward loop) read layer by layer, as these tests were
// first written against: each layer's input, out, the dout it received, its dx and ReLU's mask.
import { runLiteral, type LayerName, type RunOptions, type Tensor } from '../../../src/engine';

export interface Step {
  name: LayerName;
  input: Tensor;
  out: Tensor;
  dout: Tensor;
  dx: Tensor;
  mask?: Uint8Array;
}

export function runLayers(x: Tensor, opts: RunOptions): { x: Tensor; mode: RunOptions['mode']; steps: Step[] } {
  const run = runLiteral(x, opts);
  const steps = run.calls.map((r): Step => {
    const s: Step = { name: r.spec.name as LayerName, input: r.inputs[0], out: r.out, dout: r.dout, dx: r.dinputs[0] as Tensor };
    const mask = r.layer.cache().mask;
    if (mask && 'mask' in mask) s.mask = mask.mask;
    return s;
  });
  return { x, mode: opts.mode, steps };
}
