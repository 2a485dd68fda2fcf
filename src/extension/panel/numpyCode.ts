// "Copy as numpy code": a self-contained Python script that reproduces the trace with the book's
// own classes (the registry's numpy code), so the user can check every value in a notebook. It
// runs the same DAG as the engine, in the same order: forward in call order, backward in
// reverse, gradients added where a value branches. No vscode here.
import { isIntegral, layerSpec, pyFloatRepr, scalarText, type DagSpec, type Tensor } from '../../engine';

/** Beyond this many elements a literal is no longer code anyone wants to paste. */
export const MAX_CODE_ELEMENTS = 100_000;


function pyNumber(v: number): string {
  if (v !== v) return 'np.nan';
  if (v === Infinity) return 'np.inf';
  if (v === -Infinity) return '-np.inf';
  return pyFloatRepr(v);
}

/**
 * `np.array([[1.0, -0.5], [2.0, 0.0]], dtype=np.float64)`, nested by the shape, in the array's own
 * dtype: an int64's `[5, -1, 0]`, a bool's `[True, False]` (numpy then computes what the panel showed).
 */
/** One element as Python code in the dtype: an int's `5` (never `5.0`), a bool's `True`, a float's repr. */
const pyElement = (dtype: string | undefined): ((v: number) => string) =>
  isIntegral(dtype) ? (v) => scalarText(v, dtype) : pyNumber;

export function pyArray(t: Tensor): string {
  const { shape, data } = t;
  const dtype = t.dtype ?? 'float64';
  const element = pyElement(dtype);
  let i = 0;
  const nest = (axis: number): string => {
    if (axis === shape.length) return element(data[i++]);
    const items: string[] = [];
    for (let k = 0; k < shape[axis]; k++) items.push(nest(axis + 1));
    return `[${items.join(', ')}]`;
  };
  return `np.array(${nest(0)}, dtype=np.${dtype === 'bool' ? 'bool_' : dtype})`;
}

/** Python names: the DAG's ids are already identifiers (x, relu0, apple_num). */
const py = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

export function numpyCode(spec: DagSpec): string {
  const size = spec.inputs.reduce((n, i) => n + i.value.data.length, 0);
  if (size > MAX_CODE_ELEMENTS) throw new RangeError(`${size} elements are too many to copy as code`);
  const layers = [...new Set(spec.calls.map((c) => c.layer))].map(layerSpec);
  const lines = ['import numpy as np', '', ''];
  for (const f of new Set(layers.flatMap((l) => (l.functions ? [l.functions] : [])))) lines.push(f, '');
  for (const l of layers) lines.push(l.numpy, '');
  lines.push('# inputs');
  for (const i of spec.inputs) {
    // Class indices (SoftmaxWithLoss's t as labels) must be integers to index with.
    const labels = spec.calls.some((c) => c.layer === 'softmaxWithLoss' && c.args[1] === i.id) && i.value.shape.length === 1;
    lines.push(`${py(i.id)} = ${pyArray(i.value)}${labels ? '.astype(np.int64)' : ''}`);
  }
  lines.push('', '# forward, in order');
  for (const c of spec.calls) {
    const s = layerSpec(c.layer);
    lines.push(`${py(c.id)} = ${s.className}(${(c.params ?? []).map(py).join(', ')})`);
    lines.push(`out_${py(c.id)} = ${py(c.id)}.forward(${c.args.map((a) => (spec.inputs.some((i) => i.id === a) ? py(a) : `out_${py(a)}`)).join(', ')})`);
  }
  for (const o of spec.outputs) lines.push(`print(${JSON.stringify(`${o.label} =`)}, out_${py(o.of)})`);

  // Backward: what arrives at each value, summed over its outputs and its consumers.
  lines.push('', '# backward, in reverse');
  const parts = new Map<string, string[]>();
  const push = (id: string, term: string) => parts.set(id, [...(parts.get(id) ?? []), term]);
  for (const o of spec.outputs) {
    const of = spec.calls.find((c) => c.id === o.of)?.layer;
    const loss = of !== undefined && layerSpec(of).loss;
    const d = `dout_${py(o.id)}`;
    lines.push(`${d} = ${loss ? '1' : o.dout ? (o.dout.data.length === 1 ? `np.full_like(out_${py(o.of)}, ${pyElement(o.dout.dtype)(o.dout.data[0])})` : pyArray(o.dout)) : `np.ones_like(out_${py(o.of)})`}`);
    push(o.of, d);
  }
  const grad = (id: string) => {
    const terms = parts.get(id) ?? [];
    return terms.length === 1 ? terms[0] : `(${terms.join(' + ')})`;
  };
  for (const c of [...spec.calls].reverse()) {
    const s = layerSpec(c.layer);
    const names = c.args.map((a, k) => `d${s.inputs[k]}_${py(c.id)}`);
    const usable = names.filter((_, k) => !(s.noGrad ?? []).includes(s.inputs[k]));
    lines.push(`${usable.join(', ')} = ${py(c.id)}.backward(${grad(c.id)})`);
    c.args.forEach((a, k) => {
      if (!(s.noGrad ?? []).includes(s.inputs[k])) push(a, names[k]);
    });
    (c.params ?? []).forEach((p, k) => push(p, `${py(c.id)}.d${s.params[k]}`));
  }
  for (const i of spec.inputs) if (parts.has(i.id)) lines.push(`d${py(i.id)} = ${grad(i.id)}`, `print(${JSON.stringify(`d${i.label} =`)}, d${py(i.id)})`);
  return lines.join('\n') + '\n';
}
