// What one panel shows and how to make it again: the source (a literal trace, a book example, the
// reader's own Python run), the view asked of it (expanded nodes, the recorded pass), the graph
// built from it and the whole graph when held. The panel draws; its session traces. Expanding a
// node, another pass or a settings change re-traces here, without the editor.
import type { DagSpec } from '../../engine';
import { traceJson } from '../../engine/print/traceJson';
import { previewGraph } from '../../engine/print/wirePreview';
import type { RestoreInfo, TraceGraph, VerdictPatch } from '../../protocol';
import { isEmptyPatch, verdictPatch } from '../../protocol/verdicts';

/** What the panel's view asks of a source: which layers are expanded, which recorded pass to show. */
export interface SourceView {
  expanded: ReadonlySet<string>;
  pass: number;
}

/**
 * A graph as built: its wire form (big arrays as previews: what the webview gets, and all the
 * panel's own uses need) and the whole graph when the builder holds it anyway. A worker's trace
 * leaves `graph` out: its ~56 MB for 1000×1000 never comes to the host until an export asks.
 */
export interface Built {
  graph?: TraceGraph;
  wire: TraceGraph;
}

/**
 * Where a graph comes from: a literal trace, a book example, the reader's own Python run. The
 * session asks again when the view changes (expand, another pass, a settings change); it does not
 * know which mode made the graph. `build` may return a Built when it made the wire form itself.
 */
export interface GraphSource {
  title: string;
  restore?: RestoreInfo;
  build(view: SourceView): TraceGraph | Promise<TraceGraph | Built>;
  /** The whole graph made again, for a build that gave only its wire form (exports). */
  full?(view: SourceView): Promise<TraceGraph>;
  /** The JSON export of that whole graph, written where it is made (a worker's thread for a big x). */
  json?(view: SourceView): Promise<Uint8Array>;
  /** Rebuild when these settings change (literal traces: `backpropTrace.layers`). */
  settings?: string[];
  /** The DAG the engine ran, for "Copy as numpy code" (absent for the reader's own Python). */
  dag?(): DagSpec;
}

export class PanelSession {
  /** The graph shown, in its wire form: the same nodes and edges as the whole one, big arrays as previews. */
  graph: TraceGraph | undefined;
  source: GraphSource | undefined;
  readonly expanded = new Set<string>();
  pass = 0;
  /** The whole graph when the build gave it (small traces); else fullGraph() makes it again. */
  private whole: TraceGraph | undefined;
  /** What `graph` was built from, so fullGraph() re-makes that one and not a later expand or trace. */
  private builtFrom: { source: GraphSource; view: SourceView } | undefined;
  /** Bumped per rebuild, so a slow rebuild never overwrites a newer one. */
  private version = 0;

  /** `draw` shows a built graph (the panel posts it to its webview); `patch` puts verdicts into the graph shown. */
  constructor(
    private readonly draw: (wire: TraceGraph, source: GraphSource) => void,
    private readonly patch: (p: VerdictPatch) => void,
  ) {}

  /**
   * Shows a graph from `source`. `keepView`: the same trace again (or a reload) keeps what was
   * expanded; `made`: the caller already built it (a literal's first trace, maybe in a worker).
   */
  setSource(source: GraphSource, { keepView = false, made }: { keepView?: boolean; made?: Built } = {}): Promise<TraceGraph> {
    if (!keepView || (this.source && this.source.title !== source.title)) {
      this.expanded.clear();
      this.pass = 0;
    }
    this.source = source;
    return this.retrace(made);
  }

  /**
   * Rebuilds the graph from the source, e.g. after an expand, another pass or a settings change.
   * Resolves with the whole graph when the build gave it, else with its wire form.
   */
  async retrace(made?: Built): Promise<TraceGraph> {
    return this.rebuild(made, false);
  }

  /**
   * The same source built again after its recording gained verdicts (run mode): when they are all
   * that changed, only they go to the webview, which keeps its view (zoom, pan, the step-through,
   * the drawer); anything else is drawn again. Nothing changed: nothing is sent.
   */
  refresh(): Promise<TraceGraph> {
    return this.rebuild(undefined, true);
  }

  private async rebuild(made: Built | undefined, patchable: boolean): Promise<TraceGraph> {
    const source = this.source;
    if (!source) throw new Error('nothing traced yet');
    const mine = ++this.version;
    const view: SourceView = { expanded: new Set(this.expanded), pass: this.pass };
    let built: Built;
    if (made) built = made;
    else {
      const b = await source.build(view);
      built = 'wire' in b ? b : { graph: b, wire: previewGraph(b) };
    }
    const { graph, wire } = built;
    if (mine !== this.version || source !== this.source) return graph ?? wire; // a newer rebuild or source won
    // Drop expansions that no longer exist (the layers setting changed). The wire form has every node.
    const ids = new Set(wire.nodes.flatMap((n) => [n.id, n.parent ?? '']));
    for (const id of this.expanded) if (!ids.has(id)) this.expanded.delete(id);
    const shown = this.builtFrom?.source === source ? this.graph : undefined;
    const patch = patchable && shown ? verdictPatch(shown, wire) : undefined;
    this.graph = wire;
    this.whole = graph;
    this.builtFrom = { source, view };
    if (!patch) this.draw(wire, source);
    else if (!isEmptyPatch(patch)) this.patch(patch);
    return graph ?? wire;
  }

  /** A node expanded or collapsed in the webview or by a command; false if the graph has no such node. */
  expand(node: string, expanded: boolean): boolean {
    if (!this.source || !this.graph?.nodes.some((n) => n.id === node || n.parent === node)) return false;
    if (expanded) this.expanded.add(node);
    else this.expanded.delete(node);
    return true;
  }

  /** Another recorded pass of the reader's program; false if there is no such pass. */
  showPass(index: number): boolean {
    if (!this.source || !this.graph?.pass || index >= this.graph.pass.count) return false;
    this.pass = index;
    return true;
  }

  /** The JSON export of the graph shown: from the whole graph held here, else made by the source (off this thread). */
  async traceJsonBytes(): Promise<Uint8Array> {
    const from = this.builtFrom;
    if (!this.whole && from?.source.json) return from.source.json(from.view);
    return new TextEncoder().encode(traceJson(await this.fullGraph()));
  }

  /**
   * The whole graph shown (every value). A worker's trace is made again (in the worker) and not
   * kept: holding it would bring back the GC pauses its absence avoids.
   */
  async fullGraph(): Promise<TraceGraph> {
    if (this.whole) return this.whole;
    const from = this.builtFrom;
    if (!from?.source.full) throw new Error('nothing traced yet');
    return from.source.full(from.view);
  }
}
