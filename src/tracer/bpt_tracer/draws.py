"""The random generators a forward may draw from: the global ones (numpy's and Python's:
rng_state, rng_objects), and the reader's own: a Dropout's `self.rng = np.random.default_rng(0)`, or a module's
`rng = np.random.default_rng(0)` (numpy's Generator, a RandomState, a random.Random), or one
held by an object the layer holds (`self.net.rng`: the network's generator its layers share). Their
states are taken when the forward starts, so each evaluation of its check draws the mask the
forward drew (not a new one: a false FAILED), and a module's generator is put back after the
check (the program's own random stream is not moved by it). A generator reached otherwise is
caught by the check's repeat test (ports.py: not checked, with why).
"""
import random
import sys

from .values import np_random


def rng_state():
    """numpy's and Python's global random states (a forward re-run for its check draws the same)."""
    generator = np_random()
    return generator.get_state() if generator is not None else None, random.getstate()


def rng_objects():
    """The global generators' objects: a C call on one of them (np.random.rand, random.random,
    random.randint's getrandbits) draws from, or sets, the state rng_state takes."""
    found = [getattr(random, '_inst', None)]
    if np_random() is not None:
        found.append(getattr(getattr(np_random(), 'mtrand', None), '_rand', None))
    return frozenset(id(o) for o in found if o is not None)


def draws_unseen():
    """numpy's global draws (np.random.rand) are not C functions in numpy 2 (Cython 3 methods): a
    profile hook gets no c_call for them, so a forward cannot take the random state at its first draw
    (numpy 1's were C functions); the state is taken when each forward starts instead (~30 us)."""
    module = np_random()
    return module is not None and type(getattr(module, 'rand', None)).__name__ != 'builtin_function_or_method'


def _kinds():
    """The generator classes (not their subclasses), numpy's when numpy.random is imported."""
    module = np_random()
    if module is None:
        return {random.Random}
    return {random.Random, module.Generator, module.RandomState}


def state_of(g):
    if isinstance(g, random.Random):
        return g.getstate()
    if hasattr(g, 'bit_generator'):  # numpy's Generator
        return g.bit_generator.state
    return g.get_state()


def set_state(g, state):
    if isinstance(g, random.Random):
        g.setstate(state)
    elif hasattr(g, 'bit_generator'):
        g.bit_generator.state = state
    else:
        g.set_state(state)


def _found(space, kinds, skip):
    """(name, generator) of a namespace's values that are generators, the global ones left out."""
    try:
        items = list(space.items())
    except Exception:
        return []
    return [(k, v) for k, v in items if type(v) in kinds and id(v) not in skip]  # type: ~2x quicker than isinstance


def _fields(obj):
    try:
        return object.__getattribute__(obj, '__dict__')
    except AttributeError:
        return {}


def _held(fields, kinds, skip):
    """(path, generator) of the instance's generators: an attribute's ((name,)), or one an object
    it holds has as an attribute ((name, its name): self.net.rng)."""
    out = [((k,), g) for k, g in _found(fields, kinds, skip)]
    for k, obj in list(fields.items()):
        if type(obj).__dictoffset__ and type(obj) not in kinds:  # an object (not an array, a number)
            out += [((k, k2), g) for k2, g in _found(_fields(obj), kinds, skip)]
    return out


def _at(inst, path):
    """The generator at `path` (_held) on `inst` (the check's copy holds its own copy of it)."""
    for name in path:
        inst = getattr(inst, name, None)
    return inst


def generators(inst, frame, skip=frozenset(), args=()):
    """At a forward's start: ([(path, state)] of the instance's generators (_held), [(generator,
    state)] of those among its forward's globals (after the cap the watch gives no frame: those of
    its class's module) and its arguments. skip: ids of the global generators (rng_state takes them)."""
    kinds = _kinds()
    space = getattr(frame, 'f_globals', None) or getattr(sys.modules.get(type(inst).__module__), '__dict__', None)
    own = [(path, state_of(g)) for path, g in _held(_fields(inst), kinds, skip)]
    shared = [(g, state_of(g)) for _, g in _found(space or {}, kinds, skip) + _found(dict(enumerate(args)), kinds, skip)]
    return own, shared


def rewind(inst, gens):
    """Before an evaluation: the generators as the forward found them (inst: the check's copy)."""
    own, shared = gens
    for path, state in own:
        g = _at(inst, path)
        if g is not None:
            set_state(g, state)
    for g, state in shared:
        set_state(g, state)


def moved(inst, gens):
    """Has an evaluation drawn from them since rewind (inst: the check's copy)?"""
    own, shared = gens
    return (any(_at(inst, path) is not None and not _same(state_of(_at(inst, path)), state) for path, state in own)
            or any(not _same(state_of(g), state) for g, state in shared))


def _same(a, b):
    """Two generator states alike (a RandomState's holds an array)."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except ValueError:  # arrays
        return a.shape == b.shape and bool((a == b).all())


def kept(gens):
    """The module generators' states now (to put back after the check: restore)."""
    return [(g, state_of(g)) for g, _ in gens[1]]


def restore(states):
    for g, state in states:
        set_state(g, state)
