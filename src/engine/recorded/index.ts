// Run mode's records: what the tracer (src/tracer/) writes about the reader's own forward and
// backward calls, checked (schema.ts), its values as wire tensors (values.ts) and the calls as the
// one graph model (toGraph.ts). Import from here.
export * from './schema';
export { isArrayValue, wireOf, valuesById, resolveRefs, withNested } from './values';
export { recordedToGraph } from './toGraph';
export { readStream, endingError, type ProcessEnd, type StreamEnd } from './stream';
