// The engine's parse errors worded in the reader's language: one entry per code of
// PARSE_MESSAGES, whose English text is the l10n key (test/unit/parseErrorText.test.ts checks both
// wordings exist for every code). The CLI prints the engine's English directly.
import * as vscode from 'vscode';
import { END_OF_INPUT, type LayerError, type ParseArgs, type ParseError, type ParseErrorCode } from '../engine';

type Args = readonly (string | number)[];

const WORDING: Record<ParseErrorCode, (a: Args) => string> = {
  arguments_too_deep: () => vscode.l10n.t('These arguments nest too deeply to be a shape'),
  arithmetic_inside: (a) => vscode.l10n.t('Arithmetic inside the array (\'{0}\') is not evaluated: write each value as one number, e.g. 0.3333333333333333 for 1/3', a[0]),
  arithmetic_not_evaluated: (a) => vscode.l10n.t('Arithmetic with the array (\'{0}\') is not evaluated: select the array itself, e.g. the np.array(...) call', a[0]),
  base_prefix_number: (a) => vscode.l10n.t('{0}: hexadecimal, octal and binary numbers are not read; write it in decimal', a[0]),
  bracket_never_closed: (a) => vscode.l10n.t('This \'{0}\' is never closed (expected \'{1}\' before the end of the input)', a[0], a[1]),
  call_needs: (a) => vscode.l10n.t('{0}() needs a value for \'{1}\'', a[0], a[1]),
  call_not_evaluated: (a) => vscode.l10n.t('{0}(...) is not evaluated inside an array: write its values out', a[0]),
  cannot_cast_numpy_leaves: (a) => vscode.l10n.t('{0} cannot be cast to {1}: numpy leaves the result undefined', a[0], a[1]),
  cannot_read_as_number: (a) => vscode.l10n.t('{0}() cannot read \'{1}\' as a number', a[0], a[1]),
  cannot_reshape: (a) => vscode.l10n.t('cannot reshape array of size {0} into shape {1}', a[0], a[1]),
  complex_number: () => vscode.l10n.t('Complex numbers are not supported'),
  dtype_one_reads_float: (a) => vscode.l10n.t('The dtype \'{0}\' is not one this reads (float64, float32, float16, int64, int32, int16, int8, uint8, bool)', a[0]),
  empty_input: () => vscode.l10n.t('The input is empty: select an array such as [[1.0, -0.5], [2.0, 0]]'),
  expected_after_array_found: (a) => vscode.l10n.t('Expected \',\' or \')\' after the array, found {0}', a[0]),
  expected_array_found_end: () => vscode.l10n.t('Expected an array, found the end of the input'),
  expected_array_literal_found: (a) => vscode.l10n.t('Expected an array literal, found a call to \'{0}\'', a[0]),
  expected_before: (a) => vscode.l10n.t('Expected \',\' before {0}', a[0]),
  expected_close_found: (a) => vscode.l10n.t('Expected \')\' to close {0}(, found {1}', a[0], a[1]),
  expected_close_tensorflow_value: () => vscode.l10n.t('Expected \'>\' to close the TensorFlow value'),
  expected_comma_or_close: (a) => vscode.l10n.t('Expected \',\' or \'{0}\', found {1}', a[0], a[1]),
  expected_dtype_such_as: () => vscode.l10n.t('Expected a dtype such as np.float32 here'),
  expected_number_after_found: (a) => vscode.l10n.t('Expected a number after \'{0}\', found {1}', a[0], a[1]),
  expected_number_found: (a) => vscode.l10n.t('Expected a number, found {0}', a[0]),
  expected_number_inside_found: (a) => vscode.l10n.t('Expected a number inside {0}(), found {1}', a[0], a[1]),
  expected_rows_numbers: () => vscode.l10n.t('Expected rows of numbers'),
  expected_separator_after_number: (a) => vscode.l10n.t('Expected a separator after the number, found \'{0}\'', a[0]),
  expected_value_after_last: () => vscode.l10n.t('Expected a value after the last comma of the row'),
  found_list_where_number: () => vscode.l10n.t('Found a list where a number was expected (ragged array)'),
  found_number_where_list: () => vscode.l10n.t('Found a number where a list was expected (ragged array)'),
  got_twice: (a) => vscode.l10n.t('{0}() got \'{1}\' twice', a[0], a[1]),
  has_no_argument_that: (a) => vscode.l10n.t('{0}() has no argument \'{1}\' that this reads (it reads {2})', a[0], a[1], a[2]),
  has_no_array_argument: (a) => vscode.l10n.t('{0}() has no array argument', a[0]),
  indexing_not_read: () => vscode.l10n.t('Indexing after the array (\'[...]\') is not read: select the array itself, or write the indexed values out'),
  internal_error: (a) => vscode.l10n.t('Could not read this array ({0})', a[0]),
  makes_empty_slots_numbers: (a) => vscode.l10n.t('{0} makes {1} empty slots, not numbers: write the values out, e.g. [0, 0, 0], or use new Float64Array({1}) for zeros', a[0], a[1]),
  makes_uninitialised_tensor_that: (a) => vscode.l10n.t('{0} makes an uninitialised tensor of that size: its values are not in the text. Use torch.zeros(...) for zeros, or torch.tensor([...]) for values', a[0]),
  mismatched_bracket: (a) => vscode.l10n.t('Expected \'{0}\' to close the \'{1}\' opened on line {3}, column {4}, found \'{2}\'', a[0], a[1], a[2], a[3], a[4]),
  missing_between_commas: () => vscode.l10n.t('Missing value between two commas'),
  name_not_value: (a) => vscode.l10n.t('\'{0}\' is a name, not a number: only values written in the text are read here. Trace the line where {0} is assigned, or run your code (run mode)', a[0]),
  needs_dtype_such_as: (a) => vscode.l10n.t('.{0}() needs a dtype such as np.float32', a[0]),
  needs_number_for: (a) => vscode.l10n.t('{0}() needs a number for \'{1}\'', a[0], a[1]),
  needs_shape: (a) => vscode.l10n.t('.{0}() needs a shape', a[0]),
  needs_shape_such_as: (a) => vscode.l10n.t('{0}() needs a shape, such as (2, 3)', a[0]),
  needs_whole_number_for: (a) => vscode.l10n.t('{0}() needs a whole number for \'{1}\', not {2}', a[0], a[1], a[2]),
  negative_dimensions_are_allowed: (a) => vscode.l10n.t('{0}: negative dimensions are not allowed', a[0]),
  negative_samples: (a) => vscode.l10n.t('{0}(): the number of samples, {1}, must be non-negative', a[0], a[1]),
  never_closed: (a) => vscode.l10n.t('This \'{0}\' is never closed', a[0]),
  never_closed_expected: (a) => vscode.l10n.t('This \'{0}(\' is never closed (expected \')\')', a[0]),
  node_announced_values_but: (a) => vscode.l10n.t('Node announced {0} values (\'({0})\') but the list holds {1}', a[0], a[1]),
  none_not_number: () => vscode.l10n.t('None is not a number'),
  not_a_number: (a) => vscode.l10n.t('{0} is not a number', a[0]),
  only_one_dimension_may: (a) => vscode.l10n.t('{0}: only one dimension may be -1, and none may be negative otherwise', a[0]),
  order_other_than_c: (a) => vscode.l10n.t('.{0}(order=...) other than \'C\' is not read', a[0]),
  outer_paren_not_closed: (a) => vscode.l10n.t('Expected \')\' to close the parentheses around the array, found \'{0}\'', a[0]),
  parenthesised_values_mix_with: () => vscode.l10n.t('Parenthesised values mix with tuples at the same level (ragged array)'),
  ragged_nested: (a) => vscode.l10n.t('The list at index [{0}] has length {1} but the one at [{2}] has length {3} (ragged array)', a[0], a[1], a[2], a[3]),
  ragged_row: (a) => vscode.l10n.t('Row {0} has length {1} but row 1 has length {2} (ragged array)', a[0], a[1], a[2]),
  random_call: (a) => vscode.l10n.t('{0}() draws random numbers: its values are not in the text. Select the printed array instead, or write the values out', a[0]),
  range_finite: (a) => vscode.l10n.t('{0}(): the range is not finite', a[0]),
  range_not_evaluated: (a) => vscode.l10n.t('{0}(...) is not evaluated: write the values out, or use np.arange(...), which is read', a[0]),
  reshape_whole_numbers: (a) => vscode.l10n.t('.{0}: a shape is whole numbers, such as (2, 3) or (-1, 2)', a[0]),
  retstep_true_returns_pair: (a) => vscode.l10n.t('{0}(retstep=True) returns a pair, not one array', a[0]),
  row_bracket_never_closed: () => vscode.l10n.t('This \'[\' is never closed (expected \']\' before the end of the input)'),
  row_expected_number: (a) => vscode.l10n.t('Expected a number, found \'{0}\'', a[0]),
  shape_has_dimensions_numpy: (a) => vscode.l10n.t('This shape has {0} dimensions: numpy arrays have at most {1}', a[0], a[1]),
  shape_holds_values_but: (a) => vscode.l10n.t('shape={0} holds {1} values but the array has {2}', a[0], a[1], a[2]),
  shape_whole_numbers_such: (a) => vscode.l10n.t('{0}: a shape is whole numbers, such as (2, 3)', a[0]),
  step_so_range_never: (a) => vscode.l10n.t('{0}(): the step is 0, so the range never ends', a[0]),
  string_never_closed: () => vscode.l10n.t('This string is never closed'),
  string_not_number: () => vscode.l10n.t('Expected a number, found a string'),
  summarised_print: () => vscode.l10n.t('This array was printed in summarised form (\'...\'): the values in between are missing. Print it in full with np.set_printoptions(threshold=sys.maxsize)'),
  takes_most_arguments_here: (a) => vscode.l10n.t('{0}() takes at most {1} arguments here', a[0], a[1]),
  takes_no_arguments: (a) => vscode.l10n.t('.{0}() takes no arguments', a[0]),
  takes_plain_numbers_here: (a) => vscode.l10n.t('{0}() takes plain numbers here: the expression at {1} is not evaluated', a[0], a[1]),
  tensorflow_value_shows_no: () => vscode.l10n.t('This TensorFlow value shows no values (no \'numpy=\' part): print it with .numpy()'),
  too_many_dimensions: (a) => vscode.l10n.t('This array nests deeper than {0} levels: numpy arrays have at most {0} dimensions', a[0]),
  typed_array_length_must: (a) => vscode.l10n.t('{0}: a typed array\'s length must be a whole number, at least 0', a[0]),
  undefined_call: (a) => vscode.l10n.t('{0}() leaves its values undefined (whatever was in memory): they are not in the text. Use {1}.zeros(...) instead', a[0], a[1]),
  unexpected_after_array: (a) => vscode.l10n.t('Unexpected {0} after the array', a[0]),
  unexpected_token: (a) => vscode.l10n.t('Unexpected {0}', a[0]),
  unexpected_with_no_matching: (a) => vscode.l10n.t('Unexpected \'{0}\' with no matching opening bracket', a[0]),
  unknown_method: (a) => vscode.l10n.t('\'.{0}(...)\' after the array is not read: the methods read are .reshape(...), .T, .astype(...), .view(...), .float(), .double()', a[0]),
  unknown_property: (a) => vscode.l10n.t('\'.{0}\' after the array is not read: the methods read are .reshape(...), .T, .astype(...), .view(...), .float(), .double()', a[0]),
  value_before_comma: () => vscode.l10n.t('Expected a value before \',\''),
  whole_number_beyond_exact: () => vscode.l10n.t('This whole number is not exactly a float64, which this trace computes in (numpy holds it as an integer). Write it as a float (add \'.0\') to trace it in float64'),
  would_hold_elements_most: (a) => vscode.l10n.t('{0} would hold {1} elements; at most {2} are built from a constructor', a[0], a[1], a[2]),
};

/** `e`'s sentence in the UI language (no location: the caller adds it). */
export function parseErrorText(e: ParseError): string {
  const args: ParseArgs = e.args.map((a) => (a === END_OF_INPUT ? vscode.l10n.t('the end of the input') : a));
  return WORDING[e.code](args);
}

/** A layer numpy refuses for x's dtype (LayerError), in the UI language. */
export function layerErrorText(e: LayerError): string {
  switch (e.code) {
    case 'bool_negative':
      return vscode.l10n.t('Sigmoid cannot run on a bool array: numpy refuses -x there (TypeError: The numpy boolean negative, the `-` operator, is not supported). Write the values as numbers, e.g. [1, 0], or add .astype(int)');
  }
}
