// The checks layers share, each with its one sentence: a dout that does not fit an output (used
// by the layers, the forward-then-backward loop and the literal trace alike), and two inputs of
// an element-wise layer that differ in shape.
import { DoutError, shapeText } from '../read/errors';
import { full, sameShape, type Tensor } from '../tensor';

/** The one sentence for a dout whose shape does not fit: `whose` is "ReLU's output", "y", "the output". */
export function doutMismatch(actual: readonly number[], expected: readonly number[], whose: string, oneNumberFits = false): DoutError {
  const hint = oneNumberFits ? ' (give an array of that shape, or one number)' : '';
  return new DoutError(`dout has shape ${shapeText(actual)} but ${whose} has shape ${shapeText(expected)}${hint}`, expected, actual);
}

/** A dout must have the shape of the layer's output: say which layer and both shapes when not. */
export function checkDout(dout: Tensor, shape: readonly number[], layer: string): void {
  if (!sameShape(dout.shape, shape)) throw doutMismatch(dout.shape, shape, `${layer}'s output`);
}

/** A dout given for an output of `shape`: as it is when the shapes agree, one number broadcast to every element (as numpy would). */
export function fitDout(dout: Tensor, shape: readonly number[], whose = 'the output'): Tensor {
  if (sameShape(dout.shape, shape)) return dout;
  if (dout.data.length === 1) return full(shape, dout.data[0]);
  throw doutMismatch(dout.shape, shape, whose, true);
}

/** Two inputs of an element-wise layer (MulLayer, AddLayer) must have one shape. */
export function checkSameShape(a: Tensor, b: Tensor, layer: string): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new DoutError(`${layer}'s inputs x ${shapeText(a.shape)} and y ${shapeText(b.shape)} must have the same shape`, a.shape, b.shape);
  }
}
