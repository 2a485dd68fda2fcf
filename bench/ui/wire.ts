// Where the time before a webview's frame goes, seen on the workbench page's WebSocket to the
// server (bench:outside): when the palette's command left for the extension host, and when the
// host's "create a webview panel" and "set its HTML" came back. VS Code's RPC messages carry their
// method names and arguments as text inside binary frames, so a byte search finds them; the spy
// only reads (a listener and a wrapped send) and runs in the workbench's top frame only.
import type { Page } from 'playwright-core';

export interface WireTimes {
  /** The command's request left the page, the panel's create arrived, the first HTML after it arrived (Date.now()). */
  commandSent: number;
  createArrived: number;
  htmlArrived: number;
}

interface Seen { what: 'command' | 'create' | 'html'; text: string; at: number }

function installWireSpy(): void {
  const w = window as unknown as { __bptWire?: Seen[]; WebSocket: typeof WebSocket };
  if (window.top !== window || w.__bptWire) return;
  const seen: Seen[] = (w.__bptWire = []);
  const latin1 = new TextDecoder('latin1');
  const note = (data: unknown) => {
    const at = Date.now();
    // What comes in is a Blob (VS Code reads its bytes later): the arrival time is taken now.
    if (data instanceof Blob) return void data.arrayBuffer().then((b) => scan(b, at), () => undefined);
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) scan(data, at);
  };
  const scan = (data: ArrayBuffer | ArrayBufferView, at: number) => {
    const text = latin1.decode(data);
    for (const [what, method] of [['command', '$executeContributedCommand'], ['create', '$createWebviewPanel'], ['html', '$setHtml']] as const) {
      const i = text.indexOf(method);
      if (i >= 0) seen.push({ what, text: text.slice(i, i + 4000), at });
    }
    if (seen.length > 2000) seen.splice(0, 1000);
  };
  const Original = w.WebSocket;
  class Spied extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e) => note(e.data));
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      note(data);
      super.send(data);
    }
  }
  w.WebSocket = Spied;
}

/** Installs the spy in the workbench page (before it connects: call before the page loads). */
export async function watchWire(page: Page): Promise<void> {
  await page.addInitScript(installWireSpy);
}

/**
 * After a run started at `start`: the command whose text holds `command`, the first create whose
 * text holds `viewType` after it, and the first HTML after that (NaN where not seen).
 */
export async function wireTimes(page: Page, start: number, command: string, viewType: string): Promise<WireTimes> {
  const seen = await page.evaluate(() => (window as unknown as { __bptWire?: Seen[] }).__bptWire ?? []).catch(() => [] as Seen[]);
  const after = seen.filter((s) => s.at >= start).sort((a, b) => a.at - b.at);
  const sent = after.find((s) => s.what === 'command' && s.text.includes(command));
  const create = after.find((s) => s.what === 'create' && s.text.includes(viewType) && s.at >= (sent?.at ?? start));
  const html = create && after.find((s) => s.what === 'html' && s.at >= create.at);
  return { commandSent: sent?.at ?? NaN, createArrived: create?.at ?? NaN, htmlArrived: html?.at ?? NaN };
}
