// The reader's recorded calls as the one graph model (graph.ts): one layer node per forward call
// of the chosen pass, joined producer to consumer by value id (an array changed in place is a
// new value), inputs where nothing produced a value, parameters (W, b) beside their layer, and
// the paired backward's values on the same edges, right to left. Each step is its own function:
// index the calls, draw each layer (its notes, its arguments' edges, its attributes' parameters),
// the outputs and the loss, then the caches.
import { MAX_ITEMS, type CacheEntry, type GraphEdge, type GraphNode, type TraceGraph, type Verdict } from '../graph/graph';
import type { RecordedCall, RecordedGradCheck, RecordedResult } from './schema';
import { LAYERS } from '../layers';
import { addWire, inexactCount, maskOf, resolve, wireOf } from './values';
import { argParamsOf, attr, gradNameOf, gradOf, indexCalls, isBackward, paramNames, worstOf, type Calls } from './calls';
import { applyVerdict, gradForms } from '../graph/checkRule';
import { explainZeros } from './whyZero';
import { changedName, nameOf, portName } from './names';
import { layerNotes } from './layerNotes';
import { say } from '../graph/sayings';
import { check, verdictOfEntries } from './verdicts';
import { writtenDout } from './aliased';

/** The book's section for a class named as one of the book's (`Relu` 5.5.1, `MulLayer` 5.4.1). */
const SECTIONS = new Map<string, string>(LAYERS.map((l) => [l.className.toLowerCase(), l.section]));

/** The node of parameter `p` beside layer `id`: its name as the protocol's ids allow it (params[0] → params-5b0-5d; the webview drops a graph with any other id). */
const paramId = (id: string, p: string): string => `${id}_${p.replace(/[^A-Za-z0-9_]/g, (c) => `-${c.charCodeAt(0).toString(16)}`)}`;
const basename = (f: string): string => f.split(/[\\/]/).pop()?.split('#')[0] ?? f;

/** The graph as it is drawn, node and edge ids in order. */
class Drawing {
  readonly nodes: GraphNode[] = [];
  readonly byId = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  readonly inputNodes = new Map<string, GraphNode>();
  readonly inEdge = new Map<string, string>();
  readonly outEdge = new Map<number, string>();
  readonly wroteDout = new Set<string>(); // layers whose backward wrote into its dout
  add(n: GraphNode): GraphNode {
    this.nodes.push(n);
    this.byId.set(n.id, n);
    return n;
  }
  edge(e: Omit<GraphEdge, 'id'>): GraphEdge {
    const full = { id: `e${this.edges.length}`, ...e };
    this.edges.push(full);
    return full;
  }
}

/** One forward call: its layer node, its arguments' and parameters' edges, its verdict. */
function drawLayer(k: Calls, d: Drawing, f: RecordedCall, i: number): void {
  const b = k.backwardOf.get(i);
  const own = k.checks.get(i) ?? [];
  const gc = worstOf(own); // two backwards on it: the worst one's ports marked, its verdict drawn
  const id = `call${i}`;
  const argParams = argParamsOf(k, f, i);
  const attrParams = paramNames(f, b, k.values);
  const params = [...attrParams, ...argParams];
  const { notes, marks } = layerNotes(f, b, gc);
  if (b?.inPlace.length) d.wroteDout.add(id);
  const node = d.add({
    id,
    kind: 'layer',
    label: f.names?.short ?? f.class,
    layer: f.class,
    ...(SECTIONS.has(f.class.toLowerCase()) ? { section: SECTIONS.get(f.class.toLowerCase()) } : {}),
    inputs: f.params.filter((p) => !argParams.has(p)).map(portName),
    ...(params.length ? { params } : {}),
    ...(f.line !== null ? { line: f.line } : {}),
    ...(notes.length ? { notes } : {}),
    ...(marks.length ? { marks } : {}),
  });
  const mine: GraphEdge[] = [];
  const shapes = new Map<string, readonly number[]>();
  f.args.forEach((_, j) => argEdge(k, d, { f, i, b, gc, argParams, mine, shapes }, j));
  for (const p of attrParams) {
    const forward = wireOf(attr(f, p, k.values));
    // dW, or the learner's grad_W / W_grad: drawn by its own name.
    const gname = gradNameOf(p, (n) => attr(b, n, k.values) !== undefined) ?? `d${p}`;
    const grad = wireOf(attr(b, gname, k.values));
    const pid = paramId(id, p);
    d.add({ id: pid, kind: 'param', label: p, ...(grad ? { grad, gradName: gname } : {}) });
    const gradcheck = check(gc?.params?.find((q) => q.name === p));
    if (forward) shapes.set(p, forward.shape);
    mine.push(d.edge({
      source: pid,
      target: id,
      targetPort: p,
      ...(forward ? { forward } : {}),
      forwardName: p,
      ...(grad ? { backward: grad, backwardName: gname } : {}),
      ...(gradcheck ? { gradcheck } : {}),
    }));
  }
  // the instance's verdict (checked once, maybe in another pass or after recording stopped)
  const entries = own.length ? own : k.byInstance.get(f.instance) ?? [];
  if (entries.length) drawVerdict(node, verdictOfEntries(entries, i, shapes, k.calls), mine);
  else if (k.checking.has(f.instance)) applyVerdict(node, { status: 'checking', text: say('check_running') }, mine);
  // Never silent: a forward whose backward never came has no check, and says why (a loss returns its own gradient).
  else if (!b && f.lossGrad === undefined) applyVerdict(node, { status: 'unchecked', text: say(k.capped ? 'check_no_backward_cap' : 'check_no_backward') }, mine);
  // a gradient corrupted on its way here (another layer's in-place write): its own check cannot see it
  const written = writtenDout(k, i, b);
  // in its verdict once there is one (said once in the drawer), else as a note meanwhile
  if (written && node.verdict && node.verdict.status !== 'checking') node.verdict = { ...node.verdict, text: `${node.verdict.text} ${say('check_but', written)}` };
  else if (written) node.notes = [...(node.notes ?? []), written];
}

