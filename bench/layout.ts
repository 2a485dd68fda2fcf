// npm run bench:layout: how long the panel's layout policy takes to choose and place a graph
// (planSceneIn, in Node, with the unit tests' character measure instead of the panel's canvas), for
// the seed trace, every fixture and book example, and the run-mode examples traced by the real
// tracer, in every panel size the integration tests open. Beside each, one plain layout of the
// same graph (a single dagre pass, left to right, no fitting) as the yardstick, and the ratio.
// Budget (#21): ≤ 50 ms for the seed, ≤ 150 ms for every other graph in every size, in CPU time
// (user+sys: the machine's load stretches the wall clock, printed beside it). Not a test:
// a graph over budget is marked, nothing fails.
import { BOOK_EXAMPLES, buildExample } from '../src/engine/graph/examples';
import type { TraceGraph } from '../src/engine/graph/graph';
import { planSceneIn } from '../src/webview/elements';
import { level } from '../src/scene/layout/levels';
import { clearPlanCache } from '../src/scene/layout/policy';
import { buildScene, charMeasure } from '../src/scene/scene';
import { FIXTURES } from '../test/fixtures/graphs';
import { traced } from '../test/unit/webview/traced';
import { median } from './ui/stats';
import * as os from 'node:os';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Graph areas (width × height) the panel has, as the integration tests log them. */
const AREAS: [string, number, number][] = [
  ['1400x900 side', 526, 666],
  ['1400x900 alone', 1100, 666],
  ['1000x800 side', 351, 629],
  ['1000x800 alone', 700, 629],
];

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** CPU time (user + sys, ms) of `fn`: what the machine's load does not stretch, unlike the wall clock. */
function cpu(fn: () => void): number {
  const u0 = process.cpuUsage();
  fn();
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / 1000;
}

/** The machine's load averages (1, 5, 15 min), printed with the figures. */
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

function graphs(): [string, TraceGraph][] {
  const out: [string, TraceGraph][] = Object.entries(FIXTURES).map(([k, make]) => [k, make()]);
  for (const ex of BOOK_EXAMPLES) out.push([`book ${ex.id}`, buildExample(ex)]);
  for (const f of ['apple.py', 'apple_orange.py', 'two_layer_net.py', 'mnist_batch.py', 'layers_import/main.py']) {
    try {
      out.push([`run ${f}`, traced(f)]);
    } catch (e) {
      console.log(`  run ${f}: not traced, left out (${(e as Error).message.split('\n')[0]})`);
    }
  }
  return out;
}

function main(): void {
  const all = graphs();
  console.log(`Layout time, planSceneIn in Node with charMeasure, cold (a fresh copy of the graph each run, no plan, ranks or prints kept), median of ${RUNS} (ms); plain = one LR buildScene; the budget is judged on CPU time (user+sys), wall shown too`);
  console.log(`Load average at start: ${load()} on ${os.cpus().length} CPUs`);
  console.log(`  ${'graph'.padEnd(26)}${'panel'.padEnd(16)}${'fit cpu'.padStart(8)}${'wall'.padStart(8)}${'plain'.padStart(8)}${'ratio'.padStart(7)}  level, zoom`);
  let over = 0;
  for (const [name, g] of all) {
    const budget = name === 'seed' ? 50 : 150;
    for (const [area, w, h] of AREAS) {
      const fit: number[] = [];
      const fitCpu: number[] = [];
      const plain: number[] = [];
      let chosen = '';
      let zoom = 0;
      for (let r = 0; r < RUNS; r++) {
        clearPlanCache();
        // A fresh copy each run: nothing printed or laid out for it yet, as for a new trace.
        const fresh = structuredClone(g);
        fitCpu.push(cpu(() => fit.push(time(() => {
          const sc = planSceneIn(fresh, w, h, charMeasure);
          chosen = sc.level;
          zoom = Math.min((w - 24) / sc.layout.width, (h - 24) / sc.layout.height);
        }))));
        const other = structuredClone(g);
        plain.push(cpu(() => buildScene(other, charMeasure, level())));
      }
      const [c, f, p] = [median(fitCpu), median(fit), median(plain)];
      const mark = c > budget ? `  OVER ${budget} ms` : '';
      if (mark) over++;
      console.log(`  ${name.padEnd(26)}${area.padEnd(16)}${c.toFixed(1).padStart(8)}${f.toFixed(1).padStart(8)}${p.toFixed(1).padStart(8)}${(c / p).toFixed(1).padStart(7)}  ${chosen}, ${zoom.toFixed(2)}${mark}`);
    }
  }
  // A second call for the same graph and size is the cache's (a resize within a size class).
  const seed = FIXTURES.seed();
  clearPlanCache();
  planSceneIn(seed, 351, 629, charMeasure);
  console.log(`  seed again, same size class (cached): ${median(Array.from({ length: RUNS }, () => time(() => planSceneIn(seed, 355, 640, charMeasure)))).toFixed(3)} ms`);
  console.log(over ? `${over} graph×panel pairs over budget.` : 'Every graph in every panel within budget.');
  console.log(`Load average at the end: ${load()}`);
}

main();
