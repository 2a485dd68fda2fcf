// Why a gradient entry is exactly zero, when the recording can tell (issue #19 item 6): ReLU's
// mask blocked it (forward's input was <= 0 there), the dout that came in was already zero there,
// backward wrote the zero into its dout in place, or the gradient is an integer array (the
// fractions truncated). Each reason is one sentence on the edge (GraphEdge.zeros), for the details.
import type { GraphEdge, GraphNode, WireTensor } from '../graph/graph';

const zerosOf = (t: WireTensor): number[] => {
  const out: number[] = [];
  for (let i = 0; i < t.data.length; i++) if (t.data[i] === 0) out.push(i);
  return out;
};
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const count = (n: number, of: number) => `${n} of ${of}`;

/** Reasons for the zero entries of every gradient flowing into a layer (edges of full arrays only). */
export function explainZeros(nodes: readonly GraphNode[], edges: GraphEdge[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const g = e.backward;
    const layer = byId.get(e.target);
    if (!g || g.preview || !layer || layer.kind !== 'layer') continue;
    const zeros = zerosOf(g);
    if (!zeros.length) continue;
    const name = e.backwardName ?? 'the gradient';
    const why: string[] = [];
    let left = new Set(zeros);
    const mask = layer.cache?.find((c) => c.mask && !c.mask.preview && sameShape(c.mask.shape, g.shape))?.mask;
    if (mask) {
      const blocked = zeros.filter((i) => mask.data[i] === 1);
      if (blocked.length) why.push(`${count(blocked.length, zeros.length)} zeros of ${name}: the mask blocked them (forward's input was <= 0 there, so ReLU passes no gradient).`);
      left = new Set([...left].filter((i) => mask.data[i] !== 1));
    }
    // the dout this layer's backward received: its output edge's gradient
    const out = edges.find((x) => x.source === e.target && x.backward && !x.backward.preview && sameShape(x.backward.shape, g.shape));
    if (out?.backward && left.size) {
      const upstream = [...left].filter((i) => out.backward?.data[i] === 0);
      const wrote = out.note ? ` ${out.note.replace(/^This is /, 'It was ')} An in-place write put those zeros there.` : '';
      if (upstream.length) why.push(`${count(upstream.length, zeros.length)} zeros of ${name}: the dout that came in was already 0 there.${wrote}`);
      left = new Set([...left].filter((i) => out.backward?.data[i] !== 0));
    }
    if (layer.notes?.some((n) => n.startsWith('backward wrote into its argument')) && why.length) {
      why.push(`backward wrote these zeros into its dout in place: the caller's dout holds them too.`);
    }
    if (g.dtype && /int/.test(g.dtype)) why.push(`${name} is an integer array (${g.dtype}): fractions were cut to whole numbers, small gradients to 0 (start from a float array, e.g. np.zeros_like(x, dtype=float)).`);
    if (why.length) e.zeros = why;
  }
}
