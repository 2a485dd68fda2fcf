// The flow: the forward pass travels left to right one edge at a time (a pulse runs along the
// arrow, its value appears when it arrives), then the backward pass right to left in red. Step k
// means the first k arrows have been travelled; a new trace starts fully travelled (step = total).
import type cytoscape from 'cytoscape';
import type { TraceGraph } from '../engine/graph';
import type { Drawn, Segment } from './draw';
import { ranks } from './layout';

export type Phase = 'idle' | 'forward' | 'backward' | 'done';

interface FlowStep {
  edge: string;
  dir: 'forward' | 'backward';
  seg: Segment;
}

/** Base time for a pulse to cross one edge, divided by the speed. */
const TRAVEL_MS = 700;
const PAUSE_MS = 150;

export class Flow {
  readonly steps: FlowStep[];
  readonly forwardCount: number;
  at: number;
  playing = false;
  speed = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pulse: cytoscape.NodeSingular | undefined;

  constructor(
    private readonly drawn: Drawn,
    graph: TraceGraph,
    private readonly onChange: (at: number, total: number, phase: Phase, playing: boolean) => void,
    private readonly reduceMotion: () => boolean,
  ) {
    const rank = ranks(graph.nodes.map((n) => n.id), graph.edges.map((e) => ({ ...e, above: { width: 0, height: 0 }, below: { width: 0, height: 0 } })));
    const r = (id: string) => rank.get(id) ?? 0;
    // Forward in order of the column each value leaves; backward from the right-most column back.
    const fwd = graph.edges.filter((e) => e.forward).sort((a, b) => r(a.source) - r(b.source));
    const bwd = [...graph.edges].sort((a, b) => r(b.target) - r(a.target));
    const seg = (id: string) => drawn.segments.get(id);
    this.steps = [
      ...fwd.flatMap((e) => { const s = seg(e.id)?.forward; return s ? [{ edge: e.id, dir: 'forward' as const, seg: s }] : []; }),
      ...bwd.flatMap((e) => { const s = seg(e.id)?.backward; return s ? [{ edge: e.id, dir: 'backward' as const, seg: s }] : []; }),
    ];
    this.forwardCount = this.steps.filter((s) => s.dir === 'forward').length;
    this.at = this.steps.length;
  }

  get total(): number {
    return this.steps.length;
  }

  phase(): Phase {
    if (this.at === 0) return 'idle';
    if (this.at >= this.total) return 'done';
    return this.at <= this.forwardCount ? 'forward' : 'backward';
  }

  /** Show exactly the first k travelled arrows, without animation. */
  goto(k: number): void {
    this.stopMotion();
    this.at = Math.max(0, Math.min(this.total, k));
    this.sync();
    this.changed();
  }

  /** Classes of every arrow and label from `at`: travelled ones shown, the rest dimmed. */
  private sync(): void {
    const cy = this.drawn.cy;
    cy.batch(() => {
      this.steps.forEach((s, i) => {
        const done = i < this.at;
        const suffix = s.dir === 'forward' ? 'f' : 'b';
        cy.getElementById(`${s.edge}__${suffix}`).toggleClass('pending', !done).removeClass('active');
        cy.getElementById(`${s.edge}__${suffix}l`).toggleClass('pending', !done);
      });
    });
  }

  /** Travel the next arrow (animated unless reduced motion), then call `then`. */
  step(then?: () => void): void {
    if (this.at >= this.total) return this.pause();
    this.stopMotion();
    const s = this.steps[this.at];
    const cy = this.drawn.cy;
    const suffix = s.dir === 'forward' ? 'f' : 'b';
    const arrow = cy.getElementById(`${s.edge}__${suffix}`);
    const label = cy.getElementById(`${s.edge}__${suffix}l`);
    this.at++;
    const arrive = () => {
      this.pulse?.remove();
      this.pulse = undefined;
      arrow.removeClass('active');
      label.removeClass('pending');
      this.changed();
      then?.();
    };
    arrow.removeClass('pending').addClass('active');
    if (this.reduceMotion()) return arrive();
    // The pulse runs along the arrow's polyline, each leg in time with its length.
    const pts = s.seg.points;
    this.pulse = cy.add({ group: 'nodes', data: { id: '__pulse' }, classes: `pulse ${s.dir}`, position: { ...pts[0] } });
    const lens = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i].x, p.y - pts[i].y));
    const length = lens.reduce((a, b) => a + b, 0) || 1;
    const hop = (k: number): void => {
      if (!this.pulse) return;
      if (k >= pts.length) return arrive();
      const duration = ((TRAVEL_MS / this.speed) * lens[k - 1]) / length;
      this.pulse.animate({ position: { ...pts[k] } }, { duration, easing: 'linear', complete: () => hop(k + 1) });
    };
    hop(1);
  }

  back(): void {
    this.pause();
    this.goto(this.at - 1);
  }

  play(): void {
    if (this.at >= this.total) this.goto(0);
    this.playing = true;
    this.changed();
    const next = () => {
      if (!this.playing) return;
      if (this.at >= this.total) return this.pause();
      // Reduced motion: no pulse, but still one value at a time, slowly enough to read.
      const wait = this.reduceMotion() ? (TRAVEL_MS + PAUSE_MS) / this.speed : PAUSE_MS / this.speed;
      this.step(() => (this.timer = setTimeout(next, wait)));
    };
    next();
  }

  pause(): void {
    this.playing = false;
    clearTimeout(this.timer);
    this.changed();
  }

  dispose(): void {
    this.playing = false;
    clearTimeout(this.timer);
  }

  private stopMotion(): void {
    clearTimeout(this.timer);
    if (this.pulse) {
      // Interrupted mid-edge: that edge counts as travelled, so its label must show.
      this.pulse.stop(true, false);
      this.pulse.remove();
      this.pulse = undefined;
      this.sync();
    }
  }

  private changed(): void {
    this.onChange(this.at, this.total, this.phase(), this.playing);
  }
}
