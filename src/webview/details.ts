// The details drawer opened by clicking (or Enter on) a node or an edge: the full arrays as a
// table (a heatmap too for 2-D), shape, min/max/mean, a layer's cache (mask, out), an
// activation's curve, the gradient check of each input port, a value's gradient (dW) and notes.
// Everything is built with createElement/textContent: values are text, never HTML.
import type { CacheEntry, GradCheckResult, GraphEdge, GraphNode, TraceGraph, WireTensor } from '../engine/graph/graph';
import { activationOf, curveData, curveSvg, type CurveData } from './curve';
import { heatmap } from './heatmap';
import { scalarText } from '../engine/print/format';
import { elementAt, endOf } from '../engine/print/exact';
import { maskSize, maskTrue } from '../scene/nodeLabels';
import { isIntegral } from '../engine/tensor';
import { elementOf, num, stats } from './stats';
import { t } from './strings';
import { sampledRange, shapeText, unravel } from './tables';

const MAX_ROWS = 100;
const MAX_COLS = 20;
/** Rows of the curve's point table; the plot itself shows up to MAX_POINTS. */
const CURVE_ROWS = 8;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A tensor viewed as rows x cols (1-D is one row; higher ranks fold into rows). */
function table(tensor: WireTensor, caption: string, worst: ReadonlySet<number> = new Set()): HTMLElement {
  // A big array's table shows its sample; the headers give the indices in the whole array.
  const shape = tensor.preview?.sampleShape ?? tensor.shape;
  const strides = tensor.preview?.strides ?? shape.map(() => 1);
  const colStep = strides.length ? strides[strides.length - 1] : 1;
  const rowStep = strides.length > 1 ? strides[strides.length - 2] : 1;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const rows = cols === 0 ? 0 : tensor.data.length / cols;
  const wrap = el('div', undefined, 'table-wrap');
  const tbl = el('table');
  tbl.append(el('caption', caption, 'sr-only'));
  const head = el('tr');
  head.append(el('th'));
  for (let c = 0; c < Math.min(cols, MAX_COLS); c++) head.append(el('th', String(c * colStep)));
  tbl.append(head);
  for (let r = 0; r < Math.min(rows, MAX_ROWS); r++) {
    const tr = el('tr');
    tr.append(el('th', String(r * rowStep)));
    for (let c = 0; c < Math.min(cols, MAX_COLS); c++) {
      const v = tensor.data[r * cols + c];
      const flat = tensor.preview ? -1 : r * cols + c;
      // a gradient-check's worst element: marked by a class (outline) and a ✗ in the cell
      const bad = worst.has(flat);
      const text = elementAt(tensor, r * cols + c, 6); // an int64 past 2**53: its own digits, not its float64's
      tr.append(el('td', bad ? `✗ ${text}` : text, `${v < 0 ? 'neg' : v > 0 ? 'pos' : 'zero'}${bad ? ' worst' : ''}`));
    }
    tbl.append(tr);
  }
  wrap.append(tbl);
  const note = sampledRange(tensor, MAX_ROWS, MAX_COLS);
  if (note) wrap.append(el('p', t(note.key, ...note.args), 'note'));
  return wrap;
}

/**
 * A number (shape ()): its value as the program prints it (100, 3.0, True) and its type, Python's
 * int or float, a numpy scalar, or a 0-d array: no min / max / mean nor a one-cell table.
 */
function scalarSection(title: string, tensor: WireTensor, cls: string): HTMLElement {
  const sec = el('section', undefined, `tensor ${cls}`);
  sec.append(el('h3', title));
  const dl = el('dl');
  const dtype = tensor.dtype ?? 'float64';
  const type = tensor.scalar === 'numpy' ? `numpy.${dtype}` : tensor.scalar ?? `numpy.ndarray, ${t('shape')} (), dtype ${dtype}`;
  for (const [k, v] of [[t('value'), tensor.text ?? scalarText(tensor.data[0], tensor.dtype)], [t('type'), type]]) dl.append(el('dt', k), el('dd', v));
  sec.append(dl);
  return sec;
}

