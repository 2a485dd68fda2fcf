// The flow on the canvas: the forward pass travels one arrow at a time in topological order (a
// pulse runs along the arrow, its value appears when it arrives), then the backward pass in red,
// in reverse. The state lives in FlowState; every change redraws all arrows, labels and layer
// caches from it, so keys pressed in any rhythm leave the same picture. The view pans to keep the
// arrow being travelled on screen.
import type cytoscape from 'cytoscape';
import type { TraceGraph } from '../engine/graph/graph';
import { along, showBox, type Rect } from './follow';
import { flowOrder, FlowState, type Dir, type Phase } from './flowState';

export type { Phase };

export interface FlowInfo {
  at: number;
  total: number;
  phase: Phase;
  playing: boolean;
  /** Step within the current pass, for the status line. */
  pass: { k: number; of: number };
  /** Nothing is running: the host may be told (`stepped`). */
  settled: boolean;
}

/** Pan (zooming out only if needed) so `els` are on screen; animated over `ms`, or at once. */
export function reveal(cy: cytoscape.Core, els: cytoscape.CollectionReturnValue, ms = 0): void {
  if (els.empty()) return;
  const bb = els.boundingBox({});
  if (!isFinite(bb.x1) || !isFinite(bb.x2)) return;
  const box: Rect = { x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2 };
  const to = showBox(box, { zoom: cy.zoom(), pan: cy.pan(), width: cy.width(), height: cy.height() }, 24, cy.minZoom());
  const now = cy.pan();
  if (to.zoom === cy.zoom() && Math.abs(to.pan.x - now.x) < 0.5 && Math.abs(to.pan.y - now.y) < 0.5) return;
  cy.stop(true, false);
  if (ms <= 0) cy.viewport(to);
  else cy.animate({ zoom: to.zoom, pan: to.pan }, { duration: ms, easing: 'ease-in-out-sine' });
}

/**
 * Every node, label and arrow inside the graph area (the travelling pulse aside). reveal() keeps
 * 24 px around what it shows, the fit 12 (PAD): panning a graph already whole to make that room
 * moved it ~12 px when Play started and cut a border off the other side.
 */
export function wholeOnScreen(cy: cytoscape.Core): boolean {
  const bb = cy.elements().not('.pulse').boundingBox({});
  if (!isFinite(bb.x1) || !isFinite(bb.x2)) return true;
  const [z, pan] = [cy.zoom(), cy.pan()];
  return bb.x1 * z + pan.x >= -0.5 && bb.y1 * z + pan.y >= -0.5 && bb.x2 * z + pan.x <= cy.width() + 0.5 && bb.y2 * z + pan.y <= cy.height() + 0.5;
}

/** Base time for a pulse to cross one edge, divided by the speed. */
const TRAVEL_MS = 700;
const PAUSE_MS = 150;
const PAN_MS = 250;
const PULSE_ID = '__pulse';

interface Parts {
  arrows: cytoscape.CollectionReturnValue;
  labels: cytoscape.CollectionReturnValue;
}

export class Flow {
  readonly state: FlowState;
  playing = false;
  speed = 1;
  /** Pan so the travelled arrow stays on screen (off while the user inspects details, say). */
  follow = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;
  private readonly parts = new Map<string, Parts>();
  /** Summed-gradient labels drawn by inputs and parameters, by the node they belong to. */
  private readonly grads = new Map<string, cytoscape.CollectionReturnValue>();
  /** Layer nodes drawn with their cache under the name: the full label and the name alone. */
  private readonly cached = new Map<string, { full: string; bare: string }>();

  constructor(
    private readonly cy: cytoscape.Core,
    graph: TraceGraph,
    private readonly onChange: (info: FlowInfo) => void,
    private readonly reduceMotion: () => boolean,
  ) {
    this.state = new FlowState(flowOrder(graph.nodes, graph.edges));
    // Arrows and their labels are found by their `edge` data and direction class, not by id.
    cy.nodes('.grad').forEach((el) => {
      const node = el.data('node') as string | undefined;
      if (node) this.grads.set(node, (this.grads.get(node) ?? cy.collection()).union(el));
    });
    cy.elements().forEach((el) => {
      const edge = el.data('edge') as string | undefined;
      if (!edge) return;
      const dir: Dir | undefined = el.hasClass('forward') ? 'forward' : el.hasClass('backward') ? 'backward' : undefined;
      if (!dir) return;
      const key = `${dir}:${edge}`;
      const p = this.parts.get(key) ?? { arrows: cy.collection(), labels: cy.collection() };
      if (el.isEdge()) p.arrows = p.arrows.union(el);
      else p.labels = p.labels.union(el);
      this.parts.set(key, p);
    });
    for (const n of graph.nodes) {
      const el = cy.getElementById(n.id);
      const full = el.nonempty() ? String(el.data('label') ?? '') : '';
      const nameLines = n.label.split('\n').length;
      const lines = full.split('\n');
      // The same number of lines, blank: the node keeps its size and its name stays in place.
      if (lines.length > nameLines) this.cached.set(n.id, { full, bare: [...lines.slice(0, nameLines), ...lines.slice(nameLines).map(() => '\u00a0')].join('\n') });
    }
  }

