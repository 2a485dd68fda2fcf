// The layer registry: one file per layer, listed once here. Names, labels, the settings' and quick
// pick's choices, the numpy export and the CLI's --layers help all come from this list.
import { add } from './add';
import { affine } from './affine';
import { mul } from './mul';
import { Relu, relu } from './relu';
import { Sigmoid, sigmoid } from './sigmoid';
import { softmaxWithLoss } from './softmaxWithLoss';
import type { LayerSpec } from './types';

export const LAYERS = [relu, sigmoid, mul, add, affine, softmaxWithLoss] as const satisfies readonly LayerSpec[];

export type AnyLayerName = (typeof LAYERS)[number]['name'];
/** Layers that act element by element on one array: the ones a literal trace can run on any x. */
export type LayerName = Extract<(typeof LAYERS)[number], { elementwise: true }>['name'];

const BY_NAME = new Map<string, LayerSpec>(LAYERS.map((l) => [l.name, l]));
export const LAYER_NAMES = LAYERS.filter((l) => l.elementwise).map((l) => l.name) as readonly LayerName[];

export function layerSpec(name: string): LayerSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`Unknown layer '${name}'`);
  return spec;
}

/** A literal's trace when no layers are set (settings, CLI, hover): ReLU and Sigmoid side by side, the book's notebook. */
export const DEFAULT_LAYERS: { readonly layers: readonly LayerName[]; readonly mode: 'parallel' } = { layers: [relu.name, sigmoid.name], mode: 'parallel' };

/** The layer drawn expanded into primitive nodes (figs 5-19..5-21): its primitives stand for it. */
export const PRIMITIVES_LAYER: LayerSpec = (LAYERS as readonly LayerSpec[]).find((l) => l.expand === 'primitives') as LayerSpec;

export function isLayerName(s: string): s is LayerName {
  return (LAYER_NAMES as readonly string[]).includes(s);
}

/** The fast element-wise classes (with `into` buffers) for callers that stream blocks. */
export function createLayer(name: LayerName): Relu | Sigmoid {
  return name === 'relu' ? new Relu() : new Sigmoid();
}

export { Relu, Sigmoid };
export { softmax } from './softmaxWithLoss';
export type { Layer, LayerSpec } from './types';

/**
 * The one grammar for layer lists, in the CLI, the settings and the quick pick: `a,b` side by
 * side on the same x, `a>b` a chain. A wrong spelling gets a sentence listing what is accepted.
 */
export function parseLayerList(text: string): { layers: LayerName[]; mode: 'chain' | 'parallel' } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t.includes(',') && t.includes('>')) return { error: `'${text}' mixes ',' (side by side) and '>' (a chain): use one of them` };
  const chain = t.includes('>');
  const names = t.split(chain ? '>' : ',').map((n) => n.trim());
  const bad = names.find((n) => !isLayerName(n));
  if (bad !== undefined) {
    return { error: `unknown layer '${bad}' in '${text}': use ${LAYER_NAMES.join(', ')}, joined by ',' (side by side on the same x) or '>' (a chain), e.g. relu,sigmoid or relu>sigmoid` };
  }
  return { layers: names as LayerName[], mode: chain ? 'chain' : 'parallel' };
}

/** The setting's and the quick pick's choices: pairs side by side, pairs chained, then each layer alone. */
export const LAYER_CHOICES: readonly string[] = [
  ...LAYER_NAMES.flatMap((a, i) => LAYER_NAMES.slice(i + 1).map((b) => `${a},${b}`)),
  ...LAYER_NAMES.flatMap((a) => LAYER_NAMES.filter((b) => b !== a).map((b) => `${a}>${b}`)),
  ...LAYER_NAMES,
];
