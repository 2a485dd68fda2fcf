"""Which of a backward's gradients is whose, and what to say when a gradient's shape is not its
value's (ports.py checks the rest): the order backward returned them in (an integer input, an
index array, given none), an axis of length 1 more (a sum with keepdims=True: the numbers still
checked), and the slips a shape names (db not summed over the batch, W transposed, an input
broadcast in forward)."""
from .constants import GRAD_FORMS, GRAD_LISTS
from .held import listed_grads
from .values import float_copy, ndarray, np


def dims(a):
    """numpy's shape of a gradient or a value; without numpy, () for a number."""
    if np is not None:
        return tuple(np.shape(a))
    return (len(a),) if isinstance(a, (list, tuple)) else ()


def shape_advice(pname, got, want, gname=None):
    """What the learner can do about a parameter gradient (gname, dW by default) of the wrong shape,
    when its shape says which slip it is: one row per batch item (db not summed), or W's shape transposed."""
    g = gname or 'd' + pname
    if not got and want:
        return (': %s is one number, dout summed over every axis; %s is added to every row of the batch, '
                'so %s sums dout over the batch only (np.sum(dout, axis=0))' % (g, pname, g))
    if len(got) == len(want) + 1 and tuple(got[1:]) == tuple(want):
        return (': %s is added to every row of the batch, so %s is dout summed over the batch '
                '(np.sum(dout, axis=0))' % (pname, g))
    if len(want) == 2 and tuple(got) == tuple(want)[::-1]:
        return ': that is %s transposed (for out = x . %s, %s = np.dot(x.T, dout))' % (pname, pname, g)
    return ''


def broadcast_advice(name, got, want):
    """An input's gradient in the shape it was broadcast to (MulLayer's dy = dout * x for a number y
    times an array): its gradient is that one summed over the broadcast axes."""
    lead = len(got) - len(want)
    if lead < 0 or tuple(got) == tuple(want) or any(w not in (1, g) for w, g in zip(want, got[lead:])):
        return ''
    return ': %s was broadcast to %s in forward, so d%s is that gradient summed over the broadcast axes' % (name, tuple(got), name)


def extra_axes(got, want):
    """Whether a gradient's shape is its value's with axes of length 1 more: np.sum(..., keepdims=True) (dgamma (1, 5), gamma (5,))."""
    return len(got) != len(want) and [d for d in got if d != 1] == [d for d in want if d != 1]


def off_shape(run, text, gname, name, got):
    """The port's check on its gradient reshaped (extra_axes): FAILED for the shape, saying whether the numbers agree."""
    def checked(s):
        r = run(s)
        if r.get('ok') and not r.get('error'):
            why = '%s: the right numbers, with an axis of length 1 more as np.sum(..., keepdims=True) leaves it (%s -= lr * %s would make %s %s)' % (text, name, gname, name, tuple(got))
        else:
            why = '%s: an axis of length 1 more as np.sum(..., keepdims=True) leaves it, and numbers that differ from central differences' % text
        return dict(r, ok=False, error=why)
    return checked


def gradients_given(args, grads):
    """{input index: its gradient}: in order; when backward returned fewer than forward's inputs,
    integer arrays (indices, labels) get none, as word_embedding_backward returns dW alone."""
    ints = [i for i, a in enumerate(args) if isinstance(a, ndarray) and a.dtype.kind in 'iub']
    rest = [i for i in range(len(args)) if i not in ints]
    if ints and len(grads) == len(rest) < len(args) and all(g is None or dims(g) == dims(args[i]) for i, g in zip(rest, grads)):
        return dict(zip(rest, grads))
    return dict(enumerate(grads[:len(args)]))


def gradients_of(attrs):
    """backward's d<param> attributes as the check compares them (float64): arrays, and one number
    too (a float dW of a float W is checked; db = np.sum(dout), no axis, is checked against b's
    shape and FAILS with why, rather than being left out in silence). One home for run mode
    (checker.py) and a trace at a breakpoint (the probe's recording.py)."""
    grads = dict((k, float_copy(v)) for k, v in list(attrs.items())
                 if is_grad_name(k) and not isinstance(v, bool) and float_copy(v) is not None)
    grads.update((k, float_copy(v)) for k, v in listed_grads(attrs).items())  # the sequel's grads[0]
    return grads


def is_grad_name(name):
    """Whether an attribute's name is one backward gives a gradient by (dW, grad_W, W_grad)."""
    return any(len(name) > len(pre) + len(post) and name.startswith(pre) and name.endswith(post)
               for pre, post in (f.split('{0}') for f in GRAD_FORMS))


def grad_name(param, attrs):
    """The attribute backward gave `param`'s gradient by, in GRAD_FORMS' order, or None; a listed
    parameter's (params[0]) is at its place in the gradients' list (grads[0], or grads[0]+grads[1])."""
    named = next((n for n in (f.replace('{0}', param) for f in GRAD_FORMS) if n in attrs), None)
    plist, _, place = param.partition('[')
    for held, grads in GRAD_LISTS if named is None and place else ():
        if held == plist:
            return next((n for n in attrs if n.split('+')[0] == '%s[%s' % (grads, place)), None)
    return named