  get at(): number {
    return this.state.at;
  }

  get total(): number {
    return this.state.total;
  }

  phase(): Phase {
    return this.state.phase();
  }

  /** Show exactly the first k travelled arrows, without animation. */
  goto(k: number): void {
    this.stopMotion();
    this.state.goto(k);
    this.render();
    this.changed();
  }

  /** Travel the next arrow (a running one is completed first), then call `then` on arrival. */
  step(then?: () => void): void {
    this.stopMotion();
    const i = this.state.step();
    if (i === undefined) {
      this.render();
      return this.pause();
    }
    this.render();
    this.changed();
    const s = this.state.steps[i];
    const p = this.parts.get(`${s.dir}:${s.edge}`);
    if (this.follow && p) this.keepInView(p.arrows.union(p.labels));
    const arrive = () => {
      this.removePulse();
      this.state.arrive();
      this.render();
      this.changed();
      then?.();
    };
    const path = p ? this.path(p.arrows) : [];
    if (this.reduceMotion() || path.length < 2) return arrive();
    const pulse = this.cy.add({ group: 'nodes', data: { id: PULSE_ID }, classes: `pulse ${s.dir}`, position: { ...path[0] } });
    const duration = TRAVEL_MS / this.speed;
    const start = performance.now();
    const tick = (now: number) => {
      const f = Math.min(1, (now - start) / duration);
      // ease-in-out-sine, as the arrow is read from end to end
      pulse.position(along(path, (1 - Math.cos(Math.PI * f)) / 2));
      if (f < 1) this.frame = requestAnimationFrame(tick);
      else {
        this.frame = undefined;
        arrive();
      }
    };
    this.frame = requestAnimationFrame(tick);
  }

  back(): void {
    this.pause();
    this.goto(this.state.at - 1);
  }

  play(): void {
    if (this.state.at >= this.state.total && this.state.running === undefined) this.goto(0);
    this.playing = true;
    this.changed();
    const next = () => {
      if (!this.playing) return;
      if (this.state.at >= this.state.total) return this.pause();
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
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  /** Classes of every arrow and label, and every layer's cache, from the state. */
  render(): void {
    const reached = this.state.reached([...this.cached.keys()].map((id) => ({ id })));
    const summed = this.state.gradsArrived([...this.grads.keys()].map((id) => ({ id })));
    this.cy.batch(() => {
      this.state.steps.forEach((s, i) => {
        const p = this.parts.get(`${s.dir}:${s.edge}`);
        if (!p) return;
        const v = this.state.view(i);
        p.arrows.toggleClass('pending', v === 'pending').toggleClass('active', v === 'running');
        p.labels.toggleClass('pending', v !== 'travelled');
      });
      for (const [id, l] of this.cached) this.cy.getElementById(id).data('label', reached.has(id) ? l.full : l.bare);
      for (const [id, els] of this.grads) els.toggleClass('pending', !summed.has(id));
    });
  }

  /** The arrow as the canvas draws it: its end points and any bends, in model coordinates. */
  private path(arrows: cytoscape.CollectionReturnValue): { x: number; y: number }[] {
    const e = arrows.edges().first();
    if (e.empty()) return [];
    const a = e.sourceEndpoint();
    const b = e.targetEndpoint();
    const bends = e.segmentPoints() ?? [];
    const ctrl = e.controlPoints() ?? [];
    if (bends.length) return [a, ...bends, b];
    if (ctrl.length === 1) {
      // A quadratic Bézier: sampled, so the pulse stays on the drawn curve.
      return Array.from({ length: 17 }, (_, i) => {
        const t = i / 16;
        const u = 1 - t;
        return { x: u * u * a.x + 2 * u * t * ctrl[0].x + t * t * b.x, y: u * u * a.y + 2 * u * t * ctrl[0].y + t * t * b.y };
      });
    }
    return [a, ...ctrl, b];
  }

  /** Pans only when the graph does not fit: one the fit showed whole stays where it was (#21). */
  private keepInView(els: cytoscape.CollectionReturnValue): void {
    if (wholeOnScreen(this.cy)) return;
    reveal(this.cy, els, this.reduceMotion() ? 0 : PAN_MS / this.speed);
  }

  private removePulse(): void {
    const p = this.cy.getElementById(PULSE_ID);
    if (p.nonempty()) p.remove();
  }

  /** Cut a running pulse short: its arrow counts as travelled and its value shows. */
  private stopMotion(): void {
    clearTimeout(this.timer);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.removePulse();
    if (this.state.running !== undefined) {
      this.state.arrive();
      this.render();
      // The host hears of this arrival as if it had run to its end.
      this.changed();
    }
  }

  private changed(): void {
    const s = this.state;
    this.onChange({ at: s.at, total: s.total, phase: s.phase(), playing: this.playing, pass: s.passStep(), settled: s.running === undefined });
  }
}
