// Why: cytoscape's canvas renderer keeps every element as a texture, and the whole graph as
// layered textures, so that pans, zooms and the flow's animation redraw quickly. Making those
// textures (an offscreen canvas per texture height and per layer, each allocated and drawn into)
// was most of the time from the canvas's creation to its first paint: bench:ui's Chromium profile
// of the seed showed getElement, makeLayer and the canvases' first clears on top. The first frame
// is drawn directly instead, the way cytoscape draws an element it does not cache, and the caches
// are turned back on once the page is idle and filled then, so the first pan does not pay for
// them either. The caches are not public API: when they are not where this looks (another
// cytoscape), nothing is changed and the canvas draws as cytoscape does (a browser test asserts
// that no texture is made for the first frame, so an upgrade that moves them fails there).
import type cytoscape from 'cytoscape';

/** The renderer's texture caches whose `get…` returning nothing makes it draw directly. */
const CACHES = [
  ['lyrTxrCache', 'getLayers'],
  ['eleTxrCache', 'getElement'],
  ['lblTxrCache', 'getElement'],
  ['slbTxrCache', 'getElement'],
  ['tlbTxrCache', 'getElement'],
] as const;

type Cache = Record<string, unknown>;

/** Draws `cy`'s first frame without its texture caches, and turns them on when the page is next idle. */
export function drawFirstDirect(cy: cytoscape.Core): void {
  const data = (cy as unknown as { renderer?: () => { data?: Record<string, Cache | undefined> } }).renderer?.().data;
  const caches = CACHES.map(([name, get]) => ({ cache: data?.[name], get }));
  if (!caches.every(({ cache, get }) => typeof cache?.[get] === 'function')) return;
  // The methods are the caches' prototypes'; one of the cache's own is put back as it was.
  const own = caches.map(({ cache, get }) => (Object.prototype.hasOwnProperty.call(cache, get) ? cache?.[get] : undefined));
  for (const { cache, get } of caches) (cache as Cache)[get] = () => null;
  const restore = () => {
    caches.forEach(({ cache, get }, i) => {
      if (own[i]) (cache as Cache)[get] = own[i];
      else delete (cache as Cache)[get];
    });
    if (!cy.destroyed()) cy.forceRender();
  };
  // After the first render is on screen (cytoscape renders on its next animation frame).
  cy.one('render', () => requestIdleCallback(restore, { timeout: 1000 }));
}
