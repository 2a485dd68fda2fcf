"""After the recording's cap: no profile hook (cs231n-style function pairs: afterpairs.py). A hook is a Python call on every call of the
program (C calls too), ~2x the CPU of the book's gradient_check.py, whose numerical_gradient makes
~318,000 forward calls past the cap. Instead, the recorded methods (forward, backward, or
--methods) of the layer classes seen so far are wrapped where the instance's class finds them:
- every call of one is counted (the run says how many layer calls were not recorded: the end
  record's `unrecorded`); a call the recorder would not have recorded is not (super().forward
  from an override, a method of another class under the same name);
- the calls of an instance still waiting for its gradient check's verdict go to the checker as
  the recorder's did (forward: copies of its arguments; backward: the check, run at once), until
  every instance has one, or WATCH_MAX forwards in a row had no backward (then the hint says so);
- a forward's random state is taken at the call only for classes seen drawing while recorded
  (hooks.py); another forward that turns out to draw at its check is not checked, and says why.
The wrappers are off (the classes as they were) before the checks run at the end, and while a
check runs during the watch; the program's own calls are unchanged (arguments, result, exception).
"""
import builtins
import functools
import itertools
import sys
import types

from .afterpairs import AfterCapPairs, Token
from .files import is_user_file
from .hooks import WATCH_MAX, thread_time
from .draws import rng_state
from .ports import rng_moved
from .values import ndarray

CO_VARARGS = 0x04
_MISSING = object()
PROBES = 16  # forwards of each class after the cap that take the random state to see whether it draws


def bound(fn, code, args, kwargs):
    """The parameter names in signature order (self left out, *args named '*args') and their
    values in this call, as Recorder.arguments reads them from the frame; None when the call does
    not bind (forward raises TypeError then, as the program would see)."""
    n, kw = code.co_argcount, code.co_kwonlyargcount
    names = code.co_varnames[:n]
    if not kwargs and len(args) == n and not kw and not code.co_flags & CO_VARARGS:  # layer.forward(x)
        return list(names[1:]), list(args[1:])
    values = dict(zip(names, args))
    defaults = fn.__defaults__ or ()
    for i, name in enumerate(names[n - len(defaults):]):
        values.setdefault(name, defaults[i])
    kwdefaults = fn.__kwdefaults__ or {}
    for name in code.co_varnames[n:n + kw]:
        values[name] = kwdefaults.get(name, _MISSING)
    for name, v in kwargs.items():
        if name in values or name in names:
            values[name] = v
    out_names = list(names[1:])
    if code.co_flags & CO_VARARGS:
        star = code.co_varnames[n + kw]
        out_names.append('*' + star)
        values[star] = tuple(args[n:])
    out_names += code.co_varnames[n:n + kw]
    out = [values.get(p.lstrip('*'), _MISSING) for p in out_names]
    return None if any(v is _MISSING for v in out) else (out_names, out)


def user_classes():
    """The classes in the reader's modules now (__main__, or a cell's, included)."""
    found = []
    for name, module in list(sys.modules.items()):
        if name != '__main__' and not is_user_file(getattr(module, '__file__', None) or ''):
            continue
        try:
            found += [v for v in list(vars(module).values()) if isinstance(v, type)]
        except TypeError:
            continue
    return found


