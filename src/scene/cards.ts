// Parameters inside their layer's card (the levels with `params: 'inside'`, layout/levels.ts),
// for run-mode nets in a narrow panel: a parameter (W, b) is no longer a node of its own with a
// long edge looping into its layer; its box and its two texts (value, gradient) make a row of the
// layer's card, under the layer's name, in the book's order (W, then b). The layout sees one node
// per card, as big as its rows; the rows are placed inside it afterwards. Nothing is left out:
// the card shows every text the parameter's edge showed, only the arrow is gone (the parameter is
// in its layer, as `self.W` is).
import type { TraceGraph } from '../engine/graph/graph';
import { BORDER, ROOM_MARGIN, type Box, type Layout, type Rect } from './layout/types';

/** Between the card's border and its rows. */
export const CARD_PAD = 4;
const ROW_GAP = 3;
/** Between the title and the first row: room for both boxes' borders (drawn half outside each box). */
const TITLE_GAP = ROW_GAP + 2;
/** Between a parameter's box, its value and its gradient in a row. */
const GAP = 6;

export interface CardRow {
  param: string;
  edge: string;
  node: Box;
  value?: Box;
  grad?: Box;
  /** The gradient under the value (the row side by side is wider than the room). */
  stacked: boolean;
  box: Box;
}

export interface Card {
  /** The layer's own box (its name and cache), the card's title. */
  head: Box;
  rows: CardRow[];
  /** The whole card, before the layout adds the port names' band. */
  box: Box;
}

/**
 * The edges a card takes in: a parameter's only edge (tight.ts attachedEdges), and a side input's:
 * an input with one edge into a later port of a layer whose first input another layer computed
 * (SoftmaxWithLoss's `t`). Fig 5-17's `apple num` stays a node: its × takes two inputs alike.
 */
export function cardEdges(graph: TraceGraph, attached: Set<string>, stack: boolean): Set<string> {
  const out = new Set(attached);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of graph.nodes) {
    const es = n.kind === 'input' ? graph.edges.filter((e) => e.source === n.id) : [];
    const target = es.length === 1 ? byId.get(es[0].target) : undefined;
    const first = target && graph.edges.find((e) => e.target === target.id && e.targetPort === target.inputs?.[0]);
    const fromLayer = first && byId.get(first.source)?.kind === 'layer';
    const side = fromLayer && !!es[0].targetPort && (target.inputs ?? []).indexOf(es[0].targetPort) > 0;
    // A stack of cards: every input with one edge into a layer is a row of that layer's card.
    if (target?.kind === 'layer' && (side || stack)) out.add(es[0].id);
  }
  // ... and an output or loss that one layer gives, a last row of that layer's card.
  if (stack) {
    for (const n of graph.nodes) {
      const ins = n.kind === 'output' || n.kind === 'loss' ? graph.edges.filter((e) => e.target === n.id) : [];
      const leaves = !graph.edges.some((e) => e.source === n.id);
      if (ins.length === 1 && leaves && byId.get(ins[0].source)?.kind === 'layer') out.add(ins[0].id);
    }
  }
  return out;
}

/** Each layer's card: its parameters and side inputs (cardEdges) in the order of its ports. */
export function cardsOf(
  graph: TraceGraph,
  attached: Set<string>,
  boxes: { head: (id: string) => Box; param: (id: string) => Box; texts: (edge: string) => { value?: Box; grad?: Box } },
  room: number,
): Map<string, Card> {
  const out = new Map<string, Card>();
  for (const n of graph.nodes) {
    if (n.kind !== 'layer') continue;
    const order = [...(n.inputs ?? []), ...(n.params ?? [])];
    const into = graph.edges.filter((e) => e.target === n.id && attached.has(e.id)).sort((a, b) => order.indexOf(a.targetPort ?? '') - order.indexOf(b.targetPort ?? ''));
    // The output it gives (a stack of cards) comes last; its row's box is the output's.
    const es = [...into, ...graph.edges.filter((e) => e.source === n.id && attached.has(e.id))];
    if (!es.length) continue;
    const rows = es.map((e): CardRow => {
      const other = e.target === n.id ? e.source : e.target;
      const node = boxes.param(other);
      const { value, grad } = boxes.texts(e.id);
      const [v, g] = [value ?? { width: 0, height: 0 }, grad ?? { width: 0, height: 0 }];
      const side = node.width + GAP + v.width + (g.width ? GAP + g.width : 0);
      const stacked = side > room - 2 * CARD_PAD - ROOM_MARGIN && g.width > 0;
      // The parameter's box with its border (drawn half outside it): rows of one line (small glyphs) keep their boxes apart.
      const tall = node.height + BORDER;
      const box = stacked
        ? { width: node.width + GAP + Math.max(v.width, g.width), height: Math.max(tall, v.height + ROW_GAP + g.height) }
        : { width: side, height: Math.max(tall, v.height, g.height) };
      return { param: other, edge: e.id, node, value, grad, stacked, box };
    });
    const head = boxes.head(n.id);
    const width = Math.max(head.width, ...rows.map((r) => r.box.width + 2 * CARD_PAD));
    const height = head.height + TITLE_GAP - ROW_GAP + rows.reduce((s, r) => s + ROW_GAP + r.box.height, 0) + CARD_PAD;
    out.set(n.id, { head, rows, box: { width, height } });
  }
  return out;
}

/**
 * After the layout: each card's layer keeps the card as `card` and its title (the port names'
 * band and its name) as its body; each row's parameter box and texts are placed in the card, the
 * parameter's edge without arrows.
 */
export function placeCards(layout: Layout, cards: Map<string, Card>): void {
  for (const [id, c] of cards) {
    const placed = layout.nodes.get(id);
    if (!placed) continue;
    const card = placed.body;
    const left = card.x - card.width / 2;
    const top = card.y - card.height / 2;
    // The layout grew the card along the flow for the port names' band (layout/place.ts).
    const title = card.height - c.box.height + c.head.height;
    placed.card = card;
    placed.body = { x: card.x, width: card.width, y: top + title / 2, height: title };
    let y = top + title + TITLE_GAP - ROW_GAP;
    for (const r of c.rows) {
      y += ROW_GAP;
      const at = (b: Box, x: number, yTop: number): Rect => ({ ...b, x: x + b.width / 2, y: yTop + b.height / 2 });
      const mid = (b: Box) => y + (r.box.height - b.height) / 2;
      const node = at(r.node, left + CARD_PAD, mid(r.node));
      const x = left + CARD_PAD + r.node.width + GAP;
      const value = r.value && at(r.value, x, r.stacked ? y : mid(r.value));
      const grad = r.grad && (r.stacked ? at(r.grad, x, y + (r.value ? r.value.height + ROW_GAP : 0)) : at(r.grad, x + (r.value ? r.value.width + GAP : 0), mid(r.grad)));
      layout.nodes.set(r.param, { body: node, ports: [] });
      layout.edges.set(r.edge, { forward: [], forwardLabel: value, backwardLabel: grad, port: undefined });
      y += r.box.height;
    }
  }
}
