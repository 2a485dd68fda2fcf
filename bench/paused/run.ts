// npm run bench:paused — a benchmark (not a test) of "Trace backprop" at a breakpoint, in
// code-server with the test-only debugpy adapter (test/debugAdapter): the program
// test/fixtures/debug/two_layer_net.py with a batch of 100 stops in Relu.backward, and the
// extension host (bench/paused/index.ts) times, in one window, command → graph drawn for the
// 100×784 x_batch and for the TwoLayerNet instance, with the panel closed before each run and
// with it left open, each as a ratio to one bare `evaluate` of `1` in the same frame.
// Options: --runs N (default 5). Raw records: test-results/bench-paused.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { installDebugAdapter } from '../../test/debugAdapter/install';

const ROOT = path.resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
  const adapter = installDebugAdapter();
  try {
    console.log(`[bench:paused] load before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} cores`);
    return await runTests({
      vscodeExecutablePath: path.join(ROOT, 'scripts', 'code-server-launcher'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'bench', 'paused', 'index.js'),
      launchArgs: [path.join(ROOT, 'examples')],
      extensionTestsEnv: { BPT_EXTENSIONS_DIR: adapter.extensionsDir, BPT_BENCH_RUNS: String(runs) },
    });
  } finally {
    fs.rmSync(adapter.tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error('[bench:paused] failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
