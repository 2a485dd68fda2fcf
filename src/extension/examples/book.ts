// "Backprop: Open a book example": the book's worked graphs (apples, apples and oranges, Affine
// into Softmax-with-Loss) drawn in the panel, ready for Play and Step. Nothing to select first.
import * as vscode from 'vscode';
import { BOOK_EXAMPLES, bookExample, buildExample, type BookExample } from '../../engine';
import { TracePanel, type GraphSource } from '../panel/panel';

export function exampleSource(example: BookExample): GraphSource {
  const title = `${example.title} (${example.figure})`;
  return { title, restore: { title, example: example.id }, build: () => buildExample(example), dag: () => example.spec() };
}

/** With `id` (tests, walkthrough links) it opens that example, otherwise it asks which. */
export async function openBookExample(extensionUri: vscode.Uri, id?: unknown): Promise<boolean> {
  let example = typeof id === 'string' ? bookExample(id) : undefined;
  if (!example) {
    const items = BOOK_EXAMPLES.map((e) => ({ label: e.title, description: e.figure, example: e }));
    example = (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Backprop Trace: open a book example') }))?.example;
  }
  if (!example) return false;
  await TracePanel.createOrShow(extensionUri).showSource(exampleSource(example));
  return true;
}

export function registerBookExamples(context: vscode.ExtensionContext): void {
  TracePanel.revivers.push({
    test: (r) => typeof r.example === 'string',
    revive: async (r) => {
      const example = r.example ? bookExample(r.example) : undefined;
      return example && exampleSource(example);
    },
  });
  context.subscriptions.push(vscode.commands.registerCommand('backpropTrace.openBookExample', (id?: unknown) => openBookExample(context.extensionUri, id)));
}
