// An activation's curve for the details pane: y = f(x) over the range of the layer's input, the
// reader's x values as points on it and, at each point, the tangent whose slope is the local
// gradient, so dx = dout × slope can be seen (book 5.5). The line itself is drawn from the formula
// (an illustration); every point, slope and number comes from the host's values: x and out from
// the edges, ReLU's slope from its cached mask, Sigmoid's as out·(1 − out) from its cached out.
import type { GraphEdge, GraphNode, TraceGraph, WireTensor } from '../engine/graph/graph';

export type Activation = 'relu' | 'sigmoid';

export interface CurvePoint {
  /** Flat index in the whole array (not in a big array's sample). */
  index: number;
  x: number;
  y: number;
  slope: number;
  dout?: number;
  dx?: number;
}

export interface CurveData {
  kind: Activation;
  points: CurvePoint[];
  /** How many values the input has (points may be a sample of them). */
  total: number;
}

/** Up to this many points are drawn; beyond, an even sample of them. */
export const MAX_POINTS = 300;

export function activationOf(node: Pick<GraphNode, 'layer' | 'kind'>): Activation | undefined {
  if (node.kind !== 'layer' || !node.layer) return undefined;
  // Run mode names the user's class (`Relu`, `ReLU`, `Sigmoid`); literal mode the registry's.
  const name = node.layer.toLowerCase();
  return name === 'relu' ? 'relu' : name === 'sigmoid' ? 'sigmoid' : undefined;
}

/** Flat index in the whole array of element i of a (possibly sampled) tensor. */
export function fullIndex(t: WireTensor, i: number): number {
  const p = t.preview;
  if (!p) return i;
  let rest = i;
  let flat = 0;
  let mul = 1;
  for (let a = p.sampleShape.length - 1; a >= 0; a--) {
    const k = rest % p.sampleShape[a];
    rest = Math.floor(rest / p.sampleShape[a]);
    flat += k * p.strides[a] * mul;
    mul *= t.shape[a];
  }
  return flat;
}

function edgesOf(node: GraphNode, graph: TraceGraph): { into?: GraphEdge; out?: GraphEdge; outs: GraphEdge[] } {
  const ins = graph.edges.filter((e) => e.target === node.id);
  const into = ins.find((e) => e.targetPort === 'x') ?? ins[0];
  const outs = graph.edges.filter((e) => e.source === node.id);
  return { into, out: outs[0], outs };
}

/** The points of the curve from the host's values, or undefined when they are not all there. */
export function curveData(node: GraphNode, graph: TraceGraph): CurveData | undefined {
  const kind = activationOf(node);
  if (!kind) return undefined;
  const { into, out, outs } = edgesOf(node, graph);
  const x = into?.forward;
  if (!x || !out?.forward) return undefined;
  const cacheOut = node.cache?.find((c) => c.name === 'out');
  const outValue = cacheOut?.value ?? (cacheOut?.edge ? graph.edges.find((e) => e.id === cacheOut.edge)?.forward : undefined) ?? out.forward;
  const mask = node.cache?.find((c) => c.name === 'mask')?.mask;
  if (outValue.data.length !== x.data.length) return undefined;
  if (kind === 'relu' && !mask) return undefined;
  // dout is the gradient into this layer's output: only one edge, or it would be their sum.
  const dout = outs.length === 1 && out.backward?.data.length === x.data.length ? out.backward : undefined;
  const dx = into.backward?.data.length === x.data.length ? into.backward : undefined;
  const n = x.data.length;
  const every = Math.max(1, Math.ceil(n / MAX_POINTS));
  const points: CurvePoint[] = [];
  for (let i = 0; i < n; i += every) {
    const index = fullIndex(x, i);
    const y = outValue.data[i];
    let slope: number;
    if (kind === 'relu') {
      const m = mask as { data: Uint8Array };
      // The mask covers the whole array; a sampled x maps back to its full index.
      const blocked = m.data.length === n ? m.data[i] : m.data[index];
      slope = blocked ? 0 : 1;
    } else slope = y * (1 - y);
    const p: CurvePoint = { index, x: x.data[i], y, slope };
    if (dout) p.dout = dout.data[i];
    if (dx) p.dx = dx.data[i];
    points.push(p);
  }
  return { kind, points, total: x.preview ? x.shape.reduce((a, b) => a * b, 1) : n };
}

export const formula = (kind: Activation) => (kind === 'relu' ? (v: number) => Math.max(0, v) : (v: number) => 1 / (1 + Math.exp(-v)));

export interface CurveGeometry {
  width: number;
  height: number;
  xRange: [number, number];
  yRange: [number, number];
  /** SVG path of y = f(x) across the range. */
  line: string;
  dots: { cx: number; cy: number }[];
  tangents: { x1: number; y1: number; x2: number; y2: number }[];
  /** The smallest and largest x and y of the points (the host's values) and where they are. */
  xTicks: { at: number; value: number }[];
  yTicks: { at: number; value: number }[];
  /** Pixel position of the axes (x = 0, y = 0) when inside the plot. */
  axisX?: number;
  axisY?: number;
}

const PAD = 28;
/** Half length of each tangent on screen, the same for every slope so all read alike. */
const TANGENT_PX = 16;

