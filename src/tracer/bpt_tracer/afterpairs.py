"""After the recording's cap, the reader's cs231n-style functions (pairs.py): `affine_forward`,
`affine_backward`, `softmax_loss`... As aftercap.py wraps layer classes' methods, these are
switched to a trampoline, with no profile hook: each function object's own __code__ is swapped
(so a call through `from layers import affine_forward`, a dict or a lambda is seen too) for a
two-line function of this package that calls `_bpt_after_cap_call(key, args, kwargs)`:
- every call is counted among the layer calls not recorded (a *_loss only when it returns
  (loss, gradient), the calls the recorder records);
- a backward given the very cache a forward recorded before the cap returned (by identity, never
  a guess: after the cap forwards go by unrecorded) is that forward's backward: checked, at once,
  as a recorded pair's would be at the end (gradcheck.py), its exception named if it raises;
  another backward on that cache after it (cs231n's `batchnorm_backward_alt`) is checked too, once.
The functions get their own code back (off) before the checks at the end run; the program's own
calls are unchanged (arguments, result, exception). Switched too: a closure a module holds (`forward,
backward = make_layers(alpha)`: its trampoline has as many free variables), the function a decorator
wraps (its `__wrapped__`, else a function in the wrapper's closure). Not switched: a generator, a
function defined after the cap or kept only inside a function or an object; their calls go
uncounted, and a forward waiting for a backward of that name says why it is not checked (UNSEEN).
"""
import builtins
import sys
import types

from .files import is_user_file
from .names import arguments
from .hooks import exited_by_exception, thread_time
from .pairs import LOSS_NAME, FunctionLayer, function_of, is_plain_function, loss_grad, split_name

ENTRY = '_bpt_after_cap_call'  # the builtin the trampolines call (a global name no reader's code uses)
GENERATOR = 0x20 | 0x80 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR
UNSEEN = "no backward call for it was recorded before the recording's cap, and after the cap a function named %s could not be watched: only the functions your modules hold when the recording stops are (one defined later, or kept only inside a function or an object, is not)"


def _switched(*args, **kwargs):
    return _bpt_after_cap_call(0, args, kwargs)  # noqa: F821 -- your function, switched after the recording's cap (Backprop Trace)


def trampoline(name, key, free=0):
    """The code a switched function runs: its name, this file's (not the reader's: tracebacks and
    describe_error leave it out), all arguments passed on as they came. Its lines are _switched's,
    so a traceback the program prints shows that line of this file. free: the closure's size (a
    code is swapped only for one with as many free variables): names read after the return, never."""
    first = _switched.__code__.co_firstlineno
    body = 'def %s(*args, **kwargs):\n    return %s(%d, args, kwargs)\n' % (name if name.isidentifier() else 'f', ENTRY, key)
    if free:
        names = ['_bpt_free%d' % k for k in range(free)]
        inner = ''.join('    ' + line + '\n' for line in body.splitlines() + ['    ' + ', '.join(names) + ','])
        body = 'def _bpt_outer():\n    %s = None\n%s' % (' = '.join(names), inner)
    module = compile('\n' * (first - (3 if free else 1)) + body, __file__, 'exec')
    code = next(c for c in module.co_consts if isinstance(c, types.CodeType))
    if free:
        code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    return code.replace(co_name=name) if hasattr(code, 'replace') else code


def wrapped(fn):
    """fn, and the function a decorator wraps in it: its __wrapped__ (functools.wraps), else the
    functions its closure holds (a wrapper written without functools.wraps)."""
    inner = getattr(fn, '__wrapped__', None)
    if isinstance(inner, types.FunctionType):
        return [fn, inner]
    found = [fn]
    for cell in fn.__closure__ or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, types.FunctionType):
            found.append(value)
    return found


def user_functions(pattern):
    """The reader's module-level function pairs and losses now: (function, stem, method) each once."""
    found, seen = [], set()
    for name, module in list(sys.modules.items()):
        if name != '__main__' and not is_user_file(getattr(module, '__file__', None) or ''):
            continue
        try:
            values = list(vars(module).values())
        except TypeError:
            continue
        for fn in [f for v in values if isinstance(v, types.FunctionType) for f in wrapped(v)]:
            if id(fn) in seen:
                continue
            code = fn.__code__
            if code.co_flags & GENERATOR or not is_plain_function(code) or not is_user_file(code.co_filename):
                continue
            parts = split_name(pattern, code.co_name)
            if parts or LOSS_NAME.match(code.co_name):
                seen.add(id(fn))
                found.append((fn, parts[0] if parts else None, parts[1] if parts else 'loss'))
    return found


def bind(fn, args, kwargs):
    """(parameter names, values) of this call, defaults filled in; None when it does not bind."""
    import inspect  # only for a backward whose forward waits for its check: a few calls
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    names, values = [], []
    for p in inspect.signature(fn).parameters.values():
        names.append('*' + p.name if p.kind == p.VAR_POSITIONAL else p.name)
        values.append(bound.arguments[p.name])
    return names, values


