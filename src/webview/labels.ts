// Text of every label in the graph, numpy-style, computed once and shared by the canvas and
// the accessible description so both always say the same thing.
import { formatArray } from '../engine/format';
import type { TraceGraph, WireTensor } from '../protocol';

export interface EdgeLabels {
  forward: string;
  backward: string;
}

export function fmt(t: WireTensor): string {
  return formatArray({ shape: t.shape, data: t.data });
}

/** The name on its own line, then the array as numpy prints it: narrow enough for a side panel. */
export function named(name: string, t: WireTensor): string {
  return `${name}\n${fmt(t)}`;
}

export function edgeLabels(graph: TraceGraph): Map<string, EdgeLabels> {
  return new Map(
    graph.edges.map((e) => [
      e.id,
      {
        forward: e.forward ? named(e.forwardName ?? 'value', e.forward) : '',
        // Where dout enters, its values are already on the edge into y: name it only.
        backward: e.forward ? named(e.backwardName, e.backward) : e.backwardName,
      },
    ]),
  );
}
