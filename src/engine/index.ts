// The pure engine: no `vscode`, no DOM, no Node APIs, so the extension host, the webview, a web
// worker and the CLI all share it.
export * from './tensor';
export { ParseError, DoutError, LayerError, locate, shapeText } from './read/errors';
export { PARSE_MESSAGES, parseMessage, type ParseErrorCode, type ParseArgs } from './read/messages';
export { SAYINGS, phrasebook, say, sayProbe, sayReason, setPhrasebook, type Phrasebook, type SayingCode } from './graph/sayings';
export { END_OF_INPUT } from './read/tokens';
export { parseArray, ArrayParser, tracedX, type ParsedArray, type ParserOptions } from './read/parse';
export { findArrayLiteral, refusalAround, FIND_WINDOW } from './read/find';
export { Relu, Sigmoid, createLayer, DEFAULT_LAYERS, isLayerName, layerSpec, LAYERS, LAYER_CHOICES, LAYER_NAMES, parseLayerList, PRIMITIVES_LAYER, softmax, type AnyLayerName, type Layer, type LayerName, type LayerSpec } from './layers';
export { runDag, type DagCall, type DagInput, type DagOutput, type DagRun, type DagSpec } from './graph/dag';
export { buildGraph } from './graph/build';
export { checkCall, GRADCHECK_MAX } from './graph/gradcheck';
export type * from './graph/graph';
export { elementOf, formatArray, scalarText, shortNumber, type FormatOptions } from './print/format';
export { elementAt, endOf } from './print/exact';
export { pyFloatRepr } from './print/digits';
export { numericalGradient, gradcheck, type GradCheck } from './graph/gradcheck';
export { literalSpec, refusedLayers, resolveDout, runLiteral, type DoutSpec, type RunOptions } from './graph/literal';
export { BLOCK_ELEMENTS, literalBlocks, runToEnd } from './graph/blocks';
export { buildTrace, traceSteps, type TraceView } from './graph/trace';
export { sigmoidPrimitives, PRIMITIVE_LABEL, PRIMITIVE_OPS, type PrimitiveEdge, type PrimitiveOp } from './layers/primitives';
export { summarizeLayers, type Stats, type RunSummary, type LayerSummary } from './graph/summary';
export { writeJson, writeNested, type Writer } from './print/json';
export { BOOK_EXAMPLES, bookExample, buildExample, type BookExample } from './graph/examples';
export { nameAt, resolveName, NAME_WINDOW, type ResolvedName } from './read/names';
