"""How calls reach the recorder (record.py): the profile callback, switched on in the main
thread and in every thread the program starts (threading.setprofile), and off again at the cap;
which function names are worth a look (a recorded method, a cs231n-style function pair or loss, or a
`__call__` that is the class's forward under another name); and the reader's own line that
called a layer, past `__call__` wrappers and library frames (a torch-style Module's __call__).

The callback looks the function's name up in a dict first, so other calls cost one Python call
and one lookup each. The CPU time the recorder itself takes (this thread's, checks included) is
summed in own_cpu: the bench's load-proof share of the tracer's cost.
"""
import dis
import os
import sys
import threading
import time

thread_time = getattr(time, 'thread_time', time.process_time)  # 3.7+: this thread's CPU only

from .files import is_user_file
from .pairs import LOSS_NAME, split_name

REAL_EXIT = os._exit  # the runner wraps os._exit for the reader's code; the tracer's own exits are these
RETURN_OPS = {dis.opmap[n] for n in ('RETURN_VALUE', 'RETURN_CONST') if n in dis.opmap}
# 3.13 leaves a yielding frame's f_lasti on the RESUME after its YIELD_VALUE
YIELD_OPS = {dis.opmap[n] for n in ('YIELD_VALUE',) + (('RESUME',) if sys.version_info >= (3, 13) else ()) if n in dis.opmap}
# After the cap, calls are watched (not recorded) for the gradient check until every instance seen
# has its verdict, or this many forward calls in a row have gone by with no backward (forward-only
# layers, or a numerical gradient: the book's gradient_check.py makes ~318,000); then the profile
# hook is dropped and the run's hints say so (WATCH_STOPPED).
WATCH_MAX = 1000000
WATCH_STOPPED = ('The gradient check stopped watching after %d forward calls in a row with no backward, past the '
                 'recording\'s cap, so the program ran on at full speed: a backward called after that, if any, was not checked.')
METHOD, FUNCTION, CALL, LOSS = 1, 2, 3, 4  # what a function name may be: a method, a function pair, __call__, a *_loss
WRAPPERS = ('__call__', '_call_impl', '_wrapped_call_impl')  # a Module's __call__ (torch's too)


def exited_by_exception(frame, generator=False):
    op = frame.f_code.co_code[frame.f_lasti]
    return op not in RETURN_OPS and not (generator and op in YIELD_OPS) if RETURN_OPS else False


