// The reader's recorded calls as the one graph model (graph.ts): one layer node per forward call
// of the chosen pass, joined producer to consumer by value id (an array changed in place is a
// new value), inputs where nothing produced a value, parameters (W, b) beside their layer, and
// the paired backward's values on the same edges, right to left.
import type { CacheEntry, GraphEdge, GraphNode, GradCheckResult, TraceGraph, Verdict, WireTensor } from '../graph/graph';
import type { RecordedCall, RecordedGradCheck, RecordedPortCheck, RecordedResult, RecordedValue } from './schema';
import { LAYERS } from '../layers';
import { addWire, isArrayValue, maskOf, resolve, valuesById, wireOf } from './values';
import { applyVerdict, verdictOf } from '../graph/checkRule';
import { explainZeros } from './whyZero';
import { changedName, inPlaceNotes, nameOf } from './names';
import { say, sayReason } from '../graph/sayings';

/** The book's section for a class named as one of the book's (`Relu` 5.5.1, `MulLayer` 5.4.1). */
const SECTIONS = new Map<string, string>(LAYERS.map((l) => [l.className.toLowerCase(), l.section]));

/** The book's parameter names; another attribute counts when backward sets its d<name>. */
export const PARAM_NAMES = ['W', 'b', 'gamma', 'beta'];
/** Cache names of the book whose d<name> is an input's gradient, not a parameter's. */
const CACHE_NAMES = new Set(['out', 'mask', 'x', 'y', 't', 'loss', 'xc', 'xn', 'std', 'col', 'col_W', 'arg_max']);

const isBackward = (c: RecordedCall): boolean => c.method.startsWith('backward');
/** A cs231n-style function's parameter (`w`, `b`, `gamma`, `beta`): drawn beside its layer like a class's W, b. */
const isParamArg = (name: string): boolean => PARAM_NAMES.some((p) => p.toLowerCase() === name.toLowerCase());
const portName = (p: string): string => p.replace(/^\*/, '');
const basename = (f: string): string => f.split(/[\\/]/).pop()?.split('#')[0] ?? f;

const num = (x: number | string): number => Number(x); // 'NaN', 'Infinity' as numpy's users spell them

function check(p: RecordedPortCheck | undefined): GradCheckResult | undefined {
  if (!p) return undefined;
  const out: GradCheckResult = { maxAbsDiff: p.maxAbsDiff, index: p.index ?? -1, checked: p.checked, ok: p.ok };
  if (p.kinks) out.kinks = p.kinks;
  if (p.tol !== undefined) out.tol = p.tol;
  if (p.worst) out.worst = p.worst.map((w) => ({ index: w.index, analytic: num(w.analytic), numerical: num(w.numerical) }));
  return out;
}

/** The layer's verdict from its instance's check entry (the tracer checks an instance once). */
function verdictFrom(gc: RecordedGradCheck, i: number, shapes: Map<string, readonly number[]>, calls: readonly RecordedCall[]): Verdict {
  const status = gc.status ?? (gc.ok ? 'ok' : 'failed');
  const labels = gc.labels?.length ? ` ${say(gc.labels.length > 1 ? 'check_labels_many' : 'check_labels_one', gc.labels.join(', '))}` : '';
  if (status === 'unchecked') return { status, text: `${say('check_unchecked', gc.reason ? sayReason(gc.reason) : say('check_no_reason'))}${labels}` };
  const ports = [...gc.inputs, ...(gc.params ?? [])].map((p) => ({ name: p.name ?? '?', check: check(p) as GradCheckResult, ...(p.error ? { error: p.error } : {}) }));
  const v = verdictOf(ports, gc.call === i ? shapes : new Map());
  const elsewhere = gc.call === i ? '' : ` ${gc.call >= 0 ? say('check_on_pass', (calls[gc.call]?.pass ?? 0) + 1) : say('check_later')}`;
  return { ...v, text: `${v.text}${elsewhere}.${labels}` };
}

