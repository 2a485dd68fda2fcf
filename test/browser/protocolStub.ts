// Stand-in for src/protocol.ts in the browser check's bundle while the real one still guards the
// old graph model: the same exports the webview uses, a guard that lets every object through.
export type * from '../../src/protocol';

export function isToWebviewMessage(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}
