// The graph as text: a list screen readers can read (the canvas cannot be read) whose items take
// keyboard focus in graph order, and the report sent to the host, which is what the tests check.
import type { RenderReport, TraceGraph } from '../protocol';
import type { Drawn } from './draw';
import { t } from './strings';

export type Focusable = { node: string } | { edge: string };

export function describeGraph(
  target: HTMLElement,
  graph: TraceGraph,
  drawn: Pick<Drawn, 'labels' | 'states'>,
  onFocus: (f: Focusable) => void,
): Omit<RenderReport, 'width' | 'height'> {
  const names = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const list = document.createElement('ul');
  list.setAttribute('aria-label', t('graphLabel'));
  const item = (text: string, f: Focusable) => {
    const li = document.createElement('li');
    // textContent, never innerHTML: values and labels are text.
    li.textContent = text;
    li.tabIndex = 0;
    li.dataset.target = 'node' in f ? `node:${f.node}` : `edge:${f.edge}`;
    li.addEventListener('focus', () => onFocus(f));
    list.append(li);
  };
  for (const n of graph.nodes) {
    const state = drawn.states.get(n.id);
    item(`${t('nodeText', n.label)} (${n.kind})${state ? `: ${state}` : ''}`, { node: n.id });
  }
  const edges = graph.edges.map((e) => {
    const l = drawn.labels.get(e.id) ?? { forward: '', backward: '' };
    const parts = [t('edgeText', names.get(e.source) ?? e.source, names.get(e.target) ?? e.target)];
    if (l.forward) parts.push(t('forwardText', l.forward));
    parts.push(t('backwardText', l.backward));
    item(parts.join('; '), { edge: e.id });
    return { id: e.id, forward: l.forward, backward: l.backward };
  });
  target.replaceChildren(list);
  return {
    nodes: graph.nodes.map((n) => {
      const state = drawn.states.get(n.id);
      return state ? { id: n.id, label: n.label, state } : { id: n.id, label: n.label };
    }),
    edges,
  };
}
