// The UI strings the host localised and sent in `init`; `t('key', a, b)` fills {0}, {1}.
import { setPhrasebook } from '../engine/graph/sayings';

let strings: Record<string, string> = {};

/** The host's strings; its `say.<code>` entries word what the scene says here (engine/graph/sayings.ts). */
export function setStrings(s: Record<string, string>): void {
  strings = s;
  setPhrasebook(Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith('say.')).map(([k, v]) => [k.slice(4), v])));
}

export function t(key: string, ...args: (string | number)[]): string {
  const s = strings[key] ?? key;
  return s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/** Fills every element marked data-s (text), data-s-label (aria-label and tooltip). */
export function applyStrings(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('[data-s]').forEach((el) => (el.textContent = t(el.dataset.s ?? '')));
  root.querySelectorAll<HTMLElement>('[data-s-label]').forEach((el) => {
    const text = t(el.dataset.sLabel ?? '');
    el.setAttribute('aria-label', text);
    el.title = text;
  });
}
