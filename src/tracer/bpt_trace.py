#!/usr/bin/env python3
"""Backprop Trace's tracer: runs the reader's own numpy layers and records what they computed.

    python3 bpt_trace.py --out RESULT.json [--methods forward,backward] [--max-passes 20]
        [--max-calls 10000] [--stop-at-cap] [--gradcheck-max 4096] [--gradcheck-budget 12288]
        [--gradcheck-seconds 0.5]
        [--max-output-bytes N] (--file SCRIPT.py | --cells CELLS.json)

Python 3.8+, stdlib + numpy only, one file (the extension and the CLI ship it as is). It writes
nothing but RESULT.json (the schema is in the README, "Trace your own layers"); the user's stdout
goes into the result, the process's own stdout stays empty. Exit status: 0 when the user code ran
(or called sys.exit), 1 when it raised, 3 when numpy is missing, 4 for bad arguments.

How it sees the calls: sys.setprofile (sys.monitoring is 3.12+ only). The callback filters on the
method name first, so other calls cost one Python call each; at the cap it is switched off and
the program runs at full speed.
"""
import time

STARTED = time.time()  # before numpy's import: the host splits Python's start from the run
import argparse  # noqa: E402 (the stamp above must come first)
import ast
import copy
import dis
import json
import linecache
import os
import random
import signal
import sys
import sysconfig
import traceback
import types
import weakref
import zlib

try:
    import numpy as np
except ImportError:  # the host turns this into "numpy is not installed for <python>"
    np = None
NUMPY_IMPORTED = time.time()

TRACER_FILE = os.path.abspath(__file__)
BIG = 10000  # arrays over this many elements are sent as stats + a strided sample
SAMPLE = 4096  # elements in that sample, about
STDOUT_CAP = 64 * 1024
# The book's parameter names; any other attribute with a matching d<name> counts too, except
# the names the book uses for caches (their d<name> would be a gradient of an input).
PARAM_NAMES = ('W', 'b', 'gamma', 'beta')
CACHE_NAMES = {'out', 'mask', 'x', 'y', 't', 'loss', 'xc', 'xn', 'std', 'col', 'col_W', 'arg_max'}
# Gradient check: h for central differences, and the tolerance |analytic - numerical| <= ATOL + RTOL * |numerical|.
H, ATOL, RTOL = 1e-4, 1e-5, 1e-3
# The check's time budget is shared by the ports to check; a slow forward (an MNIST-sized Affine,
# ~1.5 ms an evaluation) gets a smaller random sample, but never fewer than this many elements.
MIN_PICKS = 16
CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect
RETURN_OPS = {dis.opmap[n] for n in ('RETURN_VALUE', 'RETURN_CONST') if n in dis.opmap}


def library_dirs():
    """Folders whose code is not the reader's: the standard library and site-packages."""
    dirs = set()
    for key in ('stdlib', 'platstdlib', 'purelib', 'platlib'):
        p = sysconfig.get_paths().get(key)
        if p:
            dirs.add(os.path.realpath(p) + os.sep)
    return tuple(dirs)


LIB_DIRS = library_dirs()


def is_user_file(filename):
    """The reader's code: not the tracer, not the standard library, not site-packages."""
    if not filename or filename == TRACER_FILE or filename.startswith('<'):
        return False
    return not os.path.isabs(filename) or not os.path.realpath(filename).startswith(LIB_DIRS)


def num(x):
    """A float for JSON: non-finite values as the strings numpy's users know."""
    x = float(x)
    if x != x:
        return 'NaN'
    if x in (float('inf'), float('-inf')):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


def nested(a):
    """Nested lists of an array, bool as 0/1, non-finite as strings."""
    if a.dtype == np.bool_:
        return a.astype(np.int8).tolist()
    if a.dtype.kind == 'f' and not np.isfinite(a).all():
        return np.vectorize(num, otypes=[object])(a).tolist() if a.size else a.tolist()
    return a.tolist()


