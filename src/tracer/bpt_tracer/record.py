"""The sys.setprofile callback and what it gathers: each call of a recorded method of the
reader's own classes (arguments, result, attributes, in-place writes), its pass, its parent call,
the forward a backward pairs with, and the copies the gradient check needs later.

The callback filters on the method name first, so other calls cost one Python call each; at the
cap it is switched off and the program runs at full speed.
"""
import copy
import dis
import json
import os
import random
import sys

import numpy as np

from .constants import CACHE_NAMES, PARAM_NAMES
from .files import is_user_file
from .gradcheck import run_gradchecks
from .values import Ids, checkable_size, checksum, float_copy, is_scalar, value

CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect
REAL_EXIT = os._exit  # the runner wraps os._exit for the reader's code; the tracer's own exits are these
RETURN_OPS = {dis.opmap[n] for n in ('RETURN_VALUE', 'RETURN_CONST') if n in dis.opmap}


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
        self.forwards, self.backwards = {}, {}  # forward call index -> gradient-check material
        self.budget = opts.gradcheck_budget
        self.pass_index, self.seen_backward, self.passes = 0, False, 0
        self.capped = self.truncated = False
        self.gradchecks = None
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
        if self.count >= self.opts.max_calls:
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
        # one checksum per array argument: its value id now, and the in-place test at the return
        sums = [checksum(a) if isinstance(a, np.ndarray) and a.dtype.kind in 'biuf' else None for a in args]
        ids = [self.ids.of(a, s) for a, s in zip(args, sums)]
        rec = {'class': type(inst).__qualname__, 'instance': index, 'method': code.co_name, 'params': names,
               'args': [self.value_once(a, i) for a, i in zip(args, ids)], 'argIds': ids,
               'line': caller.f_lineno if caller else None, 'file': caller.f_code.co_filename if caller else None,
               'defLine': code.co_firstlineno, 'defFile': code.co_filename, 'pass': self.pass_index,
               'parent': self.stack[-1] if self.stack else None}
        if backward:
            rec['pairs'] = pair
        # the call's record goes out now (a program killed inside this call still shows it)
        call = self.count
        self.count += 1
        if not self.emit_sized(dict(rec, t='call', i=call), dict(self.stub(rec), t='call', i=call)):
            return self.cap()
        self.sent.update(ids)
        del rec['args']  # sent: what on_return needs is the rest
        if not backward:
            self.open_forward[index] = call
        material = self.material(inst, names, args, backward, code.co_argcount - 1, pair in self.forwards)
        self.stack.append(call)
        self.pending[frame] = (call, rec, inst, args, sums, backward, pair, material)

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
            result = None
        now = dict((id(a), checksum(a)) for a, s in zip(args, sums) if s is not None)  # the arguments after the call
        rid = self.ids.of(result, now.get(id(result)))
        ret = {'t': 'ret', 'i': index, 'result': self.value_once(result, rid), 'resultId': rid,
               'inPlace': [i for i, (a, s) in enumerate(zip(args, sums)) if s is not None and now[id(a)] != s]}
        if raised:
            ret['raised'] = True
        attrs, attr_ids = {}, {}
        try:
            fields = object.__getattribute__(inst, '__dict__')
        except AttributeError:
            fields = {}
        grads = {}
        here = set(rec['argIds']) | {rid}
        for name, v in list(fields.items()):
            if (isinstance(v, np.ndarray) and v.dtype.kind in 'biuf') or is_scalar(v):
                attr_ids[name] = vid = self.ids.of(v)
                if vid not in self.sent and vid not in here:  # else sent before under this id
                    attrs[name] = value(v)
                if backward and material is not None and name.startswith('d') and isinstance(v, np.ndarray):
                    grads[name] = v.astype(np.float64)
        ret['attrs'], ret['attrIds'] = attrs, attr_ids
        dropped = {'t': 'ret', 'i': index, 'result': None, 'resultId': None, 'inPlace': [], 'attrs': {}, 'attrIds': {}, 'dropped': True}
        if not self.emit_sized(ret, dropped):
            return self.cap()
        self.sent.update(attr_ids.values(), (rid,))
        if material is not None and not raised:
            material['call'] = index
            if backward:
                tup = isinstance(result, (tuple, list))
                material['result'] = [float_copy(g) for g in result] if tup else [float_copy(result)]
                material['attrs'] = grads
                self.backwards[pair] = material
            else:
                material['inPlace'] = ret['inPlace']
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
        if not self.capped:
            self.capped = True
            self.sink.emit({'t': 'cap', 'truncated': self.truncated})
        self.run_gradchecks()
        if self.opts.stop_at_cap:
            self.finish('cap', None)
            REAL_EXIT(0)

    def run_gradchecks(self):
        """Checks each recorded forward/backward pair, once (gradcheck.py), and sends the verdicts."""
        if self.gradchecks is None:
            run_gradchecks(self)
            self.sink.emit({'t': 'gradcheck', 'checks': self.gradchecks, 'timing': {'checked': self.timing['checked']}})

    def finish(self, how, error, **extra):
        """The last record: how the run ended (finished, raised, exit, signal, os._exit, cap), once."""
        if self.ended:
            return
        self.ended = True
        end = dict({'t': 'end', 'how': how, 'passes': self.passes, 'timing': self.timing}, **extra)
        if error:
            end['error'] = error
        self.sink.emit(end)
        self.sink.close()
