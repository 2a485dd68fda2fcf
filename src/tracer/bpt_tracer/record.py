"""What the profile callback (hooks.py) gathers: each call of a recorded method of the reader's
own classes, or of their cs231n-style functions (pairs.py), with its arguments, result,
attributes and in-place writes, its pass, its parent call, the forward a backward pairs with,
and the copies the gradient check needs later; each record goes out as it happens (output.py).
Threads started by the program are recorded too, each call naming its thread; a generator
forward is recorded once, at its first yield, and not checked; a `__call__` that runs forward is
not a second call, and the call's line is the reader's `layer(x)`, not the line inside it.
"""
import json
import os
import sys
import threading
import time

from .files import is_user_file
from .checker import STOP_BUDGET_S, Checker
from .draws import draws_unseen, rng_objects
from .checkend import EndOfRun
from .aftercap import AfterCap
from .caught import Catch
from .hooks import Hooks, exited_by_exception
from .monitor import Monitor
from .names import Names, arguments
from .output import stub
from .pairs import LOSS, FunctionLayer, FunctionPairs, OpenForwards, is_plain_function, pair_pattern
from .held import held_fields
from . import values
from .values import Ids, checksum, is_scalar, ndarray, np_random, numpy_arrived, value

GENERATOR = 0x20 | 0x80 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR


