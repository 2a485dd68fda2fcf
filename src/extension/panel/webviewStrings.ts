// Every user-visible string of the trace webview, localised here on the host (vscode.l10n) and
// sent to the webview in its `init` message: the webview itself has no l10n API.
import * as vscode from 'vscode';
import type { InitMessage } from '../../pageData';
import { sayingStrings } from '../sayings';
import { readSettings } from './settings';

/** The toolbar, its menus and legend, and the flow's phase line. */
function toolbarStrings() {
  return {
    title: vscode.l10n.t('Backprop Trace'),
    empty: vscode.l10n.t('Select an array in a Python file and run "Backprop: Trace backprop" (Ctrl+K B).'),
    play: vscode.l10n.t('Play'),
    cancelRun: vscode.l10n.t('Cancel'),
    pause: vscode.l10n.t('Pause'),
    step: vscode.l10n.t('Step forward'),
    stepBack: vscode.l10n.t('Step back'),
    reset: vscode.l10n.t('Reset'),
    speed: vscode.l10n.t('Speed'),
    zoomIn: vscode.l10n.t('Zoom in'),
    zoomOut: vscode.l10n.t('Zoom out'),
    fit: vscode.l10n.t('Fit to panel'),
    layers: vscode.l10n.t('Layers…'),
    dout: vscode.l10n.t('dout…'),
    follow: vscode.l10n.t('Follow selection'),
    exportLabel: vscode.l10n.t('Export'),
    exportPng: vscode.l10n.t('Export as PNG'),
    exportSvg: vscode.l10n.t('Export as SVG'),
    exportJson: vscode.l10n.t('Export trace as JSON'),
    exportNumpy: vscode.l10n.t('Copy as numpy code'),
    // The narrow panel's overflow menu (⋯) and its legend's short words beside the swatches.
    more: vscode.l10n.t('More actions'),
    legendForward: vscode.l10n.t('forward value'),
    legendBackward: vscode.l10n.t('backward gradient'),
    legendForwardShort: vscode.l10n.t('value'),
    legendBackwardShort: vscode.l10n.t('gradient'),
    phaseIdle: vscode.l10n.t('Ready: press Play (Space) or Step (→)'),
    phaseForward: vscode.l10n.t('Forward pass: step {0} of {1}'),
    phaseBackward: vscode.l10n.t('Backward pass: step {0} of {1}'),
    phaseDone: vscode.l10n.t('Forward and backward pass complete'),
    phaseForwardOnly: vscode.l10n.t('Forward pass recorded; no backward call was recorded'),
    doutOnes: vscode.l10n.t('dout = ones'),
    doutSame: vscode.l10n.t('dout = x'),
    doutSelection: vscode.l10n.t('dout = second selection'),
  };
}

/** Words on the graph and for screen readers: expand and collapse, node kinds, keys. */
function graphStrings() {
  return {
    expand: vscode.l10n.t('Expand'),
    collapse: vscode.l10n.t('Collapse'),
    expandSigmoid: vscode.l10n.t('Expand into ×(−1) → exp → +1 → /'),
    expandRelu: vscode.l10n.t('Show the mask view'),
    keyboardHelp: vscode.l10n.t('Keys: Space play/pause, → / ← step, Home reset, End show all, + / − zoom, 0 fit, Tab through nodes, Enter details, E expand/collapse'),
    nodeText: vscode.l10n.t('Node {0}'),
    edgeText: vscode.l10n.t('Edge {0} to {1}'),
    forwardText: vscode.l10n.t('forward {0}'),
    backwardText: vscode.l10n.t('backward {0}'),
    graphLabel: vscode.l10n.t('Computational graph of the trace'),
  };
}

