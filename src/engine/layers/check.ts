import { DoutError, shapeText } from '../read/errors';
import { sameShape, type Tensor } from '../tensor';

/** A dout must have the shape of the layer's output: say which layer and both shapes when not. */
export function checkDout(dout: Tensor, shape: readonly number[], layer: string): void {
  if (!sameShape(dout.shape, shape)) {
    throw new DoutError(`dout has shape ${shapeText(dout.shape)} but ${layer}'s output has shape ${shapeText(shape)}`, shape, dout.shape);
  }
}

/** Two inputs of an element-wise layer (MulLayer, AddLayer) must have one shape. */
export function checkSameShape(a: Tensor, b: Tensor, layer: string): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new DoutError(`${layer}'s inputs x ${shapeText(a.shape)} and y ${shapeText(b.shape)} must have the same shape`, a.shape, b.shape);
  }
}
