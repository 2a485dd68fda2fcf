"""How calls reach the recorder (record.py): the profile callback, switched on in the main
thread and in every thread the program starts (threading.setprofile), and off again at the cap
(after it, wrapped methods count and watch the layer calls: aftercap.py);
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
from .pairs import LOSS as LOSS_PENDING, LOSS_NAME, split_name

REAL_EXIT = os._exit  # the runner wraps os._exit for the reader's code; the tracer's own exits are these
RETURN_OPS = {dis.opmap[n] for n in ('RETURN_VALUE', 'RETURN_CONST') if n in dis.opmap}
# 3.13 leaves a yielding frame's f_lasti on the RESUME after its YIELD_VALUE
YIELD_OPS = {dis.opmap[n] for n in ('YIELD_VALUE',) + (('RESUME',) if sys.version_info >= (3, 13) else ()) if n in dis.opmap}
# After the cap, layer calls are watched (not recorded; aftercap.py) for the gradient check until
# every instance seen has its verdict, or this many forward calls in a row have gone by with no
# backward (forward-only layers; the book's gradient_check.py makes ~318,000); then the watch
# stops (the calls are still counted) and the run's hints say so (WATCH_STOPPED).
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
        """Recording off: here, in threads started from now on, and (at their next call) in running
        ones; after the cap, the layer classes as they were (aftercap.py)."""
        self.unhook()
        self.stopped = True
        self.after_cap.off()

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
        elif event == 'c_call' and self.pending and id(getattr(arg, '__self__', None)) in self.rngs:
            self.saw_draw()

    def saw_draw(self):
        """A call into numpy's or Python's global random generator while recorded forwards run:
        they take the state they started with (Checker.seed_taken), and their classes draw, so after
        the cap their forwards take the random state at the call (aftercap.py). sys.monitoring
        (3.12+) has no C call events here: there a recorded forward takes the state at its call."""
        if self.checker.unseeded:
            self.checker.seed_taken()
        for entry in list(self.pending.values()):
            if entry[0] is not LOSS_PENDING and entry[2] is not None and not entry[5]:
                self.drawing.add(type(entry[2]))

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

    def cap(self, unrecorded=1, frame=None):
        """Stop recording at a layer call (not recorded: counted; 0 for one cut at the size cap); the program runs on (or stops,
        with --stop-at-cap). No profile hook from here on: the layer classes' methods are wrapped
        (aftercap.py) to count their calls and, while an instance seen has no verdict yet, to
        watch them for the gradient check. A program this long does not get its graph soon
        anyway: queued checks run now, rather than wait until they are due."""
        self.unhook()  # the program's threads see `capped` at their next call
        self.after_cap.extra += unrecorded
        if self.capped:
            return
        self.capped = True
        self.sink.emit({'t': 'cap', 'truncated': self.truncated})
        self.settle_losses(final=True)
        if self.opts.stop_at_cap:
            self.run_gradchecks()
            self.finish('cap', None)
            REAL_EXIT(0)
        self.checker.run_queued()
        if self.stopped:
            return
        self.after_cap.watching = self.waiting()
        self.after_cap.install()
        if frame is not None:  # the call that met the cap: a function pair's backward is watched to its return
            self.after_cap.pairs.met_cap(frame)

    def waiting(self):
        return any(
            self.checker.wants(i) for inst, i in self.instances.values() if inst is not None)

    def watch_hints(self):
        """The sentence for a watch stopped by WATCH_MAX while an instance still had no verdict."""
        return [WATCH_STOPPED % WATCH_MAX] if self.watch_stopped and self.waiting() else []
