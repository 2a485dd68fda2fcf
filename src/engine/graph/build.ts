// Describes a run of the DAG as the graph the webview draws: a node per input, parameter, layer
// call and output; an edge per use of a value, port to port, with the forward value above and the
// gradient that came back through that use below.
import { checkCall, unmovable } from './gradcheck';
import { applyVerdict, H, verdictOf } from './checkRule';
import { say } from './sayings';
import { shortNumber } from '../print/format';
import type { CallRun, DagRun } from './dag';
import type { CacheEntry, GradCheckResult, GraphEdge, GraphNode, TraceGraph, WireTensor } from './graph';
import type { Tensor } from '../tensor';

export interface BuildView {
  /** Ids of layer nodes the user expanded. */
  expanded?: ReadonlySet<string>;
  /** Skip the numerical gradient check (two extra forward passes per layer). */
  skipGradcheck?: boolean;
}

export const wire = (t: Tensor): WireTensor => (t.dtype ? { shape: [...t.shape], data: t.data, dtype: t.dtype } : { shape: [...t.shape], data: t.data });

/** `dx` for a value named `x`; a layer's own port name when the target has several. */
const gradName = (name: string) => (name.startsWith('d') && name.length > 1 && name !== 'dout' ? `d(${name})` : `d${name}`);

export function buildGraph(run: DagRun, head: Pick<TraceGraph, 'title' | 'source' | 'doutSource'> & Partial<TraceGraph>, view: BuildView = {}): TraceGraph {
  const { spec } = run;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const label = new Map<string, string>();
  for (const inp of spec.inputs) {
    label.set(inp.id, inp.label);
    const g = run.grads.get(inp.id);
    const node: GraphNode = { id: inp.id, kind: inp.param ? 'param' : 'input', label: inp.label };
    if (g) {
      node.grad = wire(g);
      node.gradName = gradName(inp.label);
    }
    nodes.push(node);
  }
  const used = new Set<string>();
  const edgeId = (source: string, target: string, port: string) => {
    let id = `e_${source}_${target}`;
    if (used.has(id)) id = `${id}_${port}`;
    used.add(id);
    return id;
  };
  for (const r of run.calls) {
    const { call, spec: s } = r;
    label.set(call.id, call.out ?? call.id);
    const node: GraphNode = { id: call.id, kind: 'layer', label: s.label, layer: s.name, section: s.section, inputs: [...s.inputs] };
    if (s.params.length) node.params = [...s.params];
    if (s.expand) node.expandable = true;
    if (s.expand === 'mask' && view.expanded?.has(call.id)) node.expanded = true;
    nodes.push(node);
    // a value float64 cannot move by h is not checked, and says why (never a false FAILED)
    const far = view.skipGradcheck ? undefined : unmovable(r);
    if (far) applyVerdict(node, { status: 'unchecked', text: say('check_unchecked', say('reason_unmovable', s.inputs[far.port], H, far.count, shortNumber(far.max, 4))) }, []);
    const checks = view.skipGradcheck || far ? [] : checkCall(r);
    const checked: { name: string; check: GradCheckResult; edge: GraphEdge }[] = [];
    const many = s.inputs.length + s.params.length > 1;
    call.args.forEach((a, k) => {
      const port = s.inputs[k];
      const name = label.get(a) ?? a;
      const e: GraphEdge = { id: edgeId(a, call.id, port), source: a, target: call.id, forward: wire(r.inputs[k]), forwardName: name };
      if (many) e.targetPort = port;
      const d = r.dinputs[k];
      if (d) {
        e.backward = wire(d);
        e.backwardName = many ? `d${port}` : gradName(name);
      }
      if (checks[k]) e.gradcheck = checks[k];
      edges.push(e);
      if (checks[k]) checked.push({ name: port, check: checks[k] as GradCheckResult, edge: e });
    });
    if (checked.length) applyVerdict(node, verdictOf(checked, new Map(checked.map((c) => [c.name, c.edge.forward?.shape ?? []]))), checked.map((c) => c.edge));
    (call.params ?? []).forEach((p, k) => {
      const port = s.params[k];
      edges.push({
        id: edgeId(p, call.id, port),
        source: p,
        target: call.id,
        targetPort: port,
        forward: wire(r.params[k]),
        forwardName: port,
        backward: wire(r.dparams[k]),
        backwardName: `d${port}`,
      });
    });
  }
  for (const o of spec.outputs) {
    const r = run.calls.find((c) => c.call.id === o.of);
    const y = run.values.get(o.of) as Tensor;
    const loss = !!r?.spec.loss;
    nodes.push({ id: o.id, kind: loss ? 'loss' : 'output', label: o.label });
    const e: GraphEdge = { id: edgeId(o.of, o.id, 'out'), source: o.of, target: o.id, forward: wire(y), forwardName: o.label, backward: wire(run.douts.get(o.id) as Tensor), backwardName: 'dout' };
    edges.push(e);
  }
  for (const r of run.calls) {
    const cache = cacheOf(r, edges);
    if (cache.length) (nodes.find((n) => n.id === r.call.id) as GraphNode).cache = cache;
  }
  const notes = [...(head.notes ?? []), ...(spec.notes ?? [])];
  return { ...head, ...(notes.length ? { notes } : {}), nodes, edges };
}

/**
 * A layer's cache, as the book's fields; a cached value that is also an edge's forward value
 * (Sigmoid's out) refers to that edge instead of travelling twice.
 */
function cacheOf(r: CallRun, edges: readonly GraphEdge[]): CacheEntry[] {
  const cache: CacheEntry[] = [];
  for (const [name, v] of Object.entries(r.layer.cache())) {
    if ('mask' in v) cache.push({ name, mask: { shape: [...v.shape], data: v.mask } });
    else {
      const on = edges.find((e) => e.forward && e.forward.data === v.data);
      cache.push(on ? { name, edge: on.id } : { name, value: wire(v) });
    }
  }
  return cache;
}