def array_value(a):
    """V of an array, from a copy taken now (the caller's array may change later)."""
    if a.dtype.kind not in 'biuf':
        return {'type': 'ndarray[%s]' % a.dtype}
    out = {'shape': list(a.shape), 'dtype': str(a.dtype)}
    if a.size <= BIG:
        out['data'] = nested(a)
        return out
    f = a.astype(np.float64)
    fin = f[np.isfinite(f)]
    per_axis = max(1, int(SAMPLE ** (1.0 / max(1, a.ndim))))
    strides = [max(1, -(-d // per_axis)) for d in a.shape]
    sample = a[tuple(slice(None, None, s) for s in strides)]
    out.update(min=num(fin.min()) if fin.size else 'NaN', max=num(fin.max()) if fin.size else 'NaN',
               mean=num(f.mean()), strides=strides, sampleShape=list(sample.shape), sample=nested(sample),
               text=np.array2string(a, threshold=1000))
    return out


def is_scalar(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) or (np is not None and isinstance(v, np.number))


def value(v, depth=0):
    """V of anything, never calling the user's __repr__."""
    if v is None or isinstance(v, (bool, np.bool_)):
        return None if v is None else bool(v)
    if is_scalar(v):
        if isinstance(v, (complex, np.complexfloating)):
            return {'type': type(v).__qualname__}
        return int(v) if isinstance(v, (int, np.integer)) else num(v)
    if isinstance(v, np.ndarray):
        return array_value(v)
    if isinstance(v, (tuple, list)) and depth < 3:
        return [value(x, depth + 1) for x in v[:1000]]
    return {'type': type(v).__qualname__}


def checksum(a):
    return (a.shape, str(a.dtype), zlib.crc32(np.ascontiguousarray(a).view(np.uint8).reshape(-1)))


class Ids:
    """Value ids: the same object, unchanged, keeps its id; changed in place it gets a new one.

    Arrays are held by weak reference (a training loop's batches must die) and their entry goes
    with them, so a reused id() can never link two values; scalars are kept alive instead.
    """

    def __init__(self):
        self.next = 0
        self.entries = {}  # id(obj) -> [ref or obj, checksum, vid]

    def of(self, v):
        if isinstance(v, np.ndarray):
            if v.dtype.kind not in 'biuf':
                return None
            key, sig = id(v), checksum(v)
        elif is_scalar(v):
            key, sig = id(v), None
        else:
            return None
        e = self.entries.get(key)
        if e is not None and e[1] == sig:
            return e[2]
        vid, self.next = self.next, self.next + 1
        if e is not None:
            e[1], e[2] = sig, vid
        else:
            ref = v
            if sig is not None:
                ref = weakref.ref(v, lambda _r, k=key: self.entries.pop(k, None))
            self.entries[key] = [ref, sig, vid]
        return vid


class StdoutCapture:
    def __init__(self):
        self.parts, self.size, self.truncated = [], 0, False

    def write(self, s):
        s = str(s)
        if self.size < STDOUT_CAP:
            self.parts.append(s[:STDOUT_CAP - self.size])
        self.truncated = self.truncated or self.size + len(s) > STDOUT_CAP
        self.size += len(s)
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def text(self):
        return ''.join(self.parts)


def checkable_size(v):
    """How many elements the gradient check would perturb in v (what float_copy would copy)."""
    if isinstance(v, np.ndarray):
        return v.size if v.dtype.kind in 'fiu' else 0
    return 1 if is_scalar(v) and not isinstance(v, (complex, np.complexfloating)) else 0


def float_copy(v):
    """What the gradient check perturbs: a float64 copy of an array or a scalar, else None."""
    if isinstance(v, np.ndarray) and v.dtype.kind in 'fiu':
        return v.astype(np.float64)
    if is_scalar(v) and not isinstance(v, (complex, np.complexfloating)):
        return np.float64(v)
    return None


class Recorder:
    """The sys.setprofile callback and what it gathers."""

    def __init__(self, opts):
        self.opts = opts
        self.methods = set(m for m in opts.methods.split(',') if m)
        self.calls = []  # JSON text of each call, in the order the calls started
        self.bytes = 0
        self.ids = Ids()
        self.instances = {}  # id(inst) -> (inst, index): kept alive, so ids are never reused
        self.open_forward = {}  # instance index -> its latest forward call not yet paired with a backward
        self.sent = set()  # value ids whose value is in the output already
        self.pending = {}  # frame -> what on_return needs
        self.stack = []  # indices of the recorded calls now running, innermost last
        self.user_code = {}  # code object -> is it a method of the reader's to record
        self.methods_of = {}  # (class, code object) -> is the code that class's method
        self.forwards, self.backwards = {}, {}  # forward call index -> gradient-check material
        self.budget = opts.gradcheck_budget
        self.pass_index, self.seen_backward, self.passes = 0, False, 0
        self.capped = self.truncated = False
        self.gradchecks = None
        self.stdout = None  # the StdoutCapture, once the user code runs
        # epoch ms, the host's clock too: Python started / numpy imported / user code done / checked
        self.timing = {'start': STARTED * 1000, 'numpy': NUMPY_IMPORTED * 1000}

    def profile(self, frame, event, arg):
        if event == 'call':
            if frame.f_code.co_name in self.methods:
                self.on_call(frame, frame.f_code)
        elif event == 'return' and frame in self.pending:
            self.on_return(frame, arg)

    def on_call(self, frame, code):
        ok = self.user_code.get(code)
        if ok is None:
            ok = self.user_code[code] = code.co_argcount >= 1 and is_user_file(code.co_filename)
        if not ok:
            return
        loc = frame.f_locals
        inst = loc.get(code.co_varnames[0])
        if inst is None or isinstance(inst, type) or not self.is_method(type(inst), code):
            return
        backward = code.co_name.startswith('backward')
        # Pass rule: a forward (any recorded method not named backward*) that starts after a
        # backward has been recorded opens the next pass.
        if not backward and self.seen_backward:
            self.pass_index, self.seen_backward = self.pass_index + 1, False
            if self.pass_index >= self.opts.max_passes:
                return self.cap()
        if len(self.calls) >= self.opts.max_calls:
            return self.cap()
        self.seen_backward = self.seen_backward or backward
        self.passes = self.pass_index + 1
        entry = self.instances.get(id(inst))
        if entry is None:
            entry = self.instances[id(inst)] = (inst, len(self.instances))
        index = entry[1]
        # A backward pairs with its instance's latest forward (the one whose cache it reads); a
        # forward never followed by a backward (an evaluation) gives its check budget back.
        pair = self.open_forward.pop(index, None)
        if not backward and pair is not None:
            self.budget += self.forwards.pop(pair, {}).get('cost', 0)
        # in signature order: positional, *args, keyword-only (co_varnames puts *args last)
        n, kw = code.co_argcount, code.co_kwonlyargcount
        names = list(code.co_varnames[1:n])
        if code.co_flags & CO_VARARGS:
            names.append('*' + code.co_varnames[n + kw])
        names += code.co_varnames[n:n + kw]
        args = [loc.get(p.lstrip('*')) for p in names]
        caller = frame.f_back
        ids = [self.ids.of(a) for a in args]
        rec = {'class': type(inst).__qualname__, 'instance': index, 'method': code.co_name, 'params': names,
               'args': [self.value_once(a, i) for a, i in zip(args, ids)], 'argIds': ids,
               'line': caller.f_lineno if caller else None, 'file': caller.f_code.co_filename if caller else None,
               'defLine': code.co_firstlineno, 'defFile': code.co_filename, 'pass': self.pass_index,
               'parent': self.stack[-1] if self.stack else None}
        if backward:
            rec['pairs'] = pair
        sums = [checksum(a) if isinstance(a, np.ndarray) and a.dtype.kind in 'biuf' else None for a in args]
        self.calls.append(None)
        if not backward:
            self.open_forward[index] = len(self.calls) - 1
        material = self.material(inst, names, args, backward, code.co_argcount - 1, pair in self.forwards)
        self.stack.append(len(self.calls) - 1)
        self.pending[frame] = (len(self.calls) - 1, rec, inst, args, sums, backward, pair, material)

    def is_method(self, cls, code):
        """The code is cls's own method (not a module-level forward(x) whose x is an array)."""
        key = (cls, code)
        ok = self.methods_of.get(key)
        if ok is None:
            fn = getattr(cls, code.co_name, None)
            fn = getattr(fn, '__func__', fn)
            codes = {getattr(fn, '__code__', None), getattr(getattr(fn, '__wrapped__', None), '__code__', None)}
            ok = self.methods_of[key] = code in codes
        return ok

    def value_once(self, v, vid):
        """V, or {"ref": id} for a value already in the output under that id (a layer's input is
        usually the previous layer's output: sent once, not twice)."""
        return {'ref': vid} if vid is not None and vid in self.sent else value(v)

    def material(self, inst, names, args, backward, positional, has_forward):
        """Copies the gradient check needs later, while the budget lasts."""
        if backward:
            if not has_forward:
                return None
            return {'dout': float_copy(args[0]) if args else np.float64(1.0)}
        try:
            fields = object.__getattribute__(inst, '__dict__')
        except AttributeError:
            fields = {}
        params = [v for k, v in fields.items() if k in PARAM_NAMES or 'd' + k in fields and k not in CACHE_NAMES]
        cost = sum(min(checkable_size(c), self.opts.gradcheck_max) for c in args + params)
        if cost > self.budget:
            return None
        try:
            snapshot = copy.deepcopy(inst)
        except Exception:  # an instance holding a file or a lock: no check for it
            return None
        self.budget -= cost
        # the random state at the call: a Dropout draws the same mask in every evaluation
        return {'inst': snapshot, 'names': names, 'positional': positional, 'cost': cost,
                'rng': (np.random.get_state(), random.getstate()),
                'args': [a.copy() if isinstance(a, np.ndarray) else a for a in args]}

    def on_return(self, frame, result):
        index, rec, inst, args, sums, backward, pair, material = self.pending.pop(frame)
        if index in self.stack:
            del self.stack[self.stack.index(index):]
        raised = frame.f_code.co_code[frame.f_lasti] not in RETURN_OPS if RETURN_OPS else False
        if raised:  # the method exited by an exception: no result
            rec['raised'], result = True, None
        rid = self.ids.of(result)
        rec['result'], rec['resultId'] = self.value_once(result, rid), rid
        rec['inPlace'] = [i for i, (a, s) in enumerate(zip(args, sums)) if s is not None and checksum(a) != s]
        attrs, attr_ids = {}, {}
        try:
            fields = object.__getattribute__(inst, '__dict__')
        except AttributeError:
            fields = {}
        grads = {}
        here = set(rec['argIds']) | {rec['resultId']}
        for name, v in list(fields.items()):
            if (isinstance(v, np.ndarray) and v.dtype.kind in 'biuf') or is_scalar(v):
                attr_ids[name] = vid = self.ids.of(v)
                if vid not in self.sent and vid not in here:  # else sent before under this id
                    attrs[name] = value(v)
                if backward and material is not None and name.startswith('d') and isinstance(v, np.ndarray):
                    grads[name] = v.astype(np.float64)
        rec['attrs'], rec['attrIds'] = attrs, attr_ids
        text = json.dumps(rec, allow_nan=False)
        if self.bytes + len(text) > self.opts.max_output_bytes:
            self.truncated = True
            self.calls[index] = json.dumps(self.stub(rec))
            return self.cap()
        self.bytes += len(text)
        self.calls[index] = text
        self.sent.update(rec['argIds'], attr_ids.values(), (rec['resultId'],))
        if material is not None and not raised:
            material['call'] = index
            if backward:
                tup = isinstance(result, (tuple, list))
                material['result'] = [float_copy(g) for g in result] if tup else [float_copy(result)]
                material['attrs'] = grads
                self.backwards[pair] = material
            else:
                material['inPlace'] = rec['inPlace']
                material['scalar'] = is_scalar(result)
                material['class'] = rec['class']
                material['method'] = rec['method']
                self.forwards[index] = material

    @staticmethod
    def stub(rec):
        """A call whose values did not fit under --max-output-bytes."""
        keep = ('class', 'instance', 'method', 'params', 'line', 'file', 'defLine', 'defFile', 'pass', 'parent', 'pairs')
        out = dict((key, rec[key]) for key in keep if key in rec)
        out.update(args=[], argIds=[], result=None, resultId=None, inPlace=[], attrs={}, attrIds={}, dropped=True)
        return out

    def cap(self):
        """Stop recording; the program runs on at full speed (or stops, with --stop-at-cap)."""
        sys.setprofile(None)
        self.capped = True
        self.run_gradchecks()
        if self.opts.stop_at_cap:
            self.write(None, stopped=True)
            os._exit(0)

    def run_gradchecks(self):
        if self.gradchecks is not None:
            return
        # the reader's forward may draw random numbers or print: neither may leak into their run
        state, py_state, out = np.random.get_state(), random.getstate(), sys.stdout
        sys.stdout = StdoutCapture()
        try:
            self.gradchecks = []
            pairs = [(f, b) for key, f in sorted(self.forwards.items()) for b in [self.backwards.get(key)] if b is not None]
            plans = [(f, b, pair_ports(f, b, self.opts.gradcheck_max)) for f, b in pairs]
            clock = Clock(self.opts.gradcheck_seconds, sum(len(ports) for _, _, ports in plans))
            for f, b, ports in plans:
                r = pair_result(f, [(kind, meta, run(clock.share())) for kind, meta, run in ports])
                if r is not None:
                    r['backwardCall'] = b['call']
                    self.gradchecks.append(r)
        finally:
            self.timing['checked'] = time.time() * 1000
            np.random.set_state(state)
            random.setstate(py_state)
            sys.stdout = out

    def write(self, error, stopped=False):
        stdout = self.stdout
        for frame, p in list(self.pending.items()):  # calls cut short by the cap or a signal
            rec = dict(p[1], result=None, resultId=None, inPlace=[], attrs={}, attrIds={}, incomplete=True)
            self.calls[p[0]] = json.dumps(rec, allow_nan=False)
        # a call caught between its return and its record (a signal at that moment): a placeholder
        lost = json.dumps({'class': '?', 'instance': -1, 'method': '?', 'params': [], 'args': [], 'argIds': [],
                           'result': None, 'resultId': None, 'inPlace': [], 'line': None, 'file': None,
                           'pass': self.pass_index, 'attrs': {}, 'incomplete': True})
        calls = [c if c is not None else lost for c in self.calls]
        head = {'version': 1, 'python': '%d.%d.%d' % sys.version_info[:3], 'numpy': np.__version__,
                'gradcheck': self.gradchecks or [], 'passes': self.passes,
                'capped': self.capped, 'truncated': self.truncated,
                'stdout': stdout.text() if stdout else '', 'stdoutTruncated': bool(stdout and stdout.truncated),
                'timing': self.timing}
        if stopped:
            head['stoppedAtCap'] = True
        if error:
            head['error'] = error
        text = json.dumps(head, allow_nan=False)
        text = '{"calls":[%s],%s' % (','.join(calls), text[1:])
        tmp = self.opts.out + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as fh:
            fh.write(text)
        os.replace(tmp, self.opts.out)


class Clock:
    """The gradient check's time budget (--gradcheck-seconds): each port gets an equal share of
    what is left, so time a quick port did not use goes to the ports after it."""

    def __init__(self, seconds, ports):
        self.deadline, self.left = time.perf_counter() + seconds, ports

    def share(self):
        s = max(0.0, self.deadline - time.perf_counter()) / max(1, self.left)
        self.left -= 1
        return s


def check_pair(f, b, gmax, seconds=float('inf')):
    """One pair's check with a time budget of its own (the recorder shares one across pairs)."""
    ports = pair_ports(f, b, gmax)
    clock = Clock(seconds, len(ports))
    return pair_result(f, [(kind, meta, run(clock.share())) for kind, meta, run in ports])


def pair_result(f, done):
    """The pair's entry in "gradcheck" from its ports' results [(kind, meta, result)]."""
    inputs = [dict(r, **meta) for kind, meta, r in done if kind == 'inputs']
    params = [dict(r, **meta) for kind, meta, r in done if kind == 'params']
    if not inputs and not params:
        return None
    diffs = [r['maxAbsDiff'] for r in inputs + params]
    return {'call': f['call'], 'class': f['class'], 'inputs': inputs, 'params': params,
            'maxAbsDiff': None if None in diffs else max(diffs), 'ok': all(r['ok'] for r in inputs + params)}


def pair_ports(f, b, gmax):
    """Central differences of the reader's own forward against what their backward gave.

    loss = sum(forward(x) * dout), dout being what the paired backward received. At a kink
    (ReLU at 0) the one-sided differences disagree; an analytic value between them is a valid
    subgradient and counts as a match (reported in "kinks"). Returns the ports to check, each
    (kind, meta, run(seconds)): run checks at most gradcheck-max elements, fewer when two
    evaluations of forward per element would not fit in `seconds`.
    """
    dout, grads = b['dout'], b['result']
    if dout is None:
        return []
    names, positional = f['names'], f['positional']
    # how forward was called: positional parameters, then *args, then keyword-only ones
    pos_idx = [i for i, n in enumerate(names) if not n.startswith('*')][:positional]
    star_idx = [i for i, n in enumerate(names) if n.startswith('*')]
    kw_idx = [(i, n) for i, n in enumerate(names) if i >= positional and not n.startswith('*')]
    method = f['method']
    dflat = np.asarray(dout, dtype=np.float64).reshape(-1)

    def output(inst, args):
        if draws[0]:
            np.random.set_state(f['rng'][0])
            random.setstate(f['rng'][1])
        pos = [args[i] for i in pos_idx] + (list(args[star_idx[0]]) if star_idx else [])
        y = getattr(inst, method)(*pos, **dict((n, args[i]) for i, n in kw_idx))
        return np.asarray(y, dtype=np.float64)

    def change(a, b):
        # sum((a - b) * dout), not sum(a * dout) - sum(b * dout): elements the perturbation did not
        # touch cancel exactly, so a big output's sum does not drown the difference in rounding
        d = a - b
        if d.size == dflat.size:
            return float(np.dot(d.reshape(-1), dflat))
        return float(np.sum(d * dout))

    def fresh(args):  # a forward that writes into its arguments gets new copies every time
        return [a.copy() if i in f['inPlace'] and isinstance(a, np.ndarray) else a for i, a in enumerate(args)]

    def draws_random(inst, args):
        """Whether forward draws random numbers (Dropout): then every evaluation replays the call's state."""
        np.random.set_state(f['rng'][0])
        random.setstate(f['rng'][1])
        output(inst, args)
        after = np.random.get_state()
        return not (after[2] == f['rng'][0][2] and np.array_equal(after[1], f['rng'][0][1])) or random.getstate() != f['rng'][1]

    draws = [True]

    def differences(base, put, analytic, inst, seconds):
        """Checks `base` (float64, perturbed in place), which enters forward through put()."""
        n = int(base.size)
        flat, exact = base.reshape(-1), analytic.reshape(-1)
        draws[0] = True
        t = time.perf_counter()
        draws[0] = draws_random(inst, put())
        t, once = time.perf_counter(), time.perf_counter() - t
        y0 = output(inst, put())
        once = min(once, time.perf_counter() - t)  # the quicker of two evaluations: less noise
        fits = int(seconds / (2 * once)) if once > 0 else n
        k = min(n, gmax, max(MIN_PICKS, fits))
        picks = np.arange(n) if k == n else np.sort(np.random.default_rng(0).choice(n, k, replace=False))
        worst, where, kinks, ok = 0.0, -1, 0, True
        for j in picks:
            orig = flat[j]
            flat[j] = orig + H
            yp = output(inst, put())
            flat[j] = orig - H
            ym = output(inst, put())
            flat[j] = orig
            up, down = change(yp, y0), change(y0, ym)
            numeric, a = (up + down) / (2 * H), float(exact[j])
            left, right = down / H, up / H
            tol = ATOL + RTOL * abs(numeric)
            diff = abs(a - numeric)
            if not diff <= tol and abs(right - left) > tol and min(left, right) - tol <= a <= max(left, right) + tol:
                diff, kinks = 0.0, kinks + 1
            ok = ok and diff <= tol
            if worst == worst and (diff != diff or diff > worst or where < 0):
                worst, where = diff, int(j)
        return {'maxAbsDiff': None if worst != worst else worst, 'index': where, 'checked': int(len(picks)),
                'kinks': kinks, 'ok': bool(ok)}

    def guarded(run):  # forward fails on a perturbed copy: say so, do not stop
        def go(seconds):
            try:
                return run(seconds)
            except Exception as e:
                return {'maxAbsDiff': None, 'index': -1, 'checked': 0, 'kinks': 0, 'ok': False, 'error': describe_exception(e)}
        return go

    ports = []
    scalar_loss = f['scalar']
    for i, (arg, name) in enumerate(zip(f['args'], names)):
        g = grads[i] if i < len(grads) else None
        base = float_copy(arg)
        if g is None or base is None or name.startswith('*') or np.shape(g) != np.shape(base):
            continue
        if isinstance(arg, np.ndarray) and arg.dtype.kind in 'iu' and arg.ndim > 0:
            continue  # labels t as class indices
        if scalar_loss and i > 0 and np.size(base) and np.isin(base, (0.0, 1.0)).all():
            continue  # one-hot labels of a loss layer
        base = np.array(base, dtype=np.float64, ndmin=0)

        def put(i=i, base=base):
            args = fresh(f['args'])
            args[i] = float(base) if base.ndim == 0 else base.copy() if i in f['inPlace'] else base
            return args
        ports.append(('inputs', {'arg': i, 'name': name}, guarded(
            lambda s, base=base, put=put, g=g: differences(base, put, np.asarray(g, dtype=np.float64), copy.deepcopy(f['inst']), s))))
    for pname, field in sorted(object.__getattribute__(f['inst'], '__dict__').items()):
        g = b['attrs'].get('d' + pname)
        if g is None or pname in names or not isinstance(field, np.ndarray) or field.dtype.kind != 'f':
            continue
        if pname not in PARAM_NAMES and pname in CACHE_NAMES or g.shape != field.shape:
            continue

        def run(s, pname=pname, field=field, g=g):
            inst = copy.deepcopy(f['inst'])
            base = field.astype(np.float64)
            setattr(inst, pname, base)
            return differences(base, lambda: fresh(f['args']), g, inst, s)
        ports.append(('params', {'name': pname}, guarded(run)))
    return ports


def describe_exception(e):
    try:
        text = str(e)
    except Exception:
        text = ''
    return '%s: %s' % (type(e).__name__, text) if text else type(e).__name__


def describe_error(e):
    """The error as the host shows it: the last traceback frame in the reader's own files."""
    frames = [fr for fr in traceback.extract_tb(e.__traceback__) if fr.filename != TRACER_FILE]
    user = [fr for fr in frames if is_user_file(fr.filename)]
    out = {'message': describe_exception(e), 'line': None, 'file': None}
    if isinstance(e, SyntaxError):  # the frames are the tracer's compile, not the reader's code
        frames, out['message'] = [], 'SyntaxError: %s' % e.msg
    if user:
        out['line'], out['file'] = user[-1].lineno, user[-1].filename
    if isinstance(e, SyntaxError) and e.filename and is_user_file(e.filename):
        out['line'], out['file'], out['column'] = e.lineno, e.filename, e.offset
    tb = ['Traceback (most recent call last):\n'] + traceback.format_list(frames) if frames else []
    out['traceback'] = ''.join(tb + traceback.format_exception_only(type(e), e))
    return out


def load_sources(opts):
    """[(code, filename, first line)] to run in order in one namespace."""
    if opts.file:
        path = os.path.abspath(opts.file)
        with open(path, 'rb') as fh:
            return [(fh.read().decode('utf-8'), path, 1)], path
    with open(opts.cells, 'r', encoding='utf-8') as fh:
        cells = json.load(fh)
    if not isinstance(cells, list) or not all(isinstance(c, dict) and isinstance(c.get('code'), str) for c in cells):
        raise ValueError('--cells must hold a JSON list of {"code", "filename", "line"}')
    return [(c['code'], str(c.get('filename') or 'cell%d' % (i + 1)), int(c.get('line') or 1))
            for i, c in enumerate(cells)], None


def run_source(code, filename, namespace, cell):
    """exec, and for a notebook cell Jupyter's echo of a last bare expression (its Out[n])."""
    tree = ast.parse(code, filename)
    last = tree.body[-1] if cell and tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body.pop()
    exec(compile(tree, filename, 'exec'), namespace)
    if last is not None:
        shown = eval(compile(ast.Expression(last.value), filename, 'eval'), namespace)
        if shown is not None:
            print(repr(shown))


def parse_args(argv):
    ap = argparse.ArgumentParser(prog='bpt_trace.py', description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--methods', default='forward,backward')
    ap.add_argument('--max-passes', type=int, default=20)
    ap.add_argument('--max-calls', type=int, default=10000)
    ap.add_argument('--stop-at-cap', action='store_true')
    ap.add_argument('--gradcheck-max', type=int, default=4096)
    ap.add_argument("--gradcheck-budget", type=int, default=12288)
    ap.add_argument('--gradcheck-seconds', type=float, default=0.5)
    ap.add_argument('--max-output-bytes', type=int, default=50 * 1024 * 1024)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--file')
    src.add_argument('--cells')
    try:
        opts = ap.parse_args(argv)
    except SystemExit:
        sys.exit(4)
    opts.out = os.path.abspath(opts.out)  # the reader's code may chdir
    return opts


def main(argv):
    sys.dont_write_bytecode = True  # no __pycache__ in the reader's folders
    opts = parse_args(argv)
    if np is None:
        with open(opts.out, 'w', encoding='utf-8') as fh:
            json.dump({'version': 1, 'python': '%d.%d.%d' % sys.version_info[:3], 'calls': [], 'gradcheck': [],
                       'passes': 0, 'capped': False, 'truncated': False, 'stdout': '',
                       'error': {'message': 'numpy is not installed for %s' % sys.executable, 'kind': 'no-numpy',
                                 'line': None, 'file': None}}, fh)
        return 3
    rec = Recorder(opts)
    try:
        sources, script = load_sources(opts)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        rec.write({'message': 'cannot read the code: %s' % describe_exception(e), 'kind': 'input',
                   'line': None, 'file': opts.file or opts.cells})
        return 4
    # The user's stdout goes into the result; C code writing to fd 1 lands on stderr.
    sys.stdout.flush()
    os.dup2(2, 1)
    rec.stdout = sys.stdout = StdoutCapture()

    def on_term(signum, _frame):  # a timeout or Cancel: keep what was recorded
        sys.setprofile(None)
        rec.write({'message': 'stopped by signal %d (timeout or cancel)' % signum, 'kind': 'signal',
                   'line': None, 'file': None})
        os._exit(128 + signum)
    signal.signal(signal.SIGTERM, on_term)
    main_module = types.ModuleType('__main__')
    main_module.__dict__.update(__builtins__=__builtins__, __file__=script, __spec__=None)
    if script is None:
        del main_module.__file__
    sys.modules['__main__'] = main_module
    sys.argv = [script or '']
    sys.path[0] = os.path.dirname(script) if script else ''
    for code, filename, _ in sources:  # cells' directory first, as in Jupyter
        if script is None and os.path.isabs(filename):
            folder = os.path.dirname(filename.split('#')[0])
            if os.path.isdir(folder) and folder not in sys.path:
                sys.path.insert(0, folder)
    error, status = None, 0
    try:
        sys.setprofile(rec.profile)
        for code, filename, line in sources:
            code = '\n' * (max(1, line) - 1) + code  # line numbers as in the reader's file or cell
            if not os.path.isfile(filename):
                linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            # Jupyter's echo of a last expression for notebook cells only, not for a .py selection
            run_source(code, filename, main_module.__dict__, cell=script is None and '.ipynb' in filename)
    except SystemExit as e:
        sys.setprofile(None)
        if e.code not in (None, 0):
            error, status = describe_error(e), 1
    except BaseException as e:  # KeyboardInterrupt included: the result is still written
        sys.setprofile(None)
        error, status = describe_error(e), 1
    finally:
        sys.setprofile(None)
    rec.timing['ran'] = time.time() * 1000
    rec.run_gradchecks()
    rec.write(error)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
