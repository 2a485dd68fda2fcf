// TEMPORARY STUB (branch runmode): the tracer branch provides the real module (valibot schema,
// parseRecorded, recordedToGraph). Replaced by theirs at `git merge tracer`.
import type { TraceGraph } from './graph';

export interface RecordedResult {
  calls: unknown[];
  stdout: string;
  stdoutTruncated?: boolean;
  error?: { message: string; line?: number | null; file?: string | null; traceback?: string; kind?: string };
  [key: string]: unknown;
}

export function parseRecorded(json: unknown): { result: RecordedResult } | { error: string } {
  const r = json as RecordedResult;
  return typeof r === 'object' && r !== null && Array.isArray(r.calls) ? { result: r } : { error: 'no calls' };
}

export function recordedToGraph(result: RecordedResult, passIndex: number): TraceGraph {
  void result;
  return { title: '', source: 'run', nodes: [], edges: [], doutSource: 'given', pass: { index: passIndex, count: 1 } };
}
