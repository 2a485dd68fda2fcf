// What the run mode hands the panel must pass the protocol's guard, or the webview drops it
// without a word: every example, traced by the real tracer with Debian's python3, every pass.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v from 'valibot';
import { parseRecorded, recordedToGraph } from '../../../src/engine/recorded';
import { previewGraph } from '../../../src/engine/print/wirePreview';
import { TraceGraphSchema } from '../../../src/protocol/graph';

const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
const ROOT = path.resolve(__dirname, '../../../..');
const TRACER = path.join(ROOT, 'src', 'tracer', 'bpt_trace.py');
const EXAMPLES = ['apple.py', 'apple_orange.py', 'two_layer_net.py', 'wrong_backward.py', 'layers_import/main.py', 'train_loop.py', 'mnist_batch.py', 'cs231n_layers.py'];

describe('run mode: recorded graphs pass the protocol', function () {
  this.timeout(60_000);
  for (const example of EXAMPLES) {
    it(example, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-wire-'));
      try {
        const out = path.join(dir, 'result.json');
        const file = path.join(ROOT, 'examples', example);
        // train_loop.py takes its iteration count from argv; the tracer runs it with none (10,000), capped at 3 passes.
        execFileSync(PYTHON, [TRACER, '--out', out, '--max-passes', '3', '--stop-at-cap', '--file', file], { cwd: path.dirname(file), stdio: 'ignore', timeout: 50_000 });
        const parsed = parseRecorded(JSON.parse(fs.readFileSync(out, 'utf8')));
        assert.ok('result' in parsed, 'error' in parsed ? parsed.error : '');
        const { result } = parsed;
        assert.ok(result.calls.length > 0);
        for (let pass = 0; pass < result.passes; pass++) {
          const r = v.safeParse(TraceGraphSchema, previewGraph(recordedToGraph(result, pass)));
          assert.ok(r.success, !r.success ? `pass ${pass}: ${r.issues[0].message} at ${(r.issues[0].path ?? []).map((p) => String(p.key)).join('.')}` : '');
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
