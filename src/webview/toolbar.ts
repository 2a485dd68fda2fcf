// The toolbar and the keyboard: every action has a button (with a localised label and tooltip)
// and a key. Keys are ignored while typing in a form control.
import type { FromWebviewMessage, PanelSettings, TraceGraph } from '../protocol';
import { createNotes, showNotes } from './notes';
import { t } from './strings';

export interface ToolbarHooks {
  act(action: string): void;
  post(m: FromWebviewMessage): void;
  speed(s: number): void;
  initialSpeed: number;
  /** Enter on a focused node or edge item: open its details; false if nothing is focused. */
  openFocused(): boolean;
  toggleExpandFocused(): void;
  closeDetails(): void;
}

const $ = (id: string) => document.getElementById(id) as HTMLElement;
let settings: PanelSettings | undefined;

const KEYS: Record<string, string> = {
  ' ': 'toggle',
  ArrowRight: 'step',
  ArrowLeft: 'stepBack',
  Home: 'reset',
  End: 'end',
  '+': 'zoomIn',
  '=': 'zoomIn',
  '-': 'zoomOut',
  '0': 'fit',
};

export function bindToolbar(h: ToolbarHooks): void {
  $('play').addEventListener('click', () => h.act('toggle'));
  // Both words sit in one grid cell and only one is visible, so the button is as wide as the
  // longer one in any language and the toolbar never reflows when Play and Pause swap.
  $('play-text').removeAttribute('data-s');
  bindPass(h.post);
  for (const id of ['stepBack', 'step', 'reset', 'zoomIn', 'zoomOut', 'fit']) $(id).addEventListener('click', () => h.act(id));
  const speed = $('speed') as HTMLSelectElement;
  speed.value = String(h.initialSpeed);
  speed.addEventListener('change', () => h.speed(Number(speed.value) || 1));
  $('pickLayers').addEventListener('click', () => h.post({ type: 'pick', what: 'layers' }));
  $('pickDout').addEventListener('click', () => h.post({ type: 'pick', what: 'dout' }));
  const follow = $('follow') as HTMLInputElement;
  follow.addEventListener('change', () => h.post({ type: 'follow', on: follow.checked }));
  bindMenu($('more-menu') as HTMLDetailsElement, $('more-items'));
  bindMenu($('export-menu') as HTMLDetailsElement, $('export-items'));
  $('export-items').querySelectorAll<HTMLButtonElement>('button[data-export]').forEach((b) =>
    b.addEventListener('click', () => {
      const format = b.dataset.export;
      if (format === 'png' || format === 'svg' || format === 'json' || format === 'numpy') h.post({ type: 'export', format });
    }),
  );
  document.addEventListener('keydown', (e) => {
    const el = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || el.closest('select, input, textarea')) return;
    if (e.key === 'Escape') return h.closeDetails();
    if (e.key === 'Enter' && h.openFocused()) return e.preventDefault();
    // E also works right after clicking a node (focus is then in the drawer, on its close button).
    if (e.key === 'e' || e.key === 'E') return h.toggleExpandFocused();
    // Space and Enter on a button are the button's own click.
    if (e.key === ' ' && el.closest('button, summary')) return;
    const action = KEYS[e.key];
    if (action) {
      e.preventDefault();
      h.act(action);
    }
  });
}

const shown = (el: HTMLElement) => el.getClientRects().length > 0;

/**
 * A menu: a <details> whose items are its next sibling (media/webview.css shows them while it is
 * open). Enter or Space on the summary opens it with focus on the first item, ↑ ↓ (or Tab) move
 * through the items; Esc closes it and focus returns to the summary, as does choosing an item; a
 * click elsewhere or Tab out closes it.
 * The More menu's items are the row itself in a wide panel: there it is never open.
 */
