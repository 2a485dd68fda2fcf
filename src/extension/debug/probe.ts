// One `evaluate` request in the paused frame, in the `clipboard` context (its result is not cut
// at 2^16 characters) and always with the frameId (without it debugpy evaluates nothing). A
// request slower than the limit is abandoned: the host stops waiting and says so.
import * as vscode from 'vscode';
import { probeExpression, type ProbeRequest } from './expression';
import { readAnswer, type ProbeAnswer } from './answer';
import type { PausedFrame } from './session';

/** The probe's and the tracer's source, read once from the extension's dist/ folder. */
let sources: Promise<{ probe: string; tracer: string }> | undefined;

function readSources(extensionUri: vscode.Uri): Promise<{ probe: string; tracer: string }> {
  const read = async (...parts: string[]) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', ...parts)));
  sources ??= Promise.all([read('debug', 'probe.py'), read('tracer', 'bpt_trace.py')]).then(([probe, tracer]) => ({ probe, tracer }));
  sources.catch(() => (sources = undefined));
  return sources;
}

export type Probed =
  | { ok: true; answer: ProbeAnswer; ms: number; chars: number }
  | { ok: false; kind: 'timeout' | 'failed'; detail: string };

export async function runProbe(extensionUri: vscode.Uri, frame: PausedFrame, req: ProbeRequest, timeoutMs: number): Promise<Probed> {
  const { probe, tracer } = await readSources(extensionUri);
  const expression = probeExpression(probe, tracer, req);
  const start = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  try {
    const request = frame.session.customRequest('evaluate', { expression, frameId: frame.frameId, context: 'clipboard', format: { rawString: true } });
    const r = await Promise.race([Promise.resolve(request), late]);
    if (r === 'late') return { ok: false, kind: 'timeout', detail: `${timeoutMs} ms` };
    const text = typeof (r as { result?: unknown })?.result === 'string' ? (r as { result: string }).result : '';
    const answer = readAnswer(text);
    if ('bad' in answer) return { ok: false, kind: 'failed', detail: answer.bad };
    return { ok: true, answer, ms: Date.now() - start, chars: text.length };
  } catch (e) {
    return { ok: false, kind: 'failed', detail: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}
