"""Backprop Trace's probe: what one DAP `evaluate` runs inside a paused Python program.

The host sends this file (with frame.py appended: how an expression is read, a call in it on copies; sources.py: the tracer package from the text sent; recording.py: the wrapped calls; pairs.py: cs231n's function pairs; peek.py: a hover's read; and numbers.py: what float64 cannot hold) and the tracer's package (src/tracer/bpt_tracer/) as text in one
expression; this file is exec'd into a fresh dict, never into the program's globals, the package
is imported from that text under a private name only for a layer (and taken out of sys.modules
again), and `answer` returns one JSON string. Why a probe and not the tracer's run: the program is paused in the debugger's
trace dispatch, where sys.setprofile records nothing, so the layer's own methods are wrapped
on a deep copy instead. The tracer's value form, ids and gradient check are reused as they are,
so the panel draws what it gets exactly as run mode's records.

Arrays travel as base64 of their bytes with shape and dtype (never numpy's repr, which
summarises past 1,000 elements), after the size check. The original object, the random state,
sys.stdout and the frame are left as they were. Stdlib + numpy only, and numpy only if the
program imported it: the book's buy_apple.py imports none, its MulLayer on plain numbers is traced
(as the tracer's run traces it) and a number is sent as numpy would hold it (int64, float64).

Its sentences (why a value is not traced) are English here, and each is a `probe_` code of the
engine's sayings (src/engine/graph/sayings.ts), which the host words in the reader's language:
change one here, change it there (test/unit/debug/probeSayings.test.ts reads the probe's own).
"""
import base64
import copy
import inspect
import io
import json
import os
import random
import sys
import time
from collections import OrderedDict

