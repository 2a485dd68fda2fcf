// What the canvas draws, as plain element definitions (data, classes, positions) built from the
// scene without cytoscape: the first frame draws them as SVG (in the host's HTML, then in the
// webview while cytoscape's chunk loads), then cytoscape takes the same definitions. The layout
// (scene.ts, layout/) decides every position. Pure: a glyph's picture comes from the caller.
import type { WireTensor } from '../engine/graph/graph';
import type { Short } from './labels';
import type { Point, Rect } from './layout';
import { GLYPH, GLYPH_GAP, GLYPH_TOP_GAP, FONT_PX, glyphSide, type Scene } from './scene';

/** One node or arrow as cytoscape takes it (structurally a cytoscape.ElementDefinition). */
export interface ElementDef {
  group: 'nodes' | 'edges';
  data: Record<string, unknown> & { id: string };
  classes: string;
  position?: Point;
  selectable?: boolean;
}

/** Where an arrow runs, in model coordinates, source end first: the flow moves its pulse along it. */
export interface Segment {
  points: Point[];
}

export type Segments = Map<string, { forward?: Segment; backward?: Segment }>;

/** A glyph's picture as a URL (the webview's canvas makes a data: PNG); '' when the caller has none yet (the host's first frame). */
export type GlyphPicture = (t: WireTensor) => string;

const nbsp = (text: string) => text.replace(/ /g, '\u00a0'); // cytoscape's wrapping would eat numpy's aligning spaces

function labelNode(picture: GlyphPicture, id: string, classes: string, s: Short, r: Rect, extra: Record<string, unknown> = {}): ElementDef {
  const data: ElementDef['data'] = { id, label: nbsp(s.text), w: r.width, h: r.height, ...extra };
  const top = s.glyphAt === 'top';
  // The text moves aside (or down) by half the glyph's room: the node's box holds both.
  if (s.glyph) Object.assign(data, { img: picture(s.glyph), shift: top ? 0 : (glyphSide(s.glyphAt) + GLYPH_GAP) / 2, drop: top ? (GLYPH + GLYPH_TOP_GAP) / 2 : 0 });
  const glyph = s.glyph ? (top ? ' glyph glyph-top' : s.glyphAt === 'line' ? ' glyph glyph-line' : ' glyph') : '';
  return { group: 'nodes', data, classes: `label ${classes}${glyph}`, position: { x: r.x, y: r.y }, selectable: false };
}

/**
 * One arrow: endpoints as offsets from the nodes' centres, the bends as cytoscape segment points.
 * They go in data() for the stylesheet to map: cytoscape ignores a curve-style set as a bypass
 * when the element is created.
 */
function arrow(id: string, edge: string, dir: 'forward' | 'backward', from: string, to: string, pts: Point[], a: Point, b: Point): ElementDef {
  const p0 = pts[0];
  const p1 = pts[pts.length - 1];
  const data: ElementDef['data'] = { id, source: from, target: to, edge, pts, se: `${p0.x - a.x}px ${p0.y - a.y}px`, te: `${p1.x - b.x}px ${p1.y - b.y}px` };
  const inner = pts.slice(1, -1);
  if (inner.length) {
    // cytoscape places segment point k at p0 + w·(p1 − p0) + d·n, n = (−dy, dx) / |p1 − p0|.
    const dx = p1.x - p0.x;
    const dy = p1.y - p0.y;
    const len2 = dx * dx + dy * dy || 1;
    const len = Math.sqrt(len2);
    data.sw = inner.map((p) => ((p.x - p0.x) * dx + (p.y - p0.y) * dy) / len2).join(' ');
    data.sd = inner.map((p) => ((p.x - p0.x) * -dy + (p.y - p0.y) * dx) / len).join(' ');
  }
  return { group: 'edges', data, classes: `${dir}${inner.length ? ' bent' : ''}` };
}

export function elementsOf(scene: Scene, picture: GlyphPicture): { elements: ElementDef[]; segments: Segments } {
  const { graph, layout } = scene;
  const elements: ElementDef[] = [];
  // Cards go under everything: a parameter listed before its layer (W, b before Affine) drawn
  // first was covered by its card's half-transparent face (faded W, b and t in the light theme).
  const cards: ElementDef[] = [];
  for (const n of graph.nodes) {
    const p = layout.nodes.get(n.id);
    if (!p) continue;
    const text = scene.nodeText.get(n.id) ?? { text: n.label, px: 14 };
    const ported = p.ports.length ? ` ported-${scene.tight ? 'top' : layout.orientation}` : '';
    const expandable = `${n.expandable ? ' expandable' : ''}${n.verdict ? ` verdict-${n.verdict.status}` : ''}${n.marks?.length ? ' marked' : ''}`;
    // Parameters inside the layer (cards.ts): the card under the layer's title and its rows.
    if (p.card) cards.push({ group: 'nodes', data: { id: `${n.id}__card`, label: '', w: p.card.width, h: p.card.height, node: n.id }, classes: 'card', position: { x: p.card.x, y: p.card.y } });
    elements.push({
      group: 'nodes',
      data: { id: n.id, label: nbsp(text.text), w: p.body.width, h: p.body.height, px: text.px },
      classes: `${n.kind}${text.px === FONT_PX && !text.bare ? ' stateful' : ''}${expandable}${ported}`,
      position: { x: p.body.x, y: p.body.y },
    });
    for (const port of p.ports) {
      elements.push(labelNode(picture, `${n.id}__port_${port.name}`, 'port', { text: port.name }, port.label, { node: n.id }));
    }
    const g = scene.grads.get(n.id);
    if (g && p.extra) elements.push(labelNode(picture, `${n.id}__grad`, 'backward grad', g, p.extra, { node: n.id }));
  }
  elements.unshift(...cards);
  const segments: Segments = new Map();
  for (const e of graph.edges) {
    const placed = layout.edges.get(e.id);
    const a = layout.nodes.get(e.source)?.body;
    const b = layout.nodes.get(e.target)?.body;
    const l = scene.labels.get(e.id);
    if (!placed || !a || !b || !l) continue;
    const { forwardLabel, backwardLabel } = scene.beside.get(e.id) ?? placed;
    const seg: { forward?: Segment; backward?: Segment } = {};
    // A parameter in its layer's card has no arrows (cards.ts): only its texts.
    if (placed.forward.length >= 2) {
      seg.forward = { points: placed.forward };
      elements.push(arrow(`${e.id}__f`, e.id, 'forward', e.source, e.target, placed.forward, a, b));
    }
    if (l.forwardShort && forwardLabel) elements.push(labelNode(picture, `${e.id}__fl`, 'forward', l.forwardShort, forwardLabel, { edge: e.id }));
    // A gradient that disagrees with central differences: its arrow and text marked (style.ts).
    const failed = e.gradcheck && !e.gradcheck.ok ? ' gradfail' : '';
    if (placed.backward && placed.backward.length >= 2) {
      seg.backward = { points: placed.backward };
      const def = arrow(`${e.id}__b`, e.id, 'backward', e.target, e.source, placed.backward, b, a);
      def.classes += failed;
      elements.push(def);
    }
    if (l.backwardShort && backwardLabel) elements.push(labelNode(picture, `${e.id}__bl`, `backward${failed}`, l.backwardShort, backwardLabel, { edge: e.id }));
    segments.set(e.id, seg);
  }
  return { elements, segments };
}
