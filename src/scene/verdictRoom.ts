// Run mode draws a net while its gradient checks still run (a layer "checking…"); the verdicts
// come later and are put into the drawing in place, every position kept (webview/verdicts.ts). So
// a layer still checking is laid out with the room its worst verdict takes: the badge ✗, the line
// "FAILED: dx, dW, db" naming every port it checks, and ✗ after each gradient's name. The texts
// drawn are the graph's own; a FAILED title that arrives fits the box it was given, and nothing
// next to it (a card's rows, the next layer) is covered.
import { applyVerdict } from '../engine/graph/checkRule';
import type { TraceGraph } from '../engine/graph/graph';

/** The graph as it reads if every layer still checking FAILED on every gradient it checks; `graph` itself when none is checking. */
export function verdictRoom(graph: TraceGraph): TraceGraph {
  const checking = new Set(graph.nodes.filter((n) => n.verdict?.status === 'checking').map((n) => n.id));
  if (!checking.size) return graph;
  const checked = (e: TraceGraph['edges'][number]) => checking.has(e.target) && !!e.backward;
  const edges = graph.edges.map((e) => (checked(e) && e.backwardName && !e.backwardName.endsWith('✗') ? { ...e, backwardName: `${e.backwardName} ✗` } : e));
  const nodes = graph.nodes.map((n) => {
    if (!checking.has(n.id)) return n;
    const ports = graph.edges.filter((e) => e.target === n.id && checked(e)).map((e) => e.targetPort ?? n.inputs?.[0] ?? 'x');
    const worst = { ...n, marks: n.marks && [...n.marks] };
    applyVerdict(worst, { status: 'failed', text: '', ports }, []);
    return worst;
  });
  return { ...graph, nodes, edges };
}
