"""Parameters held as objects, as dlcourse.ai's layers keep them: `self.W = Param(w)`, the
parameter W.value, its gradient W.grad. A layer holds them as attributes, or in a dict or a list
on the layer (`self.params = {'W': Param(w), 'B': Param(b)}`, `self.params = [Param(w)]`; the
objects a `params()` method returns are these same ones: the method is never called, it is the
program's code). The recording draws them (held_fields), the check reads what backward gave
them (held_grads) and perturbs their values (ports.held_ports). One type check per attribute on
every recorded return, and per entry of a dict or a list attribute (entries).
The book's sequel keeps arrays in a list with their gradients at the same places of another
(`self.params = [W, b]`, `self.grads = [dW, db]`): listed_params reads them, and the check treats
them as it treats attributes (ports.param_ports: the gradient is what backward left there).
"""
from .constants import GRAD_LISTS
from .values import is_scalar, ndarray

BOXES = (dict, list, tuple)
CONTAINER_MAX = 64  # a longer dict or list attribute (a loss history) is read whole if its first entry is a Param,
SCANNED = {}  # else looked through once, and again each time it has doubled: id -> (its length then, -1 if it
# holds Params; its first entry's id: another container that took a dead one's id is looked through anew)
SCANNED_MAX = 4096  # ids kept (forgotten all at once past it: a container is then looked through again)


def fields(inst):
    try:
        return object.__getattribute__(inst, '__dict__')
    except AttributeError:
        return {}


def param_of(obj):
    """(value, grad) of an object holding a parameter (a numeric array `value`, or a number: a
    learnable scale `Param(1.5)`, whose np.zeros_like grad is a 0-d array; and a `grad` that is an
    array, a number, as `param.grad = 0` zeroes it, or None), else None."""
    if not type(obj).__dictoffset__:  # no __dict__ (an array, a number, a tuple, None): ~0.1 us
        return None
    held = fields(obj)
    v, g = held.get('value'), held.get('grad')
    if (isinstance(v, ndarray) and v.dtype.kind in 'biuf' or is_scalar(v)) and (g is None or isinstance(g, ndarray) or is_scalar(g)):
        return v, g
    return None


def entries(obj):
    """(key, item) of a dict, list or tuple attribute; one longer than CONTAINER_MAX (a loss
    history) when its first entry holds a parameter (a long list of Params is read whole), or when
    a look through it found one (a dict whose first entry is a number: {'lr': 0.01, 'W0': Param(w0), …}).
    A growing loss history is looked through at 65 entries, 130, 260…: each entry about twice in all."""
    box = isinstance(obj, dict)
    if len(obj) > CONTAINER_MAX:
        first = next(iter(obj.values())) if box else obj[0]
        if not (type(first).__dictoffset__ and param_of(first) is not None) and not holds_params(obj, first, box):
            return ()
    return list(obj.items()) if box else enumerate(obj)


def holds_params(obj, first, box):
    """Does a long container hold a parameter object? Remembered by its id until it has doubled."""
    seen, was = SCANNED.get(id(obj), (None, None))
    if was == id(first) and (seen == -1 or len(obj) < 2 * seen):
        return seen == -1
    if len(SCANNED) >= SCANNED_MAX:
        SCANNED.clear()
    found = any(type(item).__dictoffset__ and param_of(item) is not None for item in (obj.values() if box else obj))
    SCANNED[id(obj)] = (-1 if found else len(obj), id(first))
    return found


def held_params(inst, fs=None):
    """name -> (the object, its grad, its path) of each parameter held as an object: an attribute
    (path (attr,)), else an entry of a dict or list attribute (path (attr, key)), named by its key
    (`W` of self.params['W']) when that names nothing else, else `params[0]`. An object held twice
    (self.W, and self.params['W'] the same) is read once, as the attribute.
    fs: the instance's fields when the caller has them."""
    fs = fields(inst) if fs is None else fs
    out, boxes = {}, []
    for name, obj in list(fs.items()):
        if type(obj).__dictoffset__:  # an object: a Param? (arrays, numbers, None: not, ~0.05 us)
            p = param_of(obj)
            if p is not None:
                out[name] = (obj, p[1], (name,))
        elif isinstance(obj, BOXES):
            boxes.append((name, obj))
    seen = set(id(o) for o, _, _ in out.values()) if boxes else ()
    for name, obj in boxes:
        for key, item in entries(obj):
            p = param_of(item) if type(item).__dictoffset__ else None
            if p is None or id(item) in seen:
                continue
            seen.add(id(item))
            plain = isinstance(key, str) and key.isidentifier() and key not in fs and key not in out
            out[key if plain else '%s[%r]' % (name, key)] = (item, p[1], (name, key))
    return out


def locate(inst, path):
    """The held object at `path` (held_params) on `inst`: a copy of the layer holds its own."""
    obj = fields(inst).get(path[0])
    if len(path) > 1 and obj is not None:
        try:
            obj = obj[path[1]]
        except (LookupError, TypeError):
            return None
    return obj


