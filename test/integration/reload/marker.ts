// The note that carries a test run across a real window reload: phase 1 (before.ts) writes it just
// before "Developer: Reload Window", the new extension host's test runner (../index.ts) finds it and
// runs phase 2 (after.ts) with the counts and the drawing phase 1 saw.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RenderReport } from '../../../src/protocol';

/** What phase 2 compares: the drawn graph as text, and where its boxes are. */
export interface DrawnGraph {
  nodes: RenderReport['nodes'];
  edges: RenderReport['edges'];
  orientation?: string;
  boxes: string[];
}

export interface ReloadMarker {
  writtenAt: number;
  /** Mocha's counts before the reload (phase 1 counted as passed): the run's closing line adds them. */
  passes: number;
  failures: number;
  drawn: DrawnGraph;
}

/** One file per launcher run (BPT_RUN_DIR, removed with the run); desktop runs key it by this build. */
export function markerFile(): string {
  const dir = process.env.BPT_RUN_DIR ?? os.tmpdir();
  const key = crypto.createHash('sha1').update(__dirname).digest('hex').slice(0, 12);
  return path.join(dir, `bpt-reload-${key}.json`);
}

export function drawnGraph(report: RenderReport): DrawnGraph {
  return {
    nodes: report.nodes,
    edges: report.edges,
    orientation: report.geometry?.orientation,
    boxes: (report.geometry?.boxes ?? []).map((b) => `${b.kind} ${b.id}`).sort(),
  };
}

let taken: ReloadMarker | undefined;
let counts: () => { passes: number; failures: number } = () => ({ passes: 0, failures: 0 });

/** The marker of a reload under way, taken (deleted) so that a second reload never loops. Stale ones (10 min) are dropped. */
export function takeMarker(): ReloadMarker | undefined {
  const file = markerFile();
  if (!fs.existsSync(file)) return undefined;
  const marker = JSON.parse(fs.readFileSync(file, 'utf8')) as ReloadMarker;
  fs.rmSync(file, { force: true });
  taken = Date.now() - marker.writtenAt < 10 * 60_000 ? marker : undefined;
  return taken;
}

/** The marker this window's runner took (phase 2 reads it). */
export function takenMarker(): ReloadMarker | undefined {
  return taken;
}

/** The runner says how to read its counts so far (phase 1 writes them down). */
export function countWith(read: () => { passes: number; failures: number }): void {
  counts = read;
}

export function countsSoFar(): { passes: number; failures: number } {
  return counts();
}

export function writeMarker(marker: Omit<ReloadMarker, 'writtenAt'>): void {
  fs.writeFileSync(markerFile(), JSON.stringify({ ...marker, writtenAt: Date.now() }));
}
