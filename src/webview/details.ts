// The side pane opened by clicking (or Enter on) a node or an edge: the full arrays as a table
// (a heatmap too for 2-D), shape, min/max/mean, what the mask zeroed and the gradient check.
// Everything is built with createElement/textContent: values are text, never HTML.
import type { GraphEdge, GraphNode, TraceGraph, WireTensor } from '../protocol';
import { heatmap } from './heatmap';
import { maskCount } from './labels';
import { num, stats } from './stats';
import { t } from './strings';

const MAX_ROWS = 100;
const MAX_COLS = 20;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const shapeText = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;

/** A tensor viewed as rows x cols (1-D is one row; higher ranks fold into rows). */
function table(tensor: WireTensor, caption: string): HTMLElement {
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
      tr.append(el('td', num(v), v < 0 ? 'neg' : v > 0 ? 'pos' : 'zero'));
    }
    tbl.append(tr);
  }
  wrap.append(tbl);
  if (tensor.preview) wrap.append(el('p', t('sampled', tensor.preview.strides.join(' × ')), 'note'));
  if (rows > MAX_ROWS || cols > MAX_COLS) {
    wrap.append(el('p', t('tableTruncated', Math.min(rows, MAX_ROWS), rows, Math.min(cols, MAX_COLS), cols), 'note'));
  }
  return wrap;
}

function tensorSection(title: string, tensor: WireTensor, cls: string): HTMLElement {
  const sec = el('section', undefined, `tensor ${cls}`);
  sec.append(el('h3', title));
  const s = tensor.preview ?? stats(tensor.data);
  const dl = el('dl');
  for (const [k, v] of [[t('shape'), shapeText(tensor.shape)], [t('min'), num(s.min)], [t('max'), num(s.max)], [t('mean'), num(s.mean)]]) {
    dl.append(el('dt', k), el('dd', v));
  }
  sec.append(dl);
  const map = heatmap(tensor, `${title}: ${t('heatmap')}`);
  if (map) sec.append(el('p', t('heatmap'), 'note'), map);
  sec.append(table(tensor, title));
  return sec;
}

function gradcheckText(node: GraphNode, graph: TraceGraph): string | undefined {
  // The model keeps the check per input port, on the edge into it (webflow's details show each).
  const g = graph.edges.find((e) => e.target === node.id && e.gradcheck)?.gradcheck;
  if (!g) return undefined;
  const diff = g.maxAbsDiff === null ? 'nan' : num(g.maxAbsDiff);
  if (g.maxAbsDiff !== null && g.maxAbsDiff < 1e-6) return t('gradcheckOk', diff);
  const kink = node.layer === 'relu' ? ` ${t('gradcheckKink')}` : '';
  return t('gradcheckBad', diff, g.index) + kink;
}

export interface DetailsActions {
  expand(node: string, expanded: boolean): void;
  close(): void;
}

/** Fills the pane for a node or an edge and shows it. */
export function showDetails(pane: HTMLElement, graph: TraceGraph, target: { node: string } | { edge: string }, act: DetailsActions): void {
  const body: HTMLElement[] = [];
  const head = el('div', undefined, 'details-head');
  const close = el('button', '×', 'icon');
  close.setAttribute('aria-label', t('close'));
  close.title = t('close');
  close.addEventListener('click', act.close);
  const title = el('h2');
  head.append(title, close);
  if ('node' in target) {
    const node = graph.nodes.find((n) => n.id === target.node);
    if (!node) return;
    title.textContent = `${t('details')}: ${node.label}`;
    const layerId = node.parent ?? (node.layer ? node.id : undefined);
    if (layerId) {
      const expanded = !!node.parent || !!node.expanded;
      const b = el('button', expanded ? t('collapse') : node.layer === 'sigmoid' ? t('expandSigmoid') : t('expandRelu'));
      b.addEventListener('click', () => act.expand(layerId, !expanded));
      body.push(b);
    }
    const mask = node.cache?.find((c) => c.mask)?.mask;
    if (mask) {
      body.push(el('p', t('maskZeroed', maskCount(mask.data), mask.data.length)));
      body.push(tensorSection(t('cachedMask'), { shape: mask.shape, data: Float64Array.from(mask.data) }, 'mask'));
    }
    const outEdge = node.cache?.find((c) => c.name === 'out' && c.edge)?.edge;
    const out = outEdge && graph.edges.find((e) => e.id === outEdge)?.forward;
    if (out) body.push(tensorSection(t('cachedOut'), out, 'forward'));
    const g = gradcheckText(node, graph);
    if (g) body.push(el('h3', t('gradcheck')), el('p', g));
    for (const e of graph.edges.filter((x) => x.source === node.id || x.target === node.id)) body.push(...edgeSections(e, graph));
  } else {
    const e = graph.edges.find((x) => x.id === target.edge);
    if (!e) return;
    title.textContent = `${t('details')}: ${edgeName(e, graph)}`;
    body.push(...edgeSections(e, graph));
  }
  pane.replaceChildren(head, ...body);
  pane.hidden = false;
  close.focus();
}

function edgeName(e: GraphEdge, graph: TraceGraph): string {
  const name = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  return `${name(e.source)} → ${name(e.target)}`;
}

function edgeSections(e: GraphEdge, graph: TraceGraph): HTMLElement[] {
  const out: HTMLElement[] = [el('h3', edgeName(e, graph), 'edge-title')];
  if (e.forward) out.push(tensorSection(`${t('forwardValue')}: ${e.forwardName ?? ''}`, e.forward, 'forward'));
  if (e.backward) out.push(tensorSection(`${t('backwardValue')}: ${e.backwardName ?? ''}`, e.backward, 'backward'));
  return out;
}
