// The five tries the layout used to have (stacked, compact, tight, narrow and its variants) as the
// presentation levels they became (src/scene/layout/levels.ts), so the tests written for a try
// keep checking the same drawing.
import { level, type LevelOptions } from '../../../src/scene/layout/levels';
import type { Orientation } from '../../../src/scene/layout';

export interface Try {
  stacked?: boolean;
  compact?: boolean;
  tight?: boolean;
  room?: number;
  narrow?: { above?: boolean; wide?: boolean };
}

export function lv(o: Orientation, t: Try = {}): LevelOptions {
  const short = t.compact || t.tight;
  const p = level({ flow: o, pair: t.stacked && o === 'TB' ? 'stacked' : 'side', words: short ? 'short' : 'book', spacing: short ? 'close' : 'usual' });
  if (t.tight) Object.assign(p, { params: 'beside', wrap: 'narrow' });
  if (t.tight && t.narrow) Object.assign(p, { words: 'fewest', spacing: 'closest', params: t.narrow.above ? 'above' : 'beside', wrap: t.narrow.wide ? 'usual' : 'narrow' });
  return t.room === undefined ? p : { ...p, room: t.room };
}
