// graph/: the one graph model (graph.ts) and the one forward-then-backward loop that fills it
// (dag.ts). literal.ts makes the DAG of a literal trace, blocks.ts runs a big one a block at a time,
// trace.ts and build.ts describe a run as the graph the webview draws, gradcheck.ts checks each
// call against central differences, examples.ts holds the book's worked figures.
//
// The one forward-then-backward loop: a DAG of inputs, parameters and layer calls, run forward in
// the order the calls are given, then backward in reverse, as the book does by hand in 5.4-5.6.
// Where a value feeds several calls, each consumer's gradient is kept apart (one per edge) and
// their sum is the value's gradient, as the book adds gradients at a branch.
import { DoutError, shapeText } from '../read/errors';
import { layerSpec, type Layer, type LayerSpec } from '../layers';
import { fitDout } from '../layers/check';
import { full, sameShape, type Tensor } from '../tensor';

export interface DagInput {
  id: string;
  label: string;
  value: Tensor;
  /** A layer's parameter (W, b), drawn beside its layer. */
  param?: boolean;
}

export interface DagCall {
  id: string;
  /** Registry name. */
  layer: string;
  /** Value ids (an input's id or an earlier call's id), one per input port, in port order. */
  args: string[];
  /** Input ids of the parameters, one per parameter of the layer. */
  params?: string[];
  /** Name of the value this call produces, drawn on its outgoing edges (`h₁`, `apple price`). */
  out?: string;
}

export interface DagOutput {
  id: string;
  label: string;
  /** The call whose result this is. */
  of: string;
  /** dout entering here: ones by default, 1 for a loss. */
  dout?: Tensor;
}

export interface DagSpec {
  inputs: DagInput[];
  calls: DagCall[];
  outputs: DagOutput[];
  /** What the graph says about the run as a whole (a layer left out, and why), in the reader's language. */
  notes?: string[];
}

export interface CallRun {
  call: DagCall;
  spec: LayerSpec;
  layer: Layer;
  inputs: Tensor[];
  params: Tensor[];
  out: Tensor;
  /** The gradient arriving at the call's output (summed over its consumers and outputs). */
  dout: Tensor;
  /** Gradient leaving through each input port (null where none flows, e.g. t) and each parameter. */
  dinputs: (Tensor | null)[];
  dparams: Tensor[];
}

export interface DagRun {
  spec: DagSpec;
  values: Map<string, Tensor>;
  calls: CallRun[];
  /** Summed gradient of every input and parameter that something flowed back to. */
  grads: Map<string, Tensor>;
  /** dout given to each output. */
  douts: Map<string, Tensor>;
}

function addInto(acc: Map<string, Tensor>, id: string, g: Tensor): void {
  const have = acc.get(id);
  if (!have) {
    acc.set(id, g);
    return;
  }
  if (!sameShape(have.shape, g.shape)) throw new DoutError(`gradients of ${id} have shapes ${shapeText(have.shape)} and ${shapeText(g.shape)}`, have.shape, g.shape);
  const sum = new Float64Array(have.data.length);
  for (let i = 0; i < sum.length; i++) sum[i] = have.data[i] + g.data[i];
  acc.set(id, { shape: [...have.shape], data: sum });
}

export function runDag(spec: DagSpec): DagRun {
  const values = new Map<string, Tensor>(spec.inputs.map((i) => [i.id, i.value]));
  const get = (id: string, who: string): Tensor => {
    const v = values.get(id);
    if (!v) throw new Error(`${who} uses '${id}', which is not computed before it`);
    return v;
  };
  const runs = spec.calls.map((call) => {
    const s = layerSpec(call.layer);
    if (call.args.length !== s.inputs.length) throw new Error(`${s.className} takes ${s.inputs.length} inputs, got ${call.args.length}`);
    const layer = s.create();
    const inputs = call.args.map((a) => get(a, call.id));
    const params = (call.params ?? []).map((p) => get(p, call.id));
    const out = layer.forward(inputs, params);
    values.set(call.id, out);
    return { call, spec: s, layer, inputs, params, out };
  });

  // Backward: gradients arriving at each value, from outputs first, then from consumers.
  const arriving = new Map<string, Tensor>();
  const douts = new Map<string, Tensor>();
  for (const o of spec.outputs) {
    const y = get(o.of, o.id);
    // Ones of y's dtype by default, as np.ones_like(y).
    const d = o.dout ? fitDout(o.dout, y.shape, o.label) : { ...full(y.shape, 1), dtype: y.dtype };
    douts.set(o.id, d);
    addInto(arriving, o.of, d);
  }
  const done: CallRun[] = new Array(runs.length);
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i];
    const dout = arriving.get(r.call.id);
    if (!dout) throw new Error(`nothing flows back into ${r.call.id}: connect it to an output`);
    const { dinputs, dparams } = r.layer.backward(dout);
    r.call.args.forEach((a, k) => {
      const g = dinputs[k];
      if (g) addInto(arriving, a, g);
    });
    (r.call.params ?? []).forEach((p, k) => addInto(arriving, p, dparams[k]));
    done[i] = { ...r, dout, dinputs, dparams };
  }
  const grads = new Map<string, Tensor>();
  for (const inp of spec.inputs) {
    const g = arriving.get(inp.id);
    if (g) grads.set(inp.id, g);
  }
  return { spec, values, calls: done, grads, douts };
}
