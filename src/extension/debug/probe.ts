// One `evaluate` request in the paused frame, in the `clipboard` context (its result is not cut
// at 2^16 characters) and always with the frameId (without it debugpy evaluates nothing). A
// request slower than the limit is abandoned: the host stops waiting and says so.
import * as vscode from 'vscode';
import { PROBE_FILES, probeExpression, type ProbeRequest } from './expression';
import { readAnswer, type ProbeAnswer } from './answer';
import type { PausedFrame } from './session';

/** The probe's source and the tracer package's (probe.py's `Sources`), read once from dist/. */
let sources: Promise<{ probe: string; tracer: string }> | undefined;

function readSources(extensionUri: vscode.Uri): Promise<{ probe: string; tracer: string }> {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const read = async (...parts: string[]) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, ...parts)));
  sources ??= (async () => {
    const pkg = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(dist, 'tracer', 'bpt_tracer'));
    const modules = pkg.map(([name]) => name).filter((name) => name.endsWith('.py'));
    const tracer: Record<string, string> = { 'constants.json': await read('tracer', 'constants.json'), dir: vscode.Uri.joinPath(dist, 'tracer').fsPath };
    for (const name of modules) tracer[name.slice(0, -3)] = await read('tracer', 'bpt_tracer', name);
    // One text, one fresh dict in the program: the probe, its recording of a layer's calls, a hover's read.
    const probe = (await Promise.all(PROBE_FILES.map((file) => read(...file.split('/'))))).join('\n');
    return { probe, tracer: JSON.stringify(tracer) };
  })();
  sources.catch(() => (sources = undefined));
  return sources;
}

export type Probed =
  | { ok: true; answer: ProbeAnswer; ms: number; chars: number }
  | { ok: false; kind: 'timeout' | 'failed'; detail: string };

export async function runProbe(extensionUri: vscode.Uri, frame: PausedFrame, req: ProbeRequest, timeoutMs: number): Promise<Probed> {
  const { probe, tracer } = await readSources(extensionUri);
  // A hover's read (req.peek) imports nothing of the tracer: its ~100 KB are not sent.
  const expression = probeExpression(probe, req.peek ? '{}' : tracer, req);
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
