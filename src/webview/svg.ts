// The graph's SVG tree (scene/svg.ts, pure: the export's markup and the host's first frame) as DOM
// nodes for the webview's own first frame: attributes set one by one, text as textContent, so no
// HTML is ever parsed in the panel.
import { frameBox, type Frame, type SvgNode } from '../scene/svg';

export { serialize, svgTree, toSvg, type Frame, type SvgNode } from '../scene/svg';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The tree as DOM nodes (attributes set one by one, text as textContent). */
export function toElement(doc: Document, n: SvgNode): SVGElement {
  const e = doc.createElementNS(SVG_NS, n.tag) as SVGElement;
  for (const [k, v] of n.attrs) {
    if (k === 'xmlns') continue;
    if (k === 'xml:space') e.setAttributeNS(XML_NS, k, v);
    else e.setAttribute(k, v);
  }
  if (n.text !== undefined) e.textContent = n.text;
  else for (const c of n.children ?? []) e.append(toElement(doc, c));
  return e;
}

/** Shows a first frame's drawing in another frame (the host's, drawn for an area the panel turned out not to have): its box and background moved, nothing redrawn. */
export function refitFrame(svg: SVGSVGElement, frame: Frame): void {
  const { viewBox, x, y, w, h } = frameBox(frame);
  svg.setAttribute('viewBox', viewBox);
  svg.setAttribute('width', String(frame.width));
  svg.setAttribute('height', String(frame.height));
  const bg = svg.querySelector(':scope > rect');
  for (const [k, val] of [['x', x], ['y', y], ['width', w], ['height', h]]) bg?.setAttribute(k, val);
}
