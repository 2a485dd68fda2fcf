// Who held the extension host's thread: a V8 CPU profile of it (sampled every 0.5 ms) while a big
// trace runs, read as stretches of consecutive samples. A stretch is ours when its stack passes
// through our bundle (dist/extension.js: what we run, and the VS Code calls we make), VS Code's
// when it does not (a provider VS Code runs on the open document, its IPC), or the GC. The lag
// probe says how long the loop was held; this says by whom.
import * as inspector from 'inspector';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }
export type Holder = 'ours' | 'vscode' | 'gc';
export interface Stretch { ms: number; at: number; top: string }
export type Longest = Record<Holder, Stretch>;

/** Starts the profiler on this thread; the function it returns stops it and reads the stretches after `from` (Date.now()). */
export async function profileHost(): Promise<(from: number) => Promise<Longest>> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  const startedWall = Date.now();
  return async (from) => {
    const { profile } = (await post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    return longestStretches(profile, startedWall, from);
  };
}

/** The longest run of consecutive samples held by each holder, after `from`; idle ends a run. */
export function longestStretches(p: Profile, startedWall: number, from: number): Longest {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kinds = new Map<number, Holder | 'idle'>();
  const kindOf = (id: number): Holder | 'idle' => {
    const known = kinds.get(id);
    if (known) return known;
    const leaf = byId.get(id)!.callFrame.functionName;
    let kind: Holder | 'idle' = leaf === '(idle)' || leaf === '(program)' ? 'idle' : leaf === '(garbage collector)' ? 'gc' : 'vscode';
    for (let x: number | undefined = id; kind === 'vscode' && x !== undefined; x = parent.get(x)) {
      if (/\/dist\/extension\.js$/.test(byId.get(x)!.callFrame.url)) kind = 'ours';
    }
    kinds.set(id, kind);
    return kind;
  };
  const best: Longest = { ours: { ms: 0, at: 0, top: '' }, vscode: { ms: 0, at: 0, top: '' }, gc: { ms: 0, at: 0, top: '' } };
  let t = p.startTime;
  let run: { kind: Holder | 'idle'; ms: number; top: string } = { kind: 'idle', ms: 0, top: '' };
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i];
    const wall = startedWall + (t - p.startTime) / 1000;
    if (wall < from) return;
    const kind = kindOf(id);
    const ms = p.timeDeltas[i] / 1000;
    run = kind === run.kind ? { ...run, ms: run.ms + ms } : { kind, ms, top: byId.get(id)!.callFrame.functionName || '(anonymous)' };
    if (run.kind !== 'idle' && run.ms > best[run.kind].ms) best[run.kind] = { ms: run.ms, at: Math.round(wall - from), top: run.top };
  });
  return best;
}
