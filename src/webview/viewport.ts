// The fit as numbers lives with the drawing plan (scene/viewport.ts), so the host's first frame fits
// the same way; the webview's drawing code imports it from here.
export * from '../scene/viewport';
