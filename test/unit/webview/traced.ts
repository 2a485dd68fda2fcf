// An example traced as the run mode traces it (the real tracer, pass 0), as the panel receives it:
// the layout tests measure the very graph code-server draws.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import { parseRecorded, recordedToGraph } from '../../../src/engine/recorded';
import { previewGraph } from '../../../src/engine/print/wirePreview';

const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
const ROOT = path.resolve(__dirname, '../../../..');

/** The graph area of the side panel as it opens on a run-mode trace at 1400×900 (runmode.test.ts logs it). */
export const RUN_AREA = { width: 526, height: 666 };

export function traced(example: string): TraceGraph {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-tight-'));
  try {
    const out = path.join(dir, 'result.json');
    const file = path.join(ROOT, 'examples', example);
    execFileSync(PYTHON, [path.join(ROOT, 'src', 'tracer', 'bpt_trace.py'), '--out', out, '--max-passes', '1', '--file', file], { cwd: path.dirname(file), stdio: 'ignore', timeout: 50_000 });
    const parsed = parseRecorded(JSON.parse(fs.readFileSync(out, 'utf8')));
    assert.ok('result' in parsed, 'error' in parsed ? parsed.error : '');
    return previewGraph(recordedToGraph(parsed.result, 0));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
