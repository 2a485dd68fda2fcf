// #21's leftovers: run-mode nets in the 1000×800 side panel (351×569 under the run's note) with the
// editor's font wider than 0.6 em (the webview measures the editor's own font; 0.63–0.66 em seen),
// and the cs231n example, whole at 12 px: every card and every text inside the panel, cards with a
// margin under the room (layout/types.ts ROOM_MARGIN). Measured as the host's first frame measures
// (scene/firstFrame.ts monoMeasure, the same plan the webview draws).
import * as assert from 'assert';
import { fitZoom, ROOM_MARGIN, type Rect } from '../../../src/scene/layout';
import { monoMeasure } from '../../../src/scene/firstFrame';
import { clearPlanCache, planFit, PAD } from '../../../src/scene/layout/policy';
import { traced } from './traced';

const SIDE = { width: 351, height: 569 };
const WIDE = { width: 526, height: 666 };
const room = SIDE.width - 2 * PAD;

describe('webview margin: nets whole in the side panel with a wider font', function () {
  this.timeout(60_000);
  const cases: [string, number[]][] = [['mnist_batch.py', [0.6, 0.63]], ['cs231n_layers.py', [0.6, 0.63, 0.66]], ['two_layer_net.py', [0.6, 0.63, 0.66]]];
  for (const [example, advances] of cases) {
    it(`${example} at ${advances.join(', ')} em: whole at zoom ≥ 1 in 351×569 and 526×666, every box inside the room, cards under it by the margin`, () => {
      const g = traced(example);
      for (const advance of advances) {
        clearPlanCache();
        for (const area of [SIDE, WIDE]) {
          const sc = planFit(g, area.width, area.height, monoMeasure(advance), `mono ${advance}`);
          const what = `${example} at ${advance} em in ${area.width}×${area.height} (${sc.level})`;
          const zoom = fitZoom(sc.layout, area.width, area.height, PAD);
          assert.ok(zoom >= 1, `${what}: ${sc.layout.width.toFixed(0)}×${sc.layout.height.toFixed(0)}, zoom ${zoom.toFixed(2)}`);
          if (area !== SIDE) continue;
          const x1 = sc.layout.x1;
          const inside = (r: Rect | undefined, id: string) => assert.ok(!r || (r.x - r.width / 2 >= x1 - 0.5 && r.x + r.width / 2 <= x1 + room + 0.5), `${what}: ${id} ${JSON.stringify(r)} past the ${room} px room`);
          for (const [id, n] of sc.layout.nodes) {
            inside(n.card ?? n.body, id);
            if (n.card) assert.ok(n.card.width <= room - ROOM_MARGIN + 0.5, `${what}: ${id}'s card ${n.card.width.toFixed(1)} px in a ${room} px room`);
          }
          for (const [id, e] of sc.layout.edges) [e.forwardLabel, e.backwardLabel].forEach((r) => inside(r, id));
        }
      }
    });
  }
});
