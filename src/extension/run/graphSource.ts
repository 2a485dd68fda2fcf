// How the run mode hands a graph to the panel: a source the panel can build again for another
// pass of a training loop (or an expanded node) without running the reader's code again.
import type { RecordedResult } from '../../engine/recorded';
import { recordedToGraph } from '../../engine/recorded';
import type { TraceGraph } from '../../engine/graph';
import type { RestoreInfo } from '../../protocol';

// The panel's contract (src/extension/panel.ts on main defines it; this copy is for compiling
// until that lands, and must stay identical to it).
export interface GraphSource {
  title: string;
  restore?: RestoreInfo;
  build(view: { expanded: ReadonlySet<string>; pass: number }): TraceGraph;
}

declare module '../panel' {
  interface TracePanel {
    showSource(source: GraphSource): unknown;
  }
}

/** The recorded run as a panel source: every pass is drawn from the same recording. */
export function recordedSource(result: RecordedResult, title: string, notes: string[]): GraphSource {
  return {
    title,
    build: ({ pass }) => {
      const graph = recordedToGraph(result, pass);
      return { ...graph, title, notes: [...notes, ...(graph.notes ?? [])] };
    },
  };
}
