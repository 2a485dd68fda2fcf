// TEMPORARY STUB (branch runmode): the tracer branch provides the real recordedToGraph.
// Replaced by theirs at `git merge tracer`.
import type { TraceGraph } from './graph';

export type RecordedResult = Record<string, unknown>;

export function recordedToGraph(result: RecordedResult, passIndex: number): TraceGraph {
  void result;
  return { title: '', source: 'run', nodes: [], edges: [], doutSource: 'given', pass: { index: passIndex, count: 1 } };
}