class Recorder(Hooks, FunctionPairs, EndOfRun):
    """What the callback gathers (hooks.py switches it on and dispatches; pairs.py: functions)."""

    def __init__(self, opts, sink, started, numpy_imported):
        self.opts = opts
        self.sink = sink  # where the records go as they happen (output.py)
        self.methods = set(m for m in opts.methods.split(',') if m)
        self.pattern = pair_pattern(self.methods)
        self.kinds = {}  # function name -> METHOD, FUNCTION, CALL or 0 (not ours): hooks.py
        self.functions = OpenForwards()  # cs231n-style forwards waiting for their backward
        self.generators = {}  # generator frame -> its recorded call: later resumes are not calls
        self.lock = threading.RLock()  # the program's threads record too
        self.monitor = Monitor(self)  # sys.monitoring where it exists (3.12+), else sys.setprofile
        self.main_thread = threading.main_thread()
        self.stopped = False
        self.wrapper_code = {}  # code object -> is it a __call__ wrapper or library code (call_site skips it)
        self.count = 0  # calls recorded, numbered in the order they started
        self.bytes = 0
        self.ids = Ids()
        self.instances = {}  # id(inst) -> (inst, index): kept alive, so ids are never reused
        self.open_forward = {}  # instance index -> its latest forward call not yet paired with a backward
        self.paired_forward = {}  # instance index -> the forward its latest backward paired with (a second backward's)
        self.sent = set()  # value ids whose value is in the output already
        self.pending = {}  # frame -> what on_return needs
        self.stacks = {}  # thread id -> indices of the recorded calls now running, innermost last
        self.user_code = {}  # code object -> is it a method of the reader's to record
        self.plain_named = {}  # code object -> method name: a function of the reader's named forward or backward
        self.methods_of = {}  # (class, code object) -> is the code that class's method
        self.names = Names()
        self.watched = 0  # forward calls in a row the watch has seen after the cap (hooks.py, WATCH_MAX)
        self.watch_stopped = False
        self.after_cap = AfterCap(self)  # the layer classes' calls after the cap: counted, watched
        self.drawing = set()  # classes whose recorded forward drew from a global random generator
        self.own_cpu = 0.0  # CPU seconds in the recorder's callbacks, gradient checks included (hooks.py)
        self.pass_index, self.seen_backward, self.passes = 0, False, 0
        self.capped = self.truncated = False
        self.gradchecks = []  # the checks' entries, each sent as a record when it is made (after the code ran)
        self.checker = Checker(opts.gradcheck_seconds, self.emit_check)
        self.rng_numpy = np_random() is not None
        self.rngs = rng_objects()  # a C call on one in a recorded forward: its class draws (hooks.py)
        self.draws_unseen = draws_unseen()  # numpy 2: the state taken at each forward's start
        self.checked = False
        self.exception = None  # what the program died of (runner.py)
        self.raising = None  # the exception a call is unwinding with, when the hook gives it (monitor.py)
        self.catch = Catch(self)  # else as it reaches the frame below (caught.py)
        self.ended = False
        # epoch ms, the host's clock too: Python started / numpy imported / user code done / checked
        self.timing = {'start': started * 1000, 'numpy': numpy_imported * 1000}
        head = {'t': 'head', 'stream': 1, 'python': '%d.%d.%d' % sys.version_info[:3], 'pid': os.getpid(), 'timing': self.timing}
        sink.emit(head)

    def numpy_seen(self):
        """Before a layer call's values are read: numpy bound once the program has imported it."""
        numpy_arrived()
        if not self.rng_numpy and np_random() is not None:  # numpy's global generator too (hooks.saw_draw)
            self.rng_numpy, self.rngs, self.draws_unseen = True, rng_objects(), draws_unseen()

    def emit_check(self, entry):
        self.gradchecks.append(entry)
        self.sink.emit({'t': 'check', 'check': entry})

    def instance_of(self, frame, code, method):
        """(inst, index) when code is `method` of an instance of the reader's class, else None."""
        ok = self.user_code.get(code)
        if ok is None:
            ok = self.user_code[code] = code.co_argcount >= 1 and is_user_file(code.co_filename)
        if not ok:
            return None
        inst = frame.f_locals.get(code.co_varnames[0])
        if inst is None or isinstance(inst, type) or not self.is_method(type(inst), code, method):
            if is_plain_function(code):  # def forward(x, params): not a layer, said in a hint (checkend.py)
                self.plain_named[code] = method
            return None
        entry = self.instances.get(id(inst))
        if entry is None:
            entry = self.instances[id(inst)] = (inst, len(self.instances))
        return entry

    def on_call(self, frame, code, method):
        """A call of `method` (code) on an instance of the reader's class: recorded (True), or not ours."""
        hit = self.instance_of(frame, code, method)
        if hit is None:
            return False
        inst, index = hit
        self.begin(frame, code, inst, method.startswith('backward'), {'class': type(inst).__qualname__, 'method': method}, index)
        return True

    def begin(self, frame, code, inst, backward, rec, index, pair=-1, fn=None, given=None):
        """Records the start of a layer call (a method, or a function pair's when inst is None);
        given: (names, args, checksums) taken when the call started (a loss, recorded at its return)."""
        generator = bool(code.co_flags & GENERATOR)
        if generator and frame in self.generators:
            return  # a generator forward resumed: recorded once, at its first run
        # Pass rule: a forward (any recorded method not named backward*) that starts after a
        # backward has been recorded opens the next pass.
        if not backward and self.seen_backward:
            self.pass_index, self.seen_backward = self.pass_index + 1, False
            if self.pass_index >= self.opts.max_passes:
                return self.met_cap(frame, inst, index, backward)
        if self.count >= self.opts.max_calls:
            return self.met_cap(frame, inst, index, backward)
        self.seen_backward = self.seen_backward or backward
        self.passes = self.pass_index + 1
        again = False
        if pair == -1:  # a backward pairs with its instance's latest forward (the one whose cache it reads)
            pair = self.open_forward.pop(index, None)
            if pair is None and backward:  # another backward on the forward the last one had
                pair = self.paired_forward.get(index)
                again = pair is not None
            elif backward:
                self.paired_forward[index] = pair
        elif backward and inst is None:  # a function pair's backward on a cache a backward had already
            again = index in self.checker.paired
        names, args = given[:2] if given else arguments(frame, code, inst is not None)
        positional = code.co_argcount - (0 if inst is None else 1)
        caller = self.call_site(frame)
        # one checksum per array argument: its value id now, and the in-place test at the return
        sums = given[2] if given else [checksum(a) if isinstance(a, ndarray) and a.dtype.kind in 'biuf' else None for a in args]
        ids = [self.ids.of(a, s) for a, s in zip(args, sums)]
        # a function pair's cache (a tuple given to backward) holds the forward's own values: not again
        cached = [inst is None and backward and isinstance(a, (tuple, list, dict)) for a in args]
        ids = [None if c else i for c, i in zip(cached, ids)]
        stack = self.stacks.setdefault(threading.get_ident(), [])
        rec.update({'instance': index, 'params': names, 'argIds': ids,
                    'args': [{'type': 'cache'} if c else self.value_once(a, i) for a, i, c in zip(args, ids, cached)],
                    'line': caller.f_lineno if caller else None, 'file': caller.f_code.co_filename if caller else None,
                    'defLine': code.co_firstlineno, 'defFile': code.co_filename, 'pass': self.pass_index,
                    'parent': stack[-1] if stack else None})
        if threading.current_thread() is not self.main_thread:
            rec['thread'] = threading.current_thread().name
        site = self.names.of(caller, code.co_name, names, inst, positional) if inst is not None else None
        if site:
            rec['names'] = site
        if backward:
            rec['pairs'] = pair
        if generator:
            rec['generator'] = True
        # the call's record goes out now (a program killed inside this call still shows it)
        call = self.count
        self.count += 1
        if not self.emit_sized(dict(rec, t='call', i=call), dict(stub(rec), t='call', i=call)):
            return self.cap(0)
        self.sent.update(ids)
        del rec['args']  # sent: what on_return needs is the rest
        if not backward and inst is not None:
            self.open_forward[index] = call
            self.paired_forward.pop(index, None)
            self.checker.new_forward(index)
        if generator:  # its check would get a generator back from forward: not checked (the note says why)
            self.generators[frame] = call
        elif inst is not None or fn is not None:  # a function pair's check calls the forward function again
            # the profile hook sees C calls: the random state is taken only by a forward that draws
            self.checker.on_call(frame, inst if inst is not None else FunctionLayer(fn, True), index, backward, names, args, positional, call,
                                 label=None if inst is not None else (rec['class'], '__call__'), again=again,
                                 rng='now' if self.monitor.on or self.draws_unseen else 'c_call')
        stack.append(call)
        self.pending[frame] = (call, rec, inst, args, sums, backward, pair, stack)

    def met_cap(self, frame, inst, index, backward):
        """The call that meets the cap: not recorded; a forward's later backward is its own (not again on the one before)."""
        if not backward and inst is not None:
            self.checker.new_forward(index)
        return self.cap(frame=frame)

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

    def is_method(self, cls, code, name):
        """The code is cls's method `name` (not a module-level forward(x) whose x is an array)."""
        key = (cls, code, name)
        ok = self.methods_of.get(key)
        if ok is None:
            fn = getattr(cls, name, None)
            fn = getattr(fn, '__func__', fn)
            codes = {getattr(fn, '__code__', None), getattr(getattr(fn, '__wrapped__', None), '__code__', None)}
            ok = self.methods_of[key] = code in codes
        return ok

    def value_once(self, v, vid):
        """V, or {"ref": id} for a value already in the output under that id (a layer's input is
        usually the previous layer's output: sent once, not twice)."""
        return {'ref': vid} if vid is not None and vid in self.sent else value(v)

    def on_return(self, frame, result):
        entry = self.pending.pop(frame)
        if entry[0] is LOSS:  # a *_loss function: a layer only if it returned (loss, gradient)
            return self.loss_returned(frame, entry, result)
        index, rec, inst, args, sums, backward, pair, stack = entry
        if index in stack:
            del stack[stack.index(index):]
        raised = exited_by_exception(frame, rec.get('generator', False))
        if raised:  # the method exited by an exception: no result
            result = None
        if inst is None and not backward and not raised and 'lossGrad' not in rec:  # a function pair's forward: (out, cache)
            result = self.forward_returned(rec, index, args, result)
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
        for name, v in list(fields.items()) + held_fields(fields):  # dlcourse.ai's Param objects: W.value, W.grad
            if (isinstance(v, ndarray) and v.dtype.kind in 'biuf') or is_scalar(v):
                attr_ids[name] = vid = self.ids.of(v)
                if vid not in self.sent and vid not in here:  # else sent before under this id
                    attrs[name] = value(v)
        ret['attrs'], ret['attrIds'] = attrs, attr_ids
        dropped = {'t': 'ret', 'i': index, 'result': None, 'resultId': None, 'inPlace': [], 'attrs': {}, 'attrIds': {}, 'dropped': True}
        if frame in self.checker.frames:  # before the record's size cap can stop anything
            self.checker.on_return(frame, result, raised, inst, ret['inPlace'], index, exc=self.raising if raised else None)
            if raised:
                self.catch.arm(frame)
        if not self.emit_sized(ret, dropped):
            return self.cap(0)
        self.sent.update(attr_ids.values(), (rid,))

    def uncounted(self):
        """The layer calls after the cap (aftercap.py), for the "ran" and "end" records: none under it."""
        return {'unrecorded': self.after_cap.unrecorded()} if self.capped else {}

    def finish(self, how, error, **extra):
        """The last record: how the run ended (finished, raised, exit, signal, os._exit, cap), once."""
        with self.lock:  # not while another thread is half-way through a record
            self.end(how, error, extra)

    def end(self, how, error, extra):
        if self.ended:
            return
        self.run_gradchecks(stopped=how == 'signal')
        if how == 'signal':  # it came while the queued checks ran: what fits in the grace, then why not
            self.run_checks(STOP_BUDGET_S)
            self.checker.finish(stopped=True)
        self.ended = True
        end = dict({'t': 'end', 'how': how, 'passes': self.passes, 'timing': self.timing}, **extra)
        numpy_arrived()
        end.update(self.uncounted())
        if values.NUMPY_VERSION:  # the numpy the program imported (none: number-only layers, still recorded)
            end['numpy'] = values.NUMPY_VERSION
        if error:
            end['error'] = error
        self.sink.emit(end)
        self.sink.close()
