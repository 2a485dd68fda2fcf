// Where arrows meet a node: the in slots in the order of its ports (the book's x, W, b) and the
// out slots in the order of their labels across the flow, so arrows into a layer do not cross;
// and the bounds of everything placed.
import { PORT_INSET, slots, type Axis, type LayoutEdge, type LayoutNode, type PlacedEdge, type PlacedNode, type Rect } from './types';

export interface Slots {
  inAt: Map<string, { c: number; port?: string }>;
  outAt: Map<string, number>;
}

export function portSlots(nodes: LayoutNode[], edges: LayoutEdge[], placed: Map<string, PlacedNode>, labelAt: (e: LayoutEdge) => number, ax: Axis): Slots {
  const { along, across, alongOf, acrossOf, pt } = ax;
  const inAt = new Map<string, { c: number; port?: string }>();
  const outAt = new Map<string, number>();
  const byAcross = (a: LayoutEdge, b: LayoutEdge) => labelAt(a) - labelAt(b);
  for (const n of nodes) {
    const p = placed.get(n.id)!;
    const lo = across(p.body) - acrossOf(p.body) / 2;
    const hi = across(p.body) + acrossOf(p.body) / 2;
    const ins = edges.filter((e) => e.target === n.id).sort(byAcross);
    const names = n.ports;
    const portOf = (e: LayoutEdge) => e.port ?? names[0];
    // The ports in the order their arrows arrive (the book's order, ranks.ts makes them agree).
    const order = [...names].sort((a, b) => {
      const [ea, eb] = [ins.findIndex((e) => portOf(e) === a), ins.findIndex((e) => portOf(e) === b)];
      return (ea < 0 ? 1e9 : ea) - (eb < 0 ? 1e9 : eb);
    });
    const inSlots = slots(Math.max(order.length, ins.length), lo, hi);
    if (order.length) {
      const pb = n.portBox ?? { width: 10, height: 15 };
      const edgeIn = along(p.body) - alongOf(p.body) / 2;
      order.forEach((name, i) => p.ports.push({ name, at: pt(edgeIn, inSlots[i]), label: { ...pb, ...pt(edgeIn + PORT_INSET + alongOf(pb) / 2, inSlots[i]) } }));
      for (const e of ins) inAt.set(e.id, { c: inSlots[Math.max(0, order.indexOf(portOf(e)))], port: portOf(e) });
    } else {
      ins.forEach((e, i) => inAt.set(e.id, { c: inSlots[i] }));
    }
    const outs = edges.filter((e) => e.source === n.id).sort(byAcross);
    const outSlots = slots(outs.length, lo, hi);
    outs.forEach((e, i) => outAt.set(e.id, outSlots[i]));
  }
  return { inAt, outAt };
}

/** Bounds of bodies, texts and arrows. */
export function boundsOf(nodes: Map<string, PlacedNode>, edges: Map<string, PlacedEdge>): { x1: number; y1: number; width: number; height: number } {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (r: Rect) => {
    x1 = Math.min(x1, r.x - r.width / 2);
    y1 = Math.min(y1, r.y - r.height / 2);
    x2 = Math.max(x2, r.x + r.width / 2);
    y2 = Math.max(y2, r.y + r.height / 2);
  };
  for (const n of nodes.values()) [n.body, n.extra].forEach((r) => r && add(r));
  for (const e of edges.values()) {
    [e.forwardLabel, e.backwardLabel].forEach((r) => r && add(r));
    for (const p of [...e.forward, ...(e.backward ?? [])]) add({ ...p, width: 0, height: 0 });
  }
  if (!Number.isFinite(x1)) [x1, y1, x2, y2] = [0, 0, 0, 0];
  return { x1, y1, width: x2 - x1, height: y2 - y1 };
}
