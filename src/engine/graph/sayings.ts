// Every sentence the graph itself says to the learner (the gradient check's verdicts, notes on a
// layer, why a gradient entry is zero, what an array changed in place is), by code: English here
// (the CLI and the tests read it), and the extension hands the engine the same codes in the
// reader's language once (extension/sayings.ts, through vscode.l10n with these exact English
// texts as keys), like the parser's messages (read/messages.ts). {0}, {1}... are the arguments.
export const SAYINGS = {
  check_none: 'not checked: backward gave no gradient to compare',
  check_ok_one: 'ok: {0} match central differences (1 element checked)',
  check_ok: 'ok: {0} match central differences ({1} elements checked)',
  check_failed: 'FAILED: {0}',
  check_failed_at: '{0} at {1}: backprop {2}, numerical {3}',
  check_unchecked: 'not checked: {0}',
  check_but: 'But {0}.',
  check_no_backward: 'not checked: no backward call was recorded for it',
  check_no_backward_cap: 'not checked: no backward call for it was recorded before the recording\'s cap, and none after the cap was paired with it',
  refused_bool_negative: '{0} is left out: numpy refuses -x on a bool array (TypeError: The numpy boolean negative, the `-` operator, is not supported). Write the values as numbers, e.g. [1, 0], or add .astype(int)',
  check_no_reason: 'no reason given',
  check_running: 'checking… (the gradient check runs now that your code has ended)',
  check_labels_one: '{0}: labels (backward returned no gradient for it), not checked.',
  check_labels_many: '{0}: labels (backward returned no gradient for them), not checked.',
  check_numbers_one: '{0}: a number (backward returned no gradient for it), not checked.',
  check_numbers_many: '{0}: numbers (backward returned no gradient for them), not checked.',
  check_states_one: "{0}: forward sets that attribute itself before using it (a state, as an RNN's h), so it is not a parameter and its gradient is not checked.",
  check_states_many: "{0}: forward sets those attributes itself before using them (states, as an RNN's h), so they are not parameters and their gradients are not checked.",
  check_int_params_one: "{0}.value holds integers, so d{0} is not checked: a parameter moves by fractional steps (its update {0}.value -= lr * {0}.grad, the check's h), which an integer array cannot hold; give it floats, e.g. np.array(…, dtype=float).",
  check_int_params_many: "{0}: their values hold integers, so they are not checked: a parameter moves by fractional steps (its update value -= lr * grad, the check's h), which an integer array cannot hold; give them floats, e.g. np.array(…, dtype=float).",
  check_on_pass: "(checked on this layer's forward of pass {0})",
  check_later: '(checked on a later forward/backward pair, after recording stopped)',
  backward_first: 'its first backward',
  backward_first_named: 'its first backward {0}',
  backward_second: 'its second backward',
  backward_second_named: 'its second backward {0}',
  backward_nth: 'its backward number {0}',
  backward_nth_named: 'its backward number {0}, {1}',
  check_failed_on: 'gradient check failed on {0}',
  check_failed_on_diff: 'gradient check failed on {0} (max |diff| {1})',
  ran_on_thread: 'ran on thread {0}',
  rounds_backward: 'This pass ran the same layers forward {0} times, {1} of them with no backward after (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the ones a backward followed.',
  rounds_last: 'This pass ran the same layers forward {0} times and no backward was recorded (a numerical gradient evaluating the loss, one weight moved each time): the graph draws the last whole one.',
  forward_generator: 'forward is a generator: recorded once, at its first yield, and not gradient-checked (the check needs forward to return its output)',
  forward_raised: 'forward raised an exception',
  forward_wrote_arg: 'forward wrote into its argument {0}',
  outputs_not_drawn: 'forward returned {0} values ({1}): the graph draws one array out of a layer, so none of them is drawn after it',
  forward_wrote_why:
    "Why it matters: numpy passes arrays by reference, so the caller's array changed too and any later use of it (a dout, the next layer) sees the new values. The book's Relu.forward copies (out = x.copy()); a forward that writes into its input is usually a bug.",
  backward_wrote_arg: 'backward wrote into its argument {0}',
  backward_wrote_why:
    "The book's Relu.backward writes into dout on purpose (dout[self.mask] = 0): it is cheaper, and harmless unless the caller uses that dout again (a branch's other gradient, AddLayer's (dout, dout)).",
  mark_wrote: 'forward wrote into {0}:',
  mark_caller_changed: "the caller's {0} changed",
  changed_by: '{0} (changed by {1})',
  changed_from: '{0} = {1} (changed by {2})',
  changed_note: "This is {0} after {1} wrote into it (line {2}): the caller's array, not the value {0} had when it went in.",
  zeros_mask: "{0} of {1} zeros of {2}: the mask blocked them (forward's input was <= 0 there, so ReLU passes no gradient).",
  zeros_upstream: '{0} of {1} zeros of {2}: the dout that came in was already 0 there.',
  zeros_written: '{0} An in-place write put those zeros there.',
  zeros_backward_wrote: "backward wrote these zeros into its dout in place: the caller's dout holds them too.",
  zeros_integer: '{0} is an integer array ({1}): fractions were cut to whole numbers, small gradients to 0 (start from a float array, e.g. np.zeros_like(x, dtype=float)).',
  ints_inexact: "{0} integers past 2**53 (9007199254740992) in the recorded arrays are drawn and detailed with the program's digits; the gradient check computes with their nearest float64.",
  calls_not_drawn: "The first {0} of this pass's {1} layer calls are drawn: a graph holds at most {2} nodes and edges. The CLI (backprop-trace run) lists every call and its check.",
  the_gradient: 'the gradient',
  grad_sum: 'sum of {0} edges',
  dout_start: '(the start of backward)',
  dout_selection: '{0} = the second selection',
  // the probe's sentences about a value in a paused program (extension/debug/*.py write them in English, %s for {0})
  probe_dict: 'a {0} of {1} ({2}), not an array: trace one of its values, e.g. {3}',
  probe_none: 'None, not an array',
  probe_not_array: 'a {0}, not an array',
  probe_neither: 'a {0}, neither an array nor a layer (an object with forward and backward)',
  probe_neither_pair: 'a {0}, neither an array nor a layer (an object with forward and backward, or a function of a pair like affine_forward / affine_backward)',
  probe_no_backward: 'a {0}, neither an array nor a layer (an object with forward and backward): it has forward but no backward',
  probe_no_backward_has: 'a {0}, neither an array nor a layer (an object with forward and backward): it has forward but no backward (it has {1})',
  probe_no_numpy: 'a {0}, and numpy is not loaded in the paused program: only numbers and layers are read without it',
  probe_layers: 'a {0} of {1} layers ({2}), not an array: trace one of them, e.g. {3}',
  probe_param: 'a {0} holding a parameter (its value and grad), not an array: trace {1}.value or {1}.grad, or the layer that holds it',
  probe_mixed: 'a {0} of {1} items of different shapes or kinds ({2}), not one array: trace one of them, e.g. {3}',
  probe_not_array_why: 'not an array: {0}',
  probe_dtype: 'an array of dtype {0}, which has no gradient to trace',
  probe_int_too_big: 'an int too big for a float64 too ({0} bits), not a number Backprop Trace can compute with',
  probe_no_copy: '{0} cannot be copied ({1}), and an expression with a call runs on copies so that the paused program stays as it is: trace {0} itself, or a value it holds',
  probe_no_partner: 'a function with no {0} beside it where the program is paused: a pair of functions (affine_forward / affine_backward) is traced as one layer',
  // the tracer's reasons for "not checked" (bpt_tracer/gradcheck.py writes them in English, %s for {0})
  reason_no_forward: 'its backward ran with no forward before it on this instance',
  reason_no_copy: 'the layer could not be copied to re-run its forward ({0})',
  dout_written_by: 'the dout its backward received had been changed in place first: {0}\'s backward (line {1}) wrote into that same array ({2}) before this layer got it',
  reason_backward_raised: 'its backward raised an exception',
  // the exception and where (checker.py's raised_reason); before `{0} ({1})`, which it would match too
  reason_backward_raised_at: 'its backward raised an exception ({0})',
  reason_backward_raised_named: 'its backward raised {0} ({1})',
  reason_backward_raised_name: 'its backward raised {0}',
  reason_stopped: 'the run stopped (timeout or cancel) while its backward ran, before its check',
  reason_no_gradient: 'backward returned no gradient (None) and set no d<param> attribute',
  reason_returned_type: "backward returned a {0}, not a gradient (an array, or a tuple of them), and set no d<param> attribute",
  reason_dout: 'the dout its backward received is not a number or an array',
  reason_no_match: 'no input or parameter of forward matches a gradient backward gave',
  reason_forward_raised: 'its forward raised an exception when re-run on a copy ({0})',
  reason_late_draw: "its forward draws random numbers, and this forward ran after the recording's cap, when the tracer keeps the random state only for layers seen drawing while recorded: re-run on other numbers, it cannot be checked",
  reason_late_generator: "its forward draws random numbers from a generator of its own, and this forward ran after the recording's cap, when the tracer does not keep such a generator's state: re-run on other numbers, it cannot be checked",
  reason_unrepeatable: 'its forward gave a different output when re-run on the same copy (it draws random numbers from a generator the tracer could not rewind, or reads something that changes between calls), so central differences of it would not be its gradient',
  reason_unmovable: "{0} is too large for the check's step (h = {1}) to move it in float64 ({2} of its values, up to {3}): central differences there would not be the gradient",
  reason_check_stopped: 'the run stopped (timeout or cancel) before its check could run',
  reason_check_cut: 'the run stopped (timeout or cancel) while it was being checked',
  reason_check_lost: 'the process ended before its check was sent',
  reason_backward_unseen: "no backward call for it was recorded before the recording's cap, and after the cap a function named {0} could not be watched: only the functions your modules hold when the recording stops are (one defined later, or kept only inside a function or an object, is not)",
} as const;