function bindMenu(menu: HTMLDetailsElement, items: HTMLElement): void {
  const summary = menu.querySelector('summary') as HTMLElement;
  const within = (n: EventTarget | null) => n instanceof Node && (menu.contains(n) || items.contains(n));
  // Open and on screen: a More menu left open when the panel grew wide is not in the way.
  const open = () => menu.open && shown(summary);
  const close = (refocus: boolean) => {
    menu.open = false;
    if (refocus && shown(summary)) summary.focus();
  };
  const entries = () => Array.from(items.querySelectorAll<HTMLElement>('button, input, summary')).filter(shown);
  menu.addEventListener('toggle', () => {
    if (menu.open) entries()[0]?.focus();
  });
  const onKey = (e: KeyboardEvent) => {
    if (!open() || (e.key !== 'Escape' && e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    // The menu's keys, not the details drawer's Esc.
    e.stopPropagation();
    e.preventDefault();
    if (e.key === 'Escape') return close(true);
    // Up and down move through the items, round at either end, as in VS Code's own menus.
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLElement);
    list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
  };
  menu.addEventListener('keydown', onKey);
  items.addEventListener('keydown', onKey);
  // After the item's own click handler (bubbling reaches the container last).
  items.addEventListener('click', (e) => {
    if (open() && (e.target as HTMLElement).closest('button')) close(true);
  });
  document.addEventListener('click', (e) => {
    if (menu.open && !within(e.target)) close(false);
  });
  items.addEventListener('focusout', (e) => {
    if (menu.open && e.relatedTarget && !within(e.relatedTarget)) close(false);
  });
}

/** The graph's title; cut with an ellipsis when the panel is narrow, so the whole of it is the tooltip. */
export function showTitle(text: string): void {
  $('title').textContent = text;
  $('title').title = text;
}

export function showPhase(text: string, playing: boolean): void {
  $('status').textContent = text;
  const word = (key: string, on: boolean) => {
    const s = document.createElement('span');
    s.textContent = t(key);
    if (on) s.className = 'on';
    return s;
  };
  $('play-text').replaceChildren(word('play', !playing), word('pause', playing));
  const play = $('play');
  play.classList.toggle('playing', playing);
  play.setAttribute('aria-label', playing ? t('pause') : t('play'));
  play.title = `${playing ? t('pause') : t('play')} (Space)`;
}

/** Which of the toolbar's pickers are shown (the render report carries it for the tests). */
export function pickersShown(): { layers: boolean; dout: boolean } {
  return { layers: !$('pickLayers').hidden, dout: !$('pickDout').hidden };
}

/** Reflect the host's settings (or the current trace's dout source) in the toolbar. */
export function showSettings(s: PanelSettings | undefined, doutSource: TraceGraph['doutSource'] | undefined): void {
  if (s) settings = s;
  const follow = $('follow') as HTMLInputElement;
  follow.checked = settings?.followSelection ?? false;
  const source = doutSource ?? (settings?.dout === 'same' ? 'same' : 'ones');
  $('pickDout').textContent = source === 'same' ? t('doutSame') : source === 'selection' ? t('doutSelection') : t('doutOnes');
  $('pickDout').title = t('dout');
}

/** Run mode's passes (a training loop): "Pass 1 of N" with ‹ › that ask the host for another. */
function bindPass(post: (m: FromWebviewMessage) => void): void {
  const bar = document.createElement('div');
  bar.id = 'pass-bar';
  bar.className = 'row pass-bar';
  bar.hidden = true;
  const prev = document.createElement('button');
  prev.id = 'passPrev';
  prev.textContent = '‹';
  const label = document.createElement('span');
  label.id = 'pass-text';
  label.setAttribute('aria-live', 'polite');
  const next = document.createElement('button');
  next.id = 'passNext';
  next.textContent = '›';
  const notes = createNotes();
  bar.append(prev, label, next);
  const go = (d: number) => {
    const to = passIndex + d;
    if (to >= 0 && to < passCount) post({ type: 'pass', index: to });
  };
  prev.addEventListener('click', () => go(-1));
  next.addEventListener('click', () => go(1));
  $('status').before(bar, notes);
}

let passIndex = 0;
let passCount = 0;

/** The pass bar and the graph's notes, under the toolbar: hidden when the graph has none. */
export function showGraphInfo(g: Pick<TraceGraph, 'pass' | 'notes' | 'source'>): void {
  // "Layers…" and "dout = …" re-trace the selected literal; a book example or a run of the
  // user's own code has its layers and dout given, so the pickers would only mislead there.
  const literal = g.source === 'literal';
  $('pickLayers').hidden = !literal;
  $('pickDout').hidden = !literal;
  const bar = $('pass-bar');
  const p = g.pass;
  bar.hidden = !p || p.count < 2;
  if (p) {
    passIndex = p.index;
    passCount = p.count;
    $('pass-text').textContent = t('passOf', p.index + 1, p.count) + (p.capped ? ` ${t('passCapped')}` : '');
    ($('passPrev') as HTMLButtonElement).disabled = p.index <= 0;
    ($('passNext') as HTMLButtonElement).disabled = p.index >= p.count - 1;
    $('passPrev').setAttribute('aria-label', t('passPrev'));
    $('passPrev').title = t('passPrev');
    $('passNext').setAttribute('aria-label', t('passNext'));
    $('passNext').title = t('passNext');
  }
  showNotes(g.notes, $('graph-notes'));
}