/** A big array's min or max, a float64 from the host: an integer past 2**53 may not be the program's, so marked `≈`. */
function roughly(v: number, dtype: string | undefined): string {
  const text = elementOf(v, dtype);
  return isIntegral(dtype) && Math.abs(v) >= 2 ** 53 ? `≈ ${text}` : text;
}

function tensorSection(title: string, tensor: WireTensor, cls: string, worst: ReadonlySet<number> = new Set()): HTMLElement {
  if (tensor.shape.length === 0 && tensor.data.length === 1) return scalarSection(title, tensor, cls);
  const sec = el('section', undefined, `tensor ${cls}`);
  sec.append(el('h3', title));
  const s = tensor.preview ?? stats(tensor.data);
  const dl = el('dl');
  // An int64's min as numpy prints it (5, a bool's True); a mean is numpy's float64 for any dtype.
  // An int64 past 2**53: its exact digits (endOf); a big array's min / max came as float64, marked ≈.
  const end = (v: number, sign: 1 | -1) => (tensor.preview ? roughly(v, tensor.dtype) : endOf(tensor, v, sign));
  const rows: [string, string][] = [[t('shape'), shapeText(tensor.shape)], [t('min'), end(s.min, -1)], [t('max'), end(s.max, 1)], [t('mean'), num(s.mean)]];
  rows.push(['dtype', tensor.dtype ?? 'float64']);
  for (const [k, v] of rows) dl.append(el('dt', k), el('dd', v));
  sec.append(dl);
  const map = heatmap(tensor, `${title}: ${t('heatmap')}`, tensor.preview ? undefined : worst);
  if (map) sec.append(el('p', t('heatmap'), 'note'), map);
  sec.append(table(tensor, title, worst));
  return sec;
}

/** One port's gradient check as separate lines: verdict, the largest difference and where. */
function gradcheckBlock(port: string, g: GradCheckResult, shape: readonly number[], relu: boolean): HTMLElement {
  const box = el('div', undefined, `gradcheck ${g.ok ? 'ok' : 'bad'}`);
  box.append(el('h4', `${t('port')} ${port}: ${g.ok ? t('gradcheckPass') : t('gradcheckFail')}`));
  const dl = el('dl');
  dl.append(el('dt', t('gradcheckDiff')), el('dd', g.maxAbsDiff === null ? 'nan' : num(g.maxAbsDiff)));
  if (g.index >= 0) dl.append(el('dt', t('gradcheckIndex')), el('dd', unravel(g.index, shape)));
  dl.append(el('dt', t('gradcheckChecked')), el('dd', String(g.checked)));
  if (g.kinks) dl.append(el('dt', t('gradcheckKinks')), el('dd', String(g.kinks)));
  if (g.tol !== undefined) dl.append(el('dt', t('gradcheckTol')), el('dd', num(g.tol)));
  box.append(dl);
  if (g.worst?.length) box.append(sideBySide(g, shape));
  if (!g.ok && relu) box.append(el('p', t('gradcheckKink'), 'note'));
  return box;
}

/** Backprop and numerical values side by side for the worst elements, failing rows marked. */
function sideBySide(g: GradCheckResult, shape: readonly number[]): HTMLElement {
  const tbl = el('table', undefined, 'gradcheck-table');
  tbl.append(el('caption', t('gradcheckSide'), 'sr-only'));
  const head = el('tr');
  for (const h of [t('gradcheckIndex'), t('gradcheckBackprop'), t('gradcheckNumerical'), '|diff|']) head.append(el('th', h));
  tbl.append(head);
  for (const w of g.worst ?? []) {
    const diff = Math.abs(w.analytic - w.numerical);
    const bad = !(diff <= (g.tol ?? Infinity));
    const tr = el('tr', undefined, bad ? 'worst' : undefined);
    tr.append(el('th', `${bad ? '✗ ' : ''}${unravel(w.index, shape)}`));
    for (const v of [w.analytic, w.numerical, diff]) tr.append(el('td', num(v)));
    tbl.append(tr);
  }
  const wrap = el('div', undefined, 'table-wrap');
  wrap.append(tbl);
  return wrap;
}

