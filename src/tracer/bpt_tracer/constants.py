"""The numbers Python and TypeScript share, read from constants.json (src/constants.json in the
sources, dist/tracer/constants.json in the VSIX: one definition, no copy to drift)."""
import json
import os

TRACER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # src/tracer or dist/tracer


def _load():
    for path in (os.path.join(TRACER_DIR, 'constants.json'), os.path.join(os.path.dirname(TRACER_DIR), 'constants.json')):
        if os.path.isfile(path):
            with open(path, 'r', encoding='utf-8') as fh:
                return json.load(fh)
    raise RuntimeError('constants.json is missing beside the tracer (%s)' % TRACER_DIR)


SHARED = _load()
BIG = SHARED['preview']['big']  # arrays over this many elements are sent as stats + a strided sample
SAMPLE = SHARED['preview']['sample']  # elements in that sample, about
STDOUT_CAP = SHARED['outputCap']
TRACER_DEFAULTS = SHARED['tracer']
GRADCHECK = SHARED['gradcheck']
# Gradient check (checkrule.py, the README's "The gradient check"): h for central differences;
# |analytic - numerical| <= ATOL + RTOL * scale, scale the port's largest |value|.
H, ATOL, RTOL = GRADCHECK['h'], GRADCHECK['atol'], GRADCHECK['rtol']
# Each instance's check has `seconds`, shared by its ports; a slow forward (an MNIST-sized Affine,
# ~1.5 ms an evaluation) gets a smaller sample, but never fewer than this many elements.
MIN_PICKS = GRADCHECK['minPicks']
# The book's parameter names; any other attribute with a matching d<name> counts too, except
# the names the book uses for caches (their d<name> would be a gradient of an input).
PARAM_NAMES = ('W', 'b', 'gamma', 'beta')
CACHE_NAMES = {'out', 'mask', 'x', 'y', 't', 'loss', 'xc', 'xn', 'std', 'col', 'col_W', 'arg_max'}
# How backward names a parameter's gradient: dW, grad_W, W_grad (constants.json, gradNames).
GRAD_FORMS = tuple(SHARED['gradNames']['forms'])
# Parameters in a list with their gradients at the same places of another: params[0], grads[0] (the book's sequel).
GRAD_LISTS = tuple(tuple(pair) for pair in SHARED['gradNames']['lists'])
