// Run mode's page while the reader's program runs and when it fails: the file's name as the title,
// what runs it ("Running two_layer_net.py with python3…"), a Cancel button, and none of literal
// mode's advice or controls (body.run-mode / body.running in webview.css). A problem names its
// place as a link; the host opens the place it sent, the webview never names a file.
import type { ToWebviewMessage } from '../protocol';
import { $, post } from './state';
import { showTitle } from './toolbar';

type Progress = Extract<ToWebviewMessage, { type: 'progress' }>;
type Problem = Extract<ToWebviewMessage, { type: 'problem' }>;

export function showProgress(m: Progress): void {
  const body = document.body.classList;
  body.toggle('run-mode', !!m.run);
  body.toggle('running', !!m.run);
  if (m.run && !body.contains('has-trace')) showTitle(m.run.file);
  $('status').textContent = m.text;
  $('problemAt').hidden = true;
}

export function showProblem(m: Problem): void {
  document.body.classList.remove('running');
  $('status').textContent = m.text;
  const link = $('problemAt');
  link.textContent = m.at ?? '';
  link.hidden = !m.at;
}

/** A trace arrived: its own toolbar (the graph says which pickers it has) replaces run mode's page. */
export function endRunPage(): void {
  document.body.classList.remove('run-mode', 'running');
  $('problemAt').hidden = true;
}

export function bindRunPage(): void {
  $('cancelRun').addEventListener('click', () => post({ type: 'cancelRun' }));
  $('problemAt').addEventListener('click', () => post({ type: 'openProblem' }));
}