export type SayingCode = keyof typeof SAYINGS;
export type Phrasebook = Partial<Record<SayingCode, string>>;

let book: Phrasebook = {};

/** The reader's wording of every code (missing codes stay English); `{}` puts English back. */
export function setPhrasebook(b: Phrasebook): void {
  book = { ...b };
}

/** The phrasebook in use, to hand to a worker thread that builds graphs too. */
export function phrasebook(): Phrasebook {
  return book;
}

/** One sentence in the reader's language, its {n} filled with `args[n]`. */
export function say(code: SayingCode, ...args: readonly (string | number)[]): string {
  return (book[code] ?? SAYINGS[code]).replace(/\{(\d+)\}/g, (m, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : m));
}

/** The codes starting with `prefix`, each with a pattern of its English whose groups are its {n}, in order. */
const patterns = (prefix: string) => (Object.keys(SAYINGS) as SayingCode[])
  .filter((c) => c.startsWith(prefix))
  .map((code) => ({ code, re: new RegExp(`^${SAYINGS[code].replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\d+\}/g, '(.*)')}$`) }));
const REASONS = patterns('reason_');
const PROBE = patterns('probe_');

/** An English sentence Python wrote, in the reader's language when it is one of `known` (else as it came). */
function sayPython(text: string, known: ReturnType<typeof patterns>): string {
  for (const { code, re } of known) {
    const m = re.exec(text);
    if (m) return say(code, ...m.slice(1));
  }
  return text;
}

/** The tracer's English reason for "not checked" in the reader's language (unknown ones as they came). */
export const sayReason = (reason: string): string => sayPython(reason, REASONS);

/** The probe's English sentence about a paused program's value (why it is not traced) in the reader's language. */
export const sayProbe = (sentence: string): string => sayPython(sentence, PROBE);
