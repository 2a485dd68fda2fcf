// The order of a run's notes: the panel shows the first in full and folds the rest behind
// "N more notes" (webview/notes.ts), so what the reader must know (calls not recorded, the code
// raised) comes first, then the graph's own notes, then which Python ran what. Real Python, the
// real tracer: a loop past the recording's cap and a class with a near miss of backward.
import * as assert from 'node:assert/strict';
import type { TraceGraph } from '../../../src/engine/graph/graph';
import type { SourceView } from '../../../src/extension/panel/panel';
import { recordedSource } from '../../../src/extension/run/graphSource';
import { BOOK_RELU, tempScript, trace } from '../tracer/helpers';

const SCRIPT = `${BOOK_RELU}class Scale:
    def forward(self, x):
        return 2 * x
    def backword(self, dout):
        return 2 * dout
relu, scale = Relu(), Scale()
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
y = scale.forward(relu.forward(x))
`;

/** Pass 1's notes as the panel gets them. */
const notesOf = (source: { build(view: SourceView): TraceGraph }) => source.build({ pass: 0, expanded: new Set() }).notes;

describe('run mode: the notes most important first (graphSource.ts)', function () {
  this.timeout(60_000);

  it("warnings, then the graph's own notes (the tracer's hints), then where it ran", async () => {
    const s = tempScript('nearMiss.py', SCRIPT);
    try {
      const r = await trace(s.file);
      assert.ok(r.hints?.some((h) => /backword/.test(h)), `a hint names the near miss: ${JSON.stringify(r.hints)}`);
      const warning = 'The code raised ValueError; the graph shows the calls up to there.';
      const about = ['Ran with /usr/bin/python3.', 'Ran only the selected lines 1-9.'];
      assert.deepEqual(notesOf(recordedSource(r, 'nearMiss.py', [warning], about)), [warning, ...(r.hints ?? []), ...about]);
      // Nothing to say: no empty notes (the panel hides its notes then).
      assert.equal(notesOf(recordedSource({ ...r, hints: [] }, 'nearMiss.py', [])), undefined);
    } finally {
      s.cleanup();
    }
  });
});