def held_fields(fs):
    """Held parameters as the recording draws them, beside the attributes `fs`: W as W.value (in
    place of the object), dW as W.grad when it is an array (a dW attribute, if the layer has one, wins)."""
    out = []
    for name, (obj, g, _) in held_params(None, fs).items():
        drawn = isinstance(g, ndarray) or is_scalar(g) and is_scalar(fields(obj)['value'])  # a number's number grad
        grad = [('d' + name, g)] if drawn and 'd' + name not in fs else []
        out += [(name, fields(obj)['value'])] + grad
    # the sequel's: each listed parameter with its own gradient (a model's shared W_in, whose gradient is
    # a sum the check makes once, is not summed again at every recorded call: a model is not drawn)
    listed = dict((n, e) for n, e in listed_params(fs).items() if len(e[2]) == 1)
    return out + [(name, p) for name, (p, _, _) in listed.items()] + (list(listed_grads(fs, listed).items()) if listed else [])


def held_grads(before, snapshot, inst):
    """name -> (path, what backward gave each held parameter): the grad it put there
    (`self.W.grad = dW`), or what it added into the grad it found (`self.W.grad += dW`, dlcourse.ai's
    accumulation: into the very array it had at the call, less its value then, kept in the
    snapshot; into a number, `param.grad = 0` before, less that number). before: name -> grad at the call."""
    old = held_params(snapshot)
    out = {}
    for name, (obj, g, path) in held_params(inst).items():
        number = is_scalar(g) and is_scalar(fields(obj)['value'])  # a number's grad set as a number
        if not (number or isinstance(g, ndarray) and g.dtype.kind in 'biuf') or name not in before:
            continue
        grad = float(g) if number else g.astype('float64')
        was = old[name][1] if name in old else None
        if g is before[name] and isinstance(was, ndarray) and was.shape == grad.shape:
            grad -= was
        elif is_scalar(was) and is_scalar(before[name]):
            grad -= float(was)
        out[name] = (path, grad)
    return out


def listed_params(fs):
    """The sequel's parameters: name -> (the array, its gradients' list, the places in it), params[0] ->
    (W, 'grads', [0]). An array at several places (a model whose layers share W_in: model.params =
    [W_in, W_in, W_out]) is one parameter, named by its first place, whose gradient is the sum of
    those at all its places, as the book's remove_duplicate adds them before a step."""
    out = {}
    for plist, glist in GRAD_LISTS:
        ps, gs = fs.get(plist), fs.get(glist)
        if not (isinstance(ps, BOXES[1:]) and isinstance(gs, BOXES[1:]) and len(ps) == len(gs) <= CONTAINER_MAX):
            continue
        first = {}
        for i, p in enumerate(ps):
            if isinstance(p, ndarray) and p.dtype.kind in 'biuf':
                out.setdefault('%s[%d]' % (plist, first.setdefault(id(p), i)), (p, glist, []))[2].append(i)
    return out


def listed_grads(fs, listed=None):
    """What backward left for each listed parameter, by its gradients' names: grads[0] -> its own
    array, grads[0]+grads[1] -> a new one, their sum. A place holding no numeric array of the
    parameter's shape leaves that parameter out (its check is then said missing, as for a dW never set)."""
    out = {}
    for p, glist, places in (listed_params(fs) if listed is None else listed).values():
        gs = [fs[glist][i] for i in places]
        if all(isinstance(g, ndarray) and g.dtype.kind in 'biuf' and g.shape == p.shape for g in gs):
            out['+'.join('%s[%d]' % (glist, i) for i in places)] = gs[0] if len(gs) == 1 else sum(g.astype('float64') for g in gs)
    return out


def param_fields(fs):
    """(name, value) of what may be a parameter: each attribute, and each listed parameter."""
    return list(fs.items()) + [(name, p) for name, (p, _, _) in listed_params(fs).items()]


def listed_ids(fs):
    """(gradients' list name, place, id of the array there) of each listed gradient: what backward
    wrote into, or replaced (rebound_hint)."""
    return [(glist, i, id(g)) for plist, glist in GRAD_LISTS if isinstance(fs.get(glist), BOXES[1:]) and isinstance(fs.get(plist), BOXES[1:])
            for i, g in enumerate(fs[glist][:CONTAINER_MAX])]


def rebound_hint(cls, glist, i):
    """One sentence for a backward that put a new array in its gradients' list rather than writing into the one there."""
    return ('%s.backward put a new array at self.%s[%d] (self.%s[%d] = ...) instead of writing into the one there: a model '
            "that gathered the layer's %s (model.%s += layer.%s) still holds the old array, so it and the optimizer never see "
            'this gradient; write into it, as the book does: self.%s[%d][...] = ...' % (cls, glist, i, glist, i, glist, glist, glist, glist, i))


def rebound(ids, fs):
    """(gradients' list, place) of the first listed gradient backward put a new array at, else None (rebound_hint)."""
    now = set(listed_ids(fs))
    return next(((glist, i) for glist, i, at in ids if (glist, i, at) not in now), None)
