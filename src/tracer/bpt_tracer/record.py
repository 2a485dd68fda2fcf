"""The sys.setprofile callback and what it gathers: each call of a recorded method of the
reader's own classes (arguments, result, attributes, in-place writes, the learner's names at the
call site), its pass, its parent call, the forward a backward pairs with; and what the gradient
check (gradcheck.py) needs, also after the cap, until every instance seen has its verdict.

The callback filters on the method name first, so other calls cost one Python call each; at the
cap it is switched off and the program runs at full speed.
"""
import dis
import json
import os
import random
import sys

import numpy as np

from .files import is_user_file
from .gradcheck import Checker, near_misses
from .names import Names
from .output import write_result
from .values import Ids, checksum, is_scalar, value

CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect
RETURN_OPS = {dis.opmap[n] for n in ('RETURN_VALUE', 'RETURN_CONST') if n in dis.opmap}
# After the cap, calls are watched (not recorded) for the gradient check until every instance seen
# has its verdict, or this many recorded-method calls have gone by (forward-only layers).
WATCH_MAX = 2000000


def exited_by_exception(frame):
    return frame.f_code.co_code[frame.f_lasti] not in RETURN_OPS if RETURN_OPS else False


class Recorder:
    """The sys.setprofile callback and what it gathers."""

    def __init__(self, opts, started, numpy_imported):
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
        self.names = Names()
        self.watched = 0
        self.pass_index, self.seen_backward, self.passes = 0, False, 0
        self.capped = self.truncated = False
        self.gradchecks = []  # the checks' entries, each made when its backward returned
        self.checker = Checker(opts.gradcheck_seconds, self.gradchecks.append)
        self.stdout = None  # the StdoutCapture, once the user code runs
        # epoch ms, the host's clock too: Python started / numpy imported / user code done / checked
        self.timing = {'start': started * 1000, 'numpy': numpy_imported * 1000}

    def profile(self, frame, event, arg):
        if event == 'call':
            if frame.f_code.co_name in self.methods:
                self.on_call(frame, frame.f_code)
        elif event == 'return' and frame in self.pending:
            self.on_return(frame, arg)

    def layer_call(self, frame, code):
        """(inst, index, backward, parameter names, args) of a call of a reader's layer method, else None."""
        ok = self.user_code.get(code)
        if ok is None:
            ok = self.user_code[code] = code.co_argcount >= 1 and is_user_file(code.co_filename)
        if not ok:
            return None
        loc = frame.f_locals
        inst = loc.get(code.co_varnames[0])
        if inst is None or isinstance(inst, type) or not self.is_method(type(inst), code):
            return None
        entry = self.instances.get(id(inst))
        if entry is None:
            entry = self.instances[id(inst)] = (inst, len(self.instances))
        # in signature order: positional, *args, keyword-only (co_varnames puts *args last)
        n, kw = code.co_argcount, code.co_kwonlyargcount
        names = list(code.co_varnames[1:n])
        if code.co_flags & CO_VARARGS:
            names.append('*' + code.co_varnames[n + kw])
        names += code.co_varnames[n:n + kw]
        return inst, entry[1], code.co_name.startswith('backward'), names, [loc.get(p.lstrip('*')) for p in names]

    def on_call(self, frame, code):
        hit = self.layer_call(frame, code)
        if hit is None:
            return
        inst, index, backward, names, args = hit
        # Pass rule: a forward (any recorded method not named backward*) that starts after a
        # backward has been recorded opens the next pass.
        if not backward and self.seen_backward:
            self.pass_index, self.seen_backward = self.pass_index + 1, False
            if self.pass_index >= self.opts.max_passes:
                return self.cap(frame)
        if len(self.calls) >= self.opts.max_calls:
            return self.cap(frame)
        self.seen_backward = self.seen_backward or backward
        self.passes = self.pass_index + 1
        # A backward pairs with its instance's latest forward (the one whose cache it reads).
        pair = self.open_forward.pop(index, None)
        caller = frame.f_back
        ids = [self.ids.of(a) for a in args]
        rec = {'class': type(inst).__qualname__, 'instance': index, 'method': code.co_name, 'params': names,
               'args': [self.value_once(a, i) for a, i in zip(args, ids)], 'argIds': ids,
               'line': caller.f_lineno if caller else None, 'file': caller.f_code.co_filename if caller else None,
               'defLine': code.co_firstlineno, 'defFile': code.co_filename, 'pass': self.pass_index,
               'parent': self.stack[-1] if self.stack else None}
        site = self.names.of(caller, code.co_name, names, inst, code.co_argcount - 1)
        if site:
            rec['names'] = site
        if backward:
            rec['pairs'] = pair
        sums = [checksum(a) if isinstance(a, np.ndarray) and a.dtype.kind in 'biuf' else None for a in args]
        self.calls.append(None)
        if not backward:
            self.open_forward[index] = len(self.calls) - 1
        self.checker.on_call(frame, inst, index, backward, names, args, code.co_argcount - 1, len(self.calls) - 1)
        self.stack.append(len(self.calls) - 1)
        self.pending[frame] = (len(self.calls) - 1, rec, inst, args, sums, backward, pair)

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

    def on_return(self, frame, result):
        index, rec, inst, args, sums, backward, pair = self.pending.pop(frame)
        if index in self.stack:
            del self.stack[self.stack.index(index):]
        raised = exited_by_exception(frame)
        if raised:  # the method exited by an exception: no result
            rec['raised'], result = True, None
        rid = self.ids.of(result)
        rec['result'], rec['resultId'] = self.value_once(result, rid), rid
        rec['inPlace'] = [i for i, (a, s) in enumerate(zip(args, sums)) if s is not None and checksum(a) != s]
        if rec['inPlace']:  # the changed arrays' new ids: a later call that gets one gets the changed array
            rec['inPlaceIds'] = [self.ids.of(args[i]) for i in rec['inPlace']]
        if frame in self.checker.frames:
            self.checker.on_return(frame, result, raised, inst, rec['inPlace'], index)
        attrs, attr_ids = {}, {}
        try:
            fields = object.__getattribute__(inst, '__dict__')
        except AttributeError:
            fields = {}
        here = set(rec['argIds']) | {rec['resultId']}
        for name, v in list(fields.items()):
            if (isinstance(v, np.ndarray) and v.dtype.kind in 'biuf') or is_scalar(v):
                attr_ids[name] = vid = self.ids.of(v)
                if vid not in self.sent and vid not in here:  # else sent before under this id
                    attrs[name] = value(v)
        rec['attrs'], rec['attrIds'] = attrs, attr_ids
        text = json.dumps(rec, allow_nan=False)
        if self.bytes + len(text) > self.opts.max_output_bytes:
            self.truncated = True
            self.calls[index] = json.dumps(self.stub(rec))
            return self.cap()
        self.bytes += len(text)
        self.calls[index] = text
        self.sent.update(rec['argIds'], attr_ids.values(), (rec['resultId'],))

    @staticmethod
    def stub(rec):
        """A call whose values did not fit under --max-output-bytes."""
        keep = ('class', 'instance', 'method', 'params', 'line', 'file', 'defLine', 'defFile', 'pass', 'parent', 'pairs')
        out = dict((key, rec[key]) for key in keep if key in rec)
        out.update(args=[], argIds=[], result=None, resultId=None, inPlace=[], attrs={}, attrIds={}, dropped=True)
        return out

    def cap(self, frame=None):
        """Stop recording; the program runs on (or stops, with --stop-at-cap). While an instance
        seen has no verdict yet, calls are watched for the gradient check only (watch)."""
        sys.setprofile(None)
        self.capped = True
        if self.opts.stop_at_cap:
            self.write(None, stopped=True)
            os._exit(0)
        if self.waiting():
            sys.setprofile(self.watch)
            if frame is not None:
                self.watch(frame, 'call', None)

    def waiting(self):
        return self.watched < WATCH_MAX and any(self.checker.wants(i) for _, i in self.instances.values())

    def watch(self, frame, event, arg):
        """The profile callback after the cap: layer calls go to the gradient check, unrecorded."""
        if event == 'call':
            code = frame.f_code
            if code.co_name in self.methods:
                hit = self.layer_call(frame, code)
                if hit is not None:
                    self.watched += 1
                    inst, index, backward, names, args = hit
                    self.checker.on_call(frame, inst, index, backward, names, args, code.co_argcount - 1)
        elif event == 'return' and frame in self.checker.frames:
            code = frame.f_code
            inst = frame.f_locals.get(code.co_varnames[0])
            # not checksummed here: every array argument is copied afresh for each evaluation
            self.checker.on_return(frame, arg, exited_by_exception(frame), inst, range(code.co_argcount))
            if not self.waiting():
                sys.setprofile(None)

    def run_gradchecks(self, stopped=False):
        """The end of the run: instances whose backward ran but could not be checked get a
        "not checked" entry with the reason (the checks themselves are made as backwards return)."""
        self.checker.finish(stopped)
        self.hints = near_misses(self.instances.values())
        self.timing.setdefault('checked', self.timing.get('ran', 0))
        self.timing['checks'] = self.checker.spent * 1000  # ms spent checking, during the run

    def write(self, error, stopped=False):
        """The result file with what was recorded until now (output.py)."""
        self.run_gradchecks(stopped=bool(error and error.get('kind') == 'signal') or stopped)
        write_result(self, error, stopped)
