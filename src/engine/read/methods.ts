// Methods after an array, as numpy and torch apply them: `.reshape(2, 3)` (one -1 allowed),
// `.T`, `.astype(np.float32)`, torch's `.view(...)`, `.float()`, `.double()`. A closed set too.
import { readArgs } from './callArgs';
import { readShape } from './constructors';
import { castAll, type DType, readDType } from './dtypes';
import { shapeText } from './errors';
import { ScanFailure } from './scan';
import { sizeOf, type Tensor } from '../tensor';
import { readName, skipBlank } from './tokens';

/** Reverses the axes (numpy's `.T`): element [i, j, k] moves to [k, j, i]. */
export function transpose(t: Tensor): Tensor {
  const shape = [...t.shape].reverse();
  const n = t.shape.length;
  if (n < 2) return { shape, data: t.data.slice() };
  const strides = new Array<number>(n);
  for (let d = n - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= t.shape[d];
  }
  const data = new Float64Array(t.data.length);
  const index = new Array<number>(n).fill(0); // over the result's axes, last fastest
  for (let k = 0; k < data.length; k++) {
    let from = 0;
    for (let d = 0; d < n; d++) from += index[d] * strides[n - 1 - d];
    data[k] = t.data[from];
    for (let d = n - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return { shape, data };
}

function reshape(call: string, t: Tensor, dims: number[], at: number): Tensor {
  const free = dims.indexOf(-1);
  if (dims.some((d, k) => d < -1 || (d === -1 && k !== free))) throw new ScanFailure('only_one_dimension_may', [call], at);
  const known = sizeOf(dims.filter((d) => d !== -1));
  const n = t.data.length;
  const shape = [...dims];
  if (free >= 0) {
    if (known === 0 || n % known !== 0) throw new ScanFailure('cannot_reshape', [n, shapeText(dims)], at);
    shape[free] = n / known;
  }
  if (sizeOf(shape) !== n) throw new ScanFailure('cannot_reshape', [n, shapeText(dims)], at);
  return { shape, data: t.data };
}

export interface Applied {
  tensor: Tensor;
  dtype?: string;
  end: number;
}

const IDENTITY = new Set(['copy', 'numpy', 'detach', 'cpu', 'clone', 'contiguous']);

/**
 * Applies the methods chained at text[i] (`.reshape(2, 3).T`), text[0] being at absolute `base`.
 * Stops at the first thing that is not one of them and returns where.
 */
export function applyMethods(text: string, i: number, base: number, tensor: Tensor, dtype: string | undefined): Applied {
  for (;;) {
    const dot = skipBlank(text, i);
    if (text[dot] !== '.') return { tensor, dtype, end: i };
    const nameAt = skipBlank(text, dot + 1);
    const nameEnd = readName(text, nameAt);
    const name = text.slice(nameAt, nameEnd);
    const at = base + nameAt;
    if (name === 'T') {
      tensor = transpose(tensor);
      i = nameEnd;
      continue;
    }
    const paren = skipBlank(text, nameEnd);
    if (text[paren] !== '(') throw new ScanFailure('unknown_property', [name], at);
    const { args, end } = readArgs(text, paren, base, `.${name}`);
    if (name === 'reshape' || name === 'view') {
      const positional = args.filter((a) => a.key === undefined || a.key === 'shape' || a.key === 'newshape');
      if (args.some((a) => a.key === 'order' && !(typeof a.value === 'object' && a.value !== null && 'str' in a.value && a.value.str === 'C'))) {
        throw new ScanFailure('order_other_than_c', [name], at);
      }
      if (positional.length === 0) throw new ScanFailure('needs_shape', [name], at);
      const value = positional.length === 1 ? positional[0].value : positional.map((a) => a.value);
      const dims = (Array.isArray(value) ? value : [value]).map((d) => {
        if (typeof d !== 'number' || !Number.isInteger(d)) throw new ScanFailure('reshape_whole_numbers', [name], positional[0].at);
        return d;
      });
      readShape(`.${name}`, dims.map((d) => Math.max(d, 0)), positional[0].at); // rank limit
      tensor = reshape(`.${name}`, tensor, dims, positional[0].at);
    } else if (name === 'astype' || name === 'float' || name === 'double' || name === 'type' || name === 'to') {
      let to: DType;
      if (name === 'float' || name === 'double') {
        if (args.length > 0) throw new ScanFailure('takes_no_arguments', [name], args[0].at);
        to = name === 'float' ? 'float32' : 'float64';
      } else {
        const a = args.find((x) => x.key === undefined || x.key === 'dtype');
        if (!a) throw new ScanFailure('needs_dtype_such_as', [name], at);
        to = readDType(a.value, a.at);
      }
      const data = tensor.data.slice();
      castAll(to, data, at);
      tensor = { shape: tensor.shape, data };
      dtype = to;
    } else if (name === 'transpose' && args.length === 0) {
      tensor = transpose(tensor);
    } else if ((name === 'flatten' || name === 'ravel') && args.length === 0) {
      tensor = { shape: [tensor.data.length], data: tensor.data };
    } else if (IDENTITY.has(name) && args.length === 0) {
      // the same values
    } else {
      throw new ScanFailure('unknown_method', [name], at);
    }
    i = end;
  }
}
