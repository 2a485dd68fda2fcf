// How the run mode hands a graph to the panel: a source the panel can build again for another
// pass of a training loop (or an expanded node) without running the reader's code again.
import type { RecordedResult } from '../../engine/recorded/schema';
import { recordedToGraph } from '../../engine/recorded';
import type { TraceGraph } from '../../engine/graph/graph';
import type { GraphSource, SourceView } from '../panel/panel';

/**
 * The recorded run as a panel source: every pass is drawn from the same recording. No `restore`:
 * after a window reload the panel starts empty rather than run the reader's code unasked.
 * The notes come most important first, since the panel shows the first in full and folds the rest
 * (webview/notes.ts): `warnings` (the run ended, raised, calls went unrecorded), then the graph's
 * own (a near miss of `backward`, evaluations drawn once), then `about` (which Python ran what).
 */
export function recordedSource(result: RecordedResult, title: string, warnings: string[], about: string[] = []): GraphSource & { build(view: SourceView): TraceGraph } {
  return {
    title,
    build: ({ pass }) => {
      const graph = recordedToGraph(result, pass);
      const notes = [...warnings, ...(graph.notes ?? []), ...about];
      return { ...graph, title, ...(notes.length ? { notes } : {}) };
    },
  };
}
