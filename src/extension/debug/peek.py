"""A hover's read of a paused program: the value a name has in the frame, running none of its code.

Part of the probe (probe.py): the host sends the files as one text, exec'd into one fresh dict,
so `numpy`, `array_answer`, `is_array`, `is_layer` and `held_param` here are probe.py's. A trace may run a layer's copy; a
hover never does: it fires on every rest of the mouse, so it only reads. A dotted name is looked
up in the frame's locals and globals, attributes with inspect.getattr_static (a property or a
__getattr__ of the program is never called), subscripts only of plain dicts, lists and tuples.
An array is sent as a trace sends it (shape and dtype first, bounded, as bytes); a layer or a net
is described by what it holds (its arrays' shape, dtype and range, a Param's value and grad, its
layers by class).
"""
import ast
import inspect
from collections import OrderedDict

HOLDS_MAX = 24  # attributes listed for a layer or a net; the rest are counted


class Unreadable(Exception):
    """The name cannot be read without running the program's code (or is not there)."""


def peek(req, g, l):
    try:
        obj = lookup(req['expr'], g, l)
    except Unreadable as e:
        return {'error': str(e), 'kind': 'eval'}
    if is_layer(obj, static=True):
        return {'kind': 'layer', 'class': type(obj).__qualname__, 'holds': holdings(obj)}
    if layers_of(obj, static=True):
        return {'kind': 'net', 'class': type(obj).__qualname__, 'holds': holdings(obj)}
    if isinstance(obj, (list, tuple)) and not plain_numbers(obj, req['maxElements']):
        return {'error': 'a %s holding more than numbers: not read from a hover' % type(obj).__qualname__, 'kind': 'type'}
    return array_answer(obj, req['maxElements'], req['expr'])


def lookup(expr, g, l):
    try:
        node = ast.parse(expr.strip(), mode='eval').body
    except SyntaxError:
        raise Unreadable('not a name: %s' % expr)
    return read(node, g, l)


def read(node, g, l):
    if isinstance(node, ast.Name):
        for scope in (l, g):
            if node.id in scope:
                return scope[node.id]
        raise Unreadable("NameError: name '%s' is not defined" % node.id)
    if isinstance(node, ast.Attribute):
        base = read(node.value, g, l)
        try:
            v = inspect.getattr_static(base, node.attr)
        except AttributeError:
            raise Unreadable('AttributeError: %s has no attribute %s' % (type(base).__qualname__, node.attr))
        if hasattr(type(v), '__get__') and not isinstance(v, (int, float, complex, bool, str, bytes)):
            # a property, a method, a slot: reading it would run code (the class's or numpy's)
            raise Unreadable('%s.%s is computed when read: not run from a hover' % (type(base).__qualname__, node.attr))
        return v
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        base, key = read(node.value, g, l), node.slice.value
        for plain in (dict, list, tuple):
            if isinstance(base, plain) and type(base).__getitem__ is plain.__getitem__:
                try:
                    return plain.__getitem__(base, key)
                except (KeyError, IndexError, TypeError) as e:
                    raise Unreadable('%s: %s' % (type(e).__name__, e))
        raise Unreadable('a subscript of a %s: not run from a hover' % type(base).__qualname__)
    raise Unreadable('not a name: %s' % ast.dump(node)[:80])


def plain_numbers(obj, budget):
    """Whether a (nested) list or tuple holds only numbers, looked at up to `budget` leaves."""
    stack, seen = [obj], 0
    while stack:
        v = stack.pop()
        if type(v) in (list, tuple):
            stack.extend(v)
        elif type(v) in (int, float, bool) or is_generic(v):
            seen += 1
            if seen > budget:
                return True  # array_answer refuses it by its size, with its shape
        else:
            return False
    return True


def holdings(obj):
    """What a layer or a net holds now: its arrays, numbers and layers, a dict or list of them one level down."""
    try:
        fields = object.__getattribute__(obj, '__dict__')
    except AttributeError:
        return []
    out = []
    for k, v in list(fields.items()):
        if type(v) in (dict, OrderedDict):
            out += [h for kk, vv in list(v.items()) if isinstance(kk, (str, int)) for h in param_or_held('%s[%r]' % (k, kk), vv)]
        elif type(v) in (list, tuple) and 0 < len(v) <= HOLDS_MAX:
            out += [h for i, vv in enumerate(v) for h in param_or_held('%s[%d]' % (k, i), vv)]
        else:
            out += param_or_held(k, v)
    out = [h for h in out if h is not None]
    if len(out) > HOLDS_MAX:
        out = out[:HOLDS_MAX] + [{'name': '', 'more': len(out) - HOLDS_MAX}]
    return out


def param_or_held(name, v):
    """A parameter held as an object (dlcourse.ai's Param: an array `value`, its `grad`) as its
    value and grad, read from its __dict__ (no code of it runs); anything else as held() says it.
    (probe.py's held_param: a hover does not load the tracer.)"""
    p = held_param(v)
    return [held(name + '.value', p[0]), held(name + '.grad', p[1])] if p is not None else [held(name, v)]


def held(name, v):
    if is_array(v):
        h = {'name': name, 'shape': list(v.shape), 'dtype': str(v.dtype)}
        if v.size and v.dtype.kind == 'b':
            h['true'] = int(numpy.count_nonzero(v))
        elif v.size and v.dtype.kind in 'iuf':
            h['min'], h['max'] = finite(v.min()), finite(v.max())
        return h
    if v is None:
        return {'name': name, 'value': None}
    if type(v) in (int, float, bool) or is_generic(v):
        # its dtype, so the hover prints it as the program does: 100, True, 3.0
        dtype = str(v.dtype) if is_generic(v) else {int: 'int64', float: 'float64', bool: 'bool'}[type(v)]
        return {'name': name, 'value': finite(v), 'dtype': dtype}
    if is_layer(v, static=True):
        return {'name': name, 'class': type(v).__qualname__}
    return None


def is_generic(v):
    """A numpy scalar (np.float32(0.1)); never one in a program without numpy."""
    return numpy is not None and isinstance(v, numpy.generic)


def finite(v):
    f = float(v)
    return f if f == f and abs(f) != float('inf') else repr(f)
