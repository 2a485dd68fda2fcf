"""cs231n-style layers: functions, not classes. `out, cache = affine_forward(x, w, b)` and
`dx, dw, db = affine_backward(dout, cache)` are one layer's forward and backward; so are
`conv_forward_naive` / `conv_backward_naive` and the `_fast` variants. The same policy as for
classes: a function named <stem>_<method>[_<variant>], method one of the recorded names
(--methods, forward and backward by default; backward* is the backward pass), of the reader's
own files, is a layer call. A backward pairs with the forward whose returned cache it was given
(by identity), even when an earlier backward was given that cache too (cs231n's
`batchnorm_backward_alt(dout, cache)` after `batchnorm_backward(dout, cache)`); failing that, with
the latest unpaired forward of the same stem.

cs231n's losses give the loss and its gradient from one function: `loss, dx = softmax_loss(x, y)`
(`svm_loss`, `softmax_loss_naive(W, X, y, reg)` too). A function named <stem>_loss[_<variant>]
is known to be one only by what it returns, a number and an array of an argument's shape: its
arguments are taken when it starts, and it is recorded when it returns, as a forward whose
`lossGrad` names the argument the array is the gradient of; it is checked like a pair, that
gradient against central differences of the loss it returns, dout 1.
"""
import collections
import re
import sys
import types
import weakref

from .files import is_user_file
from .names import arguments
from .values import checksum, is_scalar, ndarray

LOSS = object()  # marks a *_loss call waiting for its return in the recorder's pending
LOSS_NAME = re.compile(r'^[A-Za-z0-9]\w*?_loss(?:_\w+)?$')


def pair_pattern(methods):
    """The regular expression of a function-pair name for these method names; a name that starts
    with one of them is not a layer's (`forward_backward(x, y, l1, l2)` does both: it is not the
    backward of a layer named `forward`)."""
    alts = '|'.join(re.escape(m) for m in sorted(methods, key=len, reverse=True))
    return re.compile(r'^(?!(?:%s)_)([A-Za-z0-9]\w*?)_(%s)(?:_(\w+))?$' % (alts, alts))


def split_name(pattern, name):
    """(stem, method, variant) of `affine_forward` / `conv_forward_naive`, or None."""
    m = pattern.match(name)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def loss_grad(result, args):
    """The index of the argument `result` = (loss, gradient) is the gradient of, else None."""
    if not (isinstance(result, tuple) and len(result) == 2 and is_scalar(result[0]) and isinstance(result[1], ndarray)):
        return None
    for j, a in enumerate(args):
        if isinstance(a, ndarray) and a.shape == result[1].shape:
            return j
    return None


def is_plain_function(code):
    """A function, not a method: its first parameter is not self or cls."""
    return code.co_argcount >= 1 and code.co_varnames[0] not in ('self', 'cls')


def function_of(frame, code):
    """The function object running in frame, for the gradient check to call again: the global of
    that name (or the one it wraps), else one rebuilt from the code. A function defined inside
    another (a layer factory's closure over `alpha`) is rebuilt on new cells holding the values
    its frame sees now (f_locals has them), so the check's calls never write into the program's."""
    g = frame.f_globals.get(code.co_name)
    for fn in (g, getattr(g, '__wrapped__', None)):
        if getattr(fn, '__code__', None) is code:
            return fn
    if not code.co_freevars:
        return types.FunctionType(code, frame.f_globals, code.co_name)
    seen = frame.f_locals
    cells = tuple(types.CellType(seen[n]) if n in seen else types.CellType() for n in code.co_freevars)
    return types.FunctionType(code, frame.f_globals, code.co_name, None, cells)


