// What one layer of the registry declares. A layer is the book's class: forward, backward and a
// few cached fields. Everything about a layer lives in its own file under layers/: the registry
// (layers/index.ts) derives names, labels, settings choices, the quick pick, the numpy export and
// the CLI's help from these declarations.
import type { Tensor } from '../tensor';

export interface LayerSpec {
  /** Registry name used in settings and the CLI: `relu`, `sigmoid`, `mul`, `add`, `affine`, `softmaxWithLoss`. */
  name: string;
  /** Drawn in the node: `ReLU`, `×`, `Affine`. */
  label: string;
  /** The book's class name, as in "Copy as numpy code": `Relu`, `MulLayer`. */
  className: string;
  /** The book's section: `5.5.1`. */
  section: string;
  /** Input ports in order. */
  inputs: readonly string[];
  /** Inputs that get no gradient (SoftmaxWithLoss's labels `t`). */
  noGrad?: readonly string[];
  /** Parameters in order (`W`, `b`), each with its gradient `d<name>`. */
  params: readonly string[];
  /** Acts element by element on a single input (the literal trace can run it on any array). */
  elementwise: boolean;
  /** The fields backward reads, as the book names them (`mask`, `out`, `x`, `y`). */
  caches: readonly string[];
  /** How its node can be drawn expanded: ReLU as its mask, Sigmoid as its primitive nodes (figs 5-19..5-21). */
  expand?: 'mask' | 'primitives';
  /** Where the derivative is not defined (ReLU's 0): the gradient check skips inputs within its step of it. */
  kink?: number;
  /** Output is a scalar loss. */
  loss?: boolean;
  /** The book's numpy class, verbatim in spirit (for "Copy as numpy code"). */
  numpy: string;
  /** Module-level functions the class calls (the book's common/functions.py: softmax, cross_entropy_error). */
  functions?: string;
  create(): Layer;
}

/** One instance, as the book's `Relu()`: forward caches, backward reads the cache. */
export interface Layer {
  /** `inputs` in the spec's port order; `params` likewise. */
  forward(inputs: readonly Tensor[], params: readonly Tensor[]): Tensor;
  /** Gradients for every input port (null for a `noGrad` port) and every parameter. */
  backward(dout: Tensor): { dinputs: (Tensor | null)[]; dparams: Tensor[] };
  /** The cached fields after forward: a mask as 0/1 bytes, anything else as a tensor. */
  cache(): Record<string, Tensor | { shape: readonly number[]; mask: Uint8Array }>;
}