/** The flat indices of a port's elements that failed the check (for the table and heatmap). */
function failing(g: GradCheckResult | undefined): Set<number> {
  if (!g || g.ok) return new Set();
  return new Set((g.worst ?? []).filter((w) => !(Math.abs(w.analytic - w.numerical) <= (g.tol ?? Infinity))).map((w) => w.index));
}

function cacheSection(c: CacheEntry, graph: TraceGraph): HTMLElement[] {
  const title = `${t('cached')} ${c.name}`;
  if (c.mask) {
    // A big mask comes as a sample with the whole mask's True count: its stats are 0/1 from that.
    const m = c.mask;
    const n = maskTrue(m);
    const total = maskSize(m);
    const p = m.preview;
    const preview = p && { text: p.text, min: n === total ? 1 : 0, max: n > 0 ? 1 : 0, mean: total ? n / total : NaN, sampleShape: p.sampleShape, strides: p.strides };
    return [el('p', t('maskZeroed', n, total)), tensorSection(title, { shape: m.shape, data: Float64Array.from(m.data), dtype: 'bool', ...(preview ? { preview } : {}) }, 'mask')];
  }
  const value = c.value ?? (c.edge ? graph.edges.find((e) => e.id === c.edge)?.forward : undefined);
  if (!value) return [];
  const sec = tensorSection(title, value, 'forward');
  if (c.edge) sec.append(el('p', t('cacheIsEdge', edgeName(graph.edges.find((e) => e.id === c.edge) as GraphEdge, graph)), 'note'));
  return [sec];
}

function curveSection(d: CurveData): HTMLElement {
  const sec = el('section', undefined, 'curve-section');
  const title = d.kind === 'relu' ? t('curveRelu') : t('curveSigmoid');
  sec.append(el('h3', title));
  sec.append(curveSvg(d, `${title}. ${t('curveHelp', d.points.length)}`, num));
  sec.append(el('p', d.kind === 'relu' ? t('curveSlopeRelu') : t('curveSlopeSigmoid'), 'note'));
  if (d.points.length < d.total) sec.append(el('p', t('curveSampled', d.points.length, d.total), 'note'));
  // The first points as numbers: x, out, slope, and dx = dout × slope as the host computed it.
  const tbl = el('table', undefined, 'curve-table');
  const head = el('tr');
  for (const h of ['x', 'out', t('slope'), 'dout', 'dx']) head.append(el('th', h));
  tbl.append(head);
  for (const p of d.points.slice(0, CURVE_ROWS)) {
    const tr = el('tr');
    for (const v of [p.x, p.y, p.slope, p.dout, p.dx]) tr.append(el('td', v === undefined ? '—' : num(v)));
    tbl.append(tr);
  }
  const wrap = el('div', undefined, 'table-wrap');
  wrap.append(tbl);
  sec.append(wrap);
  if (d.points.length > CURVE_ROWS) sec.append(el('p', t('curveRows', CURVE_ROWS, d.points.length), 'note'));
  return sec;
}

export interface DetailsActions {
  expand(node: string, expanded: boolean): void;
  close(): void;
}