/** The verdict on the node; of two backwards, its FAILED line says which one failed. */
function drawVerdict(node: GraphNode, v: Verdict & { which?: string }, mine: GraphEdge[]): void {
  const { which, ...verdict } = v;
  applyVerdict(node, verdict, mine);
  const marks = node.marks ?? [];
  if (which && verdict.status === 'failed' && marks.length) marks[marks.length - 1] = `${marks[marks.length - 1]} (${which})`;
}

interface Layer {
  f: RecordedCall;
  i: number;
  b: RecordedCall | undefined;
  gc: RecordedGradCheck | undefined;
  argParams: Set<string>;
  mine: GraphEdge[];
  shapes: Map<string, readonly number[]>;
}

/** Argument j's edge into the layer: from the layer that produced it, an input node, or its own parameter node. */
function argEdge(k: Calls, d: Drawing, { f, i, b, gc, argParams, mine, shapes }: Layer, j: number): void {
  const a = resolve(k.values, f.args[j]);
  const forward = typeof a === 'boolean' ? undefined : wireOf(a);
  if (!forward) return; // None, flags, opaque objects: not a value of the graph
  const id = `call${i}`;
  const port = portName(f.params[j] ?? `arg${j}`);
  const name = nameOf(f, j) ?? port;
  const backward = gradOf(f, b, j, k.values);
  const gradcheck = check(gc?.inputs.find((p) => p.arg === j));
  if (argParams.has(f.params[j])) {
    d.add({ id: paramId(id, port), kind: 'param', label: port, ...(backward ? { grad: backward, gradName: `d${port}` } : {}) });
    d.edge({ source: paramId(id, port), target: id, targetPort: port, forward, forwardName: port, ...(backward ? { backward, backwardName: `d${port}` } : {}), ...(gradcheck ? { gradcheck } : {}) });
    return;
  }
  const vid = f.argIds[j];
  const from = vid === null ? undefined : k.producer.get(vid);
  let source: string;
  if (from !== undefined && from < i) source = `call${from}`;
  else {
    const key = vid === null ? `${i}:${j}` : String(vid);
    let input = d.inputNodes.get(key);
    if (!input) {
      input = d.add({ id: `in${d.inputNodes.size}`, kind: 'input', label: name });
      d.inputNodes.set(key, input);
    }
    source = input.id;
  }
  const given = b?.names?.out?.[f.args.length > 1 ? j : 0];
  const e = d.edge({
    source,
    target: id,
    targetPort: port,
    forward,
    ...(backward ? { backward, backwardName: given ?? `d${name}` } : {}),
    forwardName: name,
    ...(gradcheck ? { gradcheck } : {}),
  });
  mine.push(e);
  shapes.set(port, forward.shape);
  d.inEdge.set(`${i}:${j}`, e.id);
  if (!d.outEdge.has(from ?? -1) && from !== undefined && from < i) d.outEdge.set(from, e.id);
  const input = d.byId.get(source);
  if (input?.kind === 'input' && backward) {
    input.grad = addWire(input.grad, backward);
    input.gradName = input.grad === backward && given ? given : `d${input.label}`;
  }
}

/** Results nobody in this pass consumed are the graph's outputs; a scalar one is the loss.
 * (A layer returning its input unchanged shares that id: only a later consumer counts.) */
