// A gradient corrupted between two layers, which no single layer's check can see: the book's
// AddLayer returns `(dout, dout)`, one array for both branches, and a Relu whose backward writes
// into its dout (`dout[self.mask] = 0`) zeroes the other branch's gradient too. Each layer is right
// given what it received (every verdict ok) while the whole gradient is wrong (backprop [0,2,0,2],
// numerical [1,2,1,2]). Said on the layer that received the written array: its backward's dout is
// an array another layer's backward wrote into (the tracer gives a written array a new value id,
// inPlaceIds), and that layer is not the one its output flowed into (a Relu after it, returning the
// dout it wrote into as its dx, is the ordinary chain: nothing said).
import type { Calls } from './calls';
import type { RecordedCall } from './schema';
import { isBackward } from './calls';
import { say } from '../graph/sayings';

/** The sentence for forward call i's layer when its backward b received an array another layer's backward wrote into, else undefined. */
export function writtenDout(k: Calls, i: number, b: RecordedCall | undefined): string | undefined {
  const dout = b?.argIds[0];
  if (b === undefined || dout === null || dout === undefined) return undefined;
  const at = k.calls.indexOf(b);
  for (let w = at - 1; w >= 0; w--) {
    const c = k.calls[w];
    if (!isBackward(c) || !c.inPlaceIds?.includes(dout)) continue;
    const forward = c.pairs === null || c.pairs === undefined ? undefined : k.calls[c.pairs];
    // the layer this one's output flowed into: its dx is this layer's dout (the ordinary chain)
    if (!forward || forward.argIds.some((id) => id !== null && k.producer.get(id) === i)) return undefined;
    const param = c.params[c.inPlace[c.inPlaceIds.indexOf(dout)]] ?? 'dout';
    const name = forward.names?.short ?? forward.class;
    return say('dout_written_by', name, c.line ?? '?', param);
  }
  return undefined;
}
