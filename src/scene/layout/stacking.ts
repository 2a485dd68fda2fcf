// Which edges stack their two texts (TB, `pair: 'stacked'`): only where the label shares its rank
// with another node or label (one alone has the panel's width and keeps them side by side, one
// text high); with short words, never a one-line text (`dout = 1`: the height a stack adds is more
// than the width it saves), unless the closest spacing asks for it; parameters off their edges
// unstack a rank whose labels side by side fit the panel's room. Ranks come from the structure
// alone (the same for every level of a graph), so they are worked out once per graph.
import { inCard, isFewest, isShort, offEdge, type LevelOptions } from './levels';
import { labelBox, labId, rankOf, type Dagre } from './ranks';
import type { Box, LayoutEdge, LayoutNode } from './types';

/** A text of one line (a name alone, `dout = 1`). */
const ONE_LINE = 20;
const RANKS = new Map<string, Map<string, number>>();

const structure = (nodes: LayoutNode[], edges: LayoutEdge[]) => `${nodes.map((n) => n.id).join(',')}|${edges.map((e) => `${e.source}>${e.target}`).join(',')}`;

/** Forgets every graph's ranks (the bench times the policy cold). */
export const forgetRanks = (): void => RANKS.clear();

/** The graph's ranks if a pass of any level has found them. */
export const knownRanks = (nodes: LayoutNode[], edges: LayoutEdge[]): Map<string, number> | undefined => RANKS.get(structure(nodes, edges));

/** Keeps the ranks a pass found (they are the same for every level). */
export function rememberRanks(nodes: LayoutNode[], edges: LayoutEdge[], g: Dagre): void {
  const key = structure(nodes, edges);
  if (RANKS.has(key)) return;
  if (RANKS.size > 64) RANKS.clear();
  RANKS.set(key, new Map(g.nodes().map((id) => [id, rankOf(g, id)])));
}

/** The graph's ranks by node and label id, from one dagre pass (kept per structure). */
function ranksOf(nodes: LayoutNode[], edges: LayoutEdge[], run: () => Dagre): { ranks: Map<string, number>; g?: Dagre } {
  const known = knownRanks(nodes, edges);
  if (known) return { ranks: known };
  const g = run();
  rememberRanks(nodes, edges, g);
  return { ranks: knownRanks(nodes, edges)!, g };
}

/** The stacked edges of a level, and a dagre pass already made with exactly those, if one was. */
export function stackedEdges(nodes: LayoutNode[], edges: LayoutEdge[], p: LevelOptions, pass: (s: Set<string>) => Dagre, nodesep: number, width: (id: string) => number): { stacked: Set<string>; g?: Dagre } {
  if (p.pair !== 'stacked' || p.flow !== 'TB') return { stacked: new Set() };
  const oneLine = (b?: Box) => !b || b.height <= ONE_LINE;
  const first = new Set(edges.filter((e) => isFewest(p) || !isShort(p) || !(oneLine(e.forward) || oneLine(e.backward))).map((e) => e.id));
  const { ranks, g } = ranksOf(nodes, edges, () => pass(first));
  const perRank = new Map<number, string[]>();
  for (const [id, r] of ranks) (perRank.get(r) ?? perRank.set(r, []).get(r)!).push(id);
  // Stacked where the rank is shared, or (parameters in cards: a column of cards) where the pair
  // side by side alone is wider than the room.
  const byId = new Map(edges.map((e) => [e.id, e]));
  const tooWide = (id: string) => inCard(p) && p.room !== undefined && labelBox(byId.get(id)!, 'TB', false).width > p.room;
  const stacked = new Set([...first].filter((id) => (perRank.get(ranks.get(`${id}__lab`) ?? 0)?.length ?? 0) > 1 || tooWide(id)));
  if (offEdge(p) && p.room !== undefined) unstackWhereRoom(edges, perRank, stacked, p.room, nodesep, width);
  const same = !!g && stacked.size === first.size;
  return { stacked, g: same ? g : undefined };
}

/** A rank whose labels side by side fit the room keeps them so (one text high): stacking there adds height and saves no width needed. */
function unstackWhereRoom(edges: LayoutEdge[], perRank: Map<number, string[]>, stacked: Set<string>, room: number, nodesep: number, width: (id: string) => number): void {
  const byLab = new Map(edges.map((e) => [labId(e), e]));
  for (const ids of perRank.values()) {
    const here = ids.filter((id) => stacked.has(byLab.get(id)?.id ?? ''));
    if (!here.length) continue;
    const side = ids.reduce((sum, id) => sum + (byLab.has(id) ? labelBox(byLab.get(id)!, 'TB', false).width : width(id)), 0) + nodesep * (ids.length - 1);
    if (side > room) continue;
    for (const id of here) stacked.delete(byLab.get(id)!.id);
  }
}
