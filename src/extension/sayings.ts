// The engine's own sentences (verdicts, notes, why a gradient is zero) worded in the reader's
// language: one entry per code of SAYINGS (engine/graph/sayings.ts), whose English text is the l10n
// key, each given its placeholders back ('{0}' for {0}) so the engine fills them in. Handed to the
// engine once at activation, and to the trace worker with each request. The CLI stays English.
// test/unit/sayings.test.ts checks the keys and the Korean bundle.
import * as vscode from 'vscode';
import { phrasebook, setPhrasebook, type SayingCode } from '../engine';

/** Every code in the reader's language, placeholders kept. */
export function wording(): Record<SayingCode, string> {
  return {
    ...probeWording(),
    check_none: vscode.l10n.t('not checked: backward gave no gradient to compare'),
    check_ok_one: vscode.l10n.t('ok: {0} match central differences (1 element checked)', '{0}'),
    check_ok: vscode.l10n.t('ok: {0} match central differences ({1} elements checked)', '{0}', '{1}'),
    check_failed: vscode.l10n.t('FAILED: {0}', '{0}'),
    check_failed_at: vscode.l10n.t('{0} at {1}: backprop {2}, numerical {3}', '{0}', '{1}', '{2}', '{3}'),
    check_unchecked: vscode.l10n.t('not checked: {0}', '{0}'),
    check_but: vscode.l10n.t('But {0}.', '{0}'),
    check_no_backward: vscode.l10n.t('not checked: no backward call was recorded for it'),
    check_no_backward_cap: vscode.l10n.t('not checked: no backward call for it was recorded before the recording\'s cap, and none after the cap was paired with it'),
    refused_bool_negative: vscode.l10n.t('{0} is left out: numpy refuses -x on a bool array (TypeError: The numpy boolean negative, the `-` operator, is not supported). Write the values as numbers, e.g. [1, 0], or add .astype(int)', '{0}'),
    check_no_reason: vscode.l10n.t('no reason given'),
    check_running: vscode.l10n.t('checking… (the gradient check runs now that your code has ended)'),
    check_labels_one: vscode.l10n.t('{0}: labels (backward returned no gradient for it), not checked.', '{0}'),
    check_labels_many: vscode.l10n.t('{0}: labels (backward returned no gradient for them), not checked.', '{0}'),
    check_numbers_one: vscode.l10n.t('{0}: a number (backward returned no gradient for it), not checked.', '{0}'),
    check_numbers_many: vscode.l10n.t('{0}: numbers (backward returned no gradient for them), not checked.', '{0}'),
    check_states_one: vscode.l10n.t("{0}: forward sets that attribute itself before using it (a state, as an RNN's h), so it is not a parameter and its gradient is not checked.", '{0}'),
    check_states_many: vscode.l10n.t("{0}: forward sets those attributes itself before using them (states, as an RNN's h), so they are not parameters and their gradients are not checked.", '{0}'),
    check_int_params_one: vscode.l10n.t("{0}.value holds integers, so d{0} is not checked: a parameter moves by fractional steps (its update {0}.value -= lr * {0}.grad, the check's h), which an integer array cannot hold; give it floats, e.g. np.array(…, dtype=float).", '{0}'),
    check_int_params_many: vscode.l10n.t("{0}: their values hold integers, so they are not checked: a parameter moves by fractional steps (its update value -= lr * grad, the check's h), which an integer array cannot hold; give them floats, e.g. np.array(…, dtype=float).", '{0}'),
    check_on_pass: vscode.l10n.t('(checked on this layer\'s forward of pass {0})', '{0}'),
    check_later: vscode.l10n.t('(checked on a later forward/backward pair, after recording stopped)'),
    backward_first: vscode.l10n.t('its first backward'),
    backward_first_named: vscode.l10n.t('its first backward {0}', '{0}'),
    backward_second: vscode.l10n.t('its second backward'),
    backward_second_named: vscode.l10n.t('its second backward {0}', '{0}'),
    backward_nth: vscode.l10n.t('its backward number {0}', '{0}'),
    backward_nth_named: vscode.l10n.t('its backward number {0}, {1}', '{0}', '{1}'),
    check_failed_on: vscode.l10n.t('gradient check failed on {0}', '{0}'),
    check_failed_on_diff: vscode.l10n.t('gradient check failed on {0} (max |diff| {1})', '{0}', '{1}'),
    ran_on_thread: vscode.l10n.t('ran on thread {0}', '{0}'),
    rounds_backward: vscode.l10n.t('This pass ran the same layers forward {0} times, {1} of them with no backward after (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the ones a backward followed.', '{0}', '{1}'),
    rounds_last: vscode.l10n.t('This pass ran the same layers forward {0} times and no backward was recorded (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the last whole one.', '{0}'),
    forward_generator: vscode.l10n.t('forward is a generator: recorded once, at its first yield, and not gradient-checked (the check needs forward to return its output)'),
    forward_raised: vscode.l10n.t('forward raised an exception'),
    forward_wrote_arg: vscode.l10n.t('forward wrote into its argument {0}', '{0}'),
    outputs_not_drawn: vscode.l10n.t('forward returned {0} values ({1}): the graph draws one array out of a layer, so none of them is drawn after it', '{0}', '{1}'),
    forward_wrote_why: vscode.l10n.t('Why it matters: numpy passes arrays by reference, so the caller\'s array changed too and any later use of it (a dout, the next layer) sees the new values. The book\'s Relu.forward copies (out = x.copy()); a forward that writes into its input is usually a bug.'),
    backward_wrote_arg: vscode.l10n.t('backward wrote into its argument {0}', '{0}'),
    backward_wrote_why: vscode.l10n.t('The book\'s Relu.backward writes into dout on purpose (dout[self.mask] = 0): it is cheaper, and harmless unless the caller uses that dout again (a branch\'s other gradient, AddLayer\'s (dout, dout)).'),
    mark_wrote: vscode.l10n.t('forward wrote into {0}:', '{0}'),
    mark_caller_changed: vscode.l10n.t('the caller\'s {0} changed', '{0}'),
    changed_by: vscode.l10n.t('{0} (changed by {1})', '{0}', '{1}'),
    changed_from: vscode.l10n.t('{0} = {1} (changed by {2})', '{0}', '{1}', '{2}'),
    changed_note: vscode.l10n.t('This is {0} after {1} wrote into it (line {2}): the caller\'s array, not the value {0} had when it went in.', '{0}', '{1}', '{2}'),
    zeros_mask: vscode.l10n.t('{0} of {1} zeros of {2}: the mask blocked them (forward\'s input was <= 0 there, so ReLU passes no gradient).', '{0}', '{1}', '{2}'),
    zeros_upstream: vscode.l10n.t('{0} of {1} zeros of {2}: the dout that came in was already 0 there.', '{0}', '{1}', '{2}'),
    zeros_written: vscode.l10n.t('{0} An in-place write put those zeros there.', '{0}'),
    zeros_backward_wrote: vscode.l10n.t('backward wrote these zeros into its dout in place: the caller\'s dout holds them too.'),
    zeros_integer: vscode.l10n.t('{0} is an integer array ({1}): fractions were cut to whole numbers, small gradients to 0 (start from a float array, e.g. np.zeros_like(x, dtype=float)).', '{0}', '{1}'),
    calls_not_drawn: vscode.l10n.t("The first {0} of this pass's {1} layer calls are drawn: a graph holds at most {2} nodes and edges. The CLI (backprop-trace run) lists every call and its check.", '{0}', '{1}', '{2}'),
    ints_inexact: vscode.l10n.t("{0} integers past 2**53 (9007199254740992) in the recorded arrays are drawn and detailed with the program's digits; the gradient check computes with their nearest float64.", '{0}'),
    the_gradient: vscode.l10n.t('the gradient'),
    grad_sum: vscode.l10n.t('sum of {0} edges', '{0}'),
    dout_start: vscode.l10n.t('(the start of backward)'),
    dout_selection: vscode.l10n.t('{0} = the second selection', '{0}'),
    dout_written_by: vscode.l10n.t('the dout its backward received had been changed in place first: {0}\'s backward (line {1}) wrote into that same array ({2}) before this layer got it', '{0}', '{1}', '{2}'),
    ...reasonWording(),
  };
}