class FunctionLayer:
    """Stands in for an instance in the gradient check: calling it calls the forward function
    and returns its output (the first element of (out, cache)), or its `outputs` first ones
    (cs231n's lstm_step_forward: (next_h, next_c, cache), each with its dout)."""

    def __init__(self, fn, first, outputs=1):
        self.fn, self.first, self.outputs = fn, first, outputs

    def __call__(self, *args, **kwargs):
        out = self.fn(*args, **kwargs)
        if not (self.first and isinstance(out, tuple)):
            return out
        return out[0] if self.outputs == 1 else out[:self.outputs]

    def __deepcopy__(self, memo):
        return self  # no state: the function is the same one


class OpenForwards:
    """Forward calls of function pairs not yet paired with a backward, with the cache each
    returned and the arguments it was given (both kept alive while it waits, so an id() is not
    reused meanwhile)."""

    PAIRED = 64  # recently paired forwards whose cache a second backward may be given

    def __init__(self):
        self.open = []  # [stem, cache or None, forward call index, instance index, args], oldest first
        # [stem, cache, call, instance, args] of forwards already paired, newest last (a few, alive)
        self.paired = collections.deque(maxlen=self.PAIRED)
        self.losses = []  # [weak reference to the gradient a *_loss returned, its check's material, given to a backward], not queued yet

    def opened(self, stem, cache, call, instance, args):
        self.open.append([stem, cache, call, instance, args])

    def pair(self, stem, args):
        """(forward call index, instance) for a backward given these arguments, or None: the
        forward that returned a cache it was given, paired already or not, else the latest
        unpaired forward of the same stem (a guess: a stale forward's shapes may not match)."""
        ids = set(id(a) for a in args if a is not None)
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][1] is not None and id(self.open[k][1]) in ids:
                entry = self.open.pop(k)
                self.paired.append(entry)
                return tuple(entry[2:4])
        for entry in reversed(self.paired):  # a second backward on the same cache: the same forward
            if id(entry[1]) in ids:
                return tuple(entry[2:4])
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][0] == stem:
                return tuple(self.open.pop(k)[2:4])
        return None

    def given(self, args):
        """A backward starts with these arguments: a held loss's gradient among them is the real
        call's (cs231n's `loss, dscores = softmax_loss(...)` then `affine_backward(dscores, ...)`),
        checked even if dscores dies before the next loss returns (when loss() returns)."""
        for held in self.losses:
            grad = held[0]()
            if grad is not None and any(a is grad for a in args):
                held[2] = True

    def evaluations(self, stem, args):
        """Forward calls that will never pair, so their check can be dropped: those whose cache
        nobody holds any more (`affine_forward(x, w, b)[0]`), and those of the same layer given
        the very same arguments again (a numerical gradient evaluating `relu_forward(x)[0]`
        with x perturbed in place: its cache is x itself, which stays alive)."""
        gone, keep = [], []
        for entry in self.open:
            # our list's reference and getrefcount's argument: nobody else has it
            dead = entry[1] is not None and sys.getrefcount(entry[1]) <= 2
            again = entry[0] == stem and len(entry[4]) >= len(args) and all(a is b for a, b in zip(entry[4], args))
            (gone if dead or again else keep).append(entry)
        self.open = keep
        return [e[3] for e in gone]  # their instance numbers


