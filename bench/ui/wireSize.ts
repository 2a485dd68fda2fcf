// Bytes a trace's message to the webview carries (binary arrays + text), with big arrays as the
// previews the panel sends: what the transfer phase has to move. Counted after the timing.
import { previewGraph } from '../../src/engine/print/wirePreview';

function bytes(v: unknown, seen = new Set<unknown>()): number {
  if (typeof v === 'string') return v.length;
  if (typeof v !== 'object' || v === null || seen.has(v)) return 0;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return v.byteLength;
  return Object.values(v).reduce((n: number, x) => n + bytes(x, seen), 0);
}

export function wireBytes(graph: unknown): number {
  return bytes(previewGraph(graph as Parameters<typeof previewGraph>[0]));
}
