// A layout as it travels in the panel's page (pageData.ts): the host lays the first trace out for
// its first frame, and the webview takes that layout over instead of laying the graph out again
// (policy.ts adoptPlan). JSON has no Map: the nodes and edges travel as [id, placed] pairs.
import type { Box, Layout, PlacedEdge, PlacedNode } from './types';

export interface SentLayout extends Omit<Layout, 'nodes' | 'edges'> {
  nodes: [string, PlacedNode][];
  edges: [string, PlacedEdge][];
}

/**
 * A plan made by the host: the level drawn and the room it was packed into, the size each level
 * tried needed (its size class: where the same choice stands, policy.ts), whether the drawn level
 * fits, the text measure's advance (scene/firstFrame.ts monoMeasure) and the layout.
 */
export interface SentPlan {
  level: string;
  room: number;
  needs: Box[];
  fits: boolean;
  advance: number;
  layout: SentLayout;
}

export const sendLayout = (l: Layout): SentLayout => ({ ...l, nodes: [...l.nodes], edges: [...l.edges] });

export const layoutOf = (s: SentLayout): Layout => ({ ...s, nodes: new Map(s.nodes), edges: new Map(s.edges) });
