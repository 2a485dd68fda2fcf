// Why a gradient entry is exactly zero, when the recording can tell (issue #19 item 6): ReLU's
// mask blocked it (forward's input was <= 0 there), the dout that came in was already zero there,
// backward wrote the zero into its dout in place, or the gradient is an integer array (the
// fractions truncated). Each reason is one sentence on the edge (GraphEdge.zeros), for the details.
import type { GraphEdge, GraphNode, WireTensor } from '../graph/graph';
import { say } from '../graph/sayings';

const zerosOf = (t: WireTensor): number[] => {
  const out: number[] = [];
  for (let i = 0; i < t.data.length; i++) if (t.data[i] === 0) out.push(i);
  return out;
};
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Reasons for the zero entries of every gradient flowing into a layer (edges of full arrays only);
 * `wroteDout`: the layers whose backward wrote into its dout.
 */
export function explainZeros(nodes: readonly GraphNode[], edges: GraphEdge[], wroteDout: ReadonlySet<string>): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const g = e.backward;
    const layer = byId.get(e.target);
    if (!g || g.preview || !layer || layer.kind !== 'layer') continue;
    const zeros = zerosOf(g);
    if (!zeros.length) continue;
    const name = e.backwardName ?? say('the_gradient');
    const why: string[] = [];
    let left = new Set(zeros);
    const mask = layer.cache?.find((c) => c.mask && !c.mask.preview && sameShape(c.mask.shape, g.shape))?.mask;
    if (mask) {
      const blocked = zeros.filter((i) => mask.data[i] === 1);
      if (blocked.length) why.push(say('zeros_mask', blocked.length, zeros.length, name));
      left = new Set([...left].filter((i) => mask.data[i] !== 1));
    }
    // the dout this layer's backward received: its output edge's gradient
    const out = edges.find((x) => x.source === e.target && x.backward && !x.backward.preview && sameShape(x.backward.shape, g.shape));
    if (out?.backward && left.size) {
      const upstream = [...left].filter((i) => out.backward?.data[i] === 0);
      const wrote = out.note ? ` ${say('zeros_written', out.note)}` : '';
      if (upstream.length) why.push(`${say('zeros_upstream', upstream.length, zeros.length, name)}${wrote}`);
      left = new Set([...left].filter((i) => out.backward?.data[i] !== 0));
    }
    if (wroteDout.has(layer.id) && why.length) why.push(say('zeros_backward_wrote'));
    if (g.dtype && /int/.test(g.dtype)) why.push(say('zeros_integer', name, g.dtype));
    if (why.length) e.zeros = why;
  }
}
