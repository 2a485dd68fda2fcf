// The first trace against VS Code's Markdown preview, like for like (the extension host's side of
// bench:ui's `first` scenario): one window, both extensions active before any timing (seed.py and
// preview.md each opened first, both activated), then run by run, alternating which goes first,
// each from its command until the driver sees the content inside the new webview's own frame.
// Each panel is closed before the next command, so every run opens a new webview, as a first
// trace does. The driver reads the frame's times while the host waits (emit 'first', then 6 s).
import * as vscode from 'vscode';
import type { RenderReport } from '../../src/protocol';
import { activateTimed, emit, openAt, sleep, workspaceFile } from './inHost';

const MARKDOWN = 'vscode.markdown-language-features';

/** Closes every editor beside the file (the trace panel, the preview), so the next one is new. */
async function closeBeside(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
  await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
}

export async function likeForLike(runs: number): Promise<void> {
  const { api, wasActive } = await activateTimed();
  const md = vscode.extensions.getExtension(MARKDOWN);
  if (!md) throw new Error(`${MARKDOWN} is not installed`);
  await md.activate();
  await openAt('preview.md', '# ');
  await openAt('seed.py', 'np.array([[1.0');
  await sleep(1500); // the window's own start-up work settles, as before every run
  emit('first-setup', { wasActive, markdownActive: md.isActive });
  for (let run = 1; run <= runs; run++) {
    for (const what of run % 2 ? ['trace', 'md'] : ['md', 'trace']) {
      if (what === 'trace') {
        await openAt('seed.py', 'np.array([[1.0');
        await sleep(500);
        const rendered = api.whenRendered(60_000);
        const start = Date.now();
        const outcome = (await vscode.commands.executeCommand('backpropTrace.trace')) as { ok: boolean; error?: string };
        const resolved = Date.now();
        if (!outcome.ok) throw new Error(`trace failed: ${outcome.error}`);
        const report: RenderReport = await rendered;
        const host = api.panelProbe()?.times; // when the panel was made and its HTML set, in the host
        emit('first', { what, run, start, resolved, receivedAt: report.receivedAt, drawMs: report.drawMs, firstFrameMs: report.firstFrameMs, host });
      } else {
        await openAt('preview.md', '# ');
        await sleep(500);
        const start = Date.now();
        await vscode.commands.executeCommand('markdown.showPreviewToSide', workspaceFile('preview.md'));
        emit('first', { what, run, start, resolved: Date.now() });
      }
      await sleep(6000); // the driver finds the content's time in the webview's frame meanwhile
      await closeBeside();
      await sleep(500);
    }
  }
}