# dtypes the engine computes in as numpy does; others are sent as float64 with a note
EXACT = ('float64', 'float32', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool')


def answer(req, tracer, g, l):
    """The JSON text for request `req` (JSON text too) evaluated in the frame's globals/locals;
    `tracer`: JSON of the tracer package's sources ({module: text}, 'constants.json', 'dir')."""
    global numpy
    started = time.perf_counter()
    req = json.loads(req)
    numpy = sys.modules.get('numpy')
    TRACER['sources'] = tracer
    try:
        # numpy is never imported into a program that has not imported it itself: numbers and layers on them are read without it
        run = peek if req.get('peek') else probe  # a hover only reads (peek.py)
        out = run(req, g, l)
    except Exception as e:  # a bug of ours or a very odd object: a sentence, not a traceback
        out = {'error': describe_exception(e), 'kind': 'probe'}
    finally:
        for name in [m for m in sys.modules if m == PKG or m.startswith(PKG + '.')]:
            del sys.modules[name]
    out['ms'] = (time.perf_counter() - started) * 1000
    # repr() of the result doubles backslashes only when the text holds no quote
    return json.dumps(out, allow_nan=False).replace("'", '\\u0027')


def probe(req, g, l):
    try:
        obj = evaluate(req['expr'], g, l)
    except CannotCopy as e:
        return {'error': str(e), 'kind': 'eval'}
    except Exception as e:
        return {'error': describe_exception(e), 'kind': 'eval'}
    if is_layer(obj):
        return run_layer(obj, req, g, l)
    pair = pair_of(obj, g, req['methods'])  # cs231n's affine_backward(dout, cache), paused inside it (pairs.py)
    if isinstance(pair, str):
        return {'error': pair, 'kind': 'type'}
    if pair:
        return run_pair(pair, req, g, l)
    net = layers_of(obj)
    if net and callable(getattr(obj, 'gradient', None)):
        return run_net(obj, net, req, g, l)
    return array_answer(obj, req['maxElements'], req['expr'])


def is_array(v):
    return numpy is not None and isinstance(v, numpy.ndarray)


def scalar_kind(v):
    """A number's type as the tracer's values say it (values.scalar_value): Python's int or float,
    or a numpy scalar; None for anything else (a bool, an array)."""
    if isinstance(v, bool) or numpy is not None and isinstance(v, numpy.bool_):
        return None
    if numpy is not None and isinstance(v, numpy.number):
        return 'numpy'
    return 'int' if isinstance(v, int) else 'float' if isinstance(v, float) else None


def as_array(obj, expr='x'):
    """An ndarray of obj (a numpy array, a list, a scalar, a torch tensor), or a sentence why not."""
    np = numpy
    if type(obj).__module__.split('.')[0] == 'torch' and hasattr(obj, 'detach'):
        obj = obj.detach().cpu().numpy()
    if isinstance(obj, dict) and obj:
        keys = list(obj)
        return 'a %s of %d (%s), not an array: trace one of its values, e.g. %s[%r]' % (
            type(obj).__qualname__, len(keys), ', '.join(repr(k) for k in keys[:6]) + (', ...' if len(keys) > 6 else ''), expr, keys[0])
    if obj is None:  # a cache before its forward (the book's mask), cs231n's dx = None
        return 'None, not an array'
    if isinstance(obj, (str, bytes, dict, set)):
        return 'a %s, not an array' % type(obj).__qualname__
    held = [type(v).__qualname__ for v in obj[:6] if is_layer(v)] if isinstance(obj, (list, tuple)) else []
    if held:  # the book's gradient(): layers = list(self.layers.values())
        return 'a %s of %d layers (%s%s), not an array: trace one of them, e.g. %s[0]' % (
            type(obj).__qualname__, len(obj), ', '.join(held), ', ...' if len(obj) > 6 else '', expr)
    if held_param(obj) is not None:  # dlcourse.ai's Param: its layer is checked with it
        return 'a %s holding a parameter (its value and grad), not an array: trace %s.value or %s.grad, or the layer that holds it' % (
            type(obj).__qualname__, expr, expr)
    if not isinstance(obj, (int, float, bool, list, tuple) + ((np.ndarray, np.generic) if np else ())):
        return 'a %s, neither an array nor a layer (an object with forward and backward%s)%s' % (
            type(obj).__qualname__, ', or a function of a pair like affine_forward / affine_backward' if callable(obj) else '', misspelt(obj))
    if np is None or type(obj) is int and not -2 ** 63 <= obj < 2 ** 64:  # an int numpy would hold as an object: number_answer
        return None if isinstance(obj, (int, float, bool)) else 'a %s, and numpy is not loaded in the paused program: only numbers and layers are read without it' % type(obj).__qualname__
    try:
        a = np.asarray(obj)
    except Exception as e:
        if isinstance(obj, (list, tuple)) and obj:  # cs231n's cache = (x, w, b)
            shapes = ', '.join(str(np.shape(v)) if isinstance(v, (np.ndarray, list, tuple, int, float)) else type(v).__qualname__ for v in obj[:6])
            return 'a %s of %d items of different shapes or kinds (%s%s), not one array: trace one of them, e.g. %s[0]' % (
                type(obj).__qualname__, len(obj), shapes, ', ...' if len(obj) > 6 else '', expr)
        return 'not an array: %s' % describe_exception(e)
    if a.dtype.kind not in 'biuf':
        return 'an array of dtype %s, which has no gradient to trace' % a.dtype
    return a


def held_param(obj):
    """(value, grad) of a parameter held as an object (dlcourse.ai's Param: an array `value` and a
    `grad`), read from its __dict__ (none of its code runs), else None. A layer holding them is
    checked by the tracer's held.py, which the probe loads only for a layer: this is the probe's
    own look, for a hover and for a Param traced by itself."""
    try:
        own = object.__getattribute__(obj, '__dict__') if type(obj).__dictoffset__ else {}
    except AttributeError:
        return None
    return (own['value'], own['grad']) if is_array(own.get('value')) and 'grad' in own else None


def misspelt(obj):
    """Why an object with forward is not a layer: no backward, and the method it has instead (backword)."""
    look = lambda n: inspect.getattr_static(obj, n, None)  # none of the program's code runs
    if not callable(look('forward')):
        return ''
    near = sorted(n for n in dir(type(obj)) if n.lower().startswith('back') and n != 'backward' and callable(look(n)))
    return ': it has forward but no backward%s' % (' (it has %s)' % ', '.join(near) if near else '')


def array_answer(obj, max_elements, expr='x'):
    a = as_array(obj, expr)
    if isinstance(a, str):
        return {'error': a, 'kind': 'type'}
    if a is None:
        return number_answer(obj)
    head = {'kind': 'array', 'type': type(obj).__qualname__, 'shape': list(a.shape), 'dtype': str(a.dtype), 'size': int(a.size)}
    if scalar_kind(obj):  # apple = 100 is Python's int, not numpy's int64: said as the tracer says it
        head['scalar'] = scalar_kind(obj)
    if a.size > max_elements:  # said before anything is moved
        head['refused'] = True
        return head
    sent = a
    if str(a.dtype) not in EXACT:
        head['converted'] = str(a.dtype)
        sent = a.astype(numpy.float64)
    sent = numpy.ascontiguousarray(sent, dtype=sent.dtype.newbyteorder('<'))
    raw = sent.tobytes()
    head.update(sentDtype=str(sent.dtype), nbytes=len(raw), data=base64.b64encode(raw).decode('ascii'))
    return exact(head, obj, a)


def is_layer(obj, static=False):
    """An object with forward and backward; `static`: looked up without running any of its code."""
    get = (lambda o, n: inspect.getattr_static(o, n, None)) if static else (lambda o, n: getattr(o, n, None))
    return not isinstance(obj, type) and callable(get(obj, 'forward')) and callable(get(obj, 'backward'))


def layers_of(obj, static=False):
    """A net's layers in order: `layers` (a dict or a list) then any other layer attribute (lastLayer)."""
    try:
        fields = object.__getattribute__(obj, '__dict__')
    except AttributeError:
        return []
    found = []
    held = fields.get('layers')
    if static and type(held) not in (dict, OrderedDict, list, tuple):
        held = None  # a container of the program's own class: its items are not read from a hover
    if isinstance(held, dict):
        found += [v for v in held.values() if is_layer(v, static)]
    elif isinstance(held, (list, tuple)):
        found += [v for v in held if is_layer(v, static)]
    found += [v for k, v in fields.items() if k != 'layers' and is_layer(v, static)]
    return found


def params_of(fn):
    """forward's parameters, without self."""
    return [p for p in inspect.signature(fn).parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def picked(req, key, g, l):
    """The user's expressions for `key` (`input`: one or more, comma-separated) evaluated in the
    frame, as deep copies: a layer's copy may write into them (the book's dout[self.mask] = 0)."""
    text = (req.get(key) or '').strip().rstrip(',')
    if not text:
        return []
    return [copy.deepcopy(v) for v in evaluate('(%s,)' % text, g, l)] if key == 'input' else [copy.deepcopy(evaluate(text, g, l))]


def pick_inputs(fn, holders, req, g, l):
    """forward's (or gradient's) arguments: the value cached under the same name on the object or
    one of its layers (Affine's x, a loss's t); the user's picked values fill those it has not
    (AddLayer's x and y, in order), or else the first; one with a default not cached keeps its
    default (Dropout's train_flg=True)."""
    params = params_of(fn)
    names = [p.name for p in params]
    cached = [next((h.__dict__[n] for h in holders if n in getattr(h, '__dict__', {})), None) for n in names]
    needed = [p.name for p, v in zip(params, cached) if v is None and p.default is p.empty]
    given = dict(zip(needed or names[:1], picked(req, 'input', g, l)))
    values = [given[p.name] if p.name in given else copy.deepcopy(v) if v is not None else p.default if p.default is not p.empty else None
              for p, v in zip(params, cached)]
    return names, values, [n for n in needed if n not in given]


def run_layer(obj, req, g, l):
    names, args, missing = pick_inputs(obj.forward, [obj], req, g, l)
    if missing:
        return {'kind': 'layer', 'class': type(obj).__qualname__, 'needInput': missing, 'params': names}
    dout = picked(req, 'dout', g, l)
    return on_copy(obj, [lambda c: c], lambda inst: forward_backward(inst, args, dout), req, 'layer')


def forward_backward(inst, args, dout):
    """The copy's forward on args, then its backward on the picked dout, else on ones."""
    return backward_after(inst, inst.forward(*args), dout)


def backward_after(inst, out, dout):
    """The copy's backward after its forward gave `out`: on the picked dout ([value]), else on ones."""
    if dout:
        return inst.backward(dout[0])
    if not is_array(out):  # a loss or a number: backward's own default dout, else the book's dout = 1
        return inst.backward(1) if takes_dout(inst.backward) else inst.backward()
    # ones in out's dtype, as the book's notebooks call backward(np.ones_like(out))
    return inst.backward(numpy.ones_like(out, dtype=out.dtype if out.dtype.kind == 'f' else numpy.float64))


def takes_dout(fn):
    """Whether backward's first parameter must be given (MulLayer's dout; SoftmaxWithLoss's dout=1 need not)."""
    ps = [p for p in inspect.signature(fn).parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return bool(ps) and ps[0].default is inspect.Parameter.empty


def run_net(obj, layers, req, g, l):
    names, args, missing = pick_inputs(obj.gradient, layers, req, g, l)
    if missing:
        return {'kind': 'net', 'class': type(obj).__qualname__, 'needInput': missing, 'params': names}
    return on_copy(obj, [layers_of], lambda c: c.gradient(*args), req, 'net')


def on_copy(obj, find, go, req, kind):
    """Runs go(a deep copy of obj) with its layers' methods wrapped; the random state, stdout and
    the original are as before afterwards."""
    t = load_tracer()
    state, out = random_state(), sys.stdout
    rec = Recording(t)
    stdout = io.StringIO()  # what the copy prints goes into the record, not the Debug Console
    error = None
    try:
        sys.stdout = stdout
        twin = copy.deepcopy(obj)
        for inst in [x for f in find for x in (f(twin) if f is layers_of else [f(twin)])]:
            for m in req['methods']:
                if callable(getattr(inst, m, None)):
                    rec.wrap(inst, m)
        try:
            go(twin)
        except Exception as e:
            error = e
        set_random_state(state)
        checks, check_error = [], None
        if error is None:
            try:
                checks = rec.gradchecks(req.get('gradcheckMax', 4096), req.get('gradcheckSeconds', 0.5))
            except Exception as e:  # said in the panel, never silent
                check_error = describe_exception(e)
    finally:
        set_random_state(state)
        sys.stdout = out
    out = {'kind': kind, 'class': type(obj).__qualname__, 'result': rec.result(checks, stdout, error)}
    if check_error:
        out['gradcheckError'] = check_error
    return out


numpy = None  # the program's own numpy module, set by answer(); None in a program without it
