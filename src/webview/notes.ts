// The graph's notes above it (a run's: the calls not recorded, the Python that ran, the cells run).
// A run can carry four or five, which took ~200 px of a 1000×800 window's panel: the first note
// (the host puts the most important first: run/graphSource.ts) is shown in full, the others fold
// behind one "N more notes" button, so nothing is silent: the count is on screen and one click
// or key away. Whether they are open is kept while the panel lives and across a reload (setState).
// In a short panel each note also folds to one line (webview.css, the max-height rule).
import { save, saved } from './state';
import { t } from './strings';

/** The notes shown, so the same notes again (a resize, another pass) keep each note's fold. */
let shownKey = '';

/** The notes' place under the pass bar, empty and hidden until a graph has notes. */
export function createNotes(): HTMLElement {
  const notes = document.createElement('div');
  notes.id = 'graph-notes';
  notes.className = 'graph-notes';
  notes.setAttribute('role', 'group');
  notes.hidden = true;
  return notes;
}

/** One note: its first line in a short panel, its whole text on a click (or Enter). */
function noteItem(text: string): HTMLElement {
  const fold = document.createElement('details');
  fold.append(Object.assign(document.createElement('summary'), { textContent: text, title: text }));
  // The graph area changes height: fit it again as a resize does (main.ts).
  fold.addEventListener('toggle', refit);
  return fold;
}

const refit = () => window.dispatchEvent(new Event('resize'));

/** The toggle's words: how many notes it shows or hides, in the panel's language. */
function toggleText(open: boolean, rest: number): string {
  if (open) return rest === 1 ? t('notesLessOne') : t('notesLess', rest);
  return rest === 1 ? t('notesMoreOne') : t('notesMore', rest);
}

function setOpen(toggle: HTMLButtonElement, list: HTMLElement, open: boolean): void {
  const rest = list.childElementCount;
  toggle.setAttribute('aria-expanded', String(open));
  (toggle.lastElementChild as HTMLElement).textContent = toggleText(open, rest);
  (toggle.firstElementChild as HTMLElement).textContent = open ? '▾' : '▸';
  list.hidden = !open;
}

/** The "N more notes" button and the notes it folds. */
function restOf(notes: string[]): HTMLElement[] {
  const list = document.createElement('div');
  list.id = 'notes-rest';
  list.className = 'notes-rest';
  list.append(...notes.map(noteItem));
  const toggle = document.createElement('button');
  toggle.id = 'notes-more';
  toggle.className = 'notes-more';
  toggle.setAttribute('aria-controls', list.id);
  const arrow = document.createElement('span');
  arrow.setAttribute('aria-hidden', 'true');
  toggle.append(arrow, document.createElement('span'));
  setOpen(toggle, list, saved.notesOpen === true);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    save({ notesOpen: open });
    setOpen(toggle, list, open);
    refit();
  });
  return [toggle, list];
}

/** The graph's notes: hidden when it has none; the first in full, the rest behind the toggle. */
export function showNotes(notes: readonly string[] | undefined, box: HTMLElement): void {
  const list = notes ?? [];
  box.hidden = list.length === 0;
  box.setAttribute('aria-label', t('notesLabel'));
  const key = JSON.stringify(list);
  if (key === shownKey) return;
  shownKey = key;
  const [first, ...rest] = list;
  box.replaceChildren(...(first === undefined ? [] : [noteItem(first)]), ...(rest.length ? restOf(rest) : []));
}

/** What the render report says of the notes (the tests assert on it): how many, how many shown, their height. */
export function notesShown(): { total: number; shown: number; height: number } {
  const box = document.getElementById('graph-notes');
  const items = Array.from(box?.querySelectorAll('summary') ?? []);
  const shown = items.filter((s) => s.getClientRects().length > 0).length;
  return { total: items.length, shown, height: box?.getBoundingClientRect().height ?? 0 };
}
