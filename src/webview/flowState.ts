// The flow as pure state, apart from any drawing: which arrows have been travelled, which one a
// pulse is running along, and which layers have been reached (so their cache, ReLU's mask or
// Sigmoid's out, can be shown). The drawing (flow.ts) is always rebuilt from this state, so a key
// pressed while a pulse runs can never leave an arrow, a label or the status half updated.
import type { GraphEdge, GraphNode, PassInfo } from '../engine/graph/graph';

export type Dir = 'forward' | 'backward';
export type Phase = 'idle' | 'forward' | 'backward' | 'done';

export interface FlowStep {
  edge: string;
  dir: Dir;
  /** The node the value arrives at: the target going forward, the source going backward. */
  to: string;
}

/** Kahn's topological order of the nodes; ties keep the graph's own order (inputs first as sent). */
export function topoOrder(nodes: readonly Pick<GraphNode, 'id'>[], edges: readonly Pick<GraphEdge, 'source' | 'target'>[]): string[] {
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    out.get(e.source)?.push(e.target);
  }
  const pos = new Map(nodes.map((n, i) => [n.id, i]));
  const ready = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length) {
    // The earliest ready node in the graph's order: stable, so the same graph always plays the same.
    ready.sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0));
    const id = ready.shift() as string;
    order.push(id);
    for (const t of out.get(id) ?? []) {
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  // A cycle cannot come from a trace; if one did, its nodes go last rather than vanish.
  for (const n of nodes) if (!order.includes(n.id)) order.push(n.id);
  return order;
}

/**
 * Forward: every edge with a forward value, in topological order of its source (a value leaves
 * a node only once all of that node's inputs have arrived). Backward: the reverse of that order
 * over the edges with a gradient, so a node sends dx back only after every dout into it arrived
 * (the book sums gradients where a value branches).
 */
export function flowOrder(nodes: readonly Pick<GraphNode, 'id'>[], edges: readonly GraphEdge[]): FlowStep[] {
  const rank = new Map(topoOrder(nodes, edges).map((id, i) => [id, i]));
  const r = (id: string) => rank.get(id) ?? 0;
  const sorted = edges
    .map((e, i) => ({ e, i }))
    .sort((a, b) => r(a.e.source) - r(b.e.source) || r(a.e.target) - r(b.e.target) || a.i - b.i)
    .map((x) => x.e);
  return [
    ...sorted.filter((e) => e.forward).map((e): FlowStep => ({ edge: e.id, dir: 'forward', to: e.target })),
    ...[...sorted].reverse().filter((e) => e.backward).map((e): FlowStep => ({ edge: e.id, dir: 'backward', to: e.source })),
  ];
}

/** The status at the flow's end says what the recording holds: a run whose pass recorded no
 * backward call ran forward only (a drawing of "forward and backward" would be untrue). */
export function doneKey(pass: Pick<PassInfo, 'backwards'> | undefined): 'phaseDone' | 'phaseForwardOnly' {
  return pass?.backwards === 0 ? 'phaseForwardOnly' : 'phaseDone';
}

/** What one arrow looks like at a moment of the flow. */
export type StepView = 'travelled' | 'running' | 'pending';

/**
 * `at` counts the arrows travelled or being travelled; `running` is the index of the arrow whose
 * pulse has not arrived yet (its label stays hidden until it does). Every change goes through
 * here, and each leaves at most one arrow running.
 */
export class FlowState {
  at: number;
  running: number | undefined;

  constructor(readonly steps: readonly FlowStep[]) {
    // A new trace starts fully travelled: every value and gradient is there at once.
    this.at = steps.length;
  }

  get total(): number {
    return this.steps.length;
  }

  get forwardCount(): number {
    return this.steps.filter((s) => s.dir === 'forward').length;
  }

  phase(): Phase {
    if (this.at === 0) return 'idle';
    if (this.at >= this.total && this.running === undefined) return 'done';
    return this.at <= this.forwardCount ? 'forward' : 'backward';
  }

  /** The running arrow's pulse arrived (or was cut short): its value shows. */
  arrive(): void {
    this.running = undefined;
  }

  /**
   * Start the next arrow. A pulse still running is first completed, so pressing Step twice
   * quickly gives the same picture as twice slowly. Returns the index started, or undefined at the end.
   */
  step(): number | undefined {
    this.arrive();
    if (this.at >= this.total) return undefined;
    this.running = this.at++;
    return this.running;
  }

  /** Exactly the first k arrows travelled, nothing running. */
  goto(k: number): void {
    this.running = undefined;
    this.at = Math.max(0, Math.min(this.total, Math.round(k)));
  }

  view(i: number): StepView {
    if (i === this.running) return 'running';
    return i < this.at ? 'travelled' : 'pending';
  }

  /**
   * Layers whose forward has run: every forward value into them has arrived. Their cache (mask,
   * out) is only shown from then on, as the book's layers only hold it after forward.
   */
  reached(nodes: readonly Pick<GraphNode, 'id'>[]): Set<string> {
    const waiting = new Map<string, number>();
    const arrived = new Map<string, number>();
    this.steps.forEach((s, i) => {
      if (s.dir !== 'forward') return;
      waiting.set(s.to, (waiting.get(s.to) ?? 0) + 1);
      if (this.view(i) === 'travelled') arrived.set(s.to, (arrived.get(s.to) ?? 0) + 1);
    });
    return new Set(nodes.map((n) => n.id).filter((id) => (arrived.get(id) ?? 0) >= (waiting.get(id) ?? 0)));
  }

  /**
   * Nodes whose summed gradient (an input's dx, a parameter's dW) is complete: every gradient
   * flowing back into them has arrived. Before that their sum is not shown.
   */
  gradsArrived(nodes: readonly Pick<GraphNode, 'id'>[]): Set<string> {
    const pending = new Set<string>();
    this.steps.forEach((s, i) => {
      if (s.dir === 'backward' && this.view(i) !== 'travelled') pending.add(s.to);
    });
    return new Set(nodes.map((n) => n.id).filter((id) => !pending.has(id)));
  }

  /** Step numbers within the current pass, for the status line ("Backward pass: step 2 of 4"). */
  passStep(): { k: number; of: number } {
    const f = this.forwardCount;
    return this.at <= f ? { k: this.at, of: f } : { k: this.at - f, of: this.total - f };
  }
}