/** The attribute's value after the call, looked up by id when it was sent before. */
function attr(c: RecordedCall | undefined, name: string, values: Map<number, RecordedValue>): RecordedValue | undefined {
  if (!c) return undefined;
  if (name in c.attrs) return c.attrs[name];
  const id = c.attrIds?.[name];
  return id === null || id === undefined ? undefined : values.get(id);
}

function paramNames(f: RecordedCall, b: RecordedCall | undefined, values: Map<number, RecordedValue>): string[] {
  const names = Object.keys(f.attrIds ?? f.attrs);
  const grads = new Set(Object.keys(b?.attrIds ?? b?.attrs ?? {}));
  return names.filter(
    (n) =>
      !f.params.includes(n) &&
      isArrayValue(attr(f, n, values)) &&
      (PARAM_NAMES.includes(n) || (grads.has(`d${n}`) && !CACHE_NAMES.has(n))),
  );
}

/** What backward returned for input j: a tuple maps to the inputs in order (MulLayer's dx, dy). */
function gradOf(b: RecordedCall | undefined, j: number, inputs: number, values: Map<number, RecordedValue>): WireTensor | undefined {
  if (!b || b.raised || b.incomplete) return undefined;
  const r = resolve(values, b.result);
  if (Array.isArray(r)) return inputs > 1 || r.length === 1 ? wireOf(r[j]) : undefined;
  return j === 0 ? wireOf(r) : undefined;
}