class AfterCapPairs:
    """Installed and taken off with the layer classes' wrappers (aftercap.AfterCap)."""

    def __init__(self, after):
        self.after, self.rec = after, after.rec
        self.table = []  # key -> (function, its own code, a copy running that code, stem, method)
        self.installed = False  # functions switched now
        self.caches = {}  # id(cache) -> the open forward (pairs.OpenForwards) that returned it, before the cap
        self.settled = False  # every forward of caches has its verdict: they go at the next backward given none of them

    def install(self):
        functions = self.rec.functions
        # the paired ones too: the backward that met the cap was paired before it did (pairs.py)
        self.caches = dict((id(e[1]), e) for e in list(functions.paired) + functions.open if e[1] is not None)
        for fn, stem, method in user_functions(self.rec.pattern):
            original = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
            original.__kwdefaults__ = fn.__kwdefaults__
            key = len(self.table)
            self.table.append((fn, fn.__code__, original, stem, method))
            try:
                fn.__code__ = trampoline(fn.__code__.co_name, key, len(fn.__code__.co_freevars))
            except (ValueError, TypeError):  # cannot take it: its calls go uncounted
                self.table[key] = None
        if any(self.table):
            setattr(builtins, ENTRY, self.call)
            self.installed = True
        self.unseen(functions.open)

    def unseen(self, forwards):
        """A forward waiting for its backward when no function of that name is switched: why it
        will not be checked (a verdict after all replaces it)."""
        watched = set(e[3] for e in self.table if e is not None and e[4].startswith('backward'))
        checker = self.rec.checker
        for stem, _, _, index, _ in forwards:
            f = checker.forward.get(index)
            if f is not None and checker.wants(index) and stem not in watched:
                # conv_forward_naive's backward is conv_backward_naive
                parts = split_name(self.rec.pattern, getattr(getattr(f['stand_in'], 'fn', None), '__name__', ''))
                name = stem + '_backward' + ('_' + parts[2] if parts and parts[2] else '')
                checker.reasons[index] = (f['class'], f['call'], UNSEEN % name)

    def off(self):
        self.installed = False
        for entry in self.table:  # kept: a call already in a trampoline still finds its function
            if entry is not None and entry[0].__code__ is not entry[1]:
                entry[0].__code__ = entry[1]
        if getattr(builtins, ENTRY, None) == self.call:
            delattr(builtins, ENTRY)

    def call(self, key, args, kwargs):
        fn, _, original, stem, method = self.table[key]
        after = self.after
        if not after.on:  # a check running the forward again: not the program's call
            return original(*args, **kwargs)
        if stem is None:  # a *_loss: a layer call only if it returns (loss, gradient of an argument)
            result = original(*args, **kwargs)
            if loss_grad(result, args) is not None:
                after.counter.__next__()
            return result
        after.counter.__next__()
        if not method.startswith('backward') or not self.caches:
            return original(*args, **kwargs)
        found = self.opened(args, kwargs)
        if found is None:
            if self.settled:  # not kept longer: a second backward on a cache comes right after the first
                self.caches = {}
            return original(*args, **kwargs)
        return self.backward(fn, original, stem, found, args, kwargs)

    def opened(self, args, kwargs):
        """(forward, again) for a backward given the cache a forward recorded before the cap
        returned: its first checked backward (again False), or another on the same cache after the
        first was checked (cs231n's `batchnorm_backward_alt` after `batchnorm_backward`: again True,
        checked once, with its own dout); else None."""
        checker = self.rec.checker
        for a in list(args) + list(kwargs.values()):
            entry = self.caches.get(id(a))
            if entry is None or entry[1] is not a:
                continue
            if checker.wants(entry[3]):
                return entry, False
            if entry[3] in checker.paired and checker.wants((entry[3], None)):
                return entry, True
        return None

    def met_cap(self, frame):
        """The call that met the cap has started with its own code: a backward of a forward recorded
        before it (the cap falling between a forward pass and its backward, as in cs231n's
        Solver) is checked when it returns, seen by a profile hook on this thread until then."""
        code = frame.f_code
        parts = split_name(self.rec.pattern, code.co_name)
        if not parts or not parts[1].startswith('backward') or not self.caches or not is_plain_function(code):
            return
        names, args = arguments(frame, code, False)
        found = self.opened(args, {})
        if found is None:
            return
        checker, stand_in = self.rec.checker, FunctionLayer(function_of(frame, code), True)
        checker.on_call(frame, stand_in, found[0][3], True, names, args, code.co_argcount, label=(parts[0], '__call__'), again=found[1])
        if frame not in checker.frames:
            return

        def until_return(f, event, arg):
            if event == 'return' and f is frame:
                sys.setprofile(None)
                raised = exited_by_exception(frame)
                self.after.returned(frame, None if raised else arg, raised, stand_in)
        sys.setprofile(until_return)

    def backward(self, fn, original, stem, found, args, kwargs):
        """Its check, run at once after it returns (aftercap.AfterCap.returned), as a class's backward after the cap."""
        rec, checker, index = self.rec, self.rec.checker, found[0][3]
        with rec.lock:
            started = thread_time()
            binding = bind(original, args, kwargs)
            key = Token(original.__code__)
            if binding is not None:
                rec.numpy_seen()
                checker.on_call(key, FunctionLayer(fn, True), index, True, binding[0], binding[1], original.__code__.co_argcount,
                                label=(stem, '__call__'), again=found[1])
            rec.own_cpu += thread_time() - started
        if key not in checker.frames:
            return original(*args, **kwargs)
        stand_in = FunctionLayer(fn, True)
        try:
            result = original(*args, **kwargs)
        except BaseException as e:
            self.after.returned(key, None, True, stand_in, e)
            raise
        self.after.returned(key, result, False, stand_in)
        # every recorded forward has its verdict: from the next backward on a cache of none of them, only counted
        self.settled = not any(checker.wants(e[3]) for e in self.caches.values())
        return result


class Token:
    """Stands for a watched call's frame in the checker's table (checker.frames): its f_code."""
    __slots__ = ('f_code',)

    def __init__(self, code):
        self.f_code = code
