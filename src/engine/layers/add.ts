import type { Tensor } from '../tensor';
import { checkDout, checkSameShape } from './check';
import { map2 } from './mul';
import type { Layer, LayerSpec } from './types';

/** The book's AddLayer (5.4.2): out = x + y; backward passes dout on to both, dx = dy = dout * 1. */
export const add = {
  name: 'add',
  label: '+',
  className: 'AddLayer',
  section: '5.4.2',
  inputs: ['x', 'y'],
  params: [],
  elementwise: false,
  caches: [],
  numpy: `class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy
`,
  create(): Layer {
    let shape: readonly number[] | undefined;
    return {
      forward([a, b]) {
        checkSameShape(a, b, 'AddLayer');
        shape = a.shape;
        return map2(a, b, (p, q) => p + q);
      },
      backward(dout) {
        if (!shape) throw new Error('AddLayer.backward called before forward');
        checkDout(dout, shape, 'AddLayer');
        const pass = (): Tensor => ({ shape: [...dout.shape], data: dout.data.map((d) => d * 1), dtype: dout.dtype });
        return { dinputs: [pass(), pass()], dparams: [] };
      },
      cache: () => ({}),
    };
  },
} as const satisfies LayerSpec;
