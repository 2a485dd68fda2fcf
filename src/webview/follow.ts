// Keeping what the flow travels on screen: the smallest pan that brings a box into the viewport,
// zooming out only when the box is bigger than the viewport (never zooming in). Pure geometry in
// cytoscape's convention: rendered = model × zoom + pan.

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
  width: number;
  height: number;
}

/** The zoom and pan that show `box` (model coordinates) with `pad` CSS px around it. */
export function showBox(box: Rect, v: Viewport, pad = 24, minZoom = 0.05): { zoom: number; pan: { x: number; y: number } } {
  const room = { w: Math.max(1, v.width - 2 * pad), h: Math.max(1, v.height - 2 * pad) };
  const bw = (box.x2 - box.x1) * v.zoom;
  const bh = (box.y2 - box.y1) * v.zoom;
  if (bw > room.w || bh > room.h) {
    // Too big at this zoom: zoom out just enough, centred on the box.
    const zoom = Math.max(minZoom, v.zoom * Math.min(room.w / bw, room.h / bh));
    const cx = (box.x1 + box.x2) / 2;
    const cy = (box.y1 + box.y2) / 2;
    return { zoom, pan: { x: v.width / 2 - cx * zoom, y: v.height / 2 - cy * zoom } };
  }
  const r = { x1: box.x1 * v.zoom + v.pan.x, y1: box.y1 * v.zoom + v.pan.y, x2: box.x2 * v.zoom + v.pan.x, y2: box.y2 * v.zoom + v.pan.y };
  const shift = (lo: number, hi: number, size: number) => (lo < pad ? pad - lo : hi > size - pad ? size - pad - hi : 0);
  return { zoom: v.zoom, pan: { x: v.pan.x + shift(r.x1, r.x2, v.width), y: v.pan.y + shift(r.y1, r.y2, v.height) } };
}

/** Points along a polyline at fraction f of its length (the pulse's position). */
export function along(points: readonly { x: number; y: number }[], f: number): { x: number; y: number } {
  if (points.length === 0) return { x: 0, y: 0 };
  if (points.length === 1) return points[0];
  const lens: number[] = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const l = Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    lens.push(l);
    total += l;
  }
  let d = Math.max(0, Math.min(1, f)) * total;
  for (let i = 0; i < lens.length; i++) {
    if (d <= lens[i] || i === lens.length - 1) {
      const k = lens[i] ? Math.min(1, d / lens[i]) : 1;
      return { x: points[i].x + (points[i + 1].x - points[i].x) * k, y: points[i].y + (points[i + 1].y - points[i].y) * k };
    }
    d -= lens[i];
  }
  return points[points.length - 1];
}

/**
 * Where the details drawer goes: beside the graph when the panel is wide (room for both side by
 * side), else at the bottom, where a narrow or tall panel has room to spare.
 */
export function drawerBeside(width: number, height: number): boolean {
  return width >= 900 && width >= height * 1.25;
}