/** The tracer's reasons for "not checked" (sayReason finds them by their English text). */
function reasonWording(): Record<Extract<SayingCode, `reason_${string}`>, string> {
  return {
    reason_no_forward: vscode.l10n.t('its backward ran with no forward before it on this instance'),
    reason_no_copy: vscode.l10n.t('the layer could not be copied to re-run its forward ({0})', '{0}'),
    reason_backward_raised: vscode.l10n.t('its backward raised an exception'),
    reason_backward_raised_at: vscode.l10n.t('its backward raised an exception ({0})', '{0}'),
    reason_backward_raised_named: vscode.l10n.t('its backward raised {0} ({1})', '{0}', '{1}'),
    reason_backward_raised_name: vscode.l10n.t('its backward raised {0}', '{0}'),
    reason_stopped: vscode.l10n.t('the run stopped (timeout or cancel) while its backward ran, before its check'),
    reason_no_gradient: vscode.l10n.t('backward returned no gradient (None) and set no d<param> attribute'),
    reason_returned_type: vscode.l10n.t("backward returned a {0}, not a gradient (an array, or a tuple of them), and set no d<param> attribute", '{0}'),
    reason_dout: vscode.l10n.t('the dout its backward received is not a number or an array'),
    reason_no_match: vscode.l10n.t('no input or parameter of forward matches a gradient backward gave'),
    reason_forward_raised: vscode.l10n.t('its forward raised an exception when re-run on a copy ({0})', '{0}'),
    reason_late_draw: vscode.l10n.t(
      "its forward draws random numbers, and this forward ran after the recording's cap, when the tracer keeps the random state only for layers seen drawing while recorded: re-run on other numbers, it cannot be checked",
    ),
    reason_late_generator: vscode.l10n.t(
      "its forward draws random numbers from a generator of its own, and this forward ran after the recording's cap, when the tracer does not keep such a generator's state: re-run on other numbers, it cannot be checked",
    ),
    reason_unrepeatable: vscode.l10n.t(
      'its forward gave a different output when re-run on the same copy (it draws random numbers from a generator the tracer could not rewind, or reads something that changes between calls), so central differences of it would not be its gradient',
    ),
    reason_unmovable: vscode.l10n.t("{0} is too large for the check's step (h = {1}) to move it in float64 ({2} of its values, up to {3}): central differences there would not be the gradient", '{0}', '{1}', '{2}', '{3}'),
    reason_check_stopped: vscode.l10n.t('the run stopped (timeout or cancel) before its check could run'),
    reason_check_cut: vscode.l10n.t('the run stopped (timeout or cancel) while it was being checked'),
    reason_check_lost: vscode.l10n.t('the process ended before its check was sent'),
    reason_backward_unseen: vscode.l10n.t(
      "no backward call for it was recorded before the recording's cap, and after the cap a function named {0} could not be watched: only the functions your modules hold when the recording stops are (one defined later, or kept only inside a function or an object, is not)",
      '{0}',
    ),
  };
}