/** Where everything goes in a width × height plot; finite points only. */
export function curveGeometry(data: CurveData, width = 320, height = 200): CurveGeometry {
  const finite = data.points.filter((p) => isFinite(p.x) && isFinite(p.y));
  let lo = Math.min(...finite.map((p) => p.x));
  let hi = Math.max(...finite.map((p) => p.x));
  if (!finite.length) [lo, hi] = [-1, 1];
  const span = hi - lo || Math.max(1, Math.abs(lo));
  lo -= span * 0.1;
  hi += span * 0.1;
  const f = formula(data.kind);
  let ylo = Math.min(f(lo), ...finite.map((p) => p.y));
  let yhi = Math.max(f(hi), ...finite.map((p) => p.y));
  const yspan = yhi - ylo || 1;
  ylo -= yspan * 0.08;
  yhi += yspan * 0.08;
  const px = (v: number) => PAD + ((v - lo) / (hi - lo)) * (width - 2 * PAD);
  const py = (v: number) => height - PAD - ((v - ylo) / (yhi - ylo)) * (height - 2 * PAD);
  const samples = 120;
  const line = Array.from({ length: samples + 1 }, (_, i) => {
    const v = lo + ((hi - lo) * i) / samples;
    return `${i ? 'L' : 'M'}${px(v).toFixed(2)},${py(f(v)).toFixed(2)}`;
  });
  // ReLU's kink: the sampled line must pass through (0, 0) exactly.
  if (data.kind === 'relu' && lo < 0 && hi > 0) {
    const pts = Array.from({ length: samples + 1 }, (_, i) => lo + ((hi - lo) * i) / samples).concat(0).sort((a, b) => a - b);
    line.splice(0, line.length, ...pts.map((v, i) => `${i ? 'L' : 'M'}${px(v).toFixed(2)},${py(f(v)).toFixed(2)}`));
  }
  const sx = (width - 2 * PAD) / (hi - lo);
  const sy = (height - 2 * PAD) / (yhi - ylo);
  const tangents = finite.map((p) => {
    // Direction (1, slope) in data units is (sx, −slope·sy) on screen (y grows downwards).
    const dx = sx;
    const dy = -p.slope * sy;
    const k = TANGENT_PX / Math.hypot(dx, dy);
    const cx = px(p.x);
    const cy = py(p.y);
    return { x1: cx - dx * k, y1: cy - dy * k, x2: cx + dx * k, y2: cy + dy * k };
  });
  const ends = (vals: number[], to: (v: number) => number) => {
    if (!vals.length) return [];
    const a = Math.min(...vals);
    const b = Math.max(...vals);
    return (a === b ? [a] : [a, b]).map((value) => ({ at: to(value), value }));
  };
  const g: CurveGeometry = {
    xTicks: ends(finite.map((p) => p.x), px),
    yTicks: ends(finite.map((p) => p.y), py),
    width,
    height,
    xRange: [lo, hi],
    yRange: [ylo, yhi],
    line: line.join(''),
    dots: finite.map((p) => ({ cx: px(p.x), cy: py(p.y) })),
    tangents,
  };
  if (lo <= 0 && hi >= 0) g.axisX = px(0);
  if (ylo <= 0 && yhi >= 0) g.axisY = py(0);
  return g;
}

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string | number>, cls?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (cls) e.setAttribute('class', cls);
  return e;
}

/** The plot as plain SVG (no plotting library), coloured by the theme through CSS classes. */
export function curveSvg(data: CurveData, label: string, fmt: (v: number) => string): SVGSVGElement {
  const g = curveGeometry(data);
  const svg = svgEl('svg', { viewBox: `0 0 ${g.width} ${g.height}`, role: 'img', 'aria-label': label }, 'curve') as SVGSVGElement;
  const left = 28;
  const bottom = g.height - 28;
  svg.append(svgEl('rect', { x: left, y: 28, width: g.width - 56, height: g.height - 56 }, 'curve-frame'));
  if (g.axisX !== undefined) svg.append(svgEl('line', { x1: g.axisX, y1: 28, x2: g.axisX, y2: bottom }, 'curve-axis'));
  if (g.axisY !== undefined) svg.append(svgEl('line', { x1: left, y1: g.axisY, x2: g.width - 28, y2: g.axisY }, 'curve-axis'));
  svg.append(svgEl('path', { d: g.line }, 'curve-line'));
  g.tangents.forEach((t) => svg.append(svgEl('line', { x1: t.x1, y1: t.y1, x2: t.x2, y2: t.y2 }, 'curve-tangent')));
  g.dots.forEach((d) => svg.append(svgEl('circle', { cx: d.cx, cy: d.cy, r: 3.5 }, 'curve-dot')));
  const text = (s: string, x: number, y: number, anchor: string) => {
    const e = svgEl('text', { x, y, 'text-anchor': anchor }, 'curve-text');
    e.textContent = s;
    svg.append(e);
  };
  // Ticks at the smallest and largest x and out: the host's own values, no invented numbers.
  g.xTicks.forEach((t, i) => {
    svg.append(svgEl('line', { x1: t.at, y1: bottom, x2: t.at, y2: bottom + 4 }, 'curve-axis'));
    text(fmt(t.value), t.at, g.height - 10, g.xTicks.length > 1 ? (i ? 'end' : 'start') : 'middle');
  });
  g.yTicks.forEach((t) => {
    svg.append(svgEl('line', { x1: left - 4, y1: t.at, x2: left, y2: t.at }, 'curve-axis'));
    text(fmt(t.value), left + 4, t.at + (t.at < g.height / 2 ? 14 : -4), 'start');
  });
  text('x', g.width - 20, bottom + 4, 'start');
  text('y', left, 20, 'middle');
  return svg;
}