function drawOutputs(k: Calls, d: Drawing): void {
  const lastConsumer = new Map<number, number>();
  for (const { c, i } of k.forwards) for (const id of c.argIds) if (id !== null) lastConsumer.set(id, i);
  for (const { c: f, i } of k.forwards) {
    const consumed = f.resultId !== null && (lastConsumer.get(f.resultId) ?? -1) > i;
    const r = resolve(k.values, f.result);
    const forward = wireOf(r);
    // Several outputs (cs231n's next_h, next_c, cache = lstm_step_forward(…)): said, not left out in silence.
    if (!consumed && Array.isArray(r)) noteOn(d, i, say('outputs_not_drawn', r.length, f.names?.out?.filter(Boolean).join(', ') || 'a tuple'));
    if (consumed || !forward) continue;
    const b = k.backwardOf.get(i);
    const scalar = forward.shape.length === 0;
    const oid = `out${i}`;
    const outName = f.names?.out?.length === 1 ? f.names.out[0] : null;
    d.add({ id: oid, kind: scalar ? 'loss' : 'output', label: scalar && /loss/i.test(f.class) ? 'L' : (outName ?? 'out') });
    const dout = b && !b.incomplete ? wireOf(resolve(k.values, b.args[0]) ?? 1) : undefined;
    const doutNote = b ? k.changed.get(b.argIds[0] ?? -1) : undefined;
    const doutName = (b && nameOf(b, 0)) ?? 'dout';
    const e = d.edge({
      source: `call${i}`,
      target: oid,
      forward,
      forwardName: outName ?? 'out',
      ...(dout ? { backward: dout, backwardName: doutNote ? changedName(doutName, doutNote) : doutName } : {}),
      ...(dout && doutNote ? { note: doutNote.text } : {}),
    });
    d.outEdge.set(i, e.id);
  }
}

/** A note on layer i's node (its drawer and hover show it). */
function noteOn(d: Drawing, i: number, text: string): void {
  const node = d.byId.get(`call${i}`);
  if (node) node.notes = [...(node.notes ?? []), text];
}

/** Caches: what the layer kept after forward (mask, out, x...), linked to an edge when it is one. */
function drawCaches(k: Calls, d: Drawing): void {
  for (const { c: f, i } of k.forwards) {
    const node = d.byId.get(`call${i}`) as GraphNode;
    const params = new Set(node.params ?? []);
    const cache: CacheEntry[] = [];
    for (const name of Object.keys(f.attrIds ?? f.attrs)) {
      if (params.has(name) || [...params].some((p) => gradForms(p).includes(name))) continue;
      const id = f.attrIds?.[name];
      const j = id === null || id === undefined ? -1 : f.argIds.indexOf(id);
      const edgeId = id !== null && id !== undefined && id === f.resultId ? d.outEdge.get(i) : j >= 0 ? d.inEdge.get(`${i}:${j}`) : undefined;
      const v = attr(f, name, k.values);
      const mask = maskOf(v);
      const value = wireOf(v);
      if (edgeId) cache.push({ name, edge: edgeId });
      else if (mask) cache.push({ name, mask });
      else if (value) cache.push({ name, value });
    }
    if (cache.length) node.cache = cache;
  }
}

/** Backward calls recorded in this pass: a loss that returned its own gradient counts as one. */
function backwardsIn(k: Calls, passIndex: number): number {
  return k.calls.filter((c, i) => c.pass === passIndex && (isBackward(c) || (c.lossGrad !== undefined && k.backwardOf.has(i)))).length;
}

/** The drawing of the pass's first `n` layer calls. */
function drawn(k: Calls, n: number): Drawing {
  const d = new Drawing();
  const some = { ...k, forwards: k.forwards.slice(0, n) };
  for (const { c, i } of some.forwards) drawLayer(some, d, c, i);
  drawOutputs(some, d);
  drawCaches(some, d);
  return d;
}

/** The pass's layer calls, as many from the first as a graph holds (MAX_ITEMS), and the note saying so when that is not all. */
function fitted(k: Calls): { d: Drawing; cut?: string } {
  const all = k.forwards.length;
  let n = all;
  let d = drawn(k, n);
  while (n > 1 && Math.max(d.nodes.length, d.edges.length) > MAX_ITEMS) {
    n = Math.min(n - 1, Math.floor((n * MAX_ITEMS) / Math.max(d.nodes.length, d.edges.length)));
    d = drawn(k, n);
  }
  return { d, ...(n < all ? { cut: say('calls_not_drawn', n, all, MAX_ITEMS) } : {}) };
}

export function recordedToGraph(result: RecordedResult, passIndex = 0, title?: string): TraceGraph {
  const k = indexCalls(result, passIndex);
  const { d, cut } = fitted(k);
  explainZeros(d.nodes, d.edges, d.wroteDout);
  const first = k.forwards[0]?.c.file ?? k.calls[0]?.file;
  const inexact = inexactCount(k.values);
  const notes = [...(cut ? [cut] : []), ...(result.hints ?? []), ...(k.roundsNote ? [k.roundsNote] : []), ...(inexact ? [say('ints_inexact', inexact)] : [])];
  return {
    title: title ?? (first ? basename(first) : 'run'),
    source: 'run',
    nodes: d.nodes,
    edges: d.edges,
    doutSource: 'given',
    pass: { index: passIndex, count: result.passes, ...(result.capped ? { capped: true } : {}), backwards: backwardsIn(k, passIndex) },
    ...(notes.length ? { notes } : {}),
  };
}