/** The probe's sentences about a value it does not trace (extension/debug/*.py write them in English). */
function probeWording(): Record<Extract<SayingCode, `probe_${string}`>, string> {
  return {
    probe_dict: vscode.l10n.t('a {0} of {1} ({2}), not an array: trace one of its values, e.g. {3}', '{0}', '{1}', '{2}', '{3}'),
    probe_none: vscode.l10n.t('None, not an array'),
    probe_not_array: vscode.l10n.t('a {0}, not an array', '{0}'),
    probe_neither: vscode.l10n.t('a {0}, neither an array nor a layer (an object with forward and backward)', '{0}'),
    probe_neither_pair: vscode.l10n.t('a {0}, neither an array nor a layer (an object with forward and backward, or a function of a pair like affine_forward / affine_backward)', '{0}'),
    probe_no_backward: vscode.l10n.t('a {0}, neither an array nor a layer (an object with forward and backward): it has forward but no backward', '{0}'),
    probe_no_backward_has: vscode.l10n.t('a {0}, neither an array nor a layer (an object with forward and backward): it has forward but no backward (it has {1})', '{0}', '{1}'),
    probe_no_numpy: vscode.l10n.t('a {0}, and numpy is not loaded in the paused program: only numbers and layers are read without it', '{0}'),
    probe_layers: vscode.l10n.t('a {0} of {1} layers ({2}), not an array: trace one of them, e.g. {3}', '{0}', '{1}', '{2}', '{3}'),
    probe_param: vscode.l10n.t('a {0} holding a parameter (its value and grad), not an array: trace {1}.value or {1}.grad, or the layer that holds it', '{0}', '{1}'),
    probe_mixed: vscode.l10n.t('a {0} of {1} items of different shapes or kinds ({2}), not one array: trace one of them, e.g. {3}', '{0}', '{1}', '{2}', '{3}'),
    probe_not_array_why: vscode.l10n.t('not an array: {0}', '{0}'),
    probe_dtype: vscode.l10n.t('an array of dtype {0}, which has no gradient to trace', '{0}'),
    probe_int_too_big: vscode.l10n.t('an int too big for a float64 too ({0} bits), not a number Backprop Trace can compute with', '{0}'),
    probe_no_copy: vscode.l10n.t('{0} cannot be copied ({1}), and an expression with a call runs on copies so that the paused program stays as it is: trace {0} itself, or a value it holds', '{0}', '{1}'),
    probe_no_partner: vscode.l10n.t('a function with no {0} beside it where the program is paused: a pair of functions (affine_forward / affine_backward) is traced as one layer', '{0}'),
  };
}

/** The phrasebook in the webview's strings (`say.<code>`), for what the scene says there (sums). */
export function sayingStrings(): Record<string, string> {
  return Object.fromEntries(Object.entries(phrasebook()).map(([code, text]) => [`say.${code}`, text]));
}

/** Words the engine's sentences in VS Code's display language (English needs nothing). */
export function wordTheEngine(): void {
  if (vscode.l10n.bundle) setPhrasebook(wording());
}