class FunctionPairs:
    """Mixed into the Recorder: a call of a function pair enters here, and its forward's
    (out, cache) is split when it returns. Needs its pattern, functions (OpenForwards),
    instances, checker, user_code and begin."""

    def on_function(self, frame, code):
        ok = self.user_code.get(code)
        if ok is None:
            ok = self.user_code[code] = is_plain_function(code) and is_user_file(code.co_filename)
        if not ok:
            return
        stem, method, variant = split_name(self.pattern, code.co_name)
        backward = method.startswith('backward')
        rec = {'class': stem if backward or not variant else '%s_%s' % (stem, variant), 'method': method,
               'function': code.co_name}
        args = [frame.f_locals.get(n) for n in code.co_varnames[:code.co_argcount]]
        if backward:
            if self.functions.losses:
                self.functions.given(args)
            found = self.functions.pair(stem, args)
            pair, index = found if found else (None, self.new_instance())
        else:
            pair, index = None, self.new_instance()
        self.begin(frame, code, None, backward, rec, index, pair=pair, fn=function_of(frame, code))
        # Only a recorded forward makes earlier ones evaluations (their check's copies dropped): one
        # that met the cap leaves them open, for a backward after the cap to pair with and check.
        if not backward and frame in self.pending:
            for gone in self.functions.evaluations(stem, args):
                self.checker.forget(gone)

    def new_instance(self):
        """An instance number for a function call (each forward is a layer of its own)."""
        index = len(self.instances)
        self.instances[('function', index)] = (None, index)
        return index

    def forward_returned(self, rec, call, args, result):
        """A forward's output: `out` of (out, cache), the cache kept for its backward to find."""
        cache = None
        if isinstance(result, tuple) and len(result) == 2:
            result, cache = result
        self.functions.opened(split_name(self.pattern, rec['function'])[0], cache, call, rec['instance'], args)
        return result

    def on_loss(self, frame, code):
        """A call of a *_loss function: its arguments as they are now, for its return to judge."""
        ok = self.user_code.get(code)
        if ok is None:
            ok = self.user_code[code] = is_plain_function(code) and is_user_file(code.co_filename)
        if not ok:
            return
        names, args = arguments(frame, code, False)
        if any(isinstance(a, ndarray) for a in args):
            sums = [checksum(a) if isinstance(a, ndarray) and a.dtype.kind in 'biuf' else None for a in args]
            self.pending[frame] = (LOSS, code, names, args, sums)

    def loss_returned(self, frame, entry, result):
        """Recorded now (call and return) when it returned (loss, gradient of an argument), and checked."""
        _, code, names, args, sums = entry
        j = loss_grad(result, args)
        if j is None:
            return
        index = self.new_instance()
        rec = {'class': code.co_name, 'method': 'forward', 'function': code.co_name, 'lossGrad': j}
        self.begin(frame, code, None, False, rec, index, fn=function_of(frame, code), given=(names, args, sums))
        if frame not in self.pending:  # the cap
            return
        call = self.pending[frame][0]
        self.on_return(frame, result)
        self.settle_losses()
        held = self.checker.on_loss(index, call, j, result[1])
        if held is not None:
            self.functions.losses.append([weakref.ref(result[1]), held, False])

    def settle_losses(self, final=False):
        """The losses held since their return queued for their check, except those whose gradient
        nobody kept (`svm_loss(x, y)[0]` in a numerical gradient: thousands of evaluations, each
        checked would stall the run; its real call, `loss, dx = svm_loss(x, y)`, keeps dx, or gave
        it to a backward). Settled at the next loss's return, and (final) at the cap and the run's
        end, where all are queued."""
        held, self.functions.losses = self.functions.losses, []
        for ref, (index, f, m), given in held:
            if final or given or ref() is not None:
                self.checker.queue(index, f, m)
            else:
                self.checker.forget(index)


def outputs_of(result, pair=True):
    """The shapes of a forward's outputs when it gives more than one: a function pair's before its
    cache ((next_h, next_c, cache)), a class's all of them (the sequel's LSTM: h_next, c_next); else None."""
    if not isinstance(result, tuple):
        return None
    outs = result[:-1] if pair else result
    return [o.shape for o in outs] if len(outs) > 1 and all(isinstance(o, ndarray) for o in outs) else None


def several_douts(outs, args):
    """A backward's douts, one per output of its forward (lstm_step_backward(dnext_h, dnext_c,
    cache), LSTM.backward(dh_next, dc_next)), when its first arguments are arrays of those outputs'
    shapes; else None."""
    if not outs or len(args) < len(outs) or not all(isinstance(a, ndarray) and a.shape == s for a, s in zip(args, outs)):
        return None
    return list(args[:len(outs)])