function nodeBody(node: GraphNode, graph: TraceGraph, act: DetailsActions): HTMLElement[] {
  const body: HTMLElement[] = [];
  const facts = [node.kind, node.layer && node.layer !== node.label ? node.layer : '', node.section ? `§${node.section}` : '', node.line ? t('line', node.line) : ''].filter(Boolean);
  body.push(el('p', facts.join(' · '), 'facts'));
  const layerId = node.parent ?? (node.expandable ? node.id : undefined);
  if (layerId) {
    const expanded = !!node.parent || !!node.expanded;
    const kind = activationOf(graph.nodes.find((n) => n.id === layerId) ?? node);
    const b = el('button', expanded ? t('collapse') : kind === 'sigmoid' ? t('expandSigmoid') : kind === 'relu' ? t('expandRelu') : t('expand'));
    b.addEventListener('click', () => act.expand(layerId, !expanded));
    body.push(b);
  }
  if (node.verdict) {
    const v = node.verdict;
    const word = t(v.status === 'failed' ? 'verdictFailed' : v.status === 'ok' ? 'verdictOk' : v.status === 'checking' ? 'verdictChecking' : 'verdictUnchecked');
    const box = el('div', undefined, `verdict ${v.status}`);
    box.append(el('h3', `${t('gradcheck')}: ${word}`), el('p', v.text));
    body.push(box);
  }
  if (node.marks?.length) body.push(el('p', node.marks.join(' '), 'marks'));
  if (node.notes?.length) {
    const ul = el('ul', undefined, 'notes');
    for (const n of node.notes) ul.append(el('li', n));
    body.push(ul);
  }
  const curve = curveData(node, graph);
  if (curve) body.push(curveSection(curve));
  for (const c of node.cache ?? []) body.push(...cacheSection(c, graph));
  // A value's own gradient, summed over every edge leaving it (fig 5-16), and a param's value.
  if (node.kind === 'param') {
    const value = graph.edges.find((e) => e.source === node.id)?.forward;
    if (value) body.push(tensorSection(`${t('value')}: ${node.label}`, value, 'forward'));
  }
  if (node.grad) body.push(tensorSection(`${t('gradient')}: ${node.gradName ?? `d${node.label}`}`, node.grad, 'backward'));
  const checks = graph.edges.filter((e) => e.target === node.id && e.gradcheck);
  if (checks.length) {
    body.push(el('h3', t('gradcheck')));
    const relu = activationOf(node) === 'relu';
    for (const e of checks) body.push(gradcheckBlock(e.targetPort ?? node.inputs?.[0] ?? 'x', e.gradcheck as GradCheckResult, e.forward?.shape ?? [], relu));
  }
  for (const e of graph.edges.filter((x) => x.source === node.id || x.target === node.id)) body.push(...edgeSections(e, graph));
  return body;
}

/** Fills the drawer for a node or an edge and shows it; false when the target is not in the graph. */
export function showDetails(pane: HTMLElement, graph: TraceGraph, target: { node: string } | { edge: string }, act: DetailsActions): boolean {
  const head = el('div', undefined, 'details-head');
  const close = el('button', '×', 'icon');
  close.setAttribute('aria-label', t('close'));
  close.title = `${t('close')} (Esc)`;
  close.addEventListener('click', act.close);
  const title = el('h2');
  head.append(title, close);
  let body: HTMLElement[];
  if ('node' in target) {
    const node = graph.nodes.find((n) => n.id === target.node);
    if (!node) return false;
    title.textContent = `${t('details')}: ${node.label}`;
    body = nodeBody(node, graph, act);
  } else {
    const e = graph.edges.find((x) => x.id === target.edge);
    if (!e) return false;
    title.textContent = `${t('details')}: ${edgeName(e, graph)}`;
    body = edgeSections(e, graph);
  }
  pane.replaceChildren(head, ...body);
  pane.hidden = false;
  return true;
}

function edgeName(e: GraphEdge, graph: TraceGraph): string {
  const name = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  return `${name(e.source)} → ${name(e.target)}${e.targetPort ? ` (${e.targetPort})` : ''}`;
}

function edgeSections(e: GraphEdge, graph: TraceGraph): HTMLElement[] {
  const out: HTMLElement[] = [el('h3', edgeName(e, graph), 'edge-title')];
  if (e.forward) out.push(tensorSection(`${t('forwardValue')}: ${e.forwardName ?? ''}`, e.forward, 'forward'));
  if (e.note) out.push(el('p', e.note, 'note changed'));
  if (e.backward) out.push(tensorSection(`${t('backwardValue')}: ${e.backwardName ?? ''}`, e.backward, 'backward', failing(e.gradcheck)));
  else out.push(el('p', t('noGradient'), 'note'));
  if (e.zeros?.length) {
    const ul = el('ul', undefined, 'notes zeros');
    for (const z of e.zeros) ul.append(el('li', z));
    out.push(el('h4', t('whyZero')), ul);
  }
  return out;
}