export function recordedToGraph(result: RecordedResult, passIndex = 0, title?: string): TraceGraph {
  const calls = result.calls;
  const values = valuesById(calls);
  const containers = new Set<number>();
  calls.forEach((c) => {
    if (!isBackward(c) && c.parent !== null && c.parent !== undefined) containers.add(c.parent);
  });
  const forwards = calls
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => !isBackward(c) && c.pass === passIndex && !containers.has(i) && !c.dropped && c.instance >= 0);
  const backwardOf = new Map<number, RecordedCall>();
  calls.forEach((c) => {
    if (isBackward(c) && c.pairs !== null && c.pairs !== undefined) backwardOf.set(c.pairs, c);
  });
  const checks = new Map<number, RecordedGradCheck>(result.gradcheck.map((g) => [g.call, g]));
  const byInstance = new Map<number, RecordedGradCheck>();
  for (const g of result.gradcheck) if (g.instance !== undefined && !byInstance.has(g.instance)) byInstance.set(g.instance, g);
  const changed = inPlaceNotes(calls);
  const producer = new Map<number, number>();
  // the first producer of a value id: a layer that returns its input unchanged produces nothing new
  for (const { c, i } of forwards) if (c.resultId !== null && !producer.has(c.resultId)) producer.set(c.resultId, i);

  const nodes: GraphNode[] = [];
  const byId = new Map<string, GraphNode>();
  const add = (n: GraphNode): GraphNode => {
    nodes.push(n);
    byId.set(n.id, n);
    return n;
  };
  const edges: GraphEdge[] = [];
  const inputNodes = new Map<string, GraphNode>();
  const edge = (e: Omit<GraphEdge, 'id'>): GraphEdge => {
    const full = { id: `e${edges.length}`, ...e };
    edges.push(full);
    return full;
  };
  const inEdge = new Map<string, string>();
  const outEdge = new Map<number, string>();
  const wroteDout = new Set<string>(); // layers whose backward wrote into its dout

  for (const { c: f, i } of forwards) {
    const b = backwardOf.get(i);
    const gc = checks.get(i);
    const id = `call${i}`;
    // a function pair's w, b given as arguments, produced by no earlier layer: parameters
    const argParams = new Set(f.function === undefined ? [] : f.params.filter((p, j) => {
      const vid = f.argIds[j];
      const from = vid === null ? undefined : producer.get(vid);
      return isParamArg(p) && !(from !== undefined && from < i) && wireOf(resolve(values, f.args[j])) !== undefined;
    }));
    const attrParams = paramNames(f, b, values);
    const params = [...attrParams, ...argParams];
    const notes: string[] = [];
    if (f.thread !== undefined) notes.push(say('ran_on_thread', f.thread));
    if (f.generator) notes.push(say('forward_generator'));
    const marks: string[] = [];
    const argName = (c: RecordedCall, j: number) => nameOf(c, j) ?? portName(c.params[j] ?? `#${j}`);
    f.inPlace.forEach((j) => {
      notes.push(say('forward_wrote_arg', portName(f.params[j] ?? `#${j}`)));
      marks.push(say('mark_wrote', argName(f, j)), say('mark_caller_changed', argName(f, j)));
    });
    if (f.inPlace.length) notes.push(say('forward_wrote_why'));
    b?.inPlace.forEach((j) => notes.push(say('backward_wrote_arg', portName(b.params[j] ?? `#${j}`))));
    if (b?.inPlace.length) {
      notes.push(say('backward_wrote_why'));
      wroteDout.add(id);
    }
    if (f.raised) notes.push(say('forward_raised'));
    for (const p of [...(gc?.inputs ?? []), ...(gc?.params ?? [])]) {
      if (!p.ok) notes.push(p.maxAbsDiff === null ? say('check_failed_on', p.name ?? '?') : say('check_failed_on_diff', p.name ?? '?', p.maxAbsDiff.toPrecision(3)));
    }
    const node: GraphNode = {
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
    };
    add(node);
    const mine: GraphEdge[] = [];
    const shapes = new Map<string, readonly number[]>();

    f.args.forEach((ref, j) => {
      const a = resolve(values, ref);
      const forward = typeof a === 'boolean' ? undefined : wireOf(a);
      if (!forward) return; // None, flags, opaque objects: not a value of the graph
      const port = portName(f.params[j] ?? `arg${j}`);
      const name = nameOf(f, j) ?? port;
      const backward = gradOf(b, j, f.args.length, values);
      const gradcheck = check(gc?.inputs.find((p) => p.arg === j));
      if (argParams.has(f.params[j])) {
        add({ id: `${id}_${port}`, kind: 'param', label: port, ...(backward ? { grad: backward, gradName: `d${port}` } : {}) });
        edge({ source: `${id}_${port}`, target: id, targetPort: port, forward, forwardName: port, ...(backward ? { backward, backwardName: `d${port}` } : {}), ...(gradcheck ? { gradcheck } : {}) });
        return;
      }
      const vid = f.argIds[j];
      const from = vid === null ? undefined : producer.get(vid);
      let source: string;
      if (from !== undefined && from < i) source = `call${from}`;
      else {
        const key = vid === null ? `${i}:${j}` : String(vid);
        let input = inputNodes.get(key);
        if (!input) {
          input = add({ id: `in${inputNodes.size}`, kind: 'input', label: name });
          inputNodes.set(key, input);
        }
        source = input.id;
      }
      const given = b?.names?.out?.[f.args.length > 1 ? j : 0];
      const e = edge({
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
      inEdge.set(`${i}:${j}`, e.id);
      if (!outEdge.has(from ?? -1) && from !== undefined && from < i) outEdge.set(from, e.id);
      const input = byId.get(source);
      if (input?.kind === 'input' && backward) {
        input.grad = addWire(input.grad, backward);
        input.gradName = input.grad === backward && given ? given : `d${input.label}`;
      }
    });

    for (const p of attrParams) {
      const forward = wireOf(attr(f, p, values));
      const grad = wireOf(attr(b, `d${p}`, values));
      // `_`, not `:`: node ids must match the protocol's [A-Za-z0-9_-]+ (the webview drops the graph otherwise).
      const pid = `${id}_${p}`;
      add({ id: pid, kind: 'param', label: p, ...(grad ? { grad, gradName: `d${p}` } : {}) });
      const gradcheck = check(gc?.params?.find((q) => q.name === p));
      if (forward) shapes.set(p, forward.shape);
      mine.push(edge({
        source: pid,
        target: id,
        targetPort: p,
        ...(forward ? { forward } : {}),
        forwardName: p,
        ...(grad ? { backward: grad, backwardName: `d${p}` } : {}),
        ...(gradcheck ? { gradcheck } : {}),
      }));
    }
    // the instance's verdict (checked once, maybe in another pass or after recording stopped)
    const entry = gc ?? byInstance.get(f.instance);
    if (entry) applyVerdict(node, verdictFrom(entry, i, shapes, calls), mine);
    else if (result.checking?.includes(f.instance)) applyVerdict(node, { status: 'checking', text: say('check_running') }, mine);
  }

  // Results nobody in this pass consumed are the graph's outputs; a scalar one is the loss.
  // (A layer returning its input unchanged shares that id: only a later consumer counts.)
  const lastConsumer = new Map<number, number>();
  for (const { c, i } of forwards) for (const id of c.argIds) if (id !== null) lastConsumer.set(id, i);
  for (const { c: f, i } of forwards) {
    const consumed = f.resultId !== null && (lastConsumer.get(f.resultId) ?? -1) > i;
    const forward = wireOf(resolve(values, f.result));
    if (consumed || !forward) continue;
    const b = backwardOf.get(i);
    const scalar = forward.shape.length === 0;
    const oid = `out${i}`;
    const outName = f.names?.out?.length === 1 ? f.names.out[0] : null;
    add({ id: oid, kind: scalar ? 'loss' : 'output', label: scalar && /loss/i.test(f.class) ? 'L' : (outName ?? 'out') });
    const dout = b && !b.incomplete ? wireOf(resolve(values, b.args[0]) ?? 1) : undefined;
    const doutNote = b ? changed.get(b.argIds[0] ?? -1) : undefined;
    const doutName = (b && nameOf(b, 0)) ?? 'dout';
    const e = edge({
      source: `call${i}`,
      target: oid,
      forward,
      forwardName: outName ?? 'out',
      ...(dout ? { backward: dout, backwardName: doutNote ? changedName(doutName, doutNote) : doutName } : {}),
      ...(dout && doutNote ? { note: doutNote.text } : {}),
    });
    outEdge.set(i, e.id);
  }

  // Caches: what the layer kept after forward (mask, out, x...), linked to an edge when it is one.
  for (const { c: f, i } of forwards) {
    const node = byId.get(`call${i}`) as GraphNode;
    const params = new Set(node.params ?? []);
    const cache: CacheEntry[] = [];
    for (const name of Object.keys(f.attrIds ?? f.attrs)) {
      if (params.has(name) || (name.startsWith('d') && params.has(name.slice(1)))) continue;
      const id = f.attrIds?.[name];
      const j = id === null || id === undefined ? -1 : f.argIds.indexOf(id);
      const edgeId = id !== null && id !== undefined && id === f.resultId ? outEdge.get(i) : j >= 0 ? inEdge.get(`${i}:${j}`) : undefined;
      const v = attr(f, name, values);
      const mask = maskOf(v);
      const value = wireOf(v);
      if (edgeId) cache.push({ name, edge: edgeId });
      else if (mask) cache.push({ name, mask });
      else if (value) cache.push({ name, value });
    }
    if (cache.length) node.cache = cache;
  }

  explainZeros(nodes, edges, wroteDout);
  const first = forwards[0]?.c.file ?? calls[0]?.file;
  return {
    title: title ?? (first ? basename(first) : 'run'),
    source: 'run',
    nodes,
    edges,
    doutSource: 'given',
    pass: { index: passIndex, count: result.passes, ...(result.capped ? { capped: true } : {}) },
    ...(result.hints?.length ? { notes: result.hints } : {}),
  };
}
