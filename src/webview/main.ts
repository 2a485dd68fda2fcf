// The trace webview: receives a graph from the host, draws it with cytoscape and reports back
// what it drew. It never computes gradients; it only formats and draws what the host sent.
import { isToWebviewMessage, type FromWebviewMessage, type TraceGraph } from '../protocol';
import { drawGraph, refit } from './draw';
import { describeGraph } from './describe';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function render(graph: TraceGraph): void {
  const container = document.getElementById('graph') as HTMLElement;
  const title = document.getElementById('title') as HTMLElement;
  title.textContent = `Backprop Trace — ${graph.title} — shape (${graph.shape.join(', ')}${graph.shape.length === 1 ? ',' : ''})`;
  const labels = drawGraph(container, graph);
  const report = describeGraph(document.getElementById('graph-text') as HTMLElement, graph, labels);
  const rect = container.getBoundingClientRect();
  vscode.postMessage({ type: 'rendered', report: { ...report, width: rect.width, height: rect.height } });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the host's messages, and only well-formed ones, are acted on.
  if (!isToWebviewMessage(event.data)) {
    console.warn('backprop-trace: dropped a malformed message');
    return;
  }
  try {
    render(event.data.graph);
  } catch (e) {
    vscode.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});

window.addEventListener('resize', refit);
vscode.postMessage({ type: 'ready' });