class Hooks:
    """Mixed into the Recorder: needs its methods, pattern, lock, pending, capped, due_checks, numpy_seen,
    on_call, on_function, on_loss, on_return, and for the cap its checker, instances, instance_of,
    arguments, run_gradchecks and finish."""

    def start(self):
        """Recording on, in this thread and in every thread the program starts: sys.monitoring
        where it exists (monitor.py), else the profile callback."""
        self.stopped = False
        if not self.monitor.start():
            threading.setprofile(self.profile_thread)
            sys.setprofile(self.profile)

    def unhook(self):
        sys.setprofile(None)
        threading.setprofile(None)
        self.monitor.stop()

    def stop(self):
        """Recording off: here, in threads started from now on, and (at their next call) in running ones."""
        self.unhook()
        self.stopped = True

    def profile(self, frame, event, arg):
        if self.checker.due:  # a check queued DUE_S ago and the code still runs: now (checker.py)
            self.due_checks()
        if event == 'call':
            kind = self.kinds.get(frame.f_code.co_name)
            if kind is None:
                kind = self.kinds[frame.f_code.co_name] = self.kind_of(frame.f_code.co_name)
            if kind:
                with self.lock:
                    started = thread_time()
                    self.numpy_seen()  # the program may have imported numpy since the last layer call
                    if kind == METHOD:
                        self.on_call(frame, frame.f_code, frame.f_code.co_name)
                    elif kind == FUNCTION:
                        self.on_function(frame, frame.f_code)
                    elif kind == LOSS:
                        self.on_loss(frame, frame.f_code)
                    else:
                        self.on_dunder_call(frame, frame.f_code)
                    self.own_cpu += thread_time() - started
        elif event == 'return' and frame in self.pending:
            with self.lock:
                started = thread_time()
                if frame in self.pending:  # another thread's cap may have taken it
                    self.on_return(frame, arg)
                self.own_cpu += thread_time() - started

    def profile_thread(self, frame, event, arg):
        """The callback in the program's own threads: off there too once recording stopped."""
        if self.capped or self.stopped:
            sys.setprofile(None)
            return
        self.profile(frame, event, arg)

    def kind_of(self, name):
        if name in self.methods:
            return METHOD
        if name == '__call__':
            return CALL
        return FUNCTION if split_name(self.pattern, name) else LOSS if LOSS_NAME.match(name) else 0

    def on_dunder_call(self, frame, code):
        """`forward = __call__` in the class: the __call__ code is a recorded method under that name.
        (A __call__ that calls self.forward is not: forward is the call, recorded once.)"""
        for method in self.methods:
            if self.on_call(frame, code, method):
                return

    def call_site(self, frame):
        """The reader's frame that called the layer: past `__call__` wrappers and library frames
        (a torch-style Module's __call__ -> forward) to the first frame of the reader's own."""
        caller = frame.f_back
        while caller is not None and caller.f_back is not None:
            code = caller.f_code
            skip = self.wrapper_code.get(code)
            if skip is None:
                skip = self.wrapper_code[code] = code.co_name in WRAPPERS or not is_user_file(code.co_filename)
            if not skip:
                break
            caller = caller.f_back
        return caller

    def cap(self, frame=None):
        """Stop recording; the program runs on (or stops, with --stop-at-cap). While an instance
        seen has no verdict yet, its class's calls are watched for the gradient check only (watch).
        A program this long does not get its graph soon anyway: queued checks run now, rather
        than keep a profile hook (a Python call on every call of the program) until they are due."""
        self.unhook()  # the program's threads see `capped` at their next call
        if not self.capped:
            self.capped = True
            self.sink.emit({'t': 'cap', 'truncated': self.truncated})
        self.settle_losses(final=True)
        if self.opts.stop_at_cap:
            self.run_gradchecks()
            self.finish('cap', None)
            REAL_EXIT(0)
        self.checker.run_queued()
        if self.waiting():
            sys.setprofile(self.watch)
            if frame is not None:
                self.watch(frame, 'call', None)

    def waiting(self):
        return any(
            self.checker.wants(i) for inst, i in self.instances.values() if inst is not None)

    def watch_hints(self):
        """The sentence for a watch stopped by WATCH_MAX while an instance still had no verdict."""
        return [WATCH_STOPPED % WATCH_MAX] if self.watch_stopped and self.waiting() else []

    def watch(self, frame, event, arg):
        """The profile callback after the cap: layer calls go to the gradient check, unrecorded.
        A forward's bookkeeping is a few microseconds (no clock read: a CPU clock read costs as
        much); a backward's (the layer's snapshot, the check) counts in own_cpu."""
        if event == 'call':
            code = frame.f_code
            if code.co_name in self.methods:
                hit = self.instance_of(frame, code, code.co_name)
                if hit is not None:
                    inst, index = hit
                    self.numpy_seen()
                    backward = code.co_name.startswith('backward')
                    self.watched = 0 if backward else self.watched + 1
                    if self.watched >= WATCH_MAX:  # only forwards for a long while: not worth a hook on every call
                        self.watch_stopped = True
                        sys.setprofile(None)
                        return
                    started = thread_time() if backward else 0.0
                    names, args = self.arguments(frame, code, True)
                    self.checker.on_call(frame, inst, index, backward, names, args, code.co_argcount - 1, lazy_rng=True)
                    if backward:
                        self.own_cpu += thread_time() - started
        elif event == 'c_call':
            if self.checker.unseeded and id(getattr(arg, '__self__', None)) in self.rngs:
                self.checker.seed_taken()
        elif event == 'return' and frame in self.checker.frames:
            code = frame.f_code
            if self.checker.frames[frame][0] == 'f':
                # not checksummed here: every array argument is copied afresh for each evaluation
                self.checker.on_return(frame, arg, exited_by_exception(frame), None, range(code.co_argcount))
                return
            started = thread_time()
            inst = frame.f_locals.get(code.co_varnames[0])
            self.checker.on_return(frame, arg, exited_by_exception(frame), inst, range(code.co_argcount))
            self.checker.run_queued()  # after the cap: at once (see cap)
            if not self.waiting():
                sys.setprofile(None)
            self.own_cpu += thread_time() - started
