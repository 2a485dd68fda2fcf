// The pure engine: no `vscode`, no DOM, no Node APIs, so the extension host, the webview, a web
// worker and the CLI all share it.
export * from './tensor';
export { ParseError, DoutError, locate, shapeText } from './errors';
export { parseArray, ArrayParser, type ParsedArray, type ParserOptions } from './parse';
export { findArrayLiteral, FIND_WINDOW } from './find';
export { Relu, Sigmoid, createLayer, isLayerName, layerSpec, LAYERS, LAYER_CHOICES, LAYER_NAMES, parseLayerList, softmax, type AnyLayerName, type Layer, type LayerName, type LayerSpec } from './layers';
export { runDag, type DagCall, type DagInput, type DagOutput, type DagRun, type DagSpec } from './dag';
export { buildGraph } from './build';
export { checkCall, GRADCHECK_MAX } from './gradcheck';
export { MAX_DIMS } from './limits';
export type * from './graph';
export { formatArray, shortNumber, type FormatOptions } from './format';
export { pyFloatRepr } from './digits';
export { numericalGradient, gradcheck, type GradCheck } from './gradcheck';
export { runLayers, resolveDout, type DoutSpec, type RunOptions, type RunResult, type RunStep } from './run';
export { buildTrace } from './trace';
export { sigmoidPrimitives, PRIMITIVE_LABEL, PRIMITIVE_OPS, type PrimitiveEdge, type PrimitiveOp } from './primitives';
export { summarizeLayers, type Stats, type RunSummary, type LayerSummary } from './summary';
export { writeJson, writeNested, type Writer } from './json';
export { BOOK_EXAMPLES, bookExample, buildExample, type BookExample } from './examples';
