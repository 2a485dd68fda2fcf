// A level in columns (levels.ts `columns` > 1) is for a stack that can be cut where one arrow
// crosses (fold.ts). For a graph with no such cut it laid the one column out in a part of the room
// and drew that: the paused `ids` trace (x fanning out to ReLU and Sigmoid, x's int64 digits over
// three lines) in a panel made short by the Debug Console had its arrow to ReLU run right, then
// back left across the other edge's labels. Such a level is now not one for that graph: a level
// of one column is drawn. Fails on the old policy ("layer stack, tiny, two columns").
import * as assert from 'assert';
import { monoMeasure } from '../../../src/scene/firstFrame';
import { clearPlanCache, planFit } from '../../../src/scene/layout/policy';
import { idsGraph } from '../../fixtures/graphs';

describe('a level in columns is drawn only when it folds', () => {
  for (const [w, h] of [[526, 310], [526, 370], [500, 330]]) {
    it(`the paused ids trace in ${w}×${h} is drawn in one column`, () => {
      clearPlanCache();
      const sc = planFit(idsGraph(), w, h, monoMeasure(0.6), 'mono 0.6');
      assert.equal(sc.presentation.columns, 1, `${sc.level}`);
    });
  }
});
