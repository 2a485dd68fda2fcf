"""The sys.setprofile callback and what it gathers: each call of a recorded method of the
reader's own classes (arguments, result, attributes, in-place writes), its pass, its parent call,
the forward a backward pairs with, and the copies the gradient check needs later.

The callback filters on the method name first, so other calls cost one Python call each; at the
cap it is switched off and the program runs at full speed.
"""
import dis
import json
import os
import sys
import time

import numpy as np

from .files import is_user_file
from .gradcheck import Checker, near_misses
from .names import Names
from .values import Ids, checksum, value, is_scalar

CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect
REAL_EXIT = os._exit  # the runner wraps os._exit for the reader's code; the tracer's own exits are these
RETURN_OPS = {dis.opmap[n] for n in ('RETURN_VALUE', 'RETURN_CONST') if n in dis.opmap}
# After the cap, calls are watched (not recorded) for the gradient check until every instance seen
# has its verdict, or this many recorded-method calls have gone by (forward-only layers).
WATCH_MAX = 2000000


def exited_by_exception(frame):
    return frame.f_code.co_code[frame.f_lasti] not in RETURN_OPS if RETURN_OPS else False


class Recorder:
    """The sys.setprofile callback and what it gathers."""

    def __init__(self, opts, sink, started, numpy_imported):
        self.opts = opts
        self.sink = sink  # where the records go as they happen (output.py)
        self.methods = set(m for m in opts.methods.split(',') if m)
        self.count = 0  # calls recorded, numbered in the order they started
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
        self.gradchecks = []  # the checks' entries, each sent as a record when its backward returned
        self.checker = Checker(opts.gradcheck_seconds, self.emit_check)
        self.ended = False
        # epoch ms, the host's clock too: Python started / numpy imported / user code done / checked
        self.timing = {'start': started * 1000, 'numpy': numpy_imported * 1000}
        sink.emit({'t': 'head', 'stream': 1, 'python': '%d.%d.%d' % sys.version_info[:3], 'numpy': np.__version__,
                   'pid': os.getpid(), 'timing': self.timing})

    def profile(self, frame, event, arg):
        if event == 'call':
            if frame.f_code.co_name in self.methods:
                self.on_call(frame, frame.f_code)
        elif event == 'return' and frame in self.pending:
            self.on_return(frame, arg)

    def emit_check(self, entry):
        self.gradchecks.append(entry)
        self.sink.emit({'t': 'check', 'check': entry})

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
        if self.count >= self.opts.max_calls:
            return self.cap(frame)
        self.seen_backward = self.seen_backward or backward
        self.passes = self.pass_index + 1
        # A backward pairs with its instance's latest forward (the one whose cache it reads).
        pair = self.open_forward.pop(index, None)
        caller = frame.f_back
        # one checksum per array argument: its value id now, and the in-place test at the return
        sums = [checksum(a) if isinstance(a, np.ndarray) and a.dtype.kind in 'biuf' else None for a in args]
        ids = [self.ids.of(a, s) for a, s in zip(args, sums)]
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
        # the call's record goes out now (a program killed inside this call still shows it)
        call = self.count
        self.count += 1
        if not self.emit_sized(dict(rec, t='call', i=call), dict(self.stub(rec), t='call', i=call)):
            return self.cap(frame)
        self.sent.update(ids)
        del rec['args']  # sent: what on_return needs is the rest
        if not backward:
            self.open_forward[index] = call
        self.checker.on_call(frame, inst, index, backward, names, args, code.co_argcount - 1, call)
        self.stack.append(call)
        self.pending[frame] = (call, rec, inst, args, sums, backward, pair)

    def emit_sized(self, record, stub):
        """Writes the record if it fits under --max-output-bytes, else the stub and False."""
        text = json.dumps(record, allow_nan=False)
        if self.bytes + len(text) > self.opts.max_output_bytes:
            self.truncated = True
            self.sink.emit(stub)
            return False
        self.bytes += len(text)
        self.sink.emit_text(record, text)
        return True

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
            result = None
        now = dict((id(a), checksum(a)) for a, s in zip(args, sums) if s is not None)  # the arguments after the call
        rid = self.ids.of(result, now.get(id(result)))
        ret = {'t': 'ret', 'i': index, 'result': self.value_once(result, rid), 'resultId': rid,
               'inPlace': [i for i, (a, s) in enumerate(zip(args, sums)) if s is not None and now[id(a)] != s]}
        if raised:
            ret['raised'] = True
        if ret['inPlace']:  # the changed arrays' new ids: a later call that gets one gets the changed array
            ret['inPlaceIds'] = [self.ids.of(args[i], now[id(args[i])]) for i in ret['inPlace']]
        attrs, attr_ids = {}, {}
        try:
            fields = object.__getattribute__(inst, '__dict__')
        except AttributeError:
            fields = {}
        here = set(rec['argIds']) | {rid}
        for name, v in list(fields.items()):
            if (isinstance(v, np.ndarray) and v.dtype.kind in 'biuf') or is_scalar(v):
                attr_ids[name] = vid = self.ids.of(v)
                if vid not in self.sent and vid not in here:  # else sent before under this id
                    attrs[name] = value(v)
        ret['attrs'], ret['attrIds'] = attrs, attr_ids
        dropped = {'t': 'ret', 'i': index, 'result': None, 'resultId': None, 'inPlace': [], 'attrs': {}, 'attrIds': {}, 'dropped': True}
        if frame in self.checker.frames:  # before the record's size cap can stop anything
            self.checker.on_return(frame, result, raised, inst, ret['inPlace'], index)
        if not self.emit_sized(ret, dropped):
            return self.cap()
        self.sent.update(attr_ids.values(), (rid,))

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
        if not self.capped:
            self.capped = True
            self.sink.emit({'t': 'cap', 'truncated': self.truncated})
        if self.opts.stop_at_cap:
            self.run_gradchecks()
            self.finish('cap', None)
            REAL_EXIT(0)
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
        """The end of the run: instances whose backward ran but could not be checked get a "not
        checked" entry with the reason (the checks themselves are sent as backwards return), and
        classes with a near miss of backward a hint."""
        if self.ended:
            return
        self.checker.finish(stopped)
        self.timing.setdefault('checked', self.timing.get('ran', time.time() * 1000))
        self.timing['checks'] = self.checker.spent * 1000  # ms spent checking, during the run
        hints = near_misses(self.instances.values())
        if hints:
            self.sink.emit({'t': 'hints', 'hints': hints})

    def finish(self, how, error, **extra):
        """The last record: how the run ended (finished, raised, exit, signal, os._exit, cap), once."""
        if self.ended:
            return
        self.run_gradchecks(stopped=how == 'signal')
        self.ended = True
        end = dict({'t': 'end', 'how': how, 'passes': self.passes, 'timing': self.timing}, **extra)
        if error:
            end['error'] = error
        self.sink.emit(end)
        self.sink.close()
