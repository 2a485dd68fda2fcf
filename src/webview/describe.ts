// The graph as text: a list screen readers can read (the canvas cannot be read), and the
// report sent to the host, which is what the tests check.
import type { RenderReport, TraceGraph } from '../protocol';
import type { EdgeLabels } from './labels';

export function describeGraph(
  target: HTMLElement,
  graph: TraceGraph,
  labels: Map<string, EdgeLabels>,
): Omit<RenderReport, 'width' | 'height'> {
  const names = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const list = document.createElement('ul');
  for (const n of graph.nodes) {
    const item = document.createElement('li');
    item.textContent = `Node ${n.label} (${n.kind})`;
    list.append(item);
  }
  const edges = graph.edges.map((e) => {
    const l = labels.get(e.id) ?? { forward: '', backward: '' };
    const item = document.createElement('li');
    // textContent, never innerHTML: values and labels are text.
    item.textContent =
      `Edge ${names.get(e.source)} to ${names.get(e.target)}: ` +
      (l.forward ? `forward ${l.forward}; ` : '') +
      `backward ${l.backward}`;
    list.append(item);
    return { id: e.id, forward: l.forward, backward: l.backward };
  });
  target.replaceChildren(list);
  return { nodes: graph.nodes.map((n) => ({ id: n.id, label: n.label })), edges };
}
