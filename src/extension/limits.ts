// The size limit: how many elements one trace may hold (`backpropTrace.maxElements`), checked as
// early and as cheaply as possible, so an oversized selection is refused before it is read.
import * as vscode from 'vscode';

export const DEFAULT_MAX_ELEMENTS = 2_000_000;
export const MIN_MAX_ELEMENTS = 1;
export const MAX_MAX_ELEMENTS = 20_000_000;

/**
 * No sensible literal spends more characters per element than this (numpy's longest repr,
 * `-1.2345678901234567e-305, `, is 26 plus indentation), so a selection longer than
 * maxElements * CHARS_PER_ELEMENT is refused without reading it.
 */
export const CHARS_PER_ELEMENT = 64;

import { MAX_DIMS } from '../engine/limits';

export { MAX_DIMS };

/** Selections shorter than this are traced at once, with no progress notification to flash by. */
export const PROGRESS_CHARS = 256 * 1024;

export function maxElements(): number {
  const v = vscode.workspace.getConfiguration('backpropTrace').get<number>('maxElements', DEFAULT_MAX_ELEMENTS);
  // A hand-edited settings.json may hold anything: fall back rather than trust it.
  if (typeof v !== 'number' || !Number.isFinite(v)) return DEFAULT_MAX_ELEMENTS;
  return Math.min(MAX_MAX_ELEMENTS, Math.max(MIN_MAX_ELEMENTS, Math.floor(v)));
}

export function tooManyElementsMessage(limit: number): string {
  return vscode.l10n.t(
    'This selection holds more than {0} elements, the limit set by backpropTrace.maxElements. Nothing was traced: select a smaller array, or raise the limit.',
    limit.toLocaleString('en-US'),
  );
}

export function tooManyDimsMessage(ndim: number): string {
  return vscode.l10n.t('This array has {0} dimensions; at most {1} can be traced.', ndim, MAX_DIMS);
}
