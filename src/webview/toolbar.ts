// The toolbar and the keyboard: every action has a button (with a localised label and tooltip)
// and a key. Keys are ignored while typing in a form control.
import type { FromWebviewMessage, PanelSettings, TraceGraph } from '../protocol';
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
  for (const id of ['stepBack', 'step', 'reset', 'zoomIn', 'zoomOut', 'fit']) $(id).addEventListener('click', () => h.act(id));
  const speed = $('speed') as HTMLSelectElement;
  speed.value = String(h.initialSpeed);
  speed.addEventListener('change', () => h.speed(Number(speed.value) || 1));
  $('pickLayers').addEventListener('click', () => h.post({ type: 'pick', what: 'layers' }));
  $('pickDout').addEventListener('click', () => h.post({ type: 'pick', what: 'dout' }));
  const follow = $('follow') as HTMLInputElement;
  follow.addEventListener('change', () => h.post({ type: 'follow', on: follow.checked }));
  const menu = $('export-menu') as HTMLDetailsElement;
  menu.querySelectorAll<HTMLButtonElement>('button[data-export]').forEach((b) =>
    b.addEventListener('click', () => {
      menu.open = false;
      const format = b.dataset.export;
      if (format === 'png' || format === 'svg' || format === 'json' || format === 'numpy') h.post({ type: 'export', format });
    }),
  );
  document.addEventListener('keydown', (e) => {
    const el = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || el.closest('select, input, textarea')) return;
    if (e.key === 'Escape') return h.closeDetails();
    if (e.key === 'Enter' && h.openFocused()) return e.preventDefault();
    if ((e.key === 'e' || e.key === 'E') && !el.closest('button')) return h.toggleExpandFocused();
    // Space and Enter on a button are the button's own click.
    if (e.key === ' ' && el.closest('button, summary')) return;
    const action = KEYS[e.key];
    if (action) {
      e.preventDefault();
      h.act(action);
    }
  });
}

export function showPhase(text: string, playing: boolean): void {
  $('status').textContent = text;
  $('play-text').textContent = playing ? t('pause') : t('play');
  const play = $('play');
  play.classList.toggle('playing', playing);
  play.setAttribute('aria-label', playing ? t('pause') : t('play'));
  play.title = `${playing ? t('pause') : t('play')} (Space)`;
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