/** The details drawer: arrays, tables, the cached values, the gradient check, curves, run mode's passes. */
function detailsStrings() {
  return {
    close: vscode.l10n.t('Close'),
    details: vscode.l10n.t('Details'),
    detailsHint: vscode.l10n.t('Click a node or an edge (or focus it and press Enter) to see its full arrays.'),
    shape: vscode.l10n.t('shape'),
    titleShape: vscode.l10n.t('{0} — shape {1}'),
    kind_input: vscode.l10n.t('input'),
    kind_param: vscode.l10n.t('parameter'),
    kind_layer: vscode.l10n.t('layer'),
    kind_primitive: vscode.l10n.t('primitive'),
    kind_output: vscode.l10n.t('output'),
    kind_loss: vscode.l10n.t('loss'),
    min: vscode.l10n.t('min'),
    max: vscode.l10n.t('max'),
    mean: vscode.l10n.t('mean'),
    type: vscode.l10n.t('Type'),
    forwardValue: vscode.l10n.t('Forward value'),
    backwardValue: vscode.l10n.t('Backward gradient'),
    maskZeroed: vscode.l10n.t('The mask blocks {0} of {1} entries (x <= 0): their forward value and gradient are 0.'),
    maskLegend: vscode.l10n.t('■ blocks dout (x <= 0)   ▶ passes it'),
    cachedOut: vscode.l10n.t('Cached out'),
    cachedMask: vscode.l10n.t('Cached mask'),
    gradcheck: vscode.l10n.t('Gradient check'),
    gradcheckOk: vscode.l10n.t('backward matches central differences: max |analytic − numerical| = {0}'),
    gradcheckBad: vscode.l10n.t('max |analytic − numerical| = {0} at index {1}'),
    gradcheckKink: vscode.l10n.t('ReLU has a kink at x = 0, where central differences give 0.5 and the book\'s mask gives 0.'),
    tableTruncated: vscode.l10n.t('Showing the first {0} of {1} rows and {2} of {3} columns.'),
    sampled: vscode.l10n.t('A big array: one element in every {0} is shown (statistics use all values).'),
    heatmap: vscode.l10n.t('Heatmap (dark violet = min, yellow = max)'),
    // Details drawer (curve, gradient check per port, sampled tables) and run mode's passes.
    passOf: vscode.l10n.t("Pass {0} of {1}"),
    passCapped: vscode.l10n.t("(recording stopped at the cap; the program went on)"),
    passPrev: vscode.l10n.t("Previous pass"),
    passNext: vscode.l10n.t("Next pass"),
    // The run's notes above the graph: the first in full, the rest behind this toggle (webview/notes.ts).
    notesMore: vscode.l10n.t("{0} more notes"),
    notesMoreOne: vscode.l10n.t("1 more note"),
    notesLess: vscode.l10n.t("Hide {0} notes"),
    notesLessOne: vscode.l10n.t("Hide 1 note"),
    notesLabel: vscode.l10n.t("Notes on this graph"),
    port: vscode.l10n.t("Port"),
    gradcheckPass: vscode.l10n.t("backward matches central differences"),
    gradcheckFail: vscode.l10n.t("backward differs from central differences"),
    gradcheckDiff: vscode.l10n.t("max |analytic − numerical|"),
    gradcheckIndex: vscode.l10n.t("at index"),
    gradcheckChecked: vscode.l10n.t("elements checked"),
    gradcheckKinks: vscode.l10n.t("kinks (accepted apart)"),
    gradcheckTol: vscode.l10n.t("tolerance"),
    gradcheckSide: vscode.l10n.t("backprop against numerical, worst elements first"),
    gradcheckBackprop: vscode.l10n.t("backprop"),
    gradcheckNumerical: vscode.l10n.t("numerical"),
    verdictOk: vscode.l10n.t("✓ ok"),
    verdictFailed: vscode.l10n.t("✗ FAILED"),
    verdictUnchecked: vscode.l10n.t("? not checked"),
    verdictChecking: vscode.l10n.t("… checking"),
    whyZero: vscode.l10n.t("Why some gradient entries are 0"),
    cached: vscode.l10n.t("Cached"),
    cacheIsEdge: vscode.l10n.t("The same array as the forward value on {0}."),
    curveRelu: vscode.l10n.t("ReLU: y = max(0, x)"),
    curveSigmoid: vscode.l10n.t("Sigmoid: y = 1 / (1 + exp(−x))"),
    curveHelp: vscode.l10n.t("{0} points: your x values on the curve, each with its tangent (slope = local gradient)."),
    curveSlopeRelu: vscode.l10n.t("Red: the tangent at each x. Its slope is 1 where the mask passes (x > 0) and 0 where it blocks, so dx = dout × slope."),
    curveSlopeSigmoid: vscode.l10n.t("Red: the tangent at each x. Its slope is out·(1 − out) from the cached out, so dx = dout × slope."),
    curveSampled: vscode.l10n.t("A big input: {0} of its {1} values are drawn, evenly spaced."),
    curveRows: vscode.l10n.t("The first {0} of {1} points."),
    slope: vscode.l10n.t("slope"),
    line: vscode.l10n.t("line {0}"),
    value: vscode.l10n.t("Value"),
    gradient: vscode.l10n.t("Gradient"),
    noGradient: vscode.l10n.t("No gradient flows back along this edge."),
    tableSampled: vscode.l10n.t("Rows 0 to {0}, every {1}th, of {2}; columns 0 to {3}, every {4}th, of {5}. Statistics use all values."),
  };
}

export function webviewStrings() {
  return { ...toolbarStrings(), ...graphStrings(), ...detailsStrings(), ...sayingStrings() };
}

export type WebviewStrings = ReturnType<typeof webviewStrings>;

/** The webview's words and settings, as the panel sends them first (and puts in a new page). */
export const initMessage = (): InitMessage => ({ type: 'init', strings: webviewStrings(), settings: readSettings() });
