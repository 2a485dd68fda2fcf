// The first trace (or run mode's progress) travels with the panel's HTML: the `init` and `trace` (or `progress`) messages the `ready`
// handshake would have brought, as JSON in a nonce'd <script type="application/json"> block
// (src/extension/html.ts), so the webview draws its first frame while the page loads, before VS
// Code shows the frame. JSON has no typed arrays, NaN or infinities: they travel tagged. On
// reading, the messages pass the same valibot guards as any message (protocol.ts); anything else
// is dropped and the webview waits for the host's messages as before.
import { isToWebviewMessage, type ToWebviewMessage } from './protocol';
import { isSentPlan } from './protocol/plan';
import type { SentPlan } from './scene/layout/sent';

export type InitMessage = Extract<ToWebviewMessage, { type: 'init' }>;
export type TraceMessage = Extract<ToWebviewMessage, { type: 'trace' }>;
export type ProgressMessage = Extract<ToWebviewMessage, { type: 'progress' }>;

/**
 * The strings and settings, and either the first trace or what is being prepared (run mode's
 * progress); with a trace, the host's plan of its first frame (the webview takes its layout over).
 */
export type PageData = { init: InitMessage } & ({ trace: TraceMessage; plan?: SentPlan; progress?: undefined } | { progress: ProgressMessage; trace?: undefined; plan?: undefined });

/** Bigger traces (a worker's previews of 1000×1000) take the handshake: the page stays small. */
export const MAX_PAGE_DATA = 512 * 1024;

/** What JSON cannot hold as a number (NaN, ±Infinity, and -0, which it writes as 0), as text. */
const odd = (x: number) => !Number.isFinite(x) || Object.is(x, -0);
const oddText = (x: number) => (Object.is(x, -0) ? '-0' : String(x));

const tagged = (v: unknown): unknown => {
  if (v instanceof Float64Array) return { $f64: Array.from(v, (x) => (odd(x) ? oddText(x) : x)) };
  if (v instanceof Uint8Array) return { $u8: Array.from(v) };
  if (typeof v === 'number' && odd(v)) return { $num: oddText(v) };
  return v;
};

const number = (x: unknown) => (typeof x === 'number' ? x : x === 'NaN' || x === 'Infinity' || x === '-Infinity' || x === '-0' ? Number(x) : undefined);

function untagged(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  if (keys.length !== 1) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.$f64)) {
    const xs = o.$f64.map(number);
    return xs.every((x) => x !== undefined) ? Float64Array.from(xs as number[]) : v;
  }
  if (Array.isArray(o.$u8)) return o.$u8.every((x) => Number.isInteger(x) && x >= 0 && x < 256) ? Uint8Array.from(o.$u8 as number[]) : v;
  if ('$num' in o) return number(o.$num) ?? v;
  return v;
}

/** The JSON for the page, or undefined when it is too big or would not read back as sent. */
export function encodePageData(data: PageData): string | undefined {
  const json = JSON.stringify(data, (_k, v: unknown) => tagged(v));
  if (json.length > MAX_PAGE_DATA) return undefined;
  // Inside its script block: no `<` at all, so nothing in it can end the block early or open a comment.
  const text = json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return decodePageData(text) ? text : undefined;
}

/** The page's data if it is well-formed and both messages pass the protocol's guards. */
export function decodePageData(text: string): PageData | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_k, v: unknown) => untagged(v));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { init, trace, progress, plan } = parsed as Record<string, unknown>;
  if (!isToWebviewMessage(init) || init.type !== 'init') return undefined;
  if (isToWebviewMessage(trace) && trace.type === 'trace') {
    if (plan === undefined) return { init, trace };
    return isSentPlan(plan) ? { init, trace, plan } : undefined;
  }
  if (trace === undefined && isToWebviewMessage(progress) && progress.type === 'progress') return { init, progress };
  return undefined;
}
