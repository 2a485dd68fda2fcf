// "Copy as numpy code": a self-contained Python script that reproduces the trace with the book's
// own Relu and Sigmoid classes, so the user can check every value in a notebook. No vscode here.
import { pyFloatRepr, type DoutSpec, type RunOptions, type Tensor } from '../engine';

/** Beyond this many elements a literal is no longer code anyone wants to paste. */
export const MAX_CODE_ELEMENTS = 100_000;

const CLASSES = `class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        dx = dout
        return dx


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx
`;

function pyNumber(v: number): string {
  if (v !== v) return 'np.nan';
  if (v === Infinity) return 'np.inf';
  if (v === -Infinity) return '-np.inf';
  return pyFloatRepr(v);
}

/** `np.array([[1.0, -0.5], [2.0, 0.0]])`, nested by the shape. */
export function pyArray(t: Tensor): string {
  const { shape, data } = t;
  let i = 0;
  const nest = (axis: number): string => {
    if (axis === shape.length) return pyNumber(data[i++]);
    const items: string[] = [];
    for (let k = 0; k < shape[axis]; k++) items.push(nest(axis + 1));
    return `[${items.join(', ')}]`;
  };
  return `np.array(${nest(0)}, dtype=np.float64)`;
}

export function numpyCode(x: Tensor, opts: RunOptions): string {
  if (x.data.length > MAX_CODE_ELEMENTS) throw new RangeError(`${x.data.length} elements are too many to copy as code`);
  const dout: DoutSpec = opts.dout ?? 'ones';
  const lines = ['import numpy as np', '', '', CLASSES, '', `x = ${pyArray(x)}`];
  lines.push(dout === 'ones' ? 'dout = np.ones_like(x)' : dout === 'same' ? 'dout = x.copy()  # "same as x", as the notebook passes x' : `dout = ${pyArray(dout)}`);
  lines.push('');
  const names = opts.layers.map((n, i) => `${n}${i + 1}`);
  opts.layers.forEach((n, i) => lines.push(`${names[i]} = ${n === 'relu' ? 'Relu' : 'Sigmoid'}()`));
  lines.push('');
  if (opts.mode === 'chain') {
    lines.push('# forward, left to right', 'h = x');
    names.forEach((n) => lines.push(`h = ${n}.forward(h)`));
    lines.push('y = h', 'print("y =", y)', '', '# backward, right to left', 'd = dout');
    [...names].reverse().forEach((n) => lines.push(`d = ${n}.backward(d)`));
    lines.push('dx = d', 'print("dx =", dx)');
  } else {
    names.forEach((n, i) => {
      lines.push(`y${i + 1} = ${n}.forward(x)`, `dx${i + 1} = ${n}.backward(dout)`);
      lines.push(`print("${opts.layers[i]} forward:", y${i + 1})`, `print("${opts.layers[i]} backward:", dx${i + 1})`);
    });
  }
  return lines.join('\n') + '\n';
}