class AfterCap:
    """Installed by Hooks.cap(); needs the recorder's methods, instances, checker, lock, drawing."""

    def __init__(self, rec):
        self.rec = rec
        self.counter = itertools.count()  # next() is one C call: safe from the program's threads
        self.extra = 0  # calls counted apart (the one that met the cap)
        self.saved = []  # (class, name, its own attribute): what off() puts back
        self.classes = set()  # classes looked at
        self.probes = {}  # class -> its forwards probed for random draws (PROBES)
        self.latest = {}  # instance index -> its latest forward after the cap (forward)
        self.build_class = None
        self.on = False
        self.watching = True
        self.pairs = AfterCapPairs(self)  # the reader's cs231n-style functions after the cap

    def unrecorded(self):
        # count(n)'s repr holds n (its __reduce__ warns from Python 3.12 and is gone in 3.14)
        return int(repr(self.counter)[6:-1]) + self.extra

    def install(self):
        """Wraps the recorded methods of the reader's classes: those of the instances seen (and
        their bases), those in the reader's modules now, and those defined from now on."""
        classes = [type(inst) for inst, _ in list(self.rec.instances.values()) if inst is not None]
        for cls in classes + user_classes():
            for base in cls.__mro__[:-1]:
                self.wrap_class(base)
        self.build_class = builtins.__build_class__
        builtins.__build_class__ = self.defined
        self.pairs.install()
        self.on = True

    def defined(self, *args, **kwargs):
        """builtins.__build_class__ while the wrappers are on: a class the program defines after the cap."""
        cls = self.build_class(*args, **kwargs)
        if self.on and isinstance(cls, type):
            self.wrap_class(cls)
        return cls

    def wrap_class(self, cls):
        """The recorded methods cls defines itself (a subclass finds them there through its MRO)."""
        if cls in self.classes:
            return
        self.classes.add(cls)
        own, aliases = cls.__dict__, {}
        for name in sorted(self.rec.methods):
            fn = own.get(name)
            if isinstance(fn, types.FunctionType) and is_user_file(fn.__code__.co_filename):
                aliases[fn] = name
                self.wrap(cls, name, name, fn)
        call = own.get('__call__')
        if call in aliases:  # `forward = __call__`: layer(x) is that method's call too
            self.wrap(cls, '__call__', aliases[call], call)

    def wrap(self, cls, attr, method, fn):
        try:
            setattr(cls, attr, self.wrapper(attr, method, fn))
        except (TypeError, AttributeError):  # a class that takes no attributes: its calls go uncounted
            return
        self.saved.append((cls, attr, fn))

    def off(self):
        """The classes as they were (before the checks at the end run the forwards again)."""
        self.on = False
        if self.build_class is not None and builtins.__build_class__ == self.defined:
            builtins.__build_class__ = self.build_class
        self.pairs.off()
        for cls, attr, fn in reversed(self.saved):
            try:
                setattr(cls, attr, fn)
            except (TypeError, AttributeError):
                pass
        del self.saved[:]

    def wrapper(self, attr, method, fn):
        count, code, instances, paired = self.counter.__next__, fn.__code__, self.rec.instances, self.rec.checker.paired
        backward = method.startswith('backward')
        watch = self.backward if backward else self.forward

        @functools.wraps(fn)
        def layer_method(*args, **kwargs):
            if self.on and args and getattr(type(args[0]), attr, None) is layer_method:
                count()
                # a new instance waits for its verdict; a checked one's backward again on its forward is checked too
                if paired and self.again(args[0], backward) or self.watching or id(args[0]) not in instances:
                    return watch(fn, code, args, kwargs)
            return fn(*args, **kwargs)
        return layer_method

    def again(self, inst, backward):
        """Whether a backward is another on the forward the instance's checked backward had (its
        check still to come: once after the cap, as afterpairs.py's); a forward ends that pairing."""
        entry = self.rec.instances.get(id(inst))
        index = entry and entry[1]
        if entry is None or index not in self.rec.checker.paired:
            return False
        if not backward:
            self.rec.checker.new_forward(index)
            return False
        return self.rec.checker.wants((index, None))

    def instance(self, inst):
        """(inst, index); an instance first seen after the cap is numbered, and watched (no verdict yet)."""
        rec = self.rec
        entry = rec.instances.get(id(inst))
        if entry is None:
            with rec.lock:
                entry = rec.instances.get(id(inst)) or rec.instances.setdefault(id(inst), (inst, len(rec.instances)))
            self.watching = not rec.watch_stopped
        return entry

    def forward(self, fn, code, args, kwargs):
        """A forward while instances wait: what its check needs, kept as cheaply as can be (the
        numerical gradient's ~318,000 go by here): copies of its array arguments, its result;
        the checker's material is made from them only if a backward comes (materialise)."""
        rec = self.rec
        index = self.instance(args[0])[1]
        rec.watched += 1
        if rec.watched >= WATCH_MAX:  # only forwards for a long while: the copies are not worth it
            rec.watch_stopped, self.watching = True, False
        if not self.watching or not rec.checker.wants(index):
            return fn(*args, **kwargs)
        cls = type(args[0])
        probe = cls not in rec.drawing and self.probes.get(cls, 0) < PROBES
        rng = rng_state() if probe or cls in rec.drawing else None  # ~60 us: only where it may draw
        copies = [a.copy() if isinstance(a, ndarray) else a for a in args]
        kw = dict((k, a.copy() if isinstance(a, ndarray) else a) for k, a in kwargs.items()) if kwargs else kwargs
        result = fn(*args, **kwargs)  # raised: the instance's latest forward stays the one before
        if probe:
            self.probes[cls] = self.probes.get(cls, 0) + 1
            if rng_moved(rng):  # it drew: its later forwards take the state
                rec.drawing.add(cls)
        self.latest[index] = (fn, code, copies, kw, result, rng)
        return result

    def materialise(self, index):
        """The instance's latest forward after the cap, handed to the checker as its own watch did."""
        fn, code, copies, kw, result, rng = self.latest.pop(index)
        binding = bound(fn, code, copies, kw)
        if binding is None:
            return
        key, checker = Token(code), self.rec.checker
        checker.on_call(key, copies[0], index, False, binding[0], binding[1], code.co_argcount - 1, rng=rng, late=True)
        checker.on_return(key, result, False, None, range(len(binding[0])))

    def backward(self, fn, code, args, kwargs):
        """A backward while instances wait: its check, run at once after it returns."""
        rec, checker, inst = self.rec, self.rec.checker, args[0]
        index = self.instance(inst)[1]
        rec.watched = 0
        again = not checker.wants(index) and index in checker.paired and checker.wants((index, None))
        if not checker.wants(index) and not again:
            return fn(*args, **kwargs)
        with rec.lock:
            started = thread_time()
            if index in self.latest:
                self.materialise(index)
            binding = bound(fn, code, args, kwargs)
            key = Token(code)
            if binding is not None:
                rec.numpy_seen()
                checker.on_call(key, inst, index, True, binding[0], binding[1], code.co_argcount - 1, again=again)
            rec.own_cpu += thread_time() - started
        if key not in checker.frames:
            return fn(*args, **kwargs)
        try:
            result = fn(*args, **kwargs)
        except BaseException as e:
            self.returned(key, None, True, inst, e)
            raise
        self.returned(key, result, False, inst)
        return result

    def returned(self, key, result, raised, inst, exc=None):
        rec, checker = self.rec, self.rec.checker
        with rec.lock:
            if key not in checker.frames:
                return
            started = thread_time()
            checker.on_return(key, result, raised, inst, (), exc=exc)
            self.on = False  # the check runs the forwards again: not the program's calls
            try:
                checker.run_queued()  # after the cap: at once (Hooks.cap)
            finally:
                self.on = bool(self.saved) or self.pairs.installed  # not if off() ran meanwhile
            if not rec.waiting():
                self.watching = False
            rec.own_cpu += thread_time() - started
